/**
 * The sense conditions the virtual drive reports, as named key/ASC/ASCQ triples
 * (SPC-4 Annex D, MMC-5 Annex F; texts as in the T10 ASC list), and {@linkcode SenseError},
 * which the drive model throws to end a command with CHECK CONDITION.
 *
 * Note: reference/mmc.md 4.12 lists 30/0A as "medium not formatted"; in the T10 list 30/0A
 * is "cleaning request rejected" and "medium not formatted" is 30/10, which is what the
 * model uses.
 *
 * @module
 */

import type { FieldPointer } from "../../src/mmc/sense.ts";
import type { MmcDataError } from "../../src/mmc/errors.ts";

/** A sense key with its additional sense code and qualifier. */
export interface SenseCode {
  /** Sense key (low 4 bits of fixed-format byte 2). */
  readonly key: number;
  /** Additional sense code. */
  readonly asc: number;
  /** Additional sense code qualifier. */
  readonly ascq: number;
  /** The T10 text, lower case. */
  readonly text: string;
}

function code(key: number, asc: number, ascq: number, text: string): SenseCode {
  return { key, asc, ascq, text };
}

/** Every condition the model produces. */
export const SENSE = {
  notReady: code(2, 0x04, 0x00, "logical unit not ready, cause not reportable"),
  becomingReady: code(2, 0x04, 0x01, "logical unit is in process of becoming ready"),
  formatInProgress: code(2, 0x04, 0x04, "logical unit not ready, format in progress"),
  operationInProgress: code(2, 0x04, 0x07, "logical unit not ready, operation in progress"),
  longWriteInProgress: code(2, 0x04, 0x08, "logical unit not ready, long write in progress"),
  noMedium: code(2, 0x3a, 0x00, "medium not present"),
  noMediumTrayClosed: code(2, 0x3a, 0x01, "medium not present - tray closed"),
  noMediumTrayOpen: code(2, 0x3a, 0x02, "medium not present - tray open"),
  writeError: code(3, 0x0c, 0x00, "write error"),
  unrecoveredReadError: code(3, 0x11, 0x00, "unrecovered read error"),
  parameterListLength: code(5, 0x1a, 0x00, "parameter list length error"),
  invalidOpcode: code(5, 0x20, 0x00, "invalid command operation code"),
  lbaOutOfRange: code(5, 0x21, 0x00, "logical block address out of range"),
  invalidAddressForWrite: code(5, 0x21, 0x02, "invalid address for write"),
  invalidFieldInCdb: code(5, 0x24, 0x00, "invalid field in cdb"),
  invalidFieldInParameters: code(5, 0x26, 0x00, "invalid field in parameter list"),
  writeProtectedIllegal: code(5, 0x27, 0x00, "write protected"),
  commandSequenceError: code(5, 0x2c, 0x00, "command sequence error"),
  incompatibleMedium: code(5, 0x30, 0x00, "incompatible medium installed"),
  cannotReadIncompatible: code(5, 0x30, 0x02, "cannot read medium - incompatible format"),
  cannotWriteIncompatible: code(5, 0x30, 0x05, "cannot write medium - incompatible format"),
  cannotFormatIncompatible: code(5, 0x30, 0x06, "cannot format medium - incompatible medium"),
  mediumNotFormatted: code(5, 0x30, 0x10, "medium not formatted"),
  savingNotSupported: code(5, 0x39, 0x00, "saving parameters not supported"),
  removalPrevented: code(5, 0x53, 0x02, "medium removal prevented"),
  endOfUserArea: code(5, 0x63, 0x00, "end of user area encountered on this track"),
  illegalModeForTrack: code(5, 0x64, 0x00, "illegal mode for this track"),
  invalidPacketSize: code(5, 0x64, 0x01, "invalid packet size"),
  emptyReservedTrack: code(5, 0x72, 0x04, "empty or partially written reserved track"),
  noMoreReservations: code(5, 0x72, 0x05, "no more track reservations allowed"),
  mediumChanged: code(6, 0x28, 0x00, "not ready to ready change, medium may have changed"),
  powerOnReset: code(6, 0x29, 0x00, "power on, reset, or bus device reset occurred"),
  writeProtected: code(7, 0x27, 0x00, "write protected"),
  blankCheck: code(8, 0x00, 0x00, "blank check: no additional sense information"),
} as const;

/** Extra fixed-format sense fields. */
export interface SenseDetail {
  /** The offending CDB or parameter-list field (key 5, SKSV set). */
  fieldPointer?: FieldPointer;
  /** INFORMATION field (bytes 3–6, VALID set): usually the LBA at fault. */
  information?: number;
  /** Progress indication 0..65535 (SKSV set, bytes 16–17). */
  progress?: number;
}

const KEY_NAMES = [
  "NO SENSE",
  "RECOVERED ERROR",
  "NOT READY",
  "MEDIUM ERROR",
  "HARDWARE ERROR",
  "ILLEGAL REQUEST",
  "UNIT ATTENTION",
  "DATA PROTECT",
  "BLANK CHECK",
  "VENDOR SPECIFIC",
  "COPY ABORTED",
  "ABORTED COMMAND",
];

/**
 * Format a condition the way logs show it: `ILLEGAL REQUEST [5/21/02] invalid address for write`.
 *
 * @param c The condition.
 * @returns One line.
 */
export function senseText(c: SenseCode): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, "0");
  return `${KEY_NAMES[c.key] ?? "KEY " + c.key} [${c.key.toString(16).toUpperCase()}/${
    hex(c.asc)
  }/${hex(c.ascq)}] ${c.text}`;
}

/**
 * The drive model ends a command with CHECK CONDITION: thrown by the state rules and turned
 * into sense bytes by the command dispatcher. Never escapes `VirtualRecorder.execute`.
 *
 * @example
 * ```ts
 * import { SENSE, SenseError } from "./sense_error.ts";
 * const e = new SenseError(SENSE.invalidAddressForWrite, "WRITE at 16 while the NWA is 0", { information: 16 });
 * if (e.code.ascq !== 2 || e.detail.information !== 16) throw new Error();
 * ```
 */
export class SenseError extends Error {
  /** The condition. */
  readonly code: SenseCode;
  /** Information / progress fields. */
  readonly detail: SenseDetail;
  /**
   * Create a sense condition.
   *
   * @param code The condition.
   * @param why What the drive objected to (for traces and test messages).
   * @param detail INFORMATION and progress fields.
   */
  constructor(code: SenseCode, why: string, detail: SenseDetail = {}) {
    super(`${senseText(code)}: ${why}`);
    this.code = code;
    this.detail = detail;
  }
  /** The error class name. */
  override name = "SenseError";
}

/**
 * The sense for a CDB or parameter list the MMC layer's parser refused (a reserved bit set,
 * a list too short): 5/24/00 or 5/26/00 with a field pointer to the byte and bit.
 *
 * @param e The parser's error.
 * @returns The condition to report.
 */
export function senseForDataError(e: MmcDataError): SenseError {
  const inCdb = e.part === "cdb";
  return new SenseError(
    inCdb ? SENSE.invalidFieldInCdb : SENSE.invalidFieldInParameters,
    e.message,
    {
      fieldPointer: { inCdb, byte: e.offset, ...(e.bit === undefined ? {} : { bit: e.bit }) },
    },
  );
}
