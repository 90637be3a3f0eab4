/**
 * The records of one directory extent, for the ISO 9660 tree or the Joliet tree:
 * "." and ".." (ECMA-119 6.8.2.2), then the children in record order; a file larger than
 * one extent gets one record per section (ECMA-119 6.5.1, multi-extent, level 3). No record
 * crosses a sector boundary (ECMA-119 6.8.1.1).
 *
 * @module
 */

import { directoryRecordLength, FileFlags, SECTOR_SIZE } from "../records/ecma119.ts";
import { smallBytes } from "../records/small_bytes.ts";
import {
  type PlannedDirectory,
  type PlannedFile,
  type PlannedNode,
  rowBlockOf,
} from "./plan_tree.ts";
import { BlockPlannedFileNode } from "./planned_file_nodes.ts";
import {
  fileRockRidgeLength,
  measureSystemUse,
  nodeTimes,
  type RecordRole,
  rockRidgeEntries,
  type SplitSystemUse,
  splitSystemUse,
  type TimePolicy,
  type Times,
} from "./system_use.ts";

/** Which tree a directory extent belongs to. */
export type View = "iso" | "joliet";

/** The largest section of a multi-extent file: 4 GiB minus one sector, sector-aligned. */
export const MAX_SECTION = 0xffff_f800;
/** The largest file a single record can hold (a 32-bit data length). */
export const MAX_SINGLE_EXTENT = 0xffff_ffff;

/** One directory record to write. */
export interface RecordSpec {
  /** Identifier bytes as recorded. */
  readonly identifier: Uint8Array;
  /** First logical block. */
  readonly extent: number;
  /** Data length in bytes. */
  readonly dataLength: number;
  /** File flags (ECMA-119 9.1.6). */
  readonly flags: number;
  /** Recording date. */
  readonly time: Date;
  /** System use entries (ISO tree with Rock Ridge only). */
  readonly systemUse: SplitSystemUse | undefined;
}

/** What record enumeration needs besides the directory. */
export interface RecordContext {
  /** Write Rock Ridge entries (ISO tree only). */
  readonly rockRidge: boolean;
  /** Timestamps. */
  readonly times: TimePolicy;
}

const DOT = new Uint8Array([0]);
const DOTDOT = new Uint8Array([1]);

function ascii(text: string): Uint8Array {
  const out = smallBytes(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function ucs2(text: string): Uint8Array {
  const out = smallBytes(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

/**
 * Identifier bytes of a node in a view.
 *
 * @param node The node.
 * @param view The tree.
 * @returns Bytes as recorded.
 */
export function identifierBytes(node: PlannedNode, view: View): Uint8Array {
  if (view === "iso") {
    return node instanceof BlockPlannedFileNode
      ? node.parent.blockFiles!.isoIdBytes(node.index)
      : ascii(node.isoId);
  }
  return ucs2((node as PlannedFile | PlannedDirectory).jolietId);
}

/**
 * Sections of a file: [extent, length] pairs; one unless the file exceeds 4 GiB − 1.
 *
 * @param start First logical block.
 * @param size File size.
 * @returns Sections in order.
 */
export function fileSections(start: number, size: number): [number, number][] {
  if (size <= MAX_SINGLE_EXTENT) return [[start, size]];
  const out: [number, number][] = [];
  for (let done = 0; done < size; done += MAX_SECTION) {
    out.push([start + done / SECTOR_SIZE, Math.min(MAX_SECTION, size - done)]);
  }
  return out;
}

function extentOf(dir: PlannedDirectory, view: View): [number, number] {
  return view === "iso" ? [dir.isoExtent, dir.isoSize] : [dir.jolietExtent, dir.jolietSize];
}

/** A record's system use entries, split to fit beside its identifier (Rock Ridge only). */
function systemUseOf(
  node: PlannedNode,
  role: RecordRole,
  idLength: number,
  times: Times,
  view: View,
  ctx: RecordContext,
): SplitSystemUse | undefined {
  return view === "iso" && ctx.rockRidge
    ? splitSystemUse(
      rockRidgeEntries(node, role, ctx.times, times),
      255 - directoryRecordLength(idLength, 0),
    )
    : undefined;
}

/**
 * The "." and ".." records of a directory extent (ECMA-119 6.8.2.2).
 *
 * @param dir The directory.
 * @param view The tree.
 * @param ctx Rock Ridge and time settings.
 * @returns The two records.
 */
export function* dotRecords(
  dir: PlannedDirectory,
  view: View,
  ctx: RecordContext,
): Generator<RecordSpec> {
  // A node's times are read once for its record's date and its TF entry (each read of a
  // scanned file's time makes a new Date).
  const selfTimes = nodeTimes(dir.entry.meta, ctx.times);
  const [selfExtent, selfSize] = extentOf(dir, view);
  yield {
    identifier: DOT,
    extent: selfExtent,
    dataLength: selfSize,
    flags: FileFlags.directory,
    time: selfTimes[0],
    systemUse: systemUseOf(dir, "self", 1, selfTimes, view, ctx),
  };
  const parentTimes = nodeTimes(dir.parent.entry.meta, ctx.times);
  const [parentExtent, parentSize] = extentOf(dir.parent, view);
  yield {
    identifier: DOTDOT,
    extent: parentExtent,
    dataLength: parentSize,
    flags: FileFlags.directory,
    time: parentTimes[0],
    systemUse: systemUseOf(dir.parent, "parent", 1, parentTimes, view, ctx),
  };
}

/**
 * The records of one child in its directory's extent: one, or one per section of a file
 * of 4 GiB or more; none for a symbolic link without Rock Ridge.
 *
 * @param child The child.
 * @param view The tree.
 * @param ctx Rock Ridge and time settings.
 * @returns Its records.
 */
export function* childRecords(
  child: PlannedNode,
  view: View,
  ctx: RecordContext,
): Generator<RecordSpec> {
  const rr = view === "iso" && ctx.rockRidge;
  if (child.kind === "symlink" && !rr) return; // without Rock Ridge the link is in UDF only
  const times = nodeTimes(child.entry.meta, ctx.times);
  const identifier = identifierBytes(child, view);
  const systemUse = systemUseOf(child, "child", identifier.length, times, view, ctx);
  const time = times[0];
  if (child.kind === "directory") {
    const [extent, dataLength] = extentOf(child, view);
    yield { identifier, extent, dataLength, flags: FileFlags.directory, time, systemUse };
  } else if (child.kind === "symlink") {
    yield { identifier, extent: 0, dataLength: 0, flags: 0, time, systemUse };
  } else {
    const sections = fileSections(child.extent, child.entry.size);
    for (let i = 0; i < sections.length; i++) {
      const [extent, dataLength] = sections[i]!;
      const flags = i + 1 < sections.length ? FileFlags.multiExtent : 0;
      yield { identifier, extent, dataLength, flags, time, systemUse };
    }
  }
}

/**
 * Bytes of a node's identifier in a view, as {@linkcode identifierBytes} records it.
 *
 * @param node The node.
 * @param view The tree.
 * @returns The identifier length.
 */
export function identifierLength(node: PlannedNode, view: View): number {
  if (view === "joliet") return 2 * (node as PlannedFile | PlannedDirectory).jolietId.length;
  return node instanceof BlockPlannedFileNode
    ? node.parent.blockFiles!.isoIdLength(node.index)
    : node.isoId.length;
}

/**
 * Size a directory extent and list the continuation areas its records need. It walks the
 * records {@linkcode dotRecords} and {@linkcode childRecords} yield, in the same order (the
 * children in the view's record order), from lengths alone: no
 * identifier or system use bytes are built unless an entry overflows into a continuation
 * area. The emit pass checks every directory against this size.
 *
 * @param dir The directory.
 * @param view The tree.
 * @param ctx Rock Ridge and time settings.
 * @returns Extent size in bytes (whole sectors) and area lengths in record order.
 */
export function measureDirectory(
  dir: PlannedDirectory,
  view: View,
  ctx: RecordContext,
): { size: number; areaLengths: number[] } {
  const rr = view === "iso" && ctx.rockRidge;
  let used = 0;
  const areaLengths: number[] = [];
  /** One record of `len` bytes, on the next sector when it would cross one (6.8.1.1). */
  const put = (len: number) => {
    if ((used % SECTOR_SIZE) + len > SECTOR_SIZE) used += SECTOR_SIZE - (used % SECTOR_SIZE);
    used += len;
  };
  /** Place `count` records of one node (one per file section), as the emit pass does. */
  const place = (node: PlannedNode, role: RecordRole, idLength: number, count: number) => {
    const su = rr
      ? measureSystemUse(node, role, ctx.times, 255 - directoryRecordLength(idLength, 0))
      : undefined;
    const len = directoryRecordLength(idLength, su?.inlineLength ?? 0);
    for (let i = 0; i < count; i++) {
      put(len);
      if (su) areaLengths.push(...su.areaLengths);
    }
  };
  place(dir, "self", DOT.length, 1);
  place(dir.parent, "parent", DOTDOT.length, 1);
  const iso = view === "iso";
  const count = iso ? dir.isoChildCount : dir.jolietChildCount;
  // A block's file with no object is measured from the block and the columns, as long as
  // its entries fit in its record (no continuation area to place): no object is made.
  const block = rowBlockOf(dir);
  const columns = dir.blockFiles;
  for (let j = 0; j < count; j++) {
    const k = iso ? j : dir.jolietPositionAt(j);
    const p = block ? dir.blockPositionAt(k) : -1;
    if (p >= 0) {
      const name = block!.nameAt(p);
      const idLength = iso ? columns!.isoIdLength(p) : 2 * (columns!.jolietId(p) ?? name).length;
      const su = rr ? fileRockRidgeLength(name) : 0;
      if (su <= 255 - directoryRecordLength(idLength, 0) && block!.sizeAt(p) <= MAX_SINGLE_EXTENT) {
        put(directoryRecordLength(idLength, su));
        continue;
      }
    }
    const child = dir.isoChildAt(k);
    if (child.kind === "symlink" && !rr) continue; // without Rock Ridge the link is in UDF only
    const sections = child.kind === "file" ? sectionCount(child.entry.size) : 1;
    place(child, "child", identifierLength(child, view), sections);
  }
  return { size: Math.ceil(used / SECTOR_SIZE) * SECTOR_SIZE, areaLengths };
}

/** How many sections {@linkcode fileSections} makes of a file. */
function sectionCount(size: number): number {
  return size <= MAX_SINGLE_EXTENT ? 1 : Math.ceil(size / MAX_SECTION);
}
