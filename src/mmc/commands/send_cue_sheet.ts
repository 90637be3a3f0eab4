/**
 * SEND CUE SHEET (5Dh): the CD SAO layout, 8 bytes per entry (MMC-5 6.33, reference/mmc.md
 * 3.14). Entries give CTL/ADR, track, index, data form, SCMS and the start MSF.
 *
 * @module
 */

import type { FieldTable, FieldValues } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import { buildRecord, type PayloadContext, payloadError, readRecord } from "../payload.ts";

/** Data forms of a cue sheet entry (MMC-5 6.33.3.18). */
export const CueDataForm = {
  /** CD-DA, 2352 bytes of audio. */
  audio: 0x00,
  /** Audio pause (lead-in, lead-out, pregap). */
  audioPause: 0x01,
  /** CD-ROM Mode 1, 2048 bytes. */
  mode1: 0x10,
  /** Mode 1 data pause (lead-in, lead-out, pregap). */
  mode1Pause: 0x14,
} as const;

/** SEND CUE SHEET CDB (MMC-5 6.33). */
export const sendCueSheetCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.33 (5Dh)" },
  cueSheetSize: { offset: 6, size: 3, type: "u24be", clause: "MMC-5 6.33 Cue Sheet Size" },
} as const satisfies FieldTable;

/** Fields of a SEND CUE SHEET CDB. */
export type SendCueSheetCdb = CdbFields<typeof sendCueSheetCdbTable>;

/** SEND CUE SHEET: 10-byte CDB, data out. */
export const sendCueSheet: MmcCommand<typeof sendCueSheetCdbTable> = defineCommand({
  name: "SEND CUE SHEET",
  opcode: 0x5d,
  cdbLength: 10,
  direction: "out",
  clause: "MMC-5 6.33",
  cdb: sendCueSheetCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a SEND CUE SHEET CDB.
 *
 * @param fields Cue sheet size in bytes.
 * @returns The CDB.
 */
export function buildSendCueSheetCdb(fields: Partial<SendCueSheetCdb>): Uint8Array {
  return sendCueSheet.build(fields);
}

/**
 * Parse a SEND CUE SHEET CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseSendCueSheetCdb(cdb: Uint8Array): SendCueSheetCdb {
  return sendCueSheet.parse(cdb);
}

/** A cue sheet entry (MMC-5 6.33.3, 8 bytes). */
export const cueEntryTable = {
  control: { offset: 0, size: 1, type: "u8", bits: [7, 4], clause: "MMC-5 6.33.3 CTL" },
  adr: { offset: 0, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 6.33.3 ADR" },
  track: { offset: 1, size: 1, type: "u8", clause: "MMC-5 6.33.3 TNO (AAh lead-out)" },
  index: { offset: 2, size: 1, type: "u8", clause: "MMC-5 6.33.3 INDEX" },
  dataForm: { offset: 3, size: 1, type: "u8", clause: "MMC-5 6.33.3.18 DATA FORM" },
  scms: { offset: 4, size: 1, type: "u8", clause: "MMC-5 6.33.3 SCMS" },
  min: { offset: 5, size: 1, type: "u8", clause: "MMC-5 6.33.3 ABSOLUTE TIME" },
  sec: { offset: 6, size: 1, type: "u8", clause: "MMC-5 6.33.3" },
  frame: { offset: 7, size: 1, type: "u8", clause: "MMC-5 6.33.3" },
} as const satisfies FieldTable;

/** One cue sheet entry. */
export type CueEntry = FieldValues<typeof cueEntryTable>;

/**
 * Build the cue sheet.
 *
 * @param entries The entries, in order.
 * @returns 8 bytes per entry.
 */
export function buildCueSheet(entries: readonly Partial<CueEntry>[]): Uint8Array {
  const out = new Uint8Array(8 * entries.length);
  entries.forEach((e, i) => out.set(buildRecord(cueEntryTable, e), 8 * i));
  return out;
}

const ctx: PayloadContext = { commandName: "SEND CUE SHEET", part: "parameter list" };

/**
 * Parse a cue sheet (the drive side).
 *
 * @param bytes The parameter list.
 * @returns The entries.
 * @throws {MmcDataError} When the size is not a multiple of 8.
 */
export function parseCueSheet(bytes: Uint8Array): CueEntry[] {
  if (bytes.length % 8 !== 0) {
    throw payloadError(
      ctx,
      bytes.length - (bytes.length % 8),
      `${bytes.length} bytes is not 8 × n`,
    );
  }
  const out: CueEntry[] = [];
  for (let at = 0; at < bytes.length; at += 8) {
    out.push(readRecord(bytes, at, cueEntryTable, ctx, "a cue sheet entry"));
  }
  return out;
}
