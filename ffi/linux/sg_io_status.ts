/**
 * What one `ioctl(SG_IO)` came back with, turned into a {@linkcode ScsiResult} or a
 * {@linkcode TransportError}, in the order mmc.md 1.5 gives: the host adapter status
 * first, then the driver status, then the SCSI status and sense, which are the MMC layer's
 * to decode. Pure.
 *
 * @module
 */

import { type ScsiResult, TransportError } from "../../src/mmc/transport.ts";
import type { SgIoResultFields } from "./sg_io_hdr.ts";

/** host_status names (DID_*, include/scsi/scsi_status.h; sg3_utils' table). */
export const HOST_STATUS_NAMES: readonly string[] = [
  "DID_OK",
  "DID_NO_CONNECT",
  "DID_BUS_BUSY",
  "DID_TIME_OUT",
  "DID_BAD_TARGET",
  "DID_ABORT",
  "DID_PARITY",
  "DID_ERROR",
  "DID_RESET",
  "DID_BAD_INTR",
  "DID_PASSTHROUGH",
  "DID_SOFT_ERROR",
  "DID_IMM_RETRY",
  "DID_REQUEUE",
  "DID_TRANSPORT_DISRUPTED",
  "DID_TRANSPORT_FAILFAST",
  "DID_TARGET_FAILURE",
  "DID_NEXUS_FAILURE",
  "DID_ALLOC_FAILURE",
  "DID_MEDIUM_ERROR",
  "DID_TRANSPORT_MARGINAL",
];

/** driver_status low-nibble names (DRIVER_*; only DRIVER_SENSE survives in kernels ≥ 5.12). */
export const DRIVER_STATUS_NAMES: readonly string[] = [
  "DRIVER_OK",
  "DRIVER_BUSY",
  "DRIVER_SOFT",
  "DRIVER_MEDIA",
  "DRIVER_ERROR",
  "DRIVER_INVALID",
  "DRIVER_TIMEOUT",
  "DRIVER_HARD",
  "DRIVER_SENSE",
];

const DID_TIME_OUT = 0x03;
const DRIVER_TIMEOUT = 0x06;
const DRIVER_SENSE = 0x08;

/**
 * The name of a host_status value.
 *
 * @param code The value.
 * @returns "DID_TIME_OUT", or "host status 0xNN" when unknown.
 */
export function hostStatusName(code: number): string {
  return HOST_STATUS_NAMES[code] ?? `host status 0x${code.toString(16).padStart(2, "0")}`;
}

/** What the command was, for messages. */
export interface SgIoCommandContext {
  /** The device path. */
  readonly device: string;
  /** The CDB sent. */
  readonly cdb: Uint8Array;
  /** The timeout given, in milliseconds. */
  readonly timeoutMs: number;
}

function opcodeText(cdb: Uint8Array): string {
  return `opcode ${(cdb[0] ?? 0).toString(16).toUpperCase().padStart(2, "0")}h`;
}

/**
 * Interpret a completed SG_IO call (the ioctl returned 0).
 *
 * @param fields The header's output fields.
 * @param sense The sense buffer given to the kernel (only `sbLenWr` bytes are used).
 * @param context The command, for error messages.
 * @returns Status, sense and residual, when the command reached the device and completed.
 * @throws {TransportError} `timeout` for DID_TIME_OUT / DRIVER_TIMEOUT, `host` for any other
 *   host adapter or driver failure.
 * @example
 * ```ts
 * import { interpretSgIo } from "./sg_io_status.ts";
 * const r = interpretSgIo(
 *   { status: 0, maskedStatus: 0, sbLenWr: 0, hostStatus: 0, driverStatus: 0, resid: 0,
 *     duration: 1, info: 0 },
 *   new Uint8Array(32), { device: "/dev/sr0", cdb: new Uint8Array(6), timeoutMs: 30_000 },
 * );
 * if (r.status !== 0 || r.sense.length !== 0) throw new Error("unexpected");
 * ```
 */
export function interpretSgIo(
  fields: SgIoResultFields,
  sense: Uint8Array,
  context: SgIoCommandContext,
): ScsiResult {
  const what = `${opcodeText(context.cdb)} on ${context.device}`;
  if (fields.hostStatus !== 0) {
    const name = hostStatusName(fields.hostStatus);
    if (fields.hostStatus === DID_TIME_OUT) {
      throw new TransportError(
        `Cannot complete ${what}: timed out after ${context.timeoutMs} ms (${name}); the drive's state is unknown`,
        { kind: "timeout", device: context.device, osName: name },
      );
    }
    throw new TransportError(
      `Cannot complete ${what}: the host adapter reported ${name}`,
      { kind: "host", device: context.device, osName: name, osCode: fields.hostStatus },
    );
  }
  const driver = fields.driverStatus & 0x0f;
  if (driver !== 0 && driver !== DRIVER_SENSE) {
    const name = DRIVER_STATUS_NAMES[driver] ?? `driver status 0x${driver.toString(16)}`;
    if (driver === DRIVER_TIMEOUT) {
      throw new TransportError(
        `Cannot complete ${what}: timed out after ${context.timeoutMs} ms (${name}); the drive's state is unknown`,
        { kind: "timeout", device: context.device, osName: name },
      );
    }
    throw new TransportError(`Cannot complete ${what}: the SCSI driver reported ${name}`, {
      kind: "host",
      device: context.device,
      osName: name,
      osCode: driver,
    });
  }
  const senseLength = Math.min(fields.sbLenWr, sense.length);
  return {
    status: fields.status,
    sense: sense.slice(0, senseLength),
    residual: Math.max(0, fields.resid),
  };
}
