/**
 * Partition maps of a logical volume descriptor (ECMA-167 3/10.7): the type 1 map of a
 * physical partition and UDF's type 2 metadata partition map (UDF 2.50/2.60 2.2.10).
 * Every number is little-endian (ECMA-167 1/7.1.3).
 *
 * @module
 */

import type { FieldTable } from "./field_table.ts";

/** Type 1 partition map (ECMA-167 3/10.7.2): a partition recorded on this volume. */
export const type1PartitionMapTable = {
  type: { offset: 0, size: 1, type: "u8", clause: "3/10.7.1.1 (1)" },
  length: { offset: 1, size: 1, type: "u8", clause: "3/10.7.1.2 (6)" },
  volumeSequenceNumber: { offset: 2, size: 2, type: "u16le", clause: "3/10.7.2.3" },
  partitionNumber: { offset: 4, size: 2, type: "u16le", clause: "3/10.7.2.4" },
} as const satisfies FieldTable;

/** Bytes of a type 1 partition map. */
export const TYPE1_PARTITION_MAP_LENGTH = 6;

/**
 * Metadata partition map (UDF 2.50/2.60 2.2.10), a type 2 map (ECMA-167 3/10.7.3) whose
 * partition type identifier is "*UDF Metadata Partition" with a UDF identifier suffix. Its
 * blocks are the blocks of the metadata file, whose file entry is recorded in the physical
 * partition named by the volume sequence and partition numbers.
 */
export const metadataPartitionMapTable = {
  type: { offset: 0, size: 1, type: "u8", clause: "3/10.7.1.1 (2)" },
  length: { offset: 1, size: 1, type: "u8", clause: "3/10.7.1.2 (64)" },
  partitionTypeId: {
    offset: 4,
    size: 32,
    type: "bytes",
    clause: "UDF 2.2.10 regid *UDF Metadata Partition, UDF identifier suffix (2.1.5.3)",
  },
  volumeSequenceNumber: { offset: 36, size: 2, type: "u16le", clause: "UDF 2.2.10" },
  partitionNumber: { offset: 38, size: 2, type: "u16le", clause: "UDF 2.2.10" },
  metadataFileLocation: {
    offset: 40,
    size: 4,
    type: "u32le",
    clause: "UDF 2.2.10 block of the metadata file's entry in the physical partition",
  },
  metadataMirrorFileLocation: {
    offset: 44,
    size: 4,
    type: "u32le",
    clause: "UDF 2.2.10 block of the metadata mirror file's entry",
  },
  metadataBitmapFileLocation: {
    offset: 48,
    size: 4,
    type: "u32le",
    clause: "UDF 2.2.10 (0xFFFFFFFF: no metadata bitmap file)",
  },
  allocationUnitSize: {
    offset: 52,
    size: 4,
    type: "u32le",
    clause: "UDF 2.2.10 blocks; the metadata file grows in these units",
  },
  alignmentUnitSize: {
    offset: 56,
    size: 2,
    type: "u16le",
    clause: "UDF 2.2.10 blocks; metadata extents start on multiples of it",
  },
  flags: { offset: 58, size: 1, type: "u8", clause: "UDF 2.2.10 bit 0: duplicate metadata flag" },
} as const satisfies FieldTable;

/** Bytes of a metadata partition map. */
export const METADATA_PARTITION_MAP_LENGTH = 64;

/** Metadata partition map flag: the mirror file holds its own copy of the metadata. */
export const DUPLICATE_METADATA_FLAG = 1;

/** "No metadata bitmap file" (UDF 2.2.10: the bitmap is for rewritable media). */
export const NO_METADATA_BITMAP = 0xffff_ffff;
