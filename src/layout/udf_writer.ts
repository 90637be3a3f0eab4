/**
 * Emit the UDF structures planned by `udf_plan.ts`: the volume recognition sequence,
 * volume descriptor sequences, integrity sequence, anchors, file set and directories (the
 * nodes' file entries are written by `udf_entries.ts` and `udf_icb.ts`, the metadata file
 * entries and partition maps of UDF 2.50/2.60 by `udf_metadata.ts`). Tags are finished (CRC
 * and checksum) by `finishTag`.
 *
 * @module
 */

import { dataViewOf, writeFields, writeNumber } from "../records/field_table.ts";
import {
  anchorTable,
  charspec,
  dstring,
  FILE_IDENTIFIER_OFFSET,
  fileIdentifierLength,
  fileIdentifierTable,
  fileSetTable,
  finishTag,
  implementationUseTable,
  INTEGRITY_IMPLEMENTATION_USE_LENGTH,
  integrityImplementationUseTable,
  integrityTable,
  integrityTables,
  logicalVolumeTable,
  longAd,
  partitionTable,
  primaryVolumeTable,
  regid,
  TagId,
  timestamp,
  unallocatedSpaceTable,
  volumeStructureTable,
  writeLongAd,
} from "../records/ecma167.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import { InternalError } from "../model/errors.ts";
import type { ImagePlan } from "./layout_plan.ts";
import type { PlannedDirectory } from "./plan_tree.ts";
import { udfChildren, udfIdentifier, type UdfPlace, type UdfPlan } from "./udf_plan.ts";
import { IMPL_ID, IMPL_SUFFIX } from "./udf_icb.ts";
import { fileEntry } from "./udf_entries.ts";
import { METADATA_PARTITION, partitionMaps, PHYSICAL_PARTITION } from "./udf_metadata.ts";

/** Partition reference of the file set, entries and directories. */
function metaPartition(u: UdfPlan): number {
  return u.metadata ? METADATA_PARTITION : PHYSICAL_PARTITION;
}

function domain(u: UdfPlan): Uint8Array {
  return regid("*OSTA UDF Compliant", [u.revision & 0xff, u.revision >> 8, 0]);
}

function sector(count = 1): Uint8Array {
  return new Uint8Array(count * SECTOR_SIZE);
}

/**
 * Volume recognition sequence (ECMA-167 2/9.2–9.3): BEA01, NSR02 or NSR03, TEA01.
 *
 * @param u The UDF plan.
 * @returns Three sectors.
 */
export function recognitionSequence(u: UdfPlan): Uint8Array {
  const out = sector(3);
  ["BEA01", u.descriptorVersion === 3 ? "NSR03" : "NSR02", "TEA01"].forEach((id, i) => {
    writeFields(out, i * SECTOR_SIZE, volumeStructureTable, {
      type: 0,
      identifier: id,
      version: 1,
    });
  });
  return out;
}

/**
 * A volume descriptor sequence (ECMA-167 3/8.4.2): primary, implementation use, partition,
 * logical volume, unallocated space and terminating descriptors, padded to 16 sectors.
 *
 * @param plan The image plan.
 * @param at First sector of this copy (main or reserve), for the tag locations.
 * @returns Sixteen sectors.
 */
export function volumeSequence(plan: ImagePlan, at: number): Uint8Array {
  const u = plan.udf!;
  const o = plan.options;
  const v = u.descriptorVersion;
  const out = sector(16);
  const setId = (o.volumeTime.getTime() >>> 0).toString(16).padStart(8, "0") + "KILN0000";
  writeFields(out, 0, primaryVolumeTable, {
    sequenceNumber: 1,
    number: 0,
    volumeId: dstring(o.volumeId, 32),
    volumeSequenceNumber: 1,
    maxVolumeSequenceNumber: 1,
    interchangeLevel: 2,
    maxInterchangeLevel: 3,
    charsetList: 1,
    maxCharsetList: 1,
    volumeSetId: dstring(setId, 128),
    descriptorCharset: charspec(),
    explanatoryCharset: charspec(),
    applicationId: IMPL_ID,
    recordingTime: timestamp(o.volumeTime),
    implementationId: IMPL_ID,
  });
  finishTag(out, 0, TagId.primaryVolume, v, at, 496);
  writeFields(out, SECTOR_SIZE, implementationUseTable, {
    sequenceNumber: 2,
    implementationId: regid("*UDF LV Info", [u.revision & 0xff, u.revision >> 8, ...IMPL_SUFFIX]),
    charset: charspec(),
    logicalVolumeId: dstring(o.volumeId, 128),
    implementationId2: IMPL_ID,
  });
  finishTag(out, SECTOR_SIZE, TagId.implementationUse, v, at + 1, 496);
  writeFields(out, 2 * SECTOR_SIZE, partitionTable, {
    sequenceNumber: 3,
    flags: 1,
    number: 0,
    contents: regid(v === 3 ? "+NSR03" : "+NSR02"),
    accessType: 1,
    start: u.partitionStart,
    length: u.partitionLength,
    implementationId: IMPL_ID,
  });
  finishTag(out, 2 * SECTOR_SIZE, TagId.partition, v, at + 2, 496);
  const maps = partitionMaps(u);
  writeFields(out, 3 * SECTOR_SIZE, logicalVolumeTable, {
    sequenceNumber: 4,
    charset: charspec(),
    logicalVolumeId: dstring(o.volumeId, 128),
    blockSize: SECTOR_SIZE,
    domainId: domain(u),
    fileSetLocation: longAd(SECTOR_SIZE * 2, 0, metaPartition(u)),
    mapTableLength: maps.bytes.length,
    partitionMaps: maps.count,
    implementationId: IMPL_ID,
    integrityLength: 2 * SECTOR_SIZE,
    integrityLocation: u.integrityLba,
    maps: maps.bytes,
  });
  const lvdLength = logicalVolumeTable.maps.offset + maps.bytes.length;
  finishTag(out, 3 * SECTOR_SIZE, TagId.logicalVolume, v, at + 3, lvdLength - 16);
  writeFields(out, 4 * SECTOR_SIZE, unallocatedSpaceTable, { sequenceNumber: 5, descriptors: 0 });
  finishTag(out, 4 * SECTOR_SIZE, TagId.unallocatedSpace, v, at + 4, 8);
  finishTag(out, 5 * SECTOR_SIZE, TagId.terminating, v, at + 5, 496);
  return out;
}

/**
 * Logical volume integrity sequence (ECMA-167 3/10.10, UDF 2.2.6): a closed integrity
 * descriptor and a terminating descriptor.
 *
 * @param plan The image plan.
 * @returns Two sectors.
 */
export function integritySequence(plan: ImagePlan): Uint8Array {
  const u = plan.udf!;
  const out = sector(2);
  const count = u.metadata ? 2 : 1;
  writeFields(out, 0, integrityTable, {
    recordingTime: timestamp(plan.options.volumeTime),
    type: 1,
    nextUniqueId: u.nextUniqueId,
    partitions: count,
    implementationUseLength: INTEGRITY_IMPLEMENTATION_USE_LENGTH,
  });
  // Read-only: no free space. The metadata partition has its own entries (UDF 2.2.10 note).
  const sizes = [u.partitionLength, u.metadata?.blocks ?? 0];
  let implementationUse = 0;
  for (let i = 0; i < count; i++) {
    const t = integrityTables(count, i);
    writeFields(out, 0, t.fields, { freeSpace: 0, size: sizes[i]! });
    implementationUse = t.implementationUse;
  }
  writeFields(out, implementationUse, integrityImplementationUseTable, {
    implementationId: IMPL_ID,
    files: u.leafCount,
    directories: u.directories.length,
    minReadRevision: u.minReadRevision,
    minWriteRevision: u.revision,
    maxWriteRevision: u.revision,
  });
  const length = implementationUse + INTEGRITY_IMPLEMENTATION_USE_LENGTH;
  finishTag(out, 0, TagId.logicalVolumeIntegrity, u.descriptorVersion, u.integrityLba, length - 16);
  finishTag(out, SECTOR_SIZE, TagId.terminating, u.descriptorVersion, u.integrityLba + 1, 496);
  return out;
}

/**
 * Anchor volume descriptor pointer (ECMA-167 3/10.2).
 *
 * @param u The UDF plan.
 * @param lba Where this anchor is recorded.
 * @returns One sector.
 */
export function anchor(u: UdfPlan, lba: number): Uint8Array {
  const out = sector();
  writeFields(out, 0, anchorTable, {
    mainLength: 16 * SECTOR_SIZE,
    mainLocation: u.mainVdsLba,
    reserveLength: 16 * SECTOR_SIZE,
    reserveLocation: u.reserveVdsLba,
  });
  finishTag(out, 0, TagId.anchor, u.descriptorVersion, lba, 496);
  return out;
}

/**
 * File set descriptor and its terminating descriptor (ECMA-167 4/14.1, 4/14.2), blocks 0–1
 * of their partition.
 *
 * @param plan The image plan.
 * @returns Two sectors.
 */
export function fileSet(plan: ImagePlan): Uint8Array {
  const u = plan.udf!;
  const out = sector(2);
  writeFields(out, 0, fileSetTable, {
    recordingTime: timestamp(plan.options.volumeTime),
    interchangeLevel: 3,
    maxInterchangeLevel: 3,
    charsetList: 1,
    maxCharsetList: 1,
    charset: charspec(),
    logicalVolumeId: dstring(plan.options.volumeId, 128),
    fileSetCharset: charspec(),
    fileSetId: dstring(plan.options.volumeId, 32),
    rootIcb: longAd(SECTOR_SIZE, u.directoryPlans.get(plan.tree.root)!.feBlock, metaPartition(u)),
    domainId: domain(u),
  });
  finishTag(out, 0, TagId.fileSet, u.descriptorVersion, 0, 496);
  finishTag(out, SECTOR_SIZE, TagId.terminating, u.descriptorVersion, 1, 496);
  return out;
}

/**
 * A directory's file entry and its file identifier descriptors (ECMA-167 4/14.4).
 *
 * @param plan The image plan.
 * @param dir The directory.
 * @param into Where to write it: a buffer of at least `size` bytes, which this zeroes
 *   (default: a new one; the emit pass lends one to every directory, since a new one each
 *   would be 100,000 short-lived buffers on a large tree).
 * @returns The file entry block followed by the identifier blocks.
 */
export function directory(
  plan: ImagePlan,
  dir: PlannedDirectory,
  into: (size: number) => Uint8Array = (size) => new Uint8Array(size),
): Uint8Array {
  const u = plan.udf!;
  const me = u.directoryPlans.get(dir)!;
  let subdirs = 0;
  const size = (1 + Math.ceil(me.dataLength / SECTOR_SIZE)) * SECTOR_SIZE;
  const out = into(size).subarray(0, size).fill(0);
  const data = out.subarray(SECTOR_SIZE);
  let p = 0;
  const view = dataViewOf(data);
  const f = fileIdentifierTable;
  // Field by field, not by name: a tree has an identifier for every file.
  const fid = (identifier: Uint8Array, characteristics: number, t: UdfPlace) => {
    const len = fileIdentifierLength(identifier.length);
    writeNumber(view, p, f.version, 1);
    writeNumber(view, p, f.characteristics, characteristics);
    writeNumber(view, p, f.identifierLength, identifier.length);
    writeNumber(view, p, f.implementationUseLength, 0);
    writeLongAd(
      data,
      p + fileIdentifierTable.icb.offset,
      SECTOR_SIZE,
      t.feBlock,
      metaPartition(u),
      t.uniqueId,
    );
    data.set(identifier, p + FILE_IDENTIFIER_OFFSET);
    finishTag(
      data,
      p,
      TagId.fileIdentifier,
      u.descriptorVersion,
      me.dataBlock + Math.floor(p / SECTOR_SIZE),
      len - 16,
    );
    p += len;
  };
  fid(new Uint8Array(), 0x0a, u.directoryPlans.get(dir.parent)!);
  for (const { node, place } of udfChildren(u, dir)) {
    if (node.kind === "directory") subdirs++;
    fid(udfIdentifier(place), node.kind === "directory" ? 0x02 : 0, place);
  }
  if (p !== me.dataLength) {
    throw new InternalError(
      `UDF directory ${dir.path} came out as ${p} bytes, planned ${me.dataLength}`,
    );
  }
  fileEntry(plan, dir, me, 1 + subdirs, { length: me.dataLength, block: me.dataBlock }, out);
  return out;
}
