/**
 * ECMA-167 (3rd edition) and OSTA UDF structures: the descriptor tag and the descriptors
 * a read-only UDF volume needs, as field tables with their clauses, plus the small
 * compound types (charspec, dstring, regid, timestamp, long_ad) they are made of.
 * Every number is little-endian (ECMA-167 1/7.1.3, 1/7.1.5).
 *
 * @module
 */

import { crc16Ccitt } from "../../wasm/core.ts";
import { dataViewOf, type FieldTable, writeFields, writeNumber } from "./field_table.ts";
import { smallBytes } from "./small_bytes.ts";
import { utcFields } from "./utc_fields.ts";

/** Tag identifiers (ECMA-167 3/7.2.1, 4/7.2.1). */
export const TagId = {
  primaryVolume: 1,
  anchor: 2,
  implementationUse: 4,
  partition: 5,
  logicalVolume: 6,
  unallocatedSpace: 7,
  terminating: 8,
  logicalVolumeIntegrity: 9,
  fileSet: 256,
  fileIdentifier: 257,
  fileEntry: 261,
  extendedFileEntry: 266,
} as const;

/** Descriptor tag (ECMA-167 3/7.2). */
export const tagTable = {
  identifier: { offset: 0, size: 2, type: "u16le", clause: "3/7.2.1" },
  version: { offset: 2, size: 2, type: "u16le", clause: "3/7.2.2 (2: NSR02, 3: NSR03)" },
  checksum: { offset: 4, size: 1, type: "u8", clause: "3/7.2.3" },
  serial: { offset: 6, size: 2, type: "u16le", clause: "3/7.2.5" },
  crc: { offset: 8, size: 2, type: "u16le", clause: "3/7.2.6" },
  crcLength: { offset: 10, size: 2, type: "u16le", clause: "3/7.2.7" },
  location: { offset: 12, size: 4, type: "u32le", clause: "3/7.2.8" },
} as const satisfies FieldTable;

/**
 * Fill in a descriptor tag: CRC-16 of the `crcLength` bytes after the tag (3/7.2.6, computed
 * by the WASM core), then the checksum of the tag's other 15 bytes (3/7.2.3).
 *
 * @param buf Buffer holding the descriptor.
 * @param at Offset of the descriptor.
 * @param id Tag identifier.
 * @param version Descriptor version (2 or 3).
 * @param location Logical sector (volume structures) or block (file structures) of the tag.
 * @param crcLength Bytes covered by the CRC.
 */
export function finishTag(
  buf: Uint8Array,
  at: number,
  id: number,
  version: number,
  location: number,
  crcLength: number,
): void {
  // Field by field (no lookup by name): every file entry and identifier has a tag.
  const view = dataViewOf(buf);
  const t = tagTable;
  writeNumber(view, at, t.identifier, id);
  writeNumber(view, at, t.version, version);
  writeNumber(view, at, t.crc, crc16Ccitt(buf.subarray(at + 16, at + 16 + crcLength)));
  writeNumber(view, at, t.crcLength, crcLength);
  writeNumber(view, at, t.location, location);
  let sum = 0;
  for (let i = 0; i < 16; i++) if (i !== t.checksum.offset) sum += buf[at + i]!;
  writeNumber(view, at, t.checksum, sum & 0xff);
}

/** Bytes of "OSTA Compressed Unicode" charspec (UDF 2.1.2, ECMA-167 1/7.2.1). */
export function charspec(): Uint8Array {
  const out = new Uint8Array(64);
  const text = "OSTA Compressed Unicode";
  for (let i = 0; i < text.length; i++) out[i + 1] = text.charCodeAt(i);
  return out;
}

/**
 * OSTA compressed unicode (UDF 2.1.1): compression id 8 for plain ASCII, 16 (UTF-16
 * big-endian) for anything else. UDF allows 8 for all of Latin-1, but readers disagree on
 * what bytes 0x80–0xFF mean there (pycdlib reads them as UTF-8 and then cannot find the
 * file), so kiln keeps 8-bit names to ASCII, where every reader agrees.
 *
 * @param text The text.
 * @param forceWide Use compression id 16 even for ASCII.
 * @returns Compression id followed by the characters.
 */
export function compressedUnicode(text: string, forceWide = false): Uint8Array {
  if (text === "") return new Uint8Array();
  let wide = forceWide;
  // Any UTF-16 unit above 0x7F (surrogates included) needs compression id 16.
  for (let i = 0; i < text.length && !wide; i++) wide = text.charCodeAt(i) > 0x7f;
  const out = smallBytes(1 + text.length * (wide ? 2 : 1));
  out[0] = wide ? 16 : 8;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (wide) {
      out[1 + 2 * i] = c >> 8;
      out[2 + 2 * i] = c & 0xff;
    } else out[1 + i] = c;
  }
  return out;
}

/**
 * A fixed-length dstring (ECMA-167 1/7.2.12): compressed unicode, zero padded, with the
 * used length in the last byte. Text too long for the field is cut.
 *
 * @param text The text.
 * @param size Field size.
 * @returns The field bytes.
 */
export function dstring(text: string, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let body = compressedUnicode(text);
  if (body.length > size - 1) {
    body = body.subarray(0, body[0] === 16 ? 1 + ((size - 2) & ~1) : size - 1);
  }
  out.set(body);
  out[size - 1] = body.length;
  return out;
}

/**
 * An entity identifier (ECMA-167 1/7.4, UDF 2.1.5): flags 0, identifier, 8-byte suffix.
 *
 * @param identifier Such as "*OSTA UDF Compliant".
 * @param suffix Suffix bytes (UDF 2.1.5.2–2.1.5.3).
 * @returns 32 bytes.
 */
export function regid(identifier: string, suffix: readonly number[] = []): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < identifier.length; i++) out[1 + i] = identifier.charCodeAt(i);
  out.set(suffix.slice(0, 8), 24);
  return out;
}

/**
 * A timestamp (ECMA-167 1/7.3) in Coordinated Universal Time: type 1, offset 0.
 *
 * @param d The time.
 * @returns 12 bytes.
 */
export function timestamp(d: Date): Uint8Array {
  const out = smallBytes(12);
  writeTimestamp(out, 0, d);
  return out;
}

/**
 * Write a {@linkcode timestamp} in place.
 *
 * @param buf Destination.
 * @param at Offset of the 12 bytes.
 * @param d The time.
 */
export function writeTimestamp(buf: Uint8Array, at: number, d: Date): void {
  const t = utcFields(d);
  buf[at] = 0x00; // 1/7.3.1: type 1 (local time), offset 0 minutes: 0x1000 little-endian
  buf[at + 1] = 0x10;
  buf[at + 2] = t.year & 0xff; // 1/7.3.2: Int16 little-endian
  buf[at + 3] = (t.year >> 8) & 0xff;
  buf[at + 4] = t.month;
  buf[at + 5] = t.day;
  buf[at + 6] = t.hours;
  buf[at + 7] = t.minutes;
  buf[at + 8] = t.seconds;
  buf[at + 9] = t.centiseconds;
  buf[at + 10] = 0; // hundreds of microseconds, microseconds
  buf[at + 11] = 0;
}

/** Long allocation descriptor (ECMA-167 4/14.14.2) with UDF's implementation use (UDF 2.3.10.1). */
export const longAdTable = {
  length: { offset: 0, size: 4, type: "u32le", clause: "4/14.14.2.1 (top 2 bits: extent type)" },
  block: { offset: 4, size: 4, type: "u32le", clause: "4/14.14.2.2 lb_addr block" },
  partition: { offset: 8, size: 2, type: "u16le", clause: "4/7.1 lb_addr partition reference" },
  flags: { offset: 10, size: 2, type: "u16le", clause: "UDF 2.3.10.1 ADImpUse flags" },
  uniqueId: { offset: 12, size: 4, type: "u32le", clause: "UDF 2.3.4.3 UDF unique id" },
} as const satisfies FieldTable;

/**
 * A long allocation descriptor (ECMA-167 4/14.14.2).
 *
 * @param length Extent length in bytes.
 * @param block Logical block in the partition.
 * @param partition Partition reference number (the index of its partition map).
 * @param uniqueId UDF unique id for the implementation use bytes (UDF 2.3.4.3), or 0.
 * @returns 16 bytes.
 */
export function longAd(length: number, block: number, partition = 0, uniqueId = 0): Uint8Array {
  const out = smallBytes(16);
  writeFields(out, 0, longAdTable, { length, block, partition, uniqueId });
  return out;
}

/**
 * Write a {@linkcode longAd} in place (into zeroed bytes).
 *
 * @param buf Destination.
 * @param at Offset of the 16 bytes.
 * @param length Extent length in bytes.
 * @param block Logical block in the partition.
 * @param partition Partition reference number.
 * @param uniqueId UDF unique id for the implementation use bytes, or 0.
 */
export function writeLongAd(
  buf: Uint8Array,
  at: number,
  length: number,
  block: number,
  partition: number,
  uniqueId: number,
): void {
  const view = dataViewOf(buf);
  writeNumber(view, at, longAdTable.length, length);
  writeNumber(view, at, longAdTable.block, block);
  writeNumber(view, at, longAdTable.partition, partition);
  writeNumber(view, at, longAdTable.uniqueId, uniqueId);
}

/** Volume structure descriptor of the recognition sequence (ECMA-167 2/9.1): BEA01, NSR0x, TEA01. */
export const volumeStructureTable = {
  type: { offset: 0, size: 1, type: "u8", clause: "2/9.1.1 (0)" },
  identifier: { offset: 1, size: 5, type: "chars", clause: "2/9.1.2" },
  version: { offset: 6, size: 1, type: "u8", clause: "2/9.1.3 (1)" },
} as const satisfies FieldTable;

/** Anchor volume descriptor pointer (ECMA-167 3/10.2). */
export const anchorTable = {
  mainLength: { offset: 16, size: 4, type: "u32le", clause: "3/10.2.2 extent_ad length" },
  mainLocation: { offset: 20, size: 4, type: "u32le", clause: "3/10.2.2 extent_ad location" },
  reserveLength: { offset: 24, size: 4, type: "u32le", clause: "3/10.2.3" },
  reserveLocation: { offset: 28, size: 4, type: "u32le", clause: "3/10.2.3" },
} as const satisfies FieldTable;

/** Primary volume descriptor (ECMA-167 3/10.1). */
export const primaryVolumeTable = {
  sequenceNumber: { offset: 16, size: 4, type: "u32le", clause: "3/10.1.2" },
  number: { offset: 20, size: 4, type: "u32le", clause: "3/10.1.3" },
  volumeId: { offset: 24, size: 32, type: "bytes", clause: "3/10.1.4 dstring" },
  volumeSequenceNumber: { offset: 56, size: 2, type: "u16le", clause: "3/10.1.5" },
  maxVolumeSequenceNumber: { offset: 58, size: 2, type: "u16le", clause: "3/10.1.6" },
  interchangeLevel: { offset: 60, size: 2, type: "u16le", clause: "3/10.1.7" },
  maxInterchangeLevel: { offset: 62, size: 2, type: "u16le", clause: "3/10.1.8" },
  charsetList: { offset: 64, size: 4, type: "u32le", clause: "3/10.1.9" },
  maxCharsetList: { offset: 68, size: 4, type: "u32le", clause: "3/10.1.10" },
  volumeSetId: { offset: 72, size: 128, type: "bytes", clause: "3/10.1.11 dstring" },
  descriptorCharset: { offset: 200, size: 64, type: "bytes", clause: "3/10.1.12" },
  explanatoryCharset: { offset: 264, size: 64, type: "bytes", clause: "3/10.1.13" },
  applicationId: { offset: 344, size: 32, type: "bytes", clause: "3/10.1.16 regid" },
  recordingTime: { offset: 376, size: 12, type: "bytes", clause: "3/10.1.17 timestamp" },
  implementationId: { offset: 388, size: 32, type: "bytes", clause: "3/10.1.18 regid" },
} as const satisfies FieldTable;

/** Implementation use volume descriptor with UDF's LV Info (ECMA-167 3/10.4, UDF 2.2.7). */
export const implementationUseTable = {
  sequenceNumber: { offset: 16, size: 4, type: "u32le", clause: "3/10.4.2" },
  implementationId: { offset: 20, size: 32, type: "bytes", clause: "3/10.4.3 (*UDF LV Info)" },
  charset: { offset: 52, size: 64, type: "bytes", clause: "UDF 2.2.7.2.1" },
  logicalVolumeId: { offset: 116, size: 128, type: "bytes", clause: "UDF 2.2.7.2.2" },
  lvInfo1: { offset: 244, size: 36, type: "bytes", clause: "UDF 2.2.7.2.3" },
  implementationId2: { offset: 352, size: 32, type: "bytes", clause: "UDF 2.2.7.2.4" },
} as const satisfies FieldTable;

/** Partition descriptor (ECMA-167 3/10.5). */
export const partitionTable = {
  sequenceNumber: { offset: 16, size: 4, type: "u32le", clause: "3/10.5.2" },
  flags: { offset: 20, size: 2, type: "u16le", clause: "3/10.5.3 (1: allocated)" },
  number: { offset: 22, size: 2, type: "u16le", clause: "3/10.5.4" },
  contents: { offset: 24, size: 32, type: "bytes", clause: "3/10.5.5 (+NSR02 / +NSR03)" },
  accessType: { offset: 184, size: 4, type: "u32le", clause: "3/10.5.7 (1: read-only)" },
  start: { offset: 188, size: 4, type: "u32le", clause: "3/10.5.8" },
  length: { offset: 192, size: 4, type: "u32le", clause: "3/10.5.9" },
  implementationId: { offset: 196, size: 32, type: "bytes", clause: "3/10.5.10" },
} as const satisfies FieldTable;

/** Logical volume descriptor (ECMA-167 3/10.6); its partition maps (3/10.7) start at 440. */
export const logicalVolumeTable = {
  sequenceNumber: { offset: 16, size: 4, type: "u32le", clause: "3/10.6.2" },
  charset: { offset: 20, size: 64, type: "bytes", clause: "3/10.6.3" },
  logicalVolumeId: { offset: 84, size: 128, type: "bytes", clause: "3/10.6.4 dstring" },
  blockSize: { offset: 212, size: 4, type: "u32le", clause: "3/10.6.5" },
  domainId: { offset: 216, size: 32, type: "bytes", clause: "3/10.6.6 (*OSTA UDF Compliant)" },
  fileSetLocation: {
    offset: 248,
    size: 16,
    type: "bytes",
    clause: "3/10.6.7 long_ad (UDF 2.2.4.4)",
  },
  mapTableLength: { offset: 264, size: 4, type: "u32le", clause: "3/10.6.8" },
  partitionMaps: { offset: 268, size: 4, type: "u32le", clause: "3/10.6.9" },
  implementationId: { offset: 272, size: 32, type: "bytes", clause: "3/10.6.10" },
  integrityLength: { offset: 432, size: 4, type: "u32le", clause: "3/10.6.12 extent_ad" },
  integrityLocation: { offset: 436, size: 4, type: "u32le", clause: "3/10.6.12 extent_ad" },
  maps: { offset: 440, size: 70, type: "bytes", clause: "3/10.6.14 partition maps (3/10.7)" },
} as const satisfies FieldTable;

/** Unallocated space descriptor (ECMA-167 3/10.8); read-only images record no extents. */
export const unallocatedSpaceTable = {
  sequenceNumber: { offset: 16, size: 4, type: "u32le", clause: "3/10.8.2" },
  descriptors: { offset: 20, size: 4, type: "u32le", clause: "3/10.8.3" },
} as const satisfies FieldTable;

/**
 * Logical volume integrity descriptor (ECMA-167 3/10.10, UDF 2.2.6): the fixed head. The free
 * space and size tables follow at 80, one u32 per partition each ({@linkcode integrityTables}),
 * then the implementation use ({@linkcode integrityImplementationUseTable}).
 */
export const integrityTable = {
  recordingTime: { offset: 16, size: 12, type: "bytes", clause: "3/10.10.2" },
  type: { offset: 28, size: 4, type: "u32le", clause: "3/10.10.3 (1: close)" },
  nextUniqueId: {
    offset: 40,
    size: 8,
    type: "u64le",
    clause: "3/10.10.5, UDF 3.2.1 logical volume header descriptor: next unique id",
  },
  partitions: { offset: 72, size: 4, type: "u32le", clause: "3/10.10.6" },
  implementationUseLength: { offset: 76, size: 4, type: "u32le", clause: "3/10.10.7" },
} as const satisfies FieldTable;

/**
 * The LVID's free space (3/10.10.8) and size (3/10.10.9) entries of partition `index`, and
 * where its implementation use starts, for a volume of `count` partitions.
 *
 * @param count Partitions (partition maps) of the logical volume.
 * @param index Partition reference number.
 * @returns The two fields and the implementation use offset.
 */
export function integrityTables(
  count: number,
  index: number,
): { fields: FieldTable; implementationUse: number } {
  const at = 80 + 4 * index;
  return {
    fields: {
      freeSpace: { offset: at, size: 4, type: "u32le", clause: "3/10.10.8" },
      size: { offset: at + 4 * count, size: 4, type: "u32le", clause: "3/10.10.9" },
    },
    implementationUse: 80 + 8 * count,
  };
}

/** The LVID's implementation use (UDF 2.2.6.4), from its start. */
export const integrityImplementationUseTable = {
  implementationId: { offset: 0, size: 32, type: "bytes", clause: "UDF 2.2.6.4" },
  files: { offset: 32, size: 4, type: "u32le", clause: "UDF 2.2.6.4 number of files" },
  directories: { offset: 36, size: 4, type: "u32le", clause: "UDF 2.2.6.4 number of directories" },
  minReadRevision: { offset: 40, size: 2, type: "u16le", clause: "UDF 2.2.6.4" },
  minWriteRevision: { offset: 42, size: 2, type: "u16le", clause: "UDF 2.2.6.4" },
  maxWriteRevision: { offset: 44, size: 2, type: "u16le", clause: "UDF 2.2.6.4" },
} as const satisfies FieldTable;

/** Bytes of the LVID implementation use kiln writes (UDF 2.2.6.4, no implementation use area). */
export const INTEGRITY_IMPLEMENTATION_USE_LENGTH = 46;

/** File set descriptor (ECMA-167 4/14.1). */
export const fileSetTable = {
  recordingTime: { offset: 16, size: 12, type: "bytes", clause: "4/14.1.2" },
  interchangeLevel: { offset: 28, size: 2, type: "u16le", clause: "4/14.1.3" },
  maxInterchangeLevel: { offset: 30, size: 2, type: "u16le", clause: "4/14.1.4" },
  charsetList: { offset: 32, size: 4, type: "u32le", clause: "4/14.1.5" },
  maxCharsetList: { offset: 36, size: 4, type: "u32le", clause: "4/14.1.6" },
  charset: { offset: 48, size: 64, type: "bytes", clause: "4/14.1.9" },
  logicalVolumeId: { offset: 112, size: 128, type: "bytes", clause: "4/14.1.10" },
  fileSetCharset: { offset: 240, size: 64, type: "bytes", clause: "4/14.1.11" },
  fileSetId: { offset: 304, size: 32, type: "bytes", clause: "4/14.1.12" },
  rootIcb: { offset: 400, size: 16, type: "bytes", clause: "4/14.1.15 long_ad" },
  domainId: { offset: 416, size: 32, type: "bytes", clause: "4/14.1.16" },
} as const satisfies FieldTable;

/** File entry (ECMA-167 4/14.9); the ICB tag is 4/14.6. Allocation descriptors follow at 176. */
export const fileEntryTable = {
  strategyType: { offset: 20, size: 2, type: "u16le", clause: "4/14.6.2 (4)" },
  maxEntries: { offset: 24, size: 2, type: "u16le", clause: "4/14.6.4 (1)" },
  fileType: { offset: 27, size: 1, type: "u8", clause: "4/14.6.6 (4 dir, 5 file, 12 symlink)" },
  icbFlags: {
    offset: 34,
    size: 2,
    type: "u16le",
    clause: "4/14.6.8 (bits 0-2: 0 short_ad, 3 embedded)",
  },
  uid: { offset: 36, size: 4, type: "u32le", clause: "4/14.9.3" },
  gid: { offset: 40, size: 4, type: "u32le", clause: "4/14.9.4" },
  permissions: { offset: 44, size: 4, type: "u32le", clause: "4/14.9.5" },
  linkCount: { offset: 48, size: 2, type: "u16le", clause: "4/14.9.6" },
  informationLength: { offset: 56, size: 8, type: "u64le", clause: "4/14.9.10" },
  blocksRecorded: { offset: 64, size: 8, type: "u64le", clause: "4/14.9.11" },
  accessTime: { offset: 72, size: 12, type: "bytes", clause: "4/14.9.12" },
  modificationTime: { offset: 84, size: 12, type: "bytes", clause: "4/14.9.13" },
  attributeTime: { offset: 96, size: 12, type: "bytes", clause: "4/14.9.14" },
  checkpoint: { offset: 108, size: 4, type: "u32le", clause: "4/14.9.15" },
  implementationId: { offset: 128, size: 32, type: "bytes", clause: "4/14.9.17" },
  uniqueId: { offset: 160, size: 8, type: "u64le", clause: "4/14.9.18" },
  eaLength: { offset: 168, size: 4, type: "u32le", clause: "4/14.9.19" },
  adLength: { offset: 172, size: 4, type: "u32le", clause: "4/14.9.20" },
} as const satisfies FieldTable;

/** Short allocation descriptor (ECMA-167 4/14.14.1); extent type 0 (recorded) in the top bits. */
export const shortAdTable = {
  length: { offset: 0, size: 4, type: "u32le", clause: "4/14.14.1.1" },
  position: { offset: 4, size: 4, type: "u32le", clause: "4/14.14.1.2" },
} as const satisfies FieldTable;

/** Bytes of a short allocation descriptor. */
export const SHORT_AD_LENGTH = 8;

/** Offset of the allocation descriptors in a file entry without extended attributes. */
export const FILE_ENTRY_AD_OFFSET = 176;

/** File identifier descriptor (ECMA-167 4/14.4); the identifier follows at 38. */
export const fileIdentifierTable = {
  version: { offset: 16, size: 2, type: "u16le", clause: "4/14.4.2 (1)" },
  characteristics: { offset: 18, size: 1, type: "u8", clause: "4/14.4.3 (2 directory, 8 parent)" },
  identifierLength: { offset: 19, size: 1, type: "u8", clause: "4/14.4.4" },
  icb: { offset: 20, size: 16, type: "bytes", clause: "4/14.4.5 long_ad" },
  implementationUseLength: { offset: 36, size: 2, type: "u16le", clause: "4/14.4.6" },
} as const satisfies FieldTable;

/** Offset of the file identifier in a file identifier descriptor without implementation use. */
export const FILE_IDENTIFIER_OFFSET = 38;

/**
 * Length of a file identifier descriptor with an identifier of `n` bytes, padded to a
 * multiple of 4 (ECMA-167 4/14.4.9).
 *
 * @param n Identifier bytes.
 * @returns Total length.
 */
export function fileIdentifierLength(n: number): number {
  return (38 + n + 3) & ~3;
}
