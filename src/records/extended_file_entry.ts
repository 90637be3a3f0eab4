/**
 * Extended file entry (ECMA-167 3rd edition 4/14.17): a file entry with an object size, a
 * creation time and a stream directory. The ICB tag (4/14.6) sits where it does in a file
 * entry (4/14.9); allocation descriptors follow at 216 when there are no extended
 * attributes. Every number is little-endian (ECMA-167 1/7.1.3, 1/7.1.5).
 *
 * @module
 */

import type { FieldTable } from "./field_table.ts";

/** Extended file entry (ECMA-167 4/14.17); tag identifier 266. */
export const extendedFileEntryTable = {
  strategyType: { offset: 20, size: 2, type: "u16le", clause: "4/14.6.2 (4)" },
  maxEntries: { offset: 24, size: 2, type: "u16le", clause: "4/14.6.4 (1)" },
  fileType: {
    offset: 27,
    size: 1,
    type: "u8",
    clause: "4/14.6.6 (4 dir, 5 file, 12 symlink; UDF 2.3.5.2: 250 metadata, 251 mirror)",
  },
  icbFlags: {
    offset: 34,
    size: 2,
    type: "u16le",
    clause: "4/14.6.8 (bits 0-2: 0 short_ad, 1 long_ad, 3 embedded)",
  },
  uid: { offset: 36, size: 4, type: "u32le", clause: "4/14.17 BP 36" },
  gid: { offset: 40, size: 4, type: "u32le", clause: "4/14.17 BP 40" },
  permissions: { offset: 44, size: 4, type: "u32le", clause: "4/14.17 BP 44" },
  linkCount: { offset: 48, size: 2, type: "u16le", clause: "4/14.17 BP 48" },
  informationLength: { offset: 56, size: 8, type: "u64le", clause: "4/14.17 BP 56" },
  objectSize: {
    offset: 64,
    size: 8,
    type: "u64le",
    clause: "4/14.17 BP 64 (= information length: no streams)",
  },
  blocksRecorded: { offset: 72, size: 8, type: "u64le", clause: "4/14.17 BP 72" },
  accessTime: { offset: 80, size: 12, type: "bytes", clause: "4/14.17 BP 80" },
  modificationTime: { offset: 92, size: 12, type: "bytes", clause: "4/14.17 BP 92" },
  creationTime: { offset: 104, size: 12, type: "bytes", clause: "4/14.17 BP 104" },
  attributeTime: { offset: 116, size: 12, type: "bytes", clause: "4/14.17 BP 116" },
  checkpoint: { offset: 128, size: 4, type: "u32le", clause: "4/14.17 BP 128" },
  implementationId: { offset: 168, size: 32, type: "bytes", clause: "4/14.17 BP 168" },
  uniqueId: { offset: 200, size: 8, type: "u64le", clause: "4/14.17 BP 200" },
  eaLength: { offset: 208, size: 4, type: "u32le", clause: "4/14.17 BP 208" },
  adLength: { offset: 212, size: 4, type: "u32le", clause: "4/14.17 BP 212" },
} as const satisfies FieldTable;

/** Offset of the allocation descriptors in an extended file entry without extended attributes. */
export const EXTENDED_FILE_ENTRY_AD_OFFSET = 216;
