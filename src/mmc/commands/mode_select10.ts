/**
 * MODE SELECT(10) (55h): send mode pages, for a burner page 05h (SPC-3 MODE SELECT(10); reference/mmc.md
 * 3.9). PF=1, SP=0 (`55 10 ...`); the parameter list is an all-zero 8-byte header then the
 * page with its PS bit cleared.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import {
  buildModeParameters,
  type ModeParameters,
  parseModeParameters,
} from "../mode_parameters.ts";

/** MODE SELECT(10) CDB (SPC-3). */
export const modeSelect10CdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "SPC-3 MODE SELECT(10) (55h)" },
  pageFormat: {
    offset: 1,
    size: 1,
    type: "bool",
    bits: [4, 4],
    clause: "SPC-3 MODE SELECT(10) PF",
  },
  savePages: { offset: 1, size: 1, type: "bool", bits: [0, 0], clause: "SPC-3 MODE SELECT(10) SP" },
  parameterListLength: { offset: 7, size: 2, type: "u16be", clause: "SPC-3 MODE SELECT(10)" },
} as const satisfies FieldTable;

/** Fields of a MODE SELECT(10) CDB. */
export type ModeSelect10Cdb = CdbFields<typeof modeSelect10CdbTable>;

/** MODE SELECT(10): 10-byte CDB, data out. */
export const modeSelect10: MmcCommand<typeof modeSelect10CdbTable> = defineCommand({
  name: "MODE SELECT(10)",
  opcode: 0x55,
  cdbLength: 10,
  direction: "out",
  clause: "SPC-3 MODE SELECT(10)",
  cdb: modeSelect10CdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a MODE SELECT(10) CDB with PF=1 (libburn's `55 10 ...`).
 *
 * @param fields Parameter list length; PF defaults to true.
 * @returns The CDB.
 */
export function buildModeSelect10Cdb(fields: Partial<ModeSelect10Cdb>): Uint8Array {
  return modeSelect10.build({ pageFormat: true, ...fields });
}

/**
 * Parse a MODE SELECT(10) CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseModeSelect10Cdb(cdb: Uint8Array): ModeSelect10Cdb {
  return modeSelect10.parse(cdb);
}

/**
 * Build the MODE SELECT(10) parameter list: zero header, then the pages with PS cleared.
 *
 * @param pages Whole pages (e.g. from {@linkcode parseModeParameters} after editing).
 * @returns The bytes.
 */
export function buildModeSelect10Parameters(pages: readonly Uint8Array[]): Uint8Array {
  return buildModeParameters(pages, { select: true });
}

/**
 * Parse a MODE SELECT(10) parameter list (the drive side).
 *
 * @param bytes The parameter list.
 * @returns Header and pages.
 * @throws {MmcDataError} When the header is short or a page overruns the list (a drive
 *   answers 5/1A/00 or 5/26/00).
 */
export function parseModeSelect10Parameters(bytes: Uint8Array): ModeParameters {
  return parseModeParameters(bytes, "MODE SELECT(10)", "parameter list");
}
