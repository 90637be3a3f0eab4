/**
 * WRITE(12) (AAh): write `transferLength` blocks to the disc; the data phase is
 * transferLength × block size bytes (2048 for DVD, BD and CD Mode 1) (MMC-5 6.45, reference/mmc.md
 * 3.10). kiln uses it for stream recording on DVD-RAM and BD (the Streaming bit, feature
 * 0107h), which skips the drive's defect management.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defineCommand, type MmcCommand } from "../command.ts";

/** WRITE(12) CDB (MMC-5 6.45). */
export const write12CdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.45 (AAh)" },
  dpo: { offset: 1, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 6.45 DPO" },
  fua: { offset: 1, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 6.45 FUA" },
  lba: { offset: 2, size: 4, type: "i32be", clause: "MMC-5 6.45 Logical Block Address (signed)" },
  transferLength: {
    offset: 6,
    size: 4,
    type: "u32be",
    clause: "MMC-5 6.45 Transfer Length (blocks)",
  },
  streaming: { offset: 10, size: 1, type: "bool", bits: [7, 7], clause: "MMC-5 6.45 Streaming" },
} as const satisfies FieldTable;

/** Fields of a WRITE(12) CDB. */
export type Write12Cdb = CdbFields<typeof write12CdbTable>;

/** WRITE(12): 12-byte CDB, data out, 200 s. */
export const write12: MmcCommand<typeof write12CdbTable> = defineCommand({
  name: "WRITE(12)",
  opcode: 0xaa,
  cdbLength: 12,
  direction: "out",
  clause: "MMC-5 6.45",
  cdb: write12CdbTable,
  timeoutMs: 200_000,
});

/**
 * Build a WRITE(12) CDB; `AA 00 00 00 00 00 00 00 00 20 80 00` streams 32 blocks at LBA 0.
 *
 * @param fields LBA, transfer length in blocks, FUA, DPO, Streaming.
 * @returns The CDB.
 */
export function buildWrite12Cdb(fields: Partial<Write12Cdb>): Uint8Array {
  return write12.build(fields);
}

/**
 * Parse a WRITE(12) CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseWrite12Cdb(cdb: Uint8Array): Write12Cdb {
  return write12.parse(cdb);
}
