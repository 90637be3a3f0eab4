/**
 * Sense data: decoding fixed (70h/71h) and descriptor (72h/73h) sense into key, ASC and
 * ASCQ with text, a category, and the retry policy that follows from the category alone
 * (SPC-4 4.5; reference/mmc.md 3.2, 4.10-4.12). {@linkcode buildSense} writes sense bytes
 * for kiln's virtual recorder.
 *
 * Accepted variants: the VALID bit set on the response code byte (F0h/F1h, e.g. QEMU's
 * ide-cd), an ADDITIONAL SENSE LENGTH shorter than 10 (fields beyond it read as 0), and
 * ide-cd's replies whose ASCQ is always 0: every category below is chosen so that a dropped
 * ASCQ lands in the same or a more cautious category (2/04/00 waits like 2/04/01; 2/53/00,
 * ide-cd's "removal prevented", is read as removal prevented when the key is 2 or 5).
 *
 * Categories and the retry policy the recorder applies (the write engine never matches on
 * message text):
 *
 * | Category | Sense | Outcome | Before retrying |
 * |---|---|---|---|
 * | none | 0/xx/xx | success | - |
 * | recovered | 1/xx/xx | success (log it) | - |
 * | not-ready-retry | 2/04/00, 2/04/04, 2/04/07, other 2/04/xx, 2/3E/00 | retry | wait 500 ms (poll TEST UNIT READY) |
 * | becoming-ready | 2/04/01 | retry | wait 500 ms |
 * | long-write-in-progress | 2/04/08 | retry the same command | wait 20 ms (buffer full) |
 * | start-required | 2/04/02 | retry | send START STOP UNIT (start) |
 * | manual-intervention | 2/04/03 | fail | - |
 * | no-medium | 2/3A/xx, 5/3A/xx, 6/3A/xx | fail | - |
 * | unit-attention | 6/xx/xx (6/28, 6/29, 6/2A, ...) | retry | re-read the drive and disc state, re-send page 05h and SET STREAMING |
 * | medium-error | 3/xx/xx (3/0C write error, 3/11 read error, 3/72 fixation) | fail, never retry | - |
 * | hardware-error | 4/xx/xx | fail | - |
 * | illegal-request | 5/xx/xx not listed elsewhere (5/20, 5/24, 5/26, 5/1A, 5/64) | fail (the caller may fall back) | - |
 * | invalid-address | 5/21/02, 5/21/03 | fail | re-read the next writable address first |
 * | no-space | 5/21/00, 5/63/00, 5/63/01 | fail | - |
 * | write-protected | 7/xx/xx, 5/27/xx | fail | - |
 * | incompatible-medium | 2/30/xx, 5/30/xx | fail | - |
 * | removal-prevented | 5/53/02, 2/53/02, and 2/53/00 or 5/53/00 | fail | allow removal first |
 * | command-sequence | 5/2C/00 | retry | SYNCHRONIZE CACHE (another process read the disc) |
 * | blank-check | 8/xx/xx | fail | - |
 * | aborted-retry | B/xx/xx | retry | wait 100 ms |
 * | other | anything else | fail | - |
 *
 * A deferred error (71h/73h) is categorised like a current one; its `deferred` flag says it
 * belongs to an earlier command (typically a write flushed by SYNCHRONIZE CACHE with Immed).
 *
 * @module
 */

import { type FieldTable, readField, writeFields } from "../records/field_table.ts";
import { ascText, senseKeyNames } from "./sense_data.ts";

/** What kind of condition a sense reports; the retry policy follows from it alone. */
export type SenseCategory =
  | "none"
  | "recovered"
  | "not-ready-retry"
  | "becoming-ready"
  | "long-write-in-progress"
  | "start-required"
  | "manual-intervention"
  | "no-medium"
  | "unit-attention"
  | "medium-error"
  | "hardware-error"
  | "illegal-request"
  | "invalid-address"
  | "no-space"
  | "write-protected"
  | "incompatible-medium"
  | "removal-prevented"
  | "command-sequence"
  | "blank-check"
  | "aborted-retry"
  | "other";

/** Where an ILLEGAL REQUEST points (SPC-4 4.5.2.4.2, field pointer). */
export interface FieldPointer {
  /** True: the CDB; false: the parameter list. */
  readonly inCdb: boolean;
  /** Byte offset of the field. */
  readonly byte: number;
  /** Bit of that byte, when the drive names one (BPV set). */
  readonly bit?: number;
}

/** Decoded sense data. */
export interface Sense {
  /** Which layout the bytes used. */
  readonly format: "fixed" | "descriptor";
  /** Response code without the VALID bit: 70h, 71h, 72h or 73h. */
  readonly responseCode: number;
  /** True for 71h/73h: the error belongs to an earlier command. */
  readonly deferred: boolean;
  /** Sense key, 0..15. */
  readonly key: number;
  /** Additional sense code. */
  readonly asc: number;
  /** Additional sense code qualifier. */
  readonly ascq: number;
  /** The key's name, e.g. "MEDIUM ERROR". */
  readonly keyName: string;
  /** The ASC/ASCQ text, e.g. "write error". */
  readonly ascText: string;
  /** "MEDIUM ERROR: write error". */
  readonly text: string;
  /** The INFORMATION field when VALID (for a write error usually the failing LBA). */
  readonly information?: number;
  /** Progress of a format, blank, sync or close, 0..65535 of 65536 (SKSV, keys 0 and 2). */
  readonly progress?: number;
  /** The offending field of an ILLEGAL REQUEST (SKSV, key 5). */
  readonly fieldPointer?: FieldPointer;
  /** What the condition means for retrying. */
  readonly category: SenseCategory;
}

/** Fixed-format sense data (SPC-4 4.5.3, table 27). */
export const fixedSenseTable = {
  valid: { offset: 0, size: 1, type: "bool", bits: [7, 7], clause: "SPC-4 4.5.3 VALID" },
  responseCode: { offset: 0, size: 1, type: "u8", bits: [6, 0], clause: "SPC-4 4.5.3 (70h/71h)" },
  ili: { offset: 2, size: 1, type: "bool", bits: [5, 5], clause: "SPC-4 4.5.3 ILI" },
  key: { offset: 2, size: 1, type: "u8", bits: [3, 0], clause: "SPC-4 4.5.3 SENSE KEY" },
  information: { offset: 3, size: 4, type: "u32be", clause: "SPC-4 4.5.3 INFORMATION" },
  additionalLength: { offset: 7, size: 1, type: "u8", clause: "SPC-4 4.5.3 (n-7)" },
  commandSpecific: { offset: 8, size: 4, type: "u32be", clause: "SPC-4 4.5.3" },
  asc: { offset: 12, size: 1, type: "u8", clause: "SPC-4 4.5.3 ASC" },
  ascq: { offset: 13, size: 1, type: "u8", clause: "SPC-4 4.5.3 ASCQ" },
  fru: { offset: 14, size: 1, type: "u8", clause: "SPC-4 4.5.3 FRU code" },
  senseKeySpecific: { offset: 15, size: 3, type: "bytes", clause: "SPC-4 4.5.2.4" },
} as const satisfies FieldTable;

/** Descriptor-format sense data header (SPC-4 4.5.2, table 12). */
export const descriptorSenseTable = {
  responseCode: { offset: 0, size: 1, type: "u8", bits: [6, 0], clause: "SPC-4 4.5.2 (72h/73h)" },
  key: { offset: 1, size: 1, type: "u8", bits: [3, 0], clause: "SPC-4 4.5.2 SENSE KEY" },
  asc: { offset: 2, size: 1, type: "u8", clause: "SPC-4 4.5.2 ASC" },
  ascq: { offset: 3, size: 1, type: "u8", clause: "SPC-4 4.5.2 ASCQ" },
  additionalLength: { offset: 7, size: 1, type: "u8", clause: "SPC-4 4.5.2 (n-7)" },
} as const satisfies FieldTable;

/** Sense-key specific bytes (SPC-4 4.5.2.4): 3 bytes, fixed bytes 15-17 or descriptor 02h. */
export const senseKeySpecificTable = {
  sksv: { offset: 0, size: 1, type: "bool", bits: [7, 7], clause: "SPC-4 4.5.2.4.1 SKSV" },
  inCdb: { offset: 0, size: 1, type: "bool", bits: [6, 6], clause: "SPC-4 4.5.2.4.2 C/D" },
  bitPointerValid: { offset: 0, size: 1, type: "bool", bits: [3, 3], clause: "SPC-4 BPV" },
  bitPointer: { offset: 0, size: 1, type: "u8", bits: [2, 0], clause: "SPC-4 4.5.2.4.2" },
  value: { offset: 1, size: 2, type: "u16be", clause: "SPC-4 4.5.2.4 (field pointer/progress)" },
} as const satisfies FieldTable;

/**
 * The category of a key/ASC/ASCQ triple (see the module table).
 *
 * @param key Sense key.
 * @param asc Additional sense code.
 * @param ascq Additional sense code qualifier.
 * @returns The category.
 * @example
 * ```ts
 * import { senseCategory } from "./sense.ts";
 * if (senseCategory(2, 0x04, 0x08) !== "long-write-in-progress") throw new Error();
 * ```
 */
export function senseCategory(key: number, asc: number, ascq: number): SenseCategory {
  if (asc === 0x3a && (key === 2 || key === 5 || key === 6)) return "no-medium";
  if (asc === 0x53 && (ascq === 0x02 || ascq === 0x00) && (key === 2 || key === 5)) {
    return "removal-prevented";
  }
  if (asc === 0x30 && (key === 2 || key === 5)) return "incompatible-medium";
  switch (key) {
    case 0x0:
      return "none";
    case 0x1:
      return "recovered";
    case 0x2:
      if (asc === 0x04) {
        if (ascq === 0x01) return "becoming-ready";
        if (ascq === 0x02) return "start-required";
        if (ascq === 0x03) return "manual-intervention";
        if (ascq === 0x08) return "long-write-in-progress";
        return "not-ready-retry";
      }
      return asc === 0x3e && ascq === 0x00 ? "not-ready-retry" : "other";
    case 0x3:
      return "medium-error";
    case 0x4:
      return "hardware-error";
    case 0x5:
      if (asc === 0x21) return ascq === 0x00 ? "no-space" : "invalid-address";
      if (asc === 0x63) return "no-space";
      if (asc === 0x27) return "write-protected";
      if (asc === 0x2c && ascq === 0x00) return "command-sequence";
      return "illegal-request";
    case 0x6:
      return "unit-attention";
    case 0x7:
      return "write-protected";
    case 0x8:
      return "blank-check";
    case 0xb:
      return "aborted-retry";
    default:
      return "other";
  }
}

/** What the recorder does with a category. */
export interface RetryPolicy {
  /** Success (go on), retry the same command, or fail. */
  readonly outcome: "success" | "retry" | "fail";
  /** What to do before the retry (or before any new attempt, for a failure). */
  readonly before:
    | "nothing"
    | "wait"
    | "re-read-state"
    | "start-unit"
    | "synchronize-cache"
    | "re-read-next-writable-address"
    | "allow-removal";
  /** Suggested first wait in milliseconds (0: none). */
  readonly waitMs: number;
}

function p(outcome: RetryPolicy["outcome"], before: RetryPolicy["before"], waitMs = 0) {
  return { outcome, before, waitMs } as const;
}

/** The retry policy of every category (the module table, as data). */
export const retryPolicies: Readonly<Record<SenseCategory, RetryPolicy>> = {
  "none": p("success", "nothing"),
  "recovered": p("success", "nothing"),
  "not-ready-retry": p("retry", "wait", 500),
  "becoming-ready": p("retry", "wait", 500),
  "long-write-in-progress": p("retry", "wait", 20),
  "start-required": p("retry", "start-unit"),
  "manual-intervention": p("fail", "nothing"),
  "no-medium": p("fail", "nothing"),
  "unit-attention": p("retry", "re-read-state"),
  "medium-error": p("fail", "nothing"),
  "hardware-error": p("fail", "nothing"),
  "illegal-request": p("fail", "nothing"),
  "invalid-address": p("fail", "re-read-next-writable-address"),
  "no-space": p("fail", "nothing"),
  "write-protected": p("fail", "nothing"),
  "incompatible-medium": p("fail", "nothing"),
  "removal-prevented": p("fail", "allow-removal"),
  "command-sequence": p("retry", "synchronize-cache"),
  "blank-check": p("fail", "nothing"),
  "aborted-retry": p("retry", "wait", 100),
  "other": p("fail", "nothing"),
};

/**
 * Whether a command that failed with this category may be sent again.
 *
 * @param category The category.
 * @returns True when the policy's outcome is "retry".
 */
export function isRetryable(category: SenseCategory): boolean {
  return retryPolicies[category].outcome === "retry";
}

interface SksFields {
  progress?: number;
  fieldPointer?: FieldPointer;
}

function decodeSks(sks: Uint8Array, key: number): SksFields {
  if (sks.length < 3 || !readField(sks, 0, senseKeySpecificTable.sksv)) return {};
  const value = readField(sks, 0, senseKeySpecificTable.value) as number;
  if (key === 0 || key === 2) return { progress: value };
  if (key !== 5) return {};
  const bpv = readField(sks, 0, senseKeySpecificTable.bitPointerValid) as boolean;
  const inCdb = readField(sks, 0, senseKeySpecificTable.inCdb) as boolean;
  const bit = readField(sks, 0, senseKeySpecificTable.bitPointer) as number;
  return { fieldPointer: bpv ? { inCdb, byte: value, bit } : { inCdb, byte: value } };
}

function finish(
  format: Sense["format"],
  responseCode: number,
  key: number,
  asc: number,
  ascq: number,
  information: number | undefined,
  sks: SksFields,
): Sense {
  const keyName = senseKeyNames[key]!;
  const text = ascText(asc, ascq);
  return {
    format,
    responseCode,
    deferred: responseCode === 0x71 || responseCode === 0x73,
    key,
    asc,
    ascq,
    keyName,
    ascText: text,
    text: `${keyName}: ${text}`,
    ...(information === undefined ? {} : { information }),
    ...sks,
    category: senseCategory(key, asc, ascq),
  };
}

/**
 * Decode sense bytes from REQUEST SENSE or autosense.
 *
 * @param bytes The sense bytes the drive returned (only those it returned).
 * @returns The decoded sense, or undefined when there is none (empty, or a response code
 *   other than 70h-73h).
 * @example
 * ```ts
 * import { decodeSense } from "./sense.ts";
 * const s = decodeSense(new Uint8Array([0x70, 0, 7, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x27, 0, 0, 0, 0, 0]));
 * if (s?.text !== "DATA PROTECT: write protected" || s.category !== "write-protected") throw new Error();
 * ```
 */
export function decodeSense(bytes: Uint8Array): Sense | undefined {
  if (bytes.length < 1) return undefined;
  const code = bytes[0]! & 0x7f;
  if (code === 0x70 || code === 0x71) {
    if (bytes.length < 3) return undefined;
    const end = bytes.length >= 8 ? Math.min(bytes.length, 8 + bytes[7]!) : bytes.length;
    const at = (i: number) => (i < end ? bytes[i]! : 0);
    const key = readField(bytes, 0, fixedSenseTable.key) as number;
    const valid = readField(bytes, 0, fixedSenseTable.valid) as boolean;
    const information = valid && end >= 7
      ? readField(bytes, 0, fixedSenseTable.information) as number
      : undefined;
    const sks = end >= 18 ? decodeSks(bytes.subarray(15, 18), key) : {};
    return finish("fixed", code, key, at(12), at(13), information, sks);
  }
  if (code === 0x72 || code === 0x73) {
    if (bytes.length < 4) return undefined;
    const key = readField(bytes, 0, descriptorSenseTable.key) as number;
    const asc = bytes[2]!;
    const ascq = bytes[3]!;
    const end = bytes.length >= 8 ? Math.min(bytes.length, 8 + bytes[7]!) : 4;
    let information: number | undefined;
    let sks: SksFields = {};
    for (let at = 8; at + 2 <= end;) {
      const type = bytes[at]!;
      const len = bytes[at + 1]! + 2;
      if (at + len > end) break;
      const d = bytes.subarray(at, at + len);
      if (type === 0x00 && len >= 12 && d[2]! & 0x80) {
        const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
        information = view.getUint32(4, false) * 2 ** 32 + view.getUint32(8, false);
      } else if (type === 0x02 && len >= 7) {
        sks = decodeSks(d.subarray(4, 7), key);
      }
      at += len;
    }
    return finish("descriptor", code, key, asc, ascq, information, sks);
  }
  return undefined;
}

/** Options of {@linkcode buildSense}. */
export interface BuildSenseOptions {
  /** Report a deferred error (71h/73h). */
  deferred?: boolean;
  /** The INFORMATION field; sets VALID. */
  information?: number;
  /** Progress 0..65535 in the sense-key specific bytes (keys 0 and 2). */
  progress?: number;
  /** The offending field (key 5). */
  fieldPointer?: FieldPointer;
  /** Layout: fixed (default, 18 bytes) or descriptor. */
  format?: "fixed" | "descriptor";
}

function encodeSks(options: BuildSenseOptions): Uint8Array | undefined {
  const sks = new Uint8Array(3);
  if (options.progress !== undefined) {
    writeFields(sks, 0, senseKeySpecificTable, { sksv: true, value: options.progress });
    return sks;
  }
  const fp = options.fieldPointer;
  if (fp === undefined) return undefined;
  writeFields(sks, 0, senseKeySpecificTable, {
    sksv: true,
    inCdb: fp.inCdb,
    bitPointerValid: fp.bit !== undefined,
    bitPointer: fp.bit ?? 0,
    value: fp.byte,
  });
  return sks;
}

/**
 * Build sense bytes, as a drive returns them (the virtual recorder's side).
 *
 * @param key Sense key.
 * @param asc Additional sense code.
 * @param ascq Additional sense code qualifier.
 * @param options Deferred, information, progress, field pointer, format.
 * @returns 18 bytes of fixed-format sense, or descriptor-format sense.
 * @example
 * ```ts
 * import { buildSense, decodeSense } from "./sense.ts";
 * const s = decodeSense(buildSense(2, 0x04, 0x04, { progress: 32768 }));
 * if (s?.progress !== 32768 || s.category !== "not-ready-retry") throw new Error();
 * ```
 */
export function buildSense(
  key: number,
  asc: number,
  ascq: number,
  options: BuildSenseOptions = {},
): Uint8Array {
  const sks = encodeSks(options);
  const deferred = options.deferred === true;
  if (options.format === "descriptor") {
    const infoLen = options.information === undefined ? 0 : 12;
    const out = new Uint8Array(8 + infoLen + (sks ? 8 : 0));
    writeFields(out, 0, descriptorSenseTable, {
      responseCode: deferred ? 0x73 : 0x72,
      key,
      asc,
      ascq,
      additionalLength: out.length - 8,
    });
    if (options.information !== undefined) {
      out.set([0x00, 0x0a, 0x80], 8);
      const view = new DataView(out.buffer);
      view.setUint32(12, Math.floor(options.information / 2 ** 32), false);
      view.setUint32(16, options.information % 2 ** 32, false);
    }
    if (sks) out.set([0x02, 0x06, 0, 0, ...sks], 8 + infoLen);
    return out;
  }
  const out = new Uint8Array(18);
  writeFields(out, 0, fixedSenseTable, {
    valid: options.information !== undefined,
    responseCode: deferred ? 0x71 : 0x70,
    key,
    information: options.information ?? 0,
    additionalLength: 10,
    asc,
    ascq,
    senseKeySpecific: sks ?? new Uint8Array(3),
  });
  return out;
}
