/**
 * CLOSE TRACK/SESSION (5Bh): close a track, close a session, or finalize the disc (MMC-5
 * 6.3, reference/mmc.md 3.12). The close function decides; which one a medium needs is in
 * the table of {@linkcode CloseFunction}. Always sent with Immed, then polled.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defineCommand, type MmcCommand } from "../command.ts";

/** Close functions (MMC-5 6.3.3, CDB byte 2 bits 2..0). */
export const CloseFunction = {
  /** 000b: stop a DVD+RW background format ("de-icing"). */
  stopBackgroundFormat: 0,
  /** 001b: close the logical track named in bytes 4-5 (DVD-R/-RW, DVD+R, BD-R). */
  closeTrack: 1,
  /** 010b: close the session; CD TAO appendability follows page 05h Multi-session. */
  closeSession: 2,
  /** 011b: close session, DVD-RW quick (unclear use, reference/mmc.md 3.12). */
  closeSessionQuick: 3,
  /** 100b: legacy finalize variant (not used). */
  finalizeLegacy: 4,
  /** 101b: finalize with minimal radius (DVD+R, DVD+R DL). */
  finalizeMinimalRadius: 5,
  /** 110b: finalize the disc (DVD+R single layer, BD-R). */
  finalizeDisc: 6,
} as const;

/** CLOSE TRACK/SESSION CDB (MMC-5 6.3). */
export const closeTrackSessionCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.3 (5Bh)" },
  immed: { offset: 1, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.3 Immed" },
  closeFunction: {
    offset: 2,
    size: 1,
    type: "u8",
    bits: [2, 0],
    clause: "MMC-5 6.3 Close Function",
  },
  trackNumber: { offset: 4, size: 2, type: "u16be", clause: "MMC-5 6.3 Logical Track Number" },
} as const satisfies FieldTable;

/** Fields of a CLOSE TRACK/SESSION CDB. */
export type CloseTrackSessionCdb = CdbFields<typeof closeTrackSessionCdbTable>;

/** CLOSE TRACK/SESSION: 10-byte CDB, no data; 200 s with Immed, 3600 s without. */
export const closeTrackSession: MmcCommand<typeof closeTrackSessionCdbTable> = defineCommand({
  name: "CLOSE TRACK/SESSION",
  opcode: 0x5b,
  cdbLength: 10,
  direction: "none",
  clause: "MMC-5 6.3",
  cdb: closeTrackSessionCdbTable,
  timeoutMs: (f) => (f.immed ? 200_000 : 3_600_000),
});

/**
 * Build a CLOSE TRACK/SESSION CDB; closing track 1 with Immed is
 * `5B 01 01 00 00 01 00 00 00 00`.
 *
 * @param fields Immed, close function, track number.
 * @returns The CDB.
 */
export function buildCloseTrackSessionCdb(fields: Partial<CloseTrackSessionCdb>): Uint8Array {
  return closeTrackSession.build(fields);
}

/**
 * Parse a CLOSE TRACK/SESSION CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseCloseTrackSessionCdb(cdb: Uint8Array): CloseTrackSessionCdb {
  return closeTrackSession.parse(cdb);
}
