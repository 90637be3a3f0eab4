/**
 * READ BUFFER CAPACITY (5Ch): the drive buffer's size and free space, for the buffer fill
 * shown during a burn and for pacing on 2/04/08 (MMC-5 6.18, reference/mmc.md 3.26). Drives
 * may report free > size or stale values: {@linkcode bufferFill} clamps.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import { buildRecord, type PayloadContext, readRecord } from "../payload.ts";

/** READ BUFFER CAPACITY CDB (MMC-5 6.18). */
export const readBufferCapacityCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.18 (5Ch)" },
  block: { offset: 1, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.18 Block" },
  allocationLength: { offset: 7, size: 2, type: "u16be", clause: "MMC-5 6.18" },
} as const satisfies FieldTable;

/** Fields of a READ BUFFER CAPACITY CDB. */
export type ReadBufferCapacityCdb = CdbFields<typeof readBufferCapacityCdbTable>;

/** READ BUFFER CAPACITY: 10-byte CDB, 12 bytes in. */
export const readBufferCapacity: MmcCommand<typeof readBufferCapacityCdbTable> = defineCommand({
  name: "READ BUFFER CAPACITY",
  opcode: 0x5c,
  cdbLength: 10,
  direction: "in",
  clause: "MMC-5 6.18",
  cdb: readBufferCapacityCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a READ BUFFER CAPACITY CDB: `5C 00 00 00 00 00 00 00 0C 00`.
 *
 * @param fields Block, allocation length (default 12).
 * @returns The CDB.
 */
export function buildReadBufferCapacityCdb(
  fields: Partial<ReadBufferCapacityCdb> = {},
): Uint8Array {
  return readBufferCapacity.build({ allocationLength: 12, ...fields });
}

/**
 * Parse a READ BUFFER CAPACITY CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseReadBufferCapacityCdb(cdb: Uint8Array): ReadBufferCapacityCdb {
  return readBufferCapacity.parse(cdb);
}

/** READ BUFFER CAPACITY data (MMC-5 6.18). */
export const bufferCapacityTable = {
  dataLength: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 6.18 Data Length (10)" },
  blockMode: { offset: 3, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.18 Block" },
  bufferLength: { offset: 4, size: 4, type: "u32be", clause: "MMC-5 6.18 Length of Buffer" },
  blankLength: { offset: 8, size: 4, type: "u32be", clause: "MMC-5 6.18 Blank Length" },
} as const satisfies FieldTable;

/** A decoded READ BUFFER CAPACITY reply. */
export interface BufferCapacity {
  /** Data Length (10). */
  dataLength: number;
  /** Block=1 reply: `blankLength` is in blocks and `bufferLength` unused. */
  blockMode: boolean;
  /** Buffer size in bytes. */
  bufferLength: number;
  /** Free space in bytes (blocks in block mode). */
  blankLength: number;
}

const ctx: PayloadContext = { commandName: "READ BUFFER CAPACITY", part: "response" };

/**
 * Parse READ BUFFER CAPACITY data.
 *
 * @param bytes The reply.
 * @returns Size and free space, as reported.
 * @throws {MmcDataError} When fewer than 12 bytes arrived.
 */
export function parseReadBufferCapacityResponse(bytes: Uint8Array): BufferCapacity {
  return readRecord(bytes, 0, bufferCapacityTable, ctx, "the buffer capacity data");
}

/**
 * Build READ BUFFER CAPACITY data (the drive side).
 *
 * @param values Size and free space.
 * @returns 12 bytes.
 */
export function buildReadBufferCapacityResponse(
  values: Omit<BufferCapacity, "dataLength" | "blockMode"> & { blockMode?: boolean },
): Uint8Array {
  return buildRecord(bufferCapacityTable, { ...values, dataLength: 10 });
}

/**
 * The buffer fill, 0..1, from a byte-mode reply: clamped when free > size, 0 when the size
 * is 0 (drives that do not report).
 *
 * @param cap A parsed reply.
 * @returns The fill fraction.
 */
export function bufferFill(cap: BufferCapacity): number {
  if (cap.bufferLength === 0) return 0;
  return 1 - Math.min(cap.blankLength, cap.bufferLength) / cap.bufferLength;
}
