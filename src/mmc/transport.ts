/**
 * The one interface between kiln's MMC layer and whatever carries SCSI commands to a drive:
 * Linux SG_IO, Windows SCSI_PASS_THROUGH_DIRECT, or kiln's virtual recorder. Shaped like
 * sg3_utils' `sg_pt` request object: a CDB, a data direction, a buffer and a timeout in;
 * a status byte, sense bytes and a residual count out.
 *
 * A transport never interprets sense data and never retries: the MMC layer decodes sense
 * (see `sense.ts`) and the recorder decides retries from the decoded category alone. A
 * transport throws {@linkcode TransportError} only when the command could not be delivered
 * or completed at all (errno from `ioctl`, a host adapter status, a closed handle).
 *
 * @module
 */

/** Direction of the data phase, seen from the host. */
export type DataDirection = "none" | "in" | "out";

/** SCSI status byte values a transport may return (SAM-5 5.3). */
export const ScsiStatus = {
  /** The command completed. */
  good: 0x00,
  /** Sense data describes a failure. */
  checkCondition: 0x02,
  /** The device is busy: retry later. */
  busy: 0x08,
  /** Another initiator holds a reservation. */
  reservationConflict: 0x18,
  /** The device's task set is full: retry later. */
  taskSetFull: 0x28,
} as const;

/** One SCSI command to execute. */
export interface ScsiRequest {
  /** The command descriptor block: 6, 10, 12 or 16 bytes. */
  readonly cdb: Uint8Array;
  /** Data phase direction. */
  readonly direction: DataDirection;
  /**
   * The data buffer: for `"in"` the buffer the device fills (its length is the transfer
   * length), for `"out"` the bytes sent. Absent (or empty) for `"none"`.
   */
  readonly data?: Uint8Array;
  /** How long the command may take before the transport aborts it, in milliseconds. */
  readonly timeoutMs: number;
}

/** What came back from one command. */
export interface ScsiResult {
  /** SCSI status byte ({@linkcode ScsiStatus}). */
  readonly status: number;
  /** Sense bytes the device returned (empty when none). */
  readonly sense: Uint8Array;
  /** Data bytes requested but not transferred (0 when unknown: some paths never report it). */
  readonly residual: number;
}

/** Something that carries SCSI commands to one drive. */
export interface Transport {
  /** A short name for messages: the device path or the virtual drive spec. */
  readonly name: string;
  /**
   * Execute one command.
   *
   * @param request The command.
   * @returns Status, sense and residual; CHECK CONDITION is a result, not an exception.
   * @throws {TransportError} When the command could not be delivered or completed.
   */
  execute(request: ScsiRequest): Promise<ScsiResult>;
  /** Release the device (exclusive access, handles). Calling it twice does nothing. */
  close(): Promise<void>;
}

/** Why a transport could not complete a command. */
export type TransportErrorKind =
  /** The operating system refused or failed the call (errno / GetLastError). */
  | "os"
  /** The command timed out; the drive's state is unknown. */
  | "timeout"
  /** The host adapter or driver reported a failure (Linux host_status / driver_status). */
  | "host"
  /** The transport was closed or the device vanished. */
  | "closed";

/** Options of {@linkcode TransportError}. */
export interface TransportErrorOptions {
  /** What kind of failure. */
  kind: TransportErrorKind;
  /** The device or drive spec. */
  device?: string;
  /** The OS error code (errno on POSIX, GetLastError on Windows). */
  osCode?: number;
  /** The OS error's symbolic name ("EPERM", "ERROR_ACCESS_DENIED"). */
  osName?: string;
  /** The underlying failure. */
  cause?: unknown;
}

/**
 * A command could not be delivered to the drive or did not complete: an OS call failed, the
 * command timed out, the adapter reported an error, or the device is gone.
 *
 * @example
 * ```ts
 * import { TransportError } from "./transport.ts";
 * const err = new TransportError("Cannot open /dev/sr0: permission denied", {
 *   kind: "os", device: "/dev/sr0", osCode: 13, osName: "EACCES",
 * });
 * if (err.kind !== "os" || err.osName !== "EACCES") throw new Error("unexpected");
 * ```
 */
export class TransportError extends Error {
  /** What kind of failure. */
  readonly kind: TransportErrorKind;
  /** The device, when known. */
  readonly device: string | undefined;
  /** OS error code, when the OS reported one. */
  readonly osCode: number | undefined;
  /** OS error name, when the OS reported one. */
  readonly osName: string | undefined;
  /**
   * Create a transport error.
   *
   * @param message What failed, naming the action.
   * @param options Kind, device, OS error and cause.
   */
  constructor(message: string, options: TransportErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = options.kind;
    this.device = options.device;
    this.osCode = options.osCode;
    this.osName = options.osName;
  }
  /** The error class name. */
  override name = "TransportError";
}
