/**
 * READ CAPACITY (25h): the last readable LBA and the block length (MMC-5 6.19). On blank
 * media a drive may fail (5/24, 2/3A) or return 0; on CD the value is not trusted
 * (reference/mmc.md 3.7).
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import { buildRecord, type PayloadContext, readRecord } from "../payload.ts";

/** READ CAPACITY CDB (MMC-5 6.19). */
export const readCapacityCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.19 (25h)" },
} as const satisfies FieldTable;

/** Fields of a READ CAPACITY CDB (none besides the opcode). */
export type ReadCapacityCdb = CdbFields<typeof readCapacityCdbTable>;

/** READ CAPACITY: 10-byte CDB, 8 bytes in. */
export const readCapacity: MmcCommand<typeof readCapacityCdbTable> = defineCommand({
  name: "READ CAPACITY",
  opcode: 0x25,
  cdbLength: 10,
  direction: "in",
  clause: "MMC-5 6.19",
  cdb: readCapacityCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a READ CAPACITY CDB: `25 00 00 00 00 00 00 00 00 00`.
 *
 * @param fields None.
 * @returns The CDB.
 */
export function buildReadCapacityCdb(fields: Partial<ReadCapacityCdb> = {}): Uint8Array {
  return readCapacity.build(fields);
}

/**
 * Parse a READ CAPACITY CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseReadCapacityCdb(cdb: Uint8Array): ReadCapacityCdb {
  return readCapacity.parse(cdb);
}

/** READ CAPACITY data (MMC-5 6.19). */
export const readCapacityDataTable = {
  lastLba: { offset: 0, size: 4, type: "u32be", clause: "MMC-5 6.19 Logical Block Address" },
  blockLength: { offset: 4, size: 4, type: "u32be", clause: "MMC-5 6.19 Block Length" },
} as const satisfies FieldTable;

/** READ CAPACITY data. */
export interface Capacity {
  /** The last readable LBA. */
  lastLba: number;
  /** Bytes per block (2048). */
  blockLength: number;
}

const ctx: PayloadContext = { commandName: "READ CAPACITY", part: "response" };

/**
 * Parse READ CAPACITY data.
 *
 * @param bytes The reply.
 * @returns Last LBA and block length.
 * @throws {MmcDataError} When fewer than 8 bytes arrived.
 */
export function parseReadCapacityResponse(bytes: Uint8Array): Capacity {
  return readRecord(bytes, 0, readCapacityDataTable, ctx, "the capacity data");
}

/**
 * Build READ CAPACITY data (the drive side).
 *
 * @param values Last LBA and block length.
 * @returns 8 bytes.
 */
export function buildReadCapacityResponse(values: Capacity): Uint8Array {
  return buildRecord(readCapacityDataTable, values);
}
