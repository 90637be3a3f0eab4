/**
 * Emit the UDF structures planned by `udf_plan.ts`: the volume recognition sequence,
 * volume descriptor sequences, integrity sequence, anchors, file set, file entries and
 * directories. Tags are finished (CRC and checksum) by `finishTag`.
 *
 * @module
 */

import { writeFields } from "../records/field_table.ts";
import {
  anchorTable,
  charspec,
  compressedUnicode,
  dstring,
  FILE_ENTRY_AD_OFFSET,
  FILE_IDENTIFIER_OFFSET,
  fileEntryTable,
  fileIdentifierLength,
  fileIdentifierTable,
  fileSetTable,
  finishTag,
  implementationUseTable,
  integrityTable,
  logicalVolumeTable,
  longAd,
  partitionTable,
  primaryVolumeTable,
  regid,
  SHORT_AD_LENGTH,
  shortAdTable,
  TagId,
  timestamp,
  unallocatedSpaceTable,
  volumeStructureTable,
} from "../records/ecma167.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import { InternalError } from "../model/errors.ts";
import type { ImagePlan } from "./layout_plan.ts";
import type { PlannedDirectory, PlannedNode } from "./plan_tree.ts";
import { nodeTimes } from "./system_use.ts";
import type { UdfPlan } from "./udf_plan.ts";

/** The largest extent one short_ad may describe: 2^30 − 1 rounded down to whole blocks. */
const MAX_AD_EXTENT = 0x3fff_f800;
const IMPLEMENTATION = "*kiln";
/** UDF 2.1.5.3 implementation suffix: OS class 4 (UNIX), OS identifier 5 (Linux). */
const IMPL_SUFFIX = [4, 5];
/** kiln's implementation identifier (written read-only into every descriptor that has one). */
const IMPL_ID = regid(IMPLEMENTATION, IMPL_SUFFIX);

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
  writeFields(out, 3 * SECTOR_SIZE, logicalVolumeTable, {
    sequenceNumber: 4,
    charset: charspec(),
    logicalVolumeId: dstring(o.volumeId, 128),
    blockSize: SECTOR_SIZE,
    domainId: domain(u),
    fileSetLocation: longAd(SECTOR_SIZE * 2, 0),
    mapTableLength: 6,
    partitionMaps: 1,
    implementationId: IMPL_ID,
    integrityLength: 2 * SECTOR_SIZE,
    integrityLocation: u.integrityLba,
    map: new Uint8Array([1, 6, 1, 0, 0, 0]), // 3/10.7.2: type 1, length 6, volume 1, partition 0
  });
  finishTag(out, 3 * SECTOR_SIZE, TagId.logicalVolume, v, at + 3, 446 - 16);
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
  writeFields(out, 0, integrityTable, {
    recordingTime: timestamp(plan.options.volumeTime),
    type: 1,
    nextUniqueId: u.nextUniqueId,
    partitions: 1,
    implementationUseLength: 46,
    freeSpace: 0,
    size: u.partitionLength,
    implementationId: IMPL_ID,
    files: u.leaves.length,
    directories: u.directories.length,
    minReadRevision: u.revision,
    minWriteRevision: u.revision,
    maxWriteRevision: u.revision,
  });
  finishTag(out, 0, TagId.logicalVolumeIntegrity, u.descriptorVersion, u.integrityLba, 134 - 16);
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
 * File set descriptor and its terminating descriptor (ECMA-167 4/14.1, 4/14.2), blocks 0–1.
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
    rootIcb: longAd(SECTOR_SIZE, u.nodes.get(plan.tree.root)!.feBlock),
    domainId: domain(u),
  });
  finishTag(out, 0, TagId.fileSet, u.descriptorVersion, 0, 496);
  finishTag(out, SECTOR_SIZE, TagId.terminating, u.descriptorVersion, 1, 496);
  return out;
}

function permissions(mode: number): number {
  let perm = 0;
  for (let i = 0; i < 3; i++) {
    let bits = (mode >> (3 * i)) & 7;
    if (bits & 2) bits |= 8 | 16; // write also grants change-attributes and delete (4/14.9.5)
    perm |= bits << (5 * i);
  }
  return perm;
}

function symlinkComponents(target: string): Uint8Array {
  const parts: number[] = [];
  if (target.startsWith("/")) parts.push(2, 0, 0, 0);
  for (const c of target.split("/")) {
    if (c === "") continue;
    if (c === ".") parts.push(4, 0, 0, 0);
    else if (c === "..") parts.push(3, 0, 0, 0);
    else {
      const id = compressedUnicode(c, true);
      parts.push(5, id.length, 0, 0, ...id);
    }
  }
  return new Uint8Array(parts);
}

function fileEntry(
  plan: ImagePlan,
  node: PlannedNode,
  links: number,
  content: Uint8Array | [number, number],
): Uint8Array {
  const u = plan.udf!;
  const me = u.nodes.get(node)!;
  const out = sector();
  const meta = node.entry.meta;
  const embedded = content instanceof Uint8Array;
  const fileType = node.kind === "directory" ? 4 : node.kind === "symlink" ? 12 : 5;
  const [length, firstLba] = embedded ? [content.length, 0] : content;
  const [m, a, c] = nodeTimes(meta, plan.records.times);
  let ads = 0;
  if (embedded) {
    out.set(content, FILE_ENTRY_AD_OFFSET);
    ads = content.length;
  } else {
    for (let done = 0; done < length; done += MAX_AD_EXTENT, ads += SHORT_AD_LENGTH) {
      writeFields(out, FILE_ENTRY_AD_OFFSET + ads, shortAdTable, {
        length: Math.min(MAX_AD_EXTENT, length - done),
        position: firstLba + done / SECTOR_SIZE,
      });
    }
  }
  if (FILE_ENTRY_AD_OFFSET + ads > SECTOR_SIZE) {
    throw new InternalError(`UDF file entry of ${node.path} outgrew its block`);
  }
  writeFields(out, 0, fileEntryTable, {
    strategyType: 4,
    maxEntries: 1,
    fileType,
    icbFlags: embedded ? 3 : 0,
    uid: meta.uid,
    gid: meta.gid,
    permissions: permissions(meta.mode),
    linkCount: links,
    informationLength: length,
    blocksRecorded: embedded ? 0 : Math.ceil(length / SECTOR_SIZE),
    accessTime: timestamp(a),
    modificationTime: timestamp(m),
    attributeTime: timestamp(c),
    checkpoint: 1,
    implementationId: IMPL_ID,
    uniqueId: me.uniqueId,
    eaLength: 0,
    adLength: ads,
  });
  finishTag(
    out,
    0,
    TagId.fileEntry,
    u.descriptorVersion,
    me.feBlock,
    FILE_ENTRY_AD_OFFSET - 16 + ads,
  );
  return out;
}

/**
 * A directory's file entry and its file identifier descriptors (ECMA-167 4/14.4).
 *
 * @param plan The image plan.
 * @param dir The directory.
 * @returns The file entry block followed by the identifier blocks.
 */
export function directory(plan: ImagePlan, dir: PlannedDirectory): Uint8Array {
  const u = plan.udf!;
  const me = u.nodes.get(dir)!;
  const subdirs = dir.isoChildren.filter((c) => c.kind === "directory").length;
  const data = sector(Math.ceil(me.dataLength / SECTOR_SIZE));
  let p = 0;
  const fid = (identifier: Uint8Array, characteristics: number, target: PlannedNode) => {
    const t = u.nodes.get(target)!;
    const len = fileIdentifierLength(identifier.length);
    writeFields(data, p, fileIdentifierTable, {
      version: 1,
      characteristics,
      identifierLength: identifier.length,
      icb: longAd(SECTOR_SIZE, t.feBlock, t.uniqueId),
      implementationUseLength: 0,
    });
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
  fid(new Uint8Array(), 0x0a, dir.parent);
  for (const child of dir.isoChildren) {
    fid(u.nodes.get(child)!.identifier, child.kind === "directory" ? 0x02 : 0, child);
  }
  if (p !== me.dataLength) {
    throw new InternalError(
      `UDF directory ${dir.path} came out as ${p} bytes, planned ${me.dataLength}`,
    );
  }
  const out = sector(1 + data.length / SECTOR_SIZE);
  out.set(fileEntry(plan, dir, 1 + subdirs, [me.dataLength, me.dataBlock]));
  out.set(data, SECTOR_SIZE);
  return out;
}

/**
 * The file entry of a file (pointing at its ISO 9660 data) or of a symlink (its path
 * components embedded, ECMA-167 4/14.16).
 *
 * @param plan The image plan.
 * @param node A file or symlink.
 * @returns One block.
 */
export function leaf(plan: ImagePlan, node: PlannedNode): Uint8Array {
  if (node.kind === "symlink") {
    return fileEntry(plan, node, 1, symlinkComponents(node.entry.target));
  }
  if (node.kind !== "file") throw new InternalError(`${node.path} is not a file`);
  const start = node.entry.size > 0 ? node.extent - plan.udf!.partitionStart : 0;
  return fileEntry(plan, node, 1, [node.entry.size, start]);
}
