/**
 * The CD/DVD Capabilities and Mechanical Status mode page (2Ah): what the drive reads and
 * writes, buffer size, tray, and the write speed descriptors (MMC-3 6.3.11; reference/mmc.md
 * 3.9). Read-only. Drives and QEMU send it short (page length 14h or 12h): fields past the
 * page length read as 0. Since MMC-5 GET PERFORMANCE type 03h supersedes its speeds.
 *
 * @module
 */

import type { FieldTable, FieldValues } from "../records/field_table.ts";
import { buildRecord, type PayloadContext, payloadError, readRecordPrefix } from "./payload.ts";

/** Page 2Ah up to the descriptor count (32 bytes). */
export const capabilitiesPageTable = {
  pageCode: { offset: 0, size: 1, type: "u8", bits: [5, 0], clause: "MMC-3 6.3.11 (2Ah)" },
  pageLength: { offset: 1, size: 1, type: "u8", clause: "MMC-3 6.3.11 Page Length" },
  readDvdRam: { offset: 2, size: 1, type: "bool", bits: [5, 5], clause: "MMC-3 6.3.11" },
  readDvdR: { offset: 2, size: 1, type: "bool", bits: [4, 4], clause: "MMC-3 6.3.11 DVD-R Read" },
  readDvdRom: { offset: 2, size: 1, type: "bool", bits: [3, 3], clause: "MMC-3 6.3.11" },
  method2: { offset: 2, size: 1, type: "bool", bits: [2, 2], clause: "MMC-3 6.3.11 Method 2" },
  readCdRw: { offset: 2, size: 1, type: "bool", bits: [1, 1], clause: "MMC-3 6.3.11 CD-RW Read" },
  readCdR: { offset: 2, size: 1, type: "bool", bits: [0, 0], clause: "MMC-3 6.3.11 CD-R Read" },
  writeDvdRam: { offset: 3, size: 1, type: "bool", bits: [5, 5], clause: "MMC-3 6.3.11" },
  writeDvdR: { offset: 3, size: 1, type: "bool", bits: [4, 4], clause: "MMC-3 6.3.11 DVD-R Write" },
  testWrite: { offset: 3, size: 1, type: "bool", bits: [2, 2], clause: "MMC-3 6.3.11 Test Write" },
  writeCdRw: { offset: 3, size: 1, type: "bool", bits: [1, 1], clause: "MMC-3 6.3.11 CD-RW Write" },
  writeCdR: { offset: 3, size: 1, type: "bool", bits: [0, 0], clause: "MMC-3 6.3.11 CD-R Write" },
  bufferUnderrunFree: { offset: 4, size: 1, type: "bool", bits: [7, 7], clause: "MMC-3 6.3.11" },
  multiSession: { offset: 4, size: 1, type: "bool", bits: [6, 6], clause: "MMC-3 6.3.11" },
  mode2Form2: { offset: 4, size: 1, type: "bool", bits: [5, 5], clause: "MMC-3 6.3.11" },
  mode2Form1: { offset: 4, size: 1, type: "bool", bits: [4, 4], clause: "MMC-3 6.3.11" },
  digitalPort2: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: "MMC-3 6.3.11" },
  digitalPort1: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: "MMC-3 6.3.11" },
  composite: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: "MMC-3 6.3.11 Composite" },
  audioPlay: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-3 6.3.11 Audio Play" },
  readBarCode: { offset: 5, size: 1, type: "bool", bits: [7, 7], clause: "MMC-3 6.3.11" },
  upc: { offset: 5, size: 1, type: "bool", bits: [6, 6], clause: "MMC-3 6.3.11 UPC" },
  isrc: { offset: 5, size: 1, type: "bool", bits: [5, 5], clause: "MMC-3 6.3.11 ISRC" },
  c2Pointers: { offset: 5, size: 1, type: "bool", bits: [4, 4], clause: "MMC-3 6.3.11" },
  rwDeinterleaved: { offset: 5, size: 1, type: "bool", bits: [3, 3], clause: "MMC-3 6.3.11" },
  rwSupported: { offset: 5, size: 1, type: "bool", bits: [2, 2], clause: "MMC-3 6.3.11" },
  cddaAccurate: { offset: 5, size: 1, type: "bool", bits: [1, 1], clause: "MMC-3 6.3.11" },
  cddaCommands: { offset: 5, size: 1, type: "bool", bits: [0, 0], clause: "MMC-3 6.3.11" },
  loadingMechanism: { offset: 6, size: 1, type: "u8", bits: [7, 5], clause: "MMC-3 6.3.11" },
  eject: { offset: 6, size: 1, type: "bool", bits: [3, 3], clause: "MMC-3 6.3.11 Eject" },
  preventJumper: { offset: 6, size: 1, type: "bool", bits: [2, 2], clause: "MMC-3 6.3.11" },
  lockState: { offset: 6, size: 1, type: "bool", bits: [1, 1], clause: "MMC-3 6.3.11 Lock State" },
  lock: { offset: 6, size: 1, type: "bool", bits: [0, 0], clause: "MMC-3 6.3.11 Lock" },
  rwInLeadIn: { offset: 7, size: 1, type: "bool", bits: [5, 5], clause: "MMC-3 6.3.11" },
  sideChange: { offset: 7, size: 1, type: "bool", bits: [4, 4], clause: "MMC-3 6.3.11" },
  slotSelection: { offset: 7, size: 1, type: "bool", bits: [3, 3], clause: "MMC-3 6.3.11" },
  discPresent: { offset: 7, size: 1, type: "bool", bits: [2, 2], clause: "MMC-3 6.3.11" },
  separateMute: { offset: 7, size: 1, type: "bool", bits: [1, 1], clause: "MMC-3 6.3.11" },
  separateVolume: { offset: 7, size: 1, type: "bool", bits: [0, 0], clause: "MMC-3 6.3.11 Volume" },
  maxReadSpeed: { offset: 8, size: 2, type: "u16be", clause: "MMC-3 6.3.11" },
  volumeLevels: { offset: 10, size: 2, type: "u16be", clause: "MMC-3 6.3.11 Volume Levels" },
  bufferSize: { offset: 12, size: 2, type: "u16be", clause: "MMC-3 6.3.11 Buffer Size (KiB)" },
  currentReadSpeed: { offset: 14, size: 2, type: "u16be", clause: "MMC-3 6.3.11" },
  digitalOutput: { offset: 17, size: 1, type: "u8", clause: "MMC-3 6.3.11 Length/LSBF/RCK/BCK" },
  maxWriteSpeed: { offset: 18, size: 2, type: "u16be", clause: "MMC-3 6.3.11" },
  legacyCurrentWriteSpeed: { offset: 20, size: 2, type: "u16be", clause: "MMC-3 6.3.11" },
  copyManagementRevision: { offset: 22, size: 2, type: "u16be", clause: "MMC-3 6.3.11" },
  rotationControl: { offset: 27, size: 1, type: "u8", bits: [1, 0], clause: "MMC-3 6.3.11" },
  currentWriteSpeed: { offset: 28, size: 2, type: "u16be", clause: "MMC-3 6.3.11" },
  writeSpeedCount: { offset: 30, size: 2, type: "u16be", clause: "MMC-3 6.3.11 Descriptor count" },
} as const satisfies FieldTable;

/** A write speed performance descriptor (from byte 32, 4 bytes each). */
export const writeSpeedDescriptorTable = {
  rotationControl: { offset: 1, size: 1, type: "u8", bits: [2, 0], clause: "MMC-3 6.3.11" },
  writeSpeed: { offset: 2, size: 2, type: "u16be", clause: "MMC-3 6.3.11" },
} as const satisfies FieldTable;

/** A write speed descriptor. */
export type WriteSpeedDescriptor = FieldValues<typeof writeSpeedDescriptorTable>;

/** Page 2Ah's fields, plus the write speed descriptors that arrived. */
export type Capabilities = FieldValues<typeof capabilitiesPageTable> & {
  /** Bytes of the page that are valid (2 + page length, limited by what arrived). */
  validLength: number;
  /** The write speed descriptors within the page. */
  writeSpeeds: WriteSpeedDescriptor[];
};

const ctx: PayloadContext = { commandName: "MODE SENSE(10)", part: "response" };

/**
 * Parse page 2Ah. Short pages (QEMU's page length 14h, old ones 12h) are fine: fields past
 * the page read as 0 and there are no descriptors.
 *
 * @param page The page bytes, from byte 0.
 * @returns The fields and descriptors.
 * @throws {MmcDataError} When the bytes are not page 2Ah.
 */
export function parseCapabilitiesPage(page: Uint8Array): Capabilities {
  if (page.length < 2 || (page[0]! & 0x3f) !== 0x2a) {
    throw payloadError(ctx, 0, `page ${page.length ? page[0]! & 0x3f : "(none)"} is not 2Ah`);
  }
  const end = Math.min(page.length, 2 + page[1]!);
  const v = readRecordPrefix(page, 0, end, capabilitiesPageTable);
  const writeSpeeds: WriteSpeedDescriptor[] = [];
  for (let i = 0, at = 32; i < v.writeSpeedCount && at + 4 <= end; i++, at += 4) {
    writeSpeeds.push(readRecordPrefix(page, at, end, writeSpeedDescriptorTable));
  }
  return { ...v, validLength: end, writeSpeeds };
}

/**
 * Build page 2Ah (the drive side): 32 bytes plus 4 per descriptor, or fewer when a short
 * `pageLength` is given (to model QEMU's 14h).
 *
 * @param values Fields and descriptors.
 * @returns The page bytes.
 */
export function buildCapabilitiesPage(
  values: Partial<Omit<Capabilities, "validLength">>,
): Uint8Array {
  const { writeSpeeds = [], ...fields } = values;
  const full = 32 + 4 * writeSpeeds.length;
  const pageLength = fields.pageLength ?? full - 2;
  const out = buildRecord(capabilitiesPageTable, {
    ...fields,
    pageCode: 0x2a,
    pageLength,
    writeSpeedCount: writeSpeeds.length,
  }, Math.max(full, 2 + pageLength));
  writeSpeeds.forEach((d, i) => out.set(buildRecord(writeSpeedDescriptorTable, d), 32 + 4 * i));
  return out.subarray(0, 2 + pageLength);
}
