/**
 * Emit the UDF structures planned by `udf_plan.ts`: the volume recognition sequence,
 * volume descriptor sequences, integrity sequence, anchors, file set, file entries and
 * directories. Tags are finished (CRC and checksum) by `finishTag`.
 *
 * @module
 */

import {
  charspec,
  compressedUnicode,
  dstring,
  FILE_ENTRY_AD_OFFSET,
  fileIdentifierLength,
  finishTag,
  longAd,
  regid,
  TagId,
  timestamp,
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

function domain(u: UdfPlan): Uint8Array {
  return regid("*OSTA UDF Compliant", [u.revision & 0xff, u.revision >> 8, 0]);
}

function sector(count = 1): Uint8Array {
  return new Uint8Array(count * SECTOR_SIZE);
}

function u32(buf: Uint8Array, at: number, v: number): void {
  new DataView(buf.buffer, buf.byteOffset).setUint32(at, v, true);
}

function u16(buf: Uint8Array, at: number, v: number): void {
  new DataView(buf.buffer, buf.byteOffset).setUint16(at, v, true);
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
    for (let c = 0; c < 5; c++) out[i * SECTOR_SIZE + 1 + c] = id.charCodeAt(c);
    out[i * SECTOR_SIZE + 6] = 1;
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
  const time = timestamp(o.volumeTime);
  const impl = regid(IMPLEMENTATION, IMPL_SUFFIX);
  const setId = (o.volumeTime.getTime() >>> 0).toString(16).padStart(8, "0") + "KILN0000";
  // 3/10.1 primary volume descriptor
  let p = 0;
  u32(out, p + 16, 1);
  out.set(dstring(o.volumeId, 32), p + 24);
  u16(out, p + 56, 1);
  u16(out, p + 58, 1);
  u16(out, p + 60, 2);
  u16(out, p + 62, 3);
  u32(out, p + 64, 1);
  u32(out, p + 68, 1);
  out.set(dstring(setId, 128), p + 72);
  out.set(charspec(), p + 200);
  out.set(charspec(), p + 264);
  out.set(regid(IMPLEMENTATION, IMPL_SUFFIX), p + 344);
  out.set(time, p + 376);
  out.set(impl, p + 388);
  finishTag(out, p, TagId.primaryVolume, v, at, 496);
  // 3/10.4 implementation use volume descriptor, UDF 2.2.7 LV Info
  p = SECTOR_SIZE;
  u32(out, p + 16, 2);
  out.set(regid("*UDF LV Info", [u.revision & 0xff, u.revision >> 8, ...IMPL_SUFFIX]), p + 20);
  out.set(charspec(), p + 52);
  out.set(dstring(o.volumeId, 128), p + 116);
  out.set(impl, p + 352);
  finishTag(out, p, TagId.implementationUse, v, at + 1, 496);
  // 3/10.5 partition descriptor
  p = 2 * SECTOR_SIZE;
  u32(out, p + 16, 3);
  u16(out, p + 20, 1);
  u16(out, p + 22, 0);
  out.set(regid(v === 3 ? "+NSR03" : "+NSR02"), p + 24);
  u32(out, p + 184, 1);
  u32(out, p + 188, u.partitionStart);
  u32(out, p + 192, u.partitionLength);
  out.set(impl, p + 196);
  finishTag(out, p, TagId.partition, v, at + 2, 496);
  // 3/10.6 logical volume descriptor with one type 1 partition map (3/10.7.2)
  p = 3 * SECTOR_SIZE;
  u32(out, p + 16, 4);
  out.set(charspec(), p + 20);
  out.set(dstring(o.volumeId, 128), p + 84);
  u32(out, p + 212, SECTOR_SIZE);
  out.set(domain(u), p + 216);
  out.set(longAd(SECTOR_SIZE * 2, 0), p + 248);
  u32(out, p + 264, 6);
  u32(out, p + 268, 1);
  out.set(impl, p + 272);
  u32(out, p + 432, 2 * SECTOR_SIZE);
  u32(out, p + 436, u.integrityLba);
  out.set([1, 6, 1, 0, 0, 0], p + 440);
  finishTag(out, p, TagId.logicalVolume, v, at + 3, 446 - 16);
  // 3/10.8 unallocated space descriptor: none (read-only media)
  p = 4 * SECTOR_SIZE;
  u32(out, p + 16, 5);
  finishTag(out, p, TagId.unallocatedSpace, v, at + 4, 8);
  // 3/10.9 terminating descriptor
  p = 5 * SECTOR_SIZE;
  finishTag(out, p, TagId.terminating, v, at + 5, 496);
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
  out.set(timestamp(plan.options.volumeTime), 16);
  u32(out, 28, 1);
  u32(out, 40, u.nextUniqueId);
  u32(out, 72, 1);
  u32(out, 76, 46);
  u32(out, 80, 0);
  u32(out, 84, u.partitionLength);
  out.set(regid(IMPLEMENTATION, IMPL_SUFFIX), 88);
  u32(out, 120, u.leaves.filter((n) => n.kind !== "directory").length);
  u32(out, 124, u.directories.length);
  u16(out, 128, u.revision);
  u16(out, 130, u.revision);
  u16(out, 132, u.revision);
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
  u32(out, 16, 16 * SECTOR_SIZE);
  u32(out, 20, u.mainVdsLba);
  u32(out, 24, 16 * SECTOR_SIZE);
  u32(out, 28, u.reserveVdsLba);
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
  out.set(timestamp(plan.options.volumeTime), 16);
  u16(out, 28, 3);
  u16(out, 30, 3);
  u32(out, 32, 1);
  u32(out, 36, 1);
  out.set(charspec(), 48);
  out.set(dstring(plan.options.volumeId, 128), 112);
  out.set(charspec(), 240);
  out.set(dstring(plan.options.volumeId, 32), 304);
  out.set(longAd(SECTOR_SIZE, u.nodes.get(plan.tree.root)!.feBlock), 400);
  out.set(domain(u), 416);
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
  u16(out, 20, 4);
  u16(out, 24, 1);
  out[27] = fileType;
  u16(out, 34, embedded ? 3 : 0);
  u32(out, 36, meta.uid);
  u32(out, 40, meta.gid);
  u32(out, 44, permissions(meta.mode));
  u16(out, 48, links);
  const [length, firstLba] = embedded ? [content.length, 0] : content;
  u32(out, 56, length % 2 ** 32);
  u32(out, 60, Math.floor(length / 2 ** 32));
  const blocks = embedded ? 0 : Math.ceil(length / SECTOR_SIZE);
  u32(out, 64, blocks % 2 ** 32);
  u32(out, 68, Math.floor(blocks / 2 ** 32));
  const [m, a, c] = nodeTimes(meta, plan.records.times);
  out.set(timestamp(a), 72);
  out.set(timestamp(m), 84);
  out.set(timestamp(c), 96);
  u32(out, 108, 1);
  out.set(regid(IMPLEMENTATION, IMPL_SUFFIX), 128);
  u32(out, 160, me.uniqueId);
  let ads = 0;
  if (embedded) {
    out.set(content, FILE_ENTRY_AD_OFFSET);
    ads = content.length;
  } else {
    for (let done = 0; done < length; done += MAX_AD_EXTENT, ads += 8) {
      u32(out, FILE_ENTRY_AD_OFFSET + ads, Math.min(MAX_AD_EXTENT, length - done));
      u32(out, FILE_ENTRY_AD_OFFSET + ads + 4, firstLba + done / SECTOR_SIZE);
    }
  }
  if (FILE_ENTRY_AD_OFFSET + ads > SECTOR_SIZE) {
    throw new InternalError(`UDF file entry of ${node.path} outgrew its block`);
  }
  u32(out, 172, ads);
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
    u16(data, p + 16, 1);
    data[p + 18] = characteristics;
    data[p + 19] = identifier.length;
    data.set(longAd(SECTOR_SIZE, t.feBlock, t.uniqueId), p + 20);
    data.set(identifier, p + 38);
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
