/**
 * TEST UNIT READY (00h): GOOD when the drive is ready; otherwise CHECK CONDITION with
 * 2/3A/xx (no medium), 2/04/xx (becoming ready or a long operation, progress in the sense),
 * or a unit attention (reference/mmc.md 3.3). No data.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";

/** TEST UNIT READY CDB (SPC-4, TEST UNIT READY command). */
export const testUnitReadyCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "SPC-4 TEST UNIT READY (00h)" },
} as const satisfies FieldTable;

/** Fields of a TEST UNIT READY CDB (none besides the opcode). */
export type TestUnitReadyCdb = CdbFields<typeof testUnitReadyCdbTable>;

/** TEST UNIT READY: 6-byte CDB, no data, 30 s. */
export const testUnitReady: MmcCommand<typeof testUnitReadyCdbTable> = defineCommand({
  name: "TEST UNIT READY",
  opcode: 0x00,
  cdbLength: 6,
  direction: "none",
  clause: "SPC-4 TEST UNIT READY",
  cdb: testUnitReadyCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a TEST UNIT READY CDB: `00 00 00 00 00 00`.
 *
 * @param fields None.
 * @returns The CDB.
 */
export function buildTestUnitReadyCdb(fields: Partial<TestUnitReadyCdb> = {}): Uint8Array {
  return testUnitReady.build(fields);
}

/**
 * Parse a TEST UNIT READY CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseTestUnitReadyCdb(cdb: Uint8Array): TestUnitReadyCdb {
  return testUnitReady.parse(cdb);
}
