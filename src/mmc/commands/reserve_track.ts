/**
 * RESERVE TRACK (53h): reserve a track of the given size, in blocks (MMC-5 6.30,
 * reference/mmc.md 3.13). Used for DVD-R/-RW DAO (the exact session size) and optionally to
 * pre-size a DVD+R or BD-R track. With ARSV=1 bytes 2-8 would carry an address reservation
 * (BD-R); kiln models only ARSV=0.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defineCommand, type MmcCommand } from "../command.ts";

/** RESERVE TRACK CDB, ARSV=0 form (MMC-5 6.30). */
export const reserveTrackCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.30 (53h)" },
  arsv: { offset: 1, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.30 ARSV" },
  reservationSize: {
    offset: 5,
    size: 4,
    type: "u32be",
    clause: "MMC-5 6.30 Reservation Size (blocks)",
  },
} as const satisfies FieldTable;

/** Fields of a RESERVE TRACK CDB. */
export type ReserveTrackCdb = CdbFields<typeof reserveTrackCdbTable>;

/** RESERVE TRACK: 10-byte CDB, no data, 200 s. */
export const reserveTrack: MmcCommand<typeof reserveTrackCdbTable> = defineCommand({
  name: "RESERVE TRACK",
  opcode: 0x53,
  cdbLength: 10,
  direction: "none",
  clause: "MMC-5 6.30",
  cdb: reserveTrackCdbTable,
  timeoutMs: 200_000,
});

/**
 * Build a RESERVE TRACK CDB.
 *
 * @param fields Reservation size in blocks.
 * @returns The CDB.
 */
export function buildReserveTrackCdb(fields: Partial<ReserveTrackCdb>): Uint8Array {
  return reserveTrack.build(fields);
}

/**
 * Parse a RESERVE TRACK CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseReserveTrackCdb(cdb: Uint8Array): ReserveTrackCdb {
  return reserveTrack.parse(cdb);
}
