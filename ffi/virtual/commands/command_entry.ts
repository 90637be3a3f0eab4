/**
 * What a command handler of the virtual drive looks like, and the small helpers they share:
 * CDB parsing through the MMC layer (a refused CDB becomes 5/24/00 with a field pointer) and
 * trimming a reply to the allocation length.
 *
 * @module
 */

import { MmcDataError } from "../../../src/mmc/errors.ts";
import type { DataDirection, ScsiRequest } from "../../../src/mmc/transport.ts";
import type { DriveModel } from "../drive_model.ts";
import { senseForDataError } from "../sense_error.ts";

/** What a handler gets. */
export interface CommandContext {
  /** The drive. */
  readonly drive: DriveModel;
  /** The request as the host sent it. */
  readonly req: ScsiRequest;
}

/**
 * A handler: returns the data-in reply (trimmed to the host's buffer by the dispatcher), the
 * number of bytes it already placed in `req.data`, or nothing.
 */
export type Handler = (
  ctx: CommandContext,
) => Promise<Uint8Array | number | void> | Uint8Array | number | void;

/** One command the drive implements. */
export interface CommandEntry {
  /** Operation code. */
  readonly opcode: number;
  /** Name for messages. */
  readonly name: string;
  /** Data direction of the command (a request with another direction is a host error). */
  readonly direction: DataDirection;
  /** Needs a loaded medium (else 2/3A/xx, after unit attention). */
  readonly medium: boolean;
  /** Runs while a long operation is in progress (else 2/04/xx). */
  readonly whileBusy: boolean;
  /** Runs while a unit attention is pending (INQUIRY, REQUEST SENSE, GET CONFIGURATION, GESN). */
  readonly ignoresUnitAttention: boolean;
  /** The handler. */
  readonly run: Handler;
}

/**
 * Parse a CDB with the MMC layer's parser, turning its refusal into 5/24/00.
 *
 * @param parse The command's `parse…Cdb`.
 * @param cdb The CDB.
 * @returns The fields.
 * @throws {SenseError} 5/24/00 with the field pointer of the bad byte/bit.
 */
export function cdbFields<T>(parse: (cdb: Uint8Array) => T, cdb: Uint8Array): T {
  try {
    return parse(cdb);
  } catch (e) {
    if (e instanceof MmcDataError) throw senseForDataError(e);
    throw e;
  }
}

/**
 * Parse a parameter list with the MMC layer's parser, turning its refusal into 5/26/00.
 *
 * @param parse The parser.
 * @param bytes The parameter list.
 * @returns The parsed value.
 */
export function parameterFields<T>(parse: (bytes: Uint8Array) => T, bytes: Uint8Array): T {
  return cdbFields(parse, bytes);
}

/**
 * Trim a reply to the allocation length.
 *
 * @param reply The whole reply.
 * @param allocation Allocation length from the CDB.
 * @returns The bytes the drive sends.
 */
export function fit(reply: Uint8Array, allocation: number): Uint8Array {
  return reply.length <= allocation ? reply : reply.subarray(0, allocation);
}

/**
 * The data-out bytes of a request (empty when there are none).
 *
 * @param req The request.
 * @returns The bytes.
 */
export function dataOut(req: ScsiRequest): Uint8Array {
  return req.data ?? new Uint8Array(0);
}
