/**
 * ECMA-119 (ISO 9660) record layouts as field tables, with the clause of every field.
 * Joliet's supplementary descriptor uses the same layout (ECMA-119 8.5) with UCS-2 text.
 *
 * @module
 */

import type { FieldTable } from "./field_table.ts";

/** Logical sector and block size used by kiln (ECMA-119 6.1.2, 6.2.2). */
export const SECTOR_SIZE = 2048;
/** First sector of the volume descriptor set (ECMA-119 6.2.1: system area is 16 sectors). */
export const FIRST_DESCRIPTOR_LBA = 16;

/** Volume descriptor types (ECMA-119 8.1.1, 8.2–8.5). */
export const VolumeDescriptorType = {
  /** El Torito boot record (8.2). */
  boot: 0,
  /** Primary volume descriptor (8.4). */
  primary: 1,
  /** Supplementary volume descriptor (8.5), used by Joliet. */
  supplementary: 2,
  /** Volume descriptor set terminator (8.3). */
  terminator: 255,
} as const;

/** Joliet UCS-2 level 3 escape sequence `%/E` (Joliet spec, ECMA-119 8.5.6). */
export const JOLIET_ESCAPE = new Uint8Array([0x25, 0x2f, 0x45]);

/** Primary and supplementary volume descriptor (ECMA-119 8.4 and 8.5). */
export const volumeDescriptorTable = {
  type: { offset: 0, size: 1, type: "u8", clause: "8.4.1" },
  standardId: { offset: 1, size: 5, type: "chars", clause: "8.4.2" },
  version: { offset: 6, size: 1, type: "u8", clause: "8.4.3" },
  volumeFlags: { offset: 7, size: 1, type: "u8", clause: "8.5.3" },
  systemId: { offset: 8, size: 32, type: "chars", clause: "8.4.5" },
  volumeId: { offset: 40, size: 32, type: "chars", clause: "8.4.6" },
  volumeSpaceSize: { offset: 80, size: 8, type: "u32both", clause: "8.4.8" },
  escapeSequences: { offset: 88, size: 32, type: "bytes", clause: "8.5.6" },
  volumeSetSize: { offset: 120, size: 4, type: "u16both", clause: "8.4.10" },
  volumeSequenceNumber: { offset: 124, size: 4, type: "u16both", clause: "8.4.11" },
  logicalBlockSize: { offset: 128, size: 4, type: "u16both", clause: "8.4.12" },
  pathTableSize: { offset: 132, size: 8, type: "u32both", clause: "8.4.13" },
  typeLPathTable: { offset: 140, size: 4, type: "u32le", clause: "8.4.14" },
  optionalTypeLPathTable: { offset: 144, size: 4, type: "u32le", clause: "8.4.15" },
  typeMPathTable: { offset: 148, size: 4, type: "u32be", clause: "8.4.16" },
  optionalTypeMPathTable: { offset: 152, size: 4, type: "u32be", clause: "8.4.17" },
  rootDirectoryRecord: { offset: 156, size: 34, type: "bytes", clause: "8.4.18" },
  volumeSetId: { offset: 190, size: 128, type: "chars", clause: "8.4.19" },
  publisherId: { offset: 318, size: 128, type: "chars", clause: "8.4.20" },
  preparerId: { offset: 446, size: 128, type: "chars", clause: "8.4.21" },
  applicationId: { offset: 574, size: 128, type: "chars", clause: "8.4.22" },
  copyrightFileId: { offset: 702, size: 37, type: "chars", clause: "8.4.23" },
  abstractFileId: { offset: 739, size: 37, type: "chars", clause: "8.4.24" },
  bibliographicFileId: { offset: 776, size: 37, type: "chars", clause: "8.4.25" },
  creationTime: { offset: 813, size: 17, type: "decDateTime", clause: "8.4.26" },
  modificationTime: { offset: 830, size: 17, type: "decDateTime", clause: "8.4.27" },
  expirationTime: { offset: 847, size: 17, type: "decDateTime", clause: "8.4.28" },
  effectiveTime: { offset: 864, size: 17, type: "decDateTime", clause: "8.4.29" },
  fileStructureVersion: { offset: 881, size: 1, type: "u8", clause: "8.4.31" },
} as const satisfies FieldTable;

/** The same descriptor with its identifiers in UCS-2 (Joliet supplementary descriptor). */
export const jolietDescriptorTable = {
  ...volumeDescriptorTable,
  systemId: { offset: 8, size: 32, type: "ucs2be", clause: "8.5.5 (Joliet)" },
  volumeId: { offset: 40, size: 32, type: "ucs2be", clause: "8.5.6 (Joliet)" },
  volumeSetId: { offset: 190, size: 128, type: "ucs2be", clause: "8.5.7 (Joliet)" },
  publisherId: { offset: 318, size: 128, type: "ucs2be", clause: "8.5.8 (Joliet)" },
  preparerId: { offset: 446, size: 128, type: "ucs2be", clause: "8.5.9 (Joliet)" },
  applicationId: { offset: 574, size: 128, type: "ucs2be", clause: "8.5.10 (Joliet)" },
  copyrightFileId: { offset: 702, size: 37, type: "ucs2be", clause: "8.5.11 (Joliet)" },
  abstractFileId: { offset: 739, size: 37, type: "ucs2be", clause: "8.5.12 (Joliet)" },
  bibliographicFileId: { offset: 776, size: 37, type: "ucs2be", clause: "8.5.13 (Joliet)" },
} as const satisfies FieldTable;

/** Volume descriptor set terminator (ECMA-119 8.3). */
export const terminatorTable = {
  type: { offset: 0, size: 1, type: "u8", clause: "8.3.1" },
  standardId: { offset: 1, size: 5, type: "chars", clause: "8.3.2" },
  version: { offset: 6, size: 1, type: "u8", clause: "8.3.3" },
} as const satisfies FieldTable;

/** Fixed part of a directory record (ECMA-119 9.1); the identifier follows at byte 33. */
export const directoryRecordTable = {
  length: { offset: 0, size: 1, type: "u8", clause: "9.1.1" },
  extAttrLength: { offset: 1, size: 1, type: "u8", clause: "9.1.2" },
  extent: { offset: 2, size: 8, type: "u32both", clause: "9.1.3" },
  dataLength: { offset: 10, size: 8, type: "u32both", clause: "9.1.4" },
  recordingTime: { offset: 18, size: 7, type: "dirDateTime", clause: "9.1.5" },
  flags: { offset: 25, size: 1, type: "u8", clause: "9.1.6" },
  unitSize: { offset: 26, size: 1, type: "u8", clause: "9.1.7" },
  interleaveGap: { offset: 27, size: 1, type: "u8", clause: "9.1.8" },
  volumeSequenceNumber: { offset: 28, size: 4, type: "u16both", clause: "9.1.9" },
  identifierLength: { offset: 32, size: 1, type: "u8", clause: "9.1.10" },
} as const satisfies FieldTable;

/** Offset of the file identifier in a directory record (ECMA-119 9.1.11). */
export const DIRECTORY_RECORD_IDENTIFIER_OFFSET = 33;

/** File flags of a directory record (ECMA-119 9.1.6). */
export const FileFlags = {
  /** Bit 0: hidden ("existence"). */
  hidden: 0x01,
  /** Bit 1: the record identifies a directory. */
  directory: 0x02,
  /** Bit 7: not the final record of a multi-extent file. */
  multiExtent: 0x80,
} as const;

/** Type L path table record; type M has the same fields big-endian (ECMA-119 9.4). */
export const pathTableRecordTable = {
  identifierLength: { offset: 0, size: 1, type: "u8", clause: "9.4.1" },
  extAttrLength: { offset: 1, size: 1, type: "u8", clause: "9.4.2" },
  extent: { offset: 2, size: 4, type: "u32le", clause: "9.4.3" },
  parentNumber: { offset: 6, size: 2, type: "u16le", clause: "9.4.4" },
} as const satisfies FieldTable;

/** Big-endian variant of {@linkcode pathTableRecordTable} (type M path table). */
export const pathTableRecordTableM = {
  ...pathTableRecordTable,
  extent: { offset: 2, size: 4, type: "u32be", clause: "9.4.3" },
  parentNumber: { offset: 6, size: 2, type: "u16be", clause: "9.4.4" },
} as const satisfies FieldTable;

/** Length of a directory record for an identifier and system-use length (ECMA-119 9.1.12, 9.1.13). */
export function directoryRecordLength(identifierLength: number, systemUseLength: number): number {
  return 33 + identifierLength + ((identifierLength & 1) ^ 1) + systemUseLength;
}

/** Length of a path table record for an identifier (ECMA-119 9.4.5, 9.4.6). */
export function pathTableRecordLength(identifierLength: number): number {
  return 8 + identifierLength + (identifierLength & 1);
}
