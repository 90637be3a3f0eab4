/**
 * The system use area of each ISO 9660 directory record: the Rock Ridge entries a record
 * carries, and how they are split between the record itself (at most 255 bytes in all,
 * ECMA-119 9.1.1) and continuation areas reached through CE entries (SUSP 5.1). A
 * continuation area never crosses a logical block; a chain of areas continues with a CE
 * at the end of each.
 *
 * @module
 */

import type { NodeMeta } from "../model/file_tree.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import {
  CE_LENGTH,
  ceEntry,
  erEntry,
  nmEntries,
  nmEntriesLength,
  PosixType,
  pxEntry,
  rrEntry,
  slEntries,
  spEntry,
  splitNmEntry,
  tfEntry,
} from "../records/susp_rrip.ts";
import type { PlannedNode } from "./plan_tree.ts";

/** Which record of a directory an entry list is for. */
export type RecordRole = "self" | "parent" | "child";

/** Where the timestamps of a node come from. */
export interface TimePolicy {
  /** One time for everything, when set. */
  readonly fixed: Date | undefined;
  /** Fallback when a node has no time. */
  readonly fallback: Date;
}

const utf8 = new TextEncoder();
/** Room to encode one name: names hold at most 255 UTF-8 bytes (file_tree.ts). */
const nameScratch = new Uint8Array(1024);

/** A name's UTF-8 bytes, in a scratch area valid until the next call. */
function utf8Name(name: string): Uint8Array {
  if (name.length * 3 > nameScratch.length) return utf8.encode(name);
  return nameScratch.subarray(0, utf8.encodeInto(name, nameScratch).written);
}

/** Modification, access and change times, as {@linkcode nodeTimes} gives them. */
export type Times = readonly [Date, Date, Date];

/**
 * The time a node's records carry.
 *
 * @param meta Node metadata.
 * @param policy Time policy.
 * @returns Modification, access and change times.
 */
export function nodeTimes(meta: NodeMeta, policy: TimePolicy): [Date, Date, Date] {
  if (policy.fixed) return [policy.fixed, policy.fixed, policy.fixed];
  return timesOf(meta.mtime, meta.atime, meta.ctime, policy);
}

/**
 * The times a record carries, from a node's own (see {@linkcode nodeTimes}).
 *
 * @param mtime Modification time, when known.
 * @param atime Access time, when known.
 * @param ctime Status change time, when known.
 * @param policy Time policy.
 * @returns Modification, access and change times.
 */
export function timesOf(
  mtime: Date | undefined,
  atime: Date | undefined,
  ctime: Date | undefined,
  policy: TimePolicy,
): [Date, Date, Date] {
  if (policy.fixed) return [policy.fixed, policy.fixed, policy.fixed];
  const m = mtime ?? policy.fallback;
  return [m, atime ?? m, ctime ?? m];
}

function linksOf(node: PlannedNode): number {
  if (node.kind === "file") return node.links;
  if (node.kind === "symlink") return 1;
  return 2 + node.subdirectories;
}

/**
 * The Rock Ridge entries of one record, in writing order.
 *
 * @param node The node the record describes ("parent" records describe the parent).
 * @param role The record's role; the root's "." record also carries SP and ER.
 * @param policy Time policy.
 * @param times The node's {@linkcode nodeTimes}, when the caller has them (its record's date
 *   is the first).
 * @returns Entries.
 */
export function rockRidgeEntries(
  node: PlannedNode,
  role: RecordRole,
  policy: TimePolicy,
  times: Times = nodeTimes(node.entry.meta, policy),
): Uint8Array[] {
  const type = node.kind === "directory"
    ? PosixType.directory
    : node.kind === "file"
    ? PosixType.file
    : PosixType.symlink;
  const entry = node.entry;
  const meta = entry.meta;
  const out: Uint8Array[] = [];
  const isRootSelf = role === "self" && node.kind === "directory" && node.parent === node;
  if (isRootSelf) out.push(spEntry());
  const flags = 0x01 | 0x80 | (role === "child" ? 0x08 : 0) | (node.kind === "symlink" ? 0x04 : 0);
  out.push(rrEntry(flags));
  out.push(pxEntry(type | (meta.mode & 0o7777), linksOf(node), meta.uid, meta.gid));
  out.push(tfEntry(times[0], times[1], times[2]));
  if (role === "child") out.push(...nmEntries(utf8Name(entry.name)));
  if (entry.kind === "symlink") out.push(...slEntries(entry.target));
  if (isRootSelf) out.push(erEntry());
  return out;
}

/** Bytes of the entries only the root's "." record carries: SP and ER. */
const ROOT_ONLY_LENGTH = spEntry().length + erEntry().length;
/** Bytes of RR, PX and TF, which every record carries. */
const COMMON_LENGTH = rrEntry(0).length + pxEntry(0, 0, 0, 0).length +
  tfEntry(new Date(0), new Date(0), new Date(0)).length;

/**
 * The byte length of {@linkcode rockRidgeEntries}, without building the entries (symlink
 * targets excepted): sizing a directory needs only this.
 *
 * @param node The node the record describes.
 * @param role The record's role.
 * @returns Total bytes of the record's entries.
 */
export function rockRidgeLength(node: PlannedNode, role: RecordRole): number {
  let n = COMMON_LENGTH;
  if (role === "self" && node.kind === "directory" && node.parent === node) n += ROOT_ONLY_LENGTH;
  if (role === "child") n += nmEntriesLength(nameByteLength(node.entry.name));
  if (node.kind === "symlink") { for (const e of slEntries(node.entry.target)) n += e.length; }
  return n;
}

/** UTF-8 bytes of a name as the NM entries record it (see `utf8Name`). */
function nameByteLength(name: string): number {
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) >= 0x80) return utf8Name(name).length;
  }
  return name.length;
}

/**
 * The byte length of {@linkcode rockRidgeEntries} for a regular file's record in its
 * directory (role "child"), from its name alone.
 *
 * @param name The file's name.
 * @returns Total bytes of the record's entries.
 */
export function fileRockRidgeLength(name: string): number {
  return COMMON_LENGTH + nmEntriesLength(nameByteLength(name));
}

/** How many bytes a record's system use takes, inline and in each continuation area. */
export interface SystemUseSize {
  /** Bytes the record's system use field takes, CE included. */
  readonly inlineLength: number;
  /** Byte length of each continuation area, CE included. */
  readonly areaLengths: readonly number[];
}

const NO_AREAS: readonly number[] = Object.freeze([]);

/**
 * The size of a record's system use, as {@linkcode splitSystemUse} would lay it out; the
 * entries are built only when they do not fit in the record.
 *
 * @param node The node the record describes.
 * @param role The record's role.
 * @param policy Time policy.
 * @param budget Bytes left in the record after the fixed part and identifier.
 * @returns The sizes.
 */
export function measureSystemUse(
  node: PlannedNode,
  role: RecordRole,
  policy: TimePolicy,
  budget: number,
): SystemUseSize {
  const length = rockRidgeLength(node, role);
  if (length <= budget) return { inlineLength: length, areaLengths: NO_AREAS };
  return splitSystemUse(rockRidgeEntries(node, role, policy), budget);
}

/** Entries split between a record and its continuation areas. */
export interface SplitSystemUse {
  /** Entries recorded in the directory record (a CE is appended when `areas` is not empty). */
  readonly inline: Uint8Array[];
  /** Continuation areas in chain order; each but the last gets a CE appended. */
  readonly areas: Uint8Array[][];
  /** Bytes the record's system use field takes, CE included. */
  readonly inlineLength: number;
  /** Byte length of each area, CE included. */
  readonly areaLengths: number[];
}

function total(entries: readonly Uint8Array[]): number {
  let n = 0;
  for (const e of entries) n += e.length;
  return n;
}

/**
 * Split entries so the record fits in `budget` bytes of system use.
 *
 * @param entries The record's entries in order.
 * @param budget Bytes left in the record after the fixed part and identifier.
 * @returns The split.
 */
export function splitSystemUse(entries: Uint8Array[], budget: number): SplitSystemUse {
  const size = total(entries);
  if (size <= budget) return { inline: entries, areas: [], inlineLength: size, areaLengths: [] };
  entries = [...entries];
  let i = 0;
  let used = 0;
  while (i < entries.length && used + entries[i]!.length + CE_LENGTH <= budget) {
    used += entries[i++]!.length;
  }
  const room = budget - used - CE_LENGTH - 5;
  const next = entries[i];
  if (next && next[0] === 0x4e && next[1] === 0x4d && room >= 1) {
    // Fill the record with the start of a long name (NM with CONTINUE), the rest follows.
    const [head, tail] = splitNmEntry(next, room);
    entries.splice(i, 1, head, tail);
    used += head.length;
    i++;
  }
  const inline = entries.slice(0, i);
  const areas: Uint8Array[][] = [];
  const areaLengths: number[] = [];
  while (i < entries.length) {
    const area: Uint8Array[] = [];
    let len = 0;
    while (i < entries.length) {
      const e = entries[i]!;
      const more = i + 1 < entries.length;
      if (len + e.length + (more ? CE_LENGTH : 0) > SECTOR_SIZE && area.length > 0) break;
      area.push(e);
      len += e.length;
      i++;
    }
    areas.push(area);
    areaLengths.push(len + (i < entries.length ? CE_LENGTH : 0));
  }
  return { inline, areas, inlineLength: used + CE_LENGTH, areaLengths };
}

/** Hands out continuation areas inside consecutive logical blocks. */
export class ContinuationAllocator {
  #block = 0;
  #offset = 0;
  /** Relative positions handed out, in order. */
  readonly positions: { block: number; offset: number; length: number }[] = [];

  /**
   * Reserve an area.
   *
   * @param length Its length (at most one block).
   * @returns Index of the area in {@linkcode positions}.
   */
  allocate(length: number): number {
    if (this.#offset + length > SECTOR_SIZE) {
      this.#block++;
      this.#offset = 0;
    }
    this.positions.push({ block: this.#block, offset: this.#offset, length });
    this.#offset += length;
    return this.positions.length - 1;
  }

  /** @returns Blocks used so far. */
  get blocks(): number {
    return this.#offset === 0 ? this.#block : this.#block + 1;
  }
}

/**
 * The CE entry for an area that starts at a relative position in the continuation region.
 *
 * @param regionStart First logical block of the continuation region.
 * @param position The area's relative position.
 * @returns A CE entry.
 */
export function ceFor(
  regionStart: number,
  position: { block: number; offset: number; length: number },
): Uint8Array {
  return ceEntry(regionStart + position.block, position.offset, position.length);
}
