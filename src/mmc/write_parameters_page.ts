/**
 * The Write Parameters mode page (05h): write type, multi-session, track mode, data block
 * type, link size, packet size, for CD and DVD-R/-RW (MMC-5 7.5; reference/mmc.md 3.9).
 * DVD+R, DVD+RW, DVD-RAM and BD take no page 05h. Offsets are from the page start; the page
 * length is 32h on MMC-3/5 drives, some use 36h or 38h: keep the drive's.
 *
 * @module
 */

import type { FieldTable, FieldValues } from "../records/field_table.ts";
import { buildRecord, type PayloadContext, payloadError, readRecordPrefix } from "./payload.ts";

/** Write types (byte 2 bits 3..0). */
export const WriteType = {
  /** Packet/incremental (DVD-R incremental). */
  packet: 0,
  /** Track at once (CD). */
  tao: 1,
  /** Session at once (CD) / disc at once (DVD-R). */
  sao: 2,
  /** Raw (CD). */
  raw: 3,
  /** Layer jump (DVD-R DL). */
  layerJump: 4,
} as const;

/** Multi-session field values (byte 3 bits 7..6). */
export const MultiSession = {
  /** No next session: the disc is closed at CLOSE SESSION. */
  none: 0,
  /** Next session not allowed (B0 pointer FFFFFFh). */
  notAllowed: 1,
  /** Next session allowed. */
  allowed: 3,
} as const;

/** Data block types (byte 4 bits 3..0). */
export const DataBlockType = {
  /** Raw 2352 bytes (CD-DA). */
  raw2352: 0,
  /** Mode 1, 2048 bytes. */
  mode1: 8,
  /** Mode 2, 2336 bytes. */
  mode2: 9,
  /** Mode 2 Form 1, 2048 bytes. */
  mode2Form1: 10,
  /** Mode 2 Form 1 with subheader, 2056 bytes. */
  mode2Form1Subheader: 11,
  /** Mode 2 Form 2, 2324 bytes. */
  mode2Form2: 12,
  /** Mode 2 mixed, 2332 bytes. */
  mode2Mixed: 13,
} as const;

/** The Write Parameters page (MMC-5 7.5.2), 56 bytes at page length 36h. */
export const writeParametersPageTable = {
  savable: { offset: 0, size: 1, type: "bool", bits: [7, 7], clause: "MMC-5 7.5.2 PS" },
  pageCode: { offset: 0, size: 1, type: "u8", bits: [5, 0], clause: "MMC-5 7.5.2 (05h)" },
  pageLength: { offset: 1, size: 1, type: "u8", clause: "MMC-5 7.5.2 (32h)" },
  bufe: { offset: 2, size: 1, type: "bool", bits: [6, 6], clause: "MMC-5 7.5.2 BUFE" },
  linkSizeValid: { offset: 2, size: 1, type: "bool", bits: [5, 5], clause: "MMC-5 LS_V" },
  testWrite: { offset: 2, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 7.5.2" },
  writeType: { offset: 2, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 7.5.2" },
  multiSession: { offset: 3, size: 1, type: "u8", bits: [7, 6], clause: "MMC-5 7.5.2" },
  fixedPacket: { offset: 3, size: 1, type: "bool", bits: [5, 5], clause: "MMC-5 7.5.2 FP" },
  copy: { offset: 3, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 7.5.2 Copy" },
  trackMode: { offset: 3, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 7.5.2" },
  dataBlockType: { offset: 4, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 7.5.2" },
  linkSize: { offset: 5, size: 1, type: "u8", clause: "MMC-5 7.5.2 Link Size" },
  hostApplicationCode: { offset: 7, size: 1, type: "u8", bits: [5, 0], clause: "MMC-5 7.5.2" },
  sessionFormat: { offset: 8, size: 1, type: "u8", clause: "MMC-5 7.5.2 Session Format" },
  packetSize: { offset: 10, size: 4, type: "u32be", clause: "MMC-5 7.5.2 Packet Size" },
  audioPauseLength: { offset: 14, size: 2, type: "u16be", clause: "MMC-5 7.5.2" },
  mediaCatalogNumber: { offset: 16, size: 16, type: "bytes", clause: "MMC-5 7.5.2 MCN" },
  isrc: { offset: 32, size: 16, type: "bytes", clause: "MMC-5 7.5.2 ISRC" },
  subHeader: { offset: 48, size: 4, type: "bytes", clause: "MMC-5 7.5.2 Sub-header" },
  vendorSpecific: { offset: 52, size: 4, type: "bytes", clause: "MMC-5 7.5.2" },
} as const satisfies FieldTable;

/** The page's fields. */
export type WriteParameters = FieldValues<typeof writeParametersPageTable>;

const ctx: PayloadContext = { commandName: "MODE SENSE(10)", part: "response" };

/**
 * Parse a Write Parameters page (fields past its page length read as 0).
 *
 * @param page The page bytes, from byte 0 (page code).
 * @returns The fields.
 * @throws {MmcDataError} When the bytes are not page 05h.
 */
export function parseWriteParametersPage(page: Uint8Array): WriteParameters {
  if (page.length < 2 || (page[0]! & 0x3f) !== 0x05) {
    throw payloadError(ctx, 0, `page ${page.length ? page[0]! & 0x3f : "(none)"} is not 05h`);
  }
  return readRecordPrefix(page, 0, Math.min(page.length, 2 + page[1]!), writeParametersPageTable);
}

/**
 * Build a Write Parameters page: code 05h, PS clear, the given page length (default 32h),
 * other fields as given (0 otherwise). The libburn CD TAO data page is
 * `{ bufe, writeType: 1, multiSession: 3, trackMode: 4, dataBlockType: 8, audioPauseLength: 150 }`.
 *
 * @param values Fields.
 * @returns `2 + pageLength` bytes.
 */
export function buildWriteParametersPage(values: Partial<WriteParameters>): Uint8Array {
  const pageLength = values.pageLength ?? 0x32;
  const full = buildRecord(writeParametersPageTable, {
    ...values,
    savable: false,
    pageCode: 0x05,
    pageLength,
  }, Math.max(56, 2 + pageLength));
  return full.subarray(0, 2 + pageLength);
}
