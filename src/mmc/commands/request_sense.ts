/**
 * REQUEST SENSE (03h): the drive's current sense state. During a long Immed operation it
 * answers 2/04/xx or 0/00/00 with the progress in the sense-key specific bytes; some drives
 * report progress only here (reference/mmc.md 3.3, 6 knob 8). The response is sense data,
 * decoded by `sense.ts`.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import { buildSense, type BuildSenseOptions, decodeSense, type Sense } from "../sense.ts";

/** REQUEST SENSE CDB (SPC-4, REQUEST SENSE command). */
export const requestSenseCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "SPC-4 REQUEST SENSE (03h)" },
  desc: { offset: 1, size: 1, type: "bool", bits: [0, 0], clause: "SPC-4 REQUEST SENSE DESC" },
  allocationLength: { offset: 4, size: 1, type: "u8", clause: "SPC-4 REQUEST SENSE" },
} as const satisfies FieldTable;

/** Fields of a REQUEST SENSE CDB. */
export type RequestSenseCdb = CdbFields<typeof requestSenseCdbTable>;

/** REQUEST SENSE: 6-byte CDB, data in. */
export const requestSense: MmcCommand<typeof requestSenseCdbTable> = defineCommand({
  name: "REQUEST SENSE",
  opcode: 0x03,
  cdbLength: 6,
  direction: "in",
  clause: "SPC-4 REQUEST SENSE",
  cdb: requestSenseCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a REQUEST SENSE CDB; libburn asks for 18 bytes: `03 00 00 00 12 00`.
 *
 * @param fields DESC and allocation length (default 18).
 * @returns The CDB.
 */
export function buildRequestSenseCdb(fields: Partial<RequestSenseCdb> = {}): Uint8Array {
  return requestSense.build({ allocationLength: 18, ...fields });
}

/**
 * Parse a REQUEST SENSE CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseRequestSenseCdb(cdb: Uint8Array): RequestSenseCdb {
  return requestSense.parse(cdb);
}

/**
 * Decode REQUEST SENSE data.
 *
 * @param bytes The reply.
 * @returns The sense, or undefined when the reply holds none.
 */
export function parseRequestSenseResponse(bytes: Uint8Array): Sense | undefined {
  return decodeSense(bytes);
}

/**
 * Build REQUEST SENSE data (the drive side).
 *
 * @param key Sense key.
 * @param asc Additional sense code.
 * @param ascq Qualifier.
 * @param options Progress, information, format.
 * @returns The sense bytes.
 */
export function buildRequestSenseResponse(
  key: number,
  asc: number,
  ascq: number,
  options: BuildSenseOptions = {},
): Uint8Array {
  return buildSense(key, asc, ascq, options);
}
