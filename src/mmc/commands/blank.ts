/**
 * BLANK (A1h): erase a CD-RW or DVD-RW, fully or minimally (MMC-5 6.2, reference/mmc.md
 * 3.16). After a minimal blank a DVD-RW can only be written DAO. Sent with Immed, then
 * polled (progress in the sense-key specific bytes).
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defineCommand, type MmcCommand } from "../command.ts";

/** Blanking types (MMC-5 6.2, CDB byte 1 bits 2..0). */
export const BlankingType = {
  /** 000b: the whole disc. */
  full: 0,
  /** 001b: PMA, TOC and lead-in only (minimal). */
  minimal: 1,
  /** 010b: one track. */
  track: 2,
  /** 011b: unreserve a track. */
  unreserveTrack: 3,
  /** 100b: the tail of a track. */
  trackTail: 4,
  /** 101b: unclose the last session. */
  uncloseLastSession: 5,
  /** 110b: blank the last session. */
  lastSession: 6,
} as const;

/** BLANK CDB (MMC-5 6.2). */
export const blankCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.2 (A1h)" },
  immed: { offset: 1, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 6.2 Immed" },
  blankingType: {
    offset: 1,
    size: 1,
    type: "u8",
    bits: [2, 0],
    clause: "MMC-5 6.2 Blanking Type",
  },
  startAddress: {
    offset: 2,
    size: 4,
    type: "u32be",
    clause: "MMC-5 6.2 Start Address/Logical Track Number",
  },
} as const satisfies FieldTable;

/** Fields of a BLANK CDB. */
export type BlankCdb = CdbFields<typeof blankCdbTable>;

/** BLANK: 12-byte CDB, no data; 200 s with Immed, 18 000 s (5 h) without. */
export const blank: MmcCommand<typeof blankCdbTable> = defineCommand({
  name: "BLANK",
  opcode: 0xa1,
  cdbLength: 12,
  direction: "none",
  clause: "MMC-5 6.2",
  cdb: blankCdbTable,
  timeoutMs: (f) => (f.immed ? 200_000 : 18_000_000),
});

/**
 * Build a BLANK CDB; libburn's minimal blank with Immed is `A1 11 00 ...`.
 *
 * @param fields Immed, blanking type, start address or track number.
 * @returns The CDB.
 */
export function buildBlankCdb(fields: Partial<BlankCdb>): Uint8Array {
  return blank.build(fields);
}

/**
 * Parse a BLANK CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseBlankCdb(cdb: Uint8Array): BlankCdb {
  return blank.parse(cdb);
}
