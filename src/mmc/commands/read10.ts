/**
 * READ(10) (28h): read `transferLength` blocks from the disc; the data phase is
 * transferLength × block size bytes (2048 for DVD, BD and CD Mode 1) (MMC-5 6.16, reference/mmc.md
 * 3.10).
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defineCommand, type MmcCommand } from "../command.ts";

/** READ(10) CDB (MMC-5 6.16). */
export const read10CdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.16 (28h)" },
  dpo: { offset: 1, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 6.16 DPO" },
  fua: { offset: 1, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 6.16 FUA" },
  lba: { offset: 2, size: 4, type: "i32be", clause: "MMC-5 6.16 Logical Block Address (signed)" },
  transferLength: {
    offset: 7,
    size: 2,
    type: "u16be",
    clause: "MMC-5 6.16 Transfer Length (blocks)",
  },
} as const satisfies FieldTable;

/** Fields of a READ(10) CDB. */
export type Read10Cdb = CdbFields<typeof read10CdbTable>;

/** READ(10): 10-byte CDB, data in, 30 s. */
export const read10: MmcCommand<typeof read10CdbTable> = defineCommand({
  name: "READ(10)",
  opcode: 0x28,
  cdbLength: 10,
  direction: "in",
  clause: "MMC-5 6.16",
  cdb: read10CdbTable,
  timeoutMs: 30_000,
});

/**
 * Build a READ(10) CDB; `28 00 00 00 00 10 00 00 01 00` reads 1 block at LBA 16.
 *
 * @param fields LBA, transfer length in blocks, FUA, DPO.
 * @returns The CDB.
 */
export function buildRead10Cdb(fields: Partial<Read10Cdb>): Uint8Array {
  return read10.build(fields);
}

/**
 * Parse a READ(10) CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseRead10Cdb(cdb: Uint8Array): Read10Cdb {
  return read10.parse(cdb);
}
