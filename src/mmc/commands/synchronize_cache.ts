/**
 * SYNCHRONIZE CACHE (35h): flush the drive's buffer to the disc; mandatory after the last
 * WRITE of a track or session, before CLOSE (MMC-5 6.42, reference/mmc.md 3.11). With Immed
 * the drive returns at once and reports 2/04/xx until done.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defineCommand, type MmcCommand } from "../command.ts";

/** SYNCHRONIZE CACHE(10) CDB (MMC-5 6.42). */
export const synchronizeCacheCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.42 (35h)" },
  immed: { offset: 1, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 6.42 Immed" },
  lba: { offset: 2, size: 4, type: "i32be", clause: "MMC-5 6.42 Logical Block Address" },
  blocks: { offset: 7, size: 2, type: "u16be", clause: "MMC-5 6.42 Number of Blocks (0: all)" },
} as const satisfies FieldTable;

/** Fields of a SYNCHRONIZE CACHE CDB. */
export type SynchronizeCacheCdb = CdbFields<typeof synchronizeCacheCdbTable>;

/** SYNCHRONIZE CACHE: 10-byte CDB, no data; 200 s with Immed, 3600 s without. */
export const synchronizeCache: MmcCommand<typeof synchronizeCacheCdbTable> = defineCommand({
  name: "SYNCHRONIZE CACHE",
  opcode: 0x35,
  cdbLength: 10,
  direction: "none",
  clause: "MMC-5 6.42",
  cdb: synchronizeCacheCdbTable,
  timeoutMs: (f) => (f.immed ? 200_000 : 3_600_000),
});

/**
 * Build a SYNCHRONIZE CACHE CDB; with Immed: `35 02 00 00 00 00 00 00 00 00`.
 *
 * @param fields Immed, LBA, blocks (0: the whole cache).
 * @returns The CDB.
 */
export function buildSynchronizeCacheCdb(fields: Partial<SynchronizeCacheCdb> = {}): Uint8Array {
  return synchronizeCache.build(fields);
}

/**
 * Parse a SYNCHRONIZE CACHE CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseSynchronizeCacheCdb(cdb: Uint8Array): SynchronizeCacheCdb {
  return synchronizeCache.parse(cdb);
}
