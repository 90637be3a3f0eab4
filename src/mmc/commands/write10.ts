/**
 * WRITE(10) (2Ah): write `transferLength` blocks to the disc; the data phase is
 * transferLength × block size bytes (2048 for DVD, BD and CD Mode 1) (MMC-5 6.44, reference/mmc.md
 * 3.10). On sequential media the LBA must be the open track's next writable address, else
 * 5/21/02; overwritable media take any LBA (aligned to 16 blocks on DVD-RW restricted
 * overwrite).
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defineCommand, type MmcCommand } from "../command.ts";

/** WRITE(10) CDB (MMC-5 6.44). */
export const write10CdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.44 (2Ah)" },
  dpo: { offset: 1, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 6.44 DPO" },
  fua: { offset: 1, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 6.44 FUA" },
  lba: { offset: 2, size: 4, type: "i32be", clause: "MMC-5 6.44 Logical Block Address (signed)" },
  transferLength: {
    offset: 7,
    size: 2,
    type: "u16be",
    clause: "MMC-5 6.44 Transfer Length (blocks)",
  },
} as const satisfies FieldTable;

/** Fields of a WRITE(10) CDB. */
export type Write10Cdb = CdbFields<typeof write10CdbTable>;

/** WRITE(10): 10-byte CDB, data out, 200 s. */
export const write10: MmcCommand<typeof write10CdbTable> = defineCommand({
  name: "WRITE(10)",
  opcode: 0x2a,
  cdbLength: 10,
  direction: "out",
  clause: "MMC-5 6.44",
  cdb: write10CdbTable,
  timeoutMs: 200_000,
});

/**
 * Build a WRITE(10) CDB; `2A 00 00 00 00 10 00 00 01 00` writes 1 block at LBA 16.
 *
 * @param fields LBA, transfer length in blocks, FUA, DPO.
 * @returns The CDB.
 */
export function buildWrite10Cdb(fields: Partial<Write10Cdb>): Uint8Array {
  return write10.build(fields);
}

/**
 * Parse a WRITE(10) CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseWrite10Cdb(cdb: Uint8Array): Write10Cdb {
  return write10.parse(cdb);
}
