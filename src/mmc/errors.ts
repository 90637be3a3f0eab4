/**
 * Errors of the MMC layer.
 *
 * - {@linkcode ScsiCommandError}: the drive answered a command with CHECK CONDITION or
 *   another non-GOOD status. Carries the opcode, CDB, status, decoded sense, the sense
 *   category and the retry decision derived from it (see `sense.ts`).
 * - {@linkcode MmcDataError}: bytes did not have the shape MMC gives them: a reply shorter
 *   than its header, a length field pointing past the data, a CDB with the wrong opcode or a
 *   reserved bit set. Names the command, which part (CDB, response, parameter list) and the
 *   byte offset.
 *
 * Transport failures (the command never completed) are `TransportError` from
 * `transport.ts`; this layer lets them pass through.
 *
 * @module
 */

import { isRetryable, type Sense, type SenseCategory } from "./sense.ts";
import { ScsiStatus } from "./transport.ts";

/** Options of {@linkcode ScsiCommandError}. */
export interface ScsiCommandErrorOptions {
  /** The command's name, e.g. "WRITE(10)". */
  commandName: string;
  /** The CDB sent. */
  cdb: Uint8Array;
  /** The SCSI status byte. */
  status: number;
  /** The decoded sense, when the drive returned any. */
  sense?: Sense | undefined;
  /** The device or drive spec. */
  device: string;
  /** The LBA the command addressed, when it addresses one. */
  lba?: number | undefined;
  /** The sense bytes as returned (kept when they could not be decoded). */
  rawSense?: Uint8Array | undefined;
}

const statusNames: Readonly<Record<number, string>> = {
  [ScsiStatus.checkCondition]: "CHECK CONDITION",
  [ScsiStatus.busy]: "BUSY",
  [ScsiStatus.reservationConflict]: "RESERVATION CONFLICT",
  [ScsiStatus.taskSetFull]: "TASK SET FULL",
  0x04: "CONDITION MET",
  0x30: "ACA ACTIVE",
  0x40: "TASK ABORTED",
};

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, "0");
}

/**
 * Format a sense triple as kiln writes it in messages: "MEDIUM ERROR [3/0C/00] write error".
 *
 * @param sense The decoded sense.
 * @returns The text.
 */
export function describeSense(sense: Sense): string {
  return `${sense.keyName} [${hex(sense.key, 1)}/${hex(sense.asc, 2)}/${
    hex(sense.ascq, 2)
  }] ${sense.ascText}`;
}

/**
 * The drive rejected a command: CHECK CONDITION with sense, or BUSY, RESERVATION CONFLICT,
 * TASK SET FULL. `category` is the sense category (or "status" when there was no sense to
 * decode), and `retryable` is the retry decision derived from it alone.
 *
 * @example
 * ```ts
 * import { ScsiCommandError } from "./errors.ts";
 * import { buildSense, decodeSense } from "./sense.ts";
 * const err = new ScsiCommandError({
 *   commandName: "WRITE(10)", cdb: new Uint8Array([0x2a, 0, 0, 0, 0x12, 0x67, 0, 0, 16, 0]),
 *   status: 2, sense: decodeSense(buildSense(3, 0x0c, 0)), device: "/dev/sr0", lba: 4711,
 * });
 * if (err.message !== "Cannot WRITE(10) at LBA 4711 on /dev/sr0: MEDIUM ERROR [3/0C/00] write error") {
 *   throw new Error(err.message);
 * }
 * ```
 */
export class ScsiCommandError extends Error {
  /** The operation code (CDB byte 0). */
  readonly opcode: number;
  /** The command's name. */
  readonly commandName: string;
  /** The CDB sent. */
  readonly cdb: Uint8Array;
  /** The SCSI status byte. */
  readonly status: number;
  /** The decoded sense, when there was any. */
  readonly sense: Sense | undefined;
  /** The sense category, or "status" for a non-GOOD status without sense. */
  readonly category: SenseCategory | "status";
  /** Whether the same command may be sent again (from the category alone). */
  readonly retryable: boolean;
  /** The LBA the command addressed, when known. */
  readonly lba: number | undefined;
  /** The device or drive spec. */
  readonly device: string;
  /** The sense bytes as returned (empty when none). */
  readonly rawSense: Uint8Array;
  /**
   * Create a command error.
   *
   * @param options Command, CDB, status, sense, device, LBA.
   */
  constructor(options: ScsiCommandErrorOptions) {
    const at = options.lba === undefined ? "" : ` at LBA ${options.lba}`;
    const sense = options.sense;
    let why: string;
    if (sense) {
      why = describeSense(sense) +
        (sense.deferred ? " (deferred error of an earlier command)" : "");
    } else if (options.status === ScsiStatus.checkCondition) {
      const raw = options.rawSense ?? new Uint8Array(0);
      why = raw.length === 0
        ? "CHECK CONDITION without sense data"
        : `CHECK CONDITION with sense that is not 70h-73h data (${
          [...raw.subarray(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join(" ")
        })`;
    } else {
      const name = statusNames[options.status] ?? "unknown status";
      why = `the drive answered ${name} (status ${hex(options.status, 2)}h)`;
    }
    super(`Cannot ${options.commandName}${at} on ${options.device}: ${why}`);
    this.opcode = options.cdb[0] ?? 0;
    this.commandName = options.commandName;
    this.cdb = options.cdb.slice();
    this.status = options.status;
    this.sense = sense;
    this.device = options.device;
    this.lba = options.lba;
    this.rawSense = options.rawSense?.slice() ?? new Uint8Array(0);
    if (sense) {
      this.category = sense.category;
      this.retryable = isRetryable(sense.category);
    } else {
      this.category = "status";
      this.retryable = options.status === ScsiStatus.busy ||
        options.status === ScsiStatus.taskSetFull;
    }
  }
  /** The error class name. */
  override name = "ScsiCommandError";
}

/** Which bytes an {@linkcode MmcDataError} is about. */
export type MmcDataPart = "cdb" | "response" | "parameter list";

/** Options of {@linkcode MmcDataError}. */
export interface MmcDataErrorOptions {
  /** The command, e.g. "GET CONFIGURATION". */
  commandName: string;
  /** CDB, response (data-in) or parameter list (data-out). */
  part: MmcDataPart;
  /** Byte offset of the problem within the part. */
  offset: number;
  /** Bit of that byte, when one bit is wrong. */
  bit?: number;
  /** The underlying failure. */
  cause?: unknown;
}

/**
 * Bytes that do not have the shape MMC gives them. When a drive sent them, the drive is at
 * fault; when kiln's virtual recorder rejects a CDB with it, the host is. The recorder turns
 * `offset` and `bit` into an ILLEGAL REQUEST field pointer.
 *
 * @example
 * ```ts
 * import { MmcDataError } from "./errors.ts";
 * const err = new MmcDataError("Cannot parse READ CAPACITY response: 4 bytes, 8 needed", {
 *   commandName: "READ CAPACITY", part: "response", offset: 4,
 * });
 * if (!(err instanceof SyntaxError) || err.offset !== 4) throw new Error();
 * ```
 */
export class MmcDataError extends SyntaxError {
  /** The command. */
  readonly commandName: string;
  /** Which bytes. */
  readonly part: MmcDataPart;
  /** Byte offset of the problem. */
  readonly offset: number;
  /** Bit of that byte, when one bit is wrong. */
  readonly bit: number | undefined;
  /**
   * Create a data error.
   *
   * @param message What is wrong, naming the command and offset.
   * @param options Command, part, offset, bit, cause.
   */
  constructor(message: string, options: MmcDataErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.commandName = options.commandName;
    this.part = options.part;
    this.offset = options.offset;
    this.bit = options.bit;
  }
  /** The error class name. */
  override name = "MmcDataError";
}
