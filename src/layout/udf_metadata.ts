/**
 * The UDF 2.50/2.60 metadata partition (UDF 2.2.10, 2.2.13): the logical volume's partition
 * maps and the file entries of the metadata file and its mirror. Where everything sits is
 * planned in `udf_plan.ts`; the metadata partition's content is the file set, entries and
 * directories that `udf_writer.ts` emits, recorded twice.
 *
 * Choices for a read-only volume:
 * - No metadata bitmap file (its location is 0xFFFFFFFF): the bitmap tracks free metadata
 *   blocks for writers, and a closed read-only volume has none to hand out.
 * - The mirror is a real duplicate (its own extent, the duplicate metadata flag set), as
 *   IMAPI2FS writes by default for 2.50 and up (`CreateRedundantUdfMetadataFiles`).
 * - Allocation and alignment unit 32 blocks (64 KiB, a BD ECC cluster).
 * - The metadata files are not in the directory hierarchy: no owner (uid/gid 2^32 − 1,
 *   UDF 3.3.3.1), no permissions, one link, but unique ids of their own (UDF 3.2.1.1).
 *
 * @module
 */

import { writeFields } from "../records/field_table.ts";
import { regid } from "../records/ecma167.ts";
import {
  DUPLICATE_METADATA_FLAG,
  METADATA_PARTITION_MAP_LENGTH,
  metadataPartitionMapTable,
  NO_METADATA_BITMAP,
  TYPE1_PARTITION_MAP_LENGTH,
  type1PartitionMapTable,
} from "../records/partition_maps.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import type { ImagePlan } from "./layout_plan.ts";
import { FileType, icbEntry, IMPL_SUFFIX, MAX_AD_EXTENT } from "./udf_icb.ts";
import { METADATA_UNIT, type UdfPlan } from "./udf_plan.ts";

/** Partition reference of the physical partition (its map comes first). */
export const PHYSICAL_PARTITION = 0;
/** Partition reference of the metadata partition. */
export const METADATA_PARTITION = 1;

/** "No owner" (UDF 3.3.3.1, 3.3.3.2). */
const NO_ID = 0xffff_ffff;

/**
 * The partition maps of the logical volume descriptor (ECMA-167 3/10.7): a type 1 map of
 * partition 0, then, with a metadata partition, its type 2 map (UDF 2.2.10).
 *
 * @param u The UDF plan.
 * @returns The map table and how many maps it holds.
 */
export function partitionMaps(u: UdfPlan): { bytes: Uint8Array; count: number } {
  const m = u.metadata;
  const bytes = new Uint8Array(
    TYPE1_PARTITION_MAP_LENGTH + (m ? METADATA_PARTITION_MAP_LENGTH : 0),
  );
  writeFields(bytes, 0, type1PartitionMapTable, {
    type: 1,
    length: TYPE1_PARTITION_MAP_LENGTH,
    volumeSequenceNumber: 1,
    partitionNumber: 0,
  });
  if (!m) return { bytes, count: 1 };
  writeFields(bytes, TYPE1_PARTITION_MAP_LENGTH, metadataPartitionMapTable, {
    type: 2,
    length: METADATA_PARTITION_MAP_LENGTH,
    partitionTypeId: regid("*UDF Metadata Partition", [
      u.revision & 0xff,
      u.revision >> 8,
      ...IMPL_SUFFIX,
    ]),
    volumeSequenceNumber: 1,
    partitionNumber: 0,
    metadataFileLocation: m.fileBlock,
    metadataMirrorFileLocation: m.mirrorFileBlock,
    metadataBitmapFileLocation: NO_METADATA_BITMAP,
    allocationUnitSize: METADATA_UNIT,
    alignmentUnitSize: METADATA_UNIT,
    flags: DUPLICATE_METADATA_FLAG,
  });
  return { bytes, count: 2 };
}

/**
 * The file entry of the metadata file (type 250) or of its mirror (251), recorded in the
 * physical partition; its short_ads cover the copy's extent, in pieces that stay multiples
 * of the allocation unit (UDF 2.2.13).
 *
 * @param plan The image plan (with a metadata partition).
 * @param mirror The mirror's entry rather than the main one.
 * @returns One block.
 */
export function metadataFileEntry(plan: ImagePlan, mirror: boolean): Uint8Array {
  const u = plan.udf!;
  const m = u.metadata!;
  const unit = METADATA_UNIT * SECTOR_SIZE;
  const t = plan.options.volumeTime;
  return icbEntry(u, {
    fileType: mirror ? FileType.metadataMirror : FileType.metadata,
    uid: NO_ID,
    gid: NO_ID,
    permissions: 0,
    links: 1,
    uniqueId: m.uniqueIds[mirror ? 1 : 0],
    times: [t, t, t],
    location: mirror ? m.mirrorFileBlock : m.fileBlock,
    body: {
      length: m.blocks * SECTOR_SIZE,
      block: mirror ? m.mirrorStart : m.start,
      maxExtent: Math.floor(MAX_AD_EXTENT / unit) * unit,
    },
  });
}
