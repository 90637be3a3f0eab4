/**
 * READ(12) (A8h): read `transferLength` blocks from the disc; the data phase is
 * transferLength × block size bytes (2048 for DVD, BD and CD Mode 1) (MMC-5 6.17, reference/mmc.md
 * 3.10). The Streaming bit asks the drive to favour speed over error recovery.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defineCommand, type MmcCommand } from "../command.ts";

/** READ(12) CDB (MMC-5 6.17). */
export const read12CdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.17 (A8h)" },
  dpo: { offset: 1, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 6.17 DPO" },
  fua: { offset: 1, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 6.17 FUA" },
  lba: { offset: 2, size: 4, type: "i32be", clause: "MMC-5 6.17 Logical Block Address (signed)" },
  transferLength: {
    offset: 6,
    size: 4,
    type: "u32be",
    clause: "MMC-5 6.17 Transfer Length (blocks)",
  },
  streaming: { offset: 10, size: 1, type: "bool", bits: [7, 7], clause: "MMC-5 6.17 Streaming" },
} as const satisfies FieldTable;

/** Fields of a READ(12) CDB. */
export type Read12Cdb = CdbFields<typeof read12CdbTable>;

/** READ(12): 12-byte CDB, data in, 30 s. */
export const read12: MmcCommand<typeof read12CdbTable> = defineCommand({
  name: "READ(12)",
  opcode: 0xa8,
  cdbLength: 12,
  direction: "in",
  clause: "MMC-5 6.17",
  cdb: read12CdbTable,
  timeoutMs: 30_000,
});

/**
 * Build a READ(12) CDB; `A8 00 00 00 00 00 00 00 00 10 00 00` reads 16 blocks at LBA 0.
 *
 * @param fields LBA, transfer length in blocks, FUA, DPO, Streaming.
 * @returns The CDB.
 */
export function buildRead12Cdb(fields: Partial<Read12Cdb>): Uint8Array {
  return read12.build(fields);
}

/**
 * Parse a READ(12) CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseRead12Cdb(cdb: Uint8Array): Read12Cdb {
  return read12.parse(cdb);
}
