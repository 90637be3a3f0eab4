/**
 * PREVENT ALLOW MEDIUM REMOVAL (1Eh): lock or unlock the tray (MMC-5 6.15, reference/mmc.md
 * 3.23). libburn sends `1E 00 00 00 01 00` when it grabs a drive and `... 00 ...` at release.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";

/** PREVENT ALLOW MEDIUM REMOVAL CDB (MMC-5 6.15). */
export const preventAllowMediumRemovalCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.15 (1Eh)" },
  persistent: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 6.15 Persistent" },
  prevent: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.15 Prevent" },
} as const satisfies FieldTable;

/** Fields of a PREVENT ALLOW MEDIUM REMOVAL CDB. */
export type PreventAllowMediumRemovalCdb = CdbFields<typeof preventAllowMediumRemovalCdbTable>;

/** PREVENT ALLOW MEDIUM REMOVAL: 6-byte CDB, no data. */
export const preventAllowMediumRemoval: MmcCommand<typeof preventAllowMediumRemovalCdbTable> =
  defineCommand({
    name: "PREVENT ALLOW MEDIUM REMOVAL",
    opcode: 0x1e,
    cdbLength: 6,
    direction: "none",
    clause: "MMC-5 6.15",
    cdb: preventAllowMediumRemovalCdbTable,
    timeoutMs: defaultTimeoutMs,
  });

/**
 * Build a PREVENT ALLOW MEDIUM REMOVAL CDB.
 *
 * @param fields Prevent, Persistent.
 * @returns The CDB.
 */
export function buildPreventAllowMediumRemovalCdb(
  fields: Partial<PreventAllowMediumRemovalCdb>,
): Uint8Array {
  return preventAllowMediumRemoval.build(fields);
}

/**
 * Parse a PREVENT ALLOW MEDIUM REMOVAL CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parsePreventAllowMediumRemovalCdb(cdb: Uint8Array): PreventAllowMediumRemovalCdb {
  return preventAllowMediumRemoval.parse(cdb);
}
