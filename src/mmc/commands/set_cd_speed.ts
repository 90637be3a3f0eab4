/**
 * SET CD SPEED (BBh): read and write speed in kB/s, FFFFh for the maximum (MMC-5 6.37,
 * reference/mmc.md 3.21). 1x CD is 176.4 kB/s (drives round to 176 or 177). Many DVD drives
 * accept it for DVD too; kiln prefers SET STREAMING on DVD and BD.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";

/** The speed value that asks for the drive's maximum. */
export const maximumCdSpeed = 0xffff;

/** SET CD SPEED CDB (MMC-5 6.37). */
export const setCdSpeedCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.37 (BBh)" },
  rotationControl: {
    offset: 1,
    size: 1,
    type: "u8",
    bits: [1, 0],
    clause: "MMC-5 6.37 Rotational Control (0 CLV, 1 CAV)",
  },
  readSpeed: { offset: 2, size: 2, type: "u16be", clause: "MMC-5 6.37 Logical Unit Read Speed" },
  writeSpeed: { offset: 4, size: 2, type: "u16be", clause: "MMC-5 6.37 Logical Unit Write Speed" },
} as const satisfies FieldTable;

/** Fields of a SET CD SPEED CDB. */
export type SetCdSpeedCdb = CdbFields<typeof setCdSpeedCdbTable>;

/** SET CD SPEED: 12-byte CDB, no data. */
export const setCdSpeed: MmcCommand<typeof setCdSpeedCdbTable> = defineCommand({
  name: "SET CD SPEED",
  opcode: 0xbb,
  cdbLength: 12,
  direction: "none",
  clause: "MMC-5 6.37",
  cdb: setCdSpeedCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a SET CD SPEED CDB; both speeds default to the maximum (FFFFh).
 *
 * @param fields Read and write speed (kB/s), rotation control.
 * @returns The CDB.
 */
export function buildSetCdSpeedCdb(fields: Partial<SetCdSpeedCdb> = {}): Uint8Array {
  return setCdSpeed.build({ readSpeed: maximumCdSpeed, writeSpeed: maximumCdSpeed, ...fields });
}

/**
 * Parse a SET CD SPEED CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseSetCdSpeedCdb(cdb: Uint8Array): SetCdSpeedCdb {
  return setCdSpeed.parse(cdb);
}
