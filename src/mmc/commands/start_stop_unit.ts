/**
 * START STOP UNIT (1Bh): spin up or down, load or eject (MMC-5 6.40, reference/mmc.md
 * 3.22). Byte 4 = 02h ejects, 03h loads; an eject fails with 5/53/02 while PREVENT is active.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";

/** START STOP UNIT CDB (MMC-5 6.40). */
export const startStopUnitCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.40 (1Bh)" },
  immed: { offset: 1, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.40 Immed" },
  formatLayerNumber: {
    offset: 3,
    size: 1,
    type: "u8",
    bits: [1, 0],
    clause: "MMC-5 6.40 Format-Layer Number (with FL)",
  },
  powerCondition: {
    offset: 4,
    size: 1,
    type: "u8",
    bits: [7, 4],
    clause: "MMC-5 6.40 Power Conditions",
  },
  formatLayer: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 6.40 FL" },
  loadEject: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 6.40 LoEj" },
  start: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.40 Start" },
} as const satisfies FieldTable;

/** Fields of a START STOP UNIT CDB. */
export type StartStopUnitCdb = CdbFields<typeof startStopUnitCdbTable>;

/** START STOP UNIT: 6-byte CDB, no data; 300 s without Immed (a load can take that long). */
export const startStopUnit: MmcCommand<typeof startStopUnitCdbTable> = defineCommand({
  name: "START STOP UNIT",
  opcode: 0x1b,
  cdbLength: 6,
  direction: "none",
  clause: "MMC-5 6.40",
  cdb: startStopUnitCdbTable,
  timeoutMs: (f) => (f.immed ? defaultTimeoutMs : 300_000),
});

/**
 * Build a START STOP UNIT CDB; eject is `1B 00 00 00 02 00`, load `1B 00 00 00 03 00`.
 *
 * @param fields Immed, power condition, LoEj, Start.
 * @returns The CDB.
 */
export function buildStartStopUnitCdb(fields: Partial<StartStopUnitCdb>): Uint8Array {
  return startStopUnit.build(fields);
}

/**
 * Parse a START STOP UNIT CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseStartStopUnitCdb(cdb: Uint8Array): StartStopUnitCdb {
  return startStopUnit.parse(cdb);
}
