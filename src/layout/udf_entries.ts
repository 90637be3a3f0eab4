/**
 * UDF file entries (ECMA-167 4/14.9, 4/14.17) of the tree's nodes: a node's entry from its
 * metadata and place, a file's pointing at its ISO 9660 data, a symlink's holding its path
 * components; the files' in runs the WASM core writes ({@linkcode FileEntryRows}).
 *
 * @module
 */

import { SECTOR_SIZE } from "../records/ecma119.ts";
import { InternalError } from "../model/errors.ts";
import type { ImagePlan } from "./layout_plan.ts";
import type { PlannedFile, PlannedNode } from "./plan_tree.ts";
import { nodeTimes } from "./system_use.ts";
import type { UdfLeaf, UdfPlace } from "./udf_plan.ts";
import type { FileEntryRows } from "./file_entry_rows.ts";
import {
  FileType,
  type Icb,
  type IcbBody,
  icbEntry,
  permissions,
  symlinkComponents,
} from "./udf_icb.ts";
import { PHYSICAL_PARTITION } from "./udf_metadata.ts";

/**
 * A node's file entry.
 *
 * @param plan The image plan.
 * @param node The node.
 * @param me Its place.
 * @param links Its file link count.
 * @param body Where its bytes are.
 * @param out Where to write the block: zeroed bytes (default: a new block).
 * @param at Offset of the block in `out`.
 * @returns `out`.
 */
export function fileEntry(
  plan: ImagePlan,
  node: PlannedNode,
  me: UdfPlace,
  links: number,
  body: IcbBody,
  out?: Uint8Array,
  at?: number,
): Uint8Array {
  const u = plan.udf!;
  const meta = node.entry.meta;
  const kind = node.kind === "directory"
    ? FileType.directory
    : node.kind === "symlink"
    ? FileType.symlink
    : FileType.file;
  return icbEntry(
    u,
    {
      fileType: kind,
      uid: meta.uid,
      gid: meta.gid,
      permissions: permissions(meta.mode),
      links,
      uniqueId: me.uniqueId,
      times: nodeTimes(meta, plan.records.times),
      location: me.feBlock,
      body,
    },
    out,
    at,
  );
}

/** The entry of a file (not a symlink): its data is the ISO 9660 extent. */
function fileIcb(plan: ImagePlan, node: PlannedFile, me: UdfPlace): Icb {
  const u = plan.udf!;
  const meta = node.entry.meta;
  const block = node.entry.size > 0 ? node.extent - u.partitionStart : 0;
  return {
    fileType: FileType.file,
    uid: meta.uid,
    gid: meta.gid,
    permissions: permissions(meta.mode),
    links: 1,
    uniqueId: me.uniqueId,
    times: nodeTimes(meta, plan.records.times),
    location: me.feBlock,
    // With a metadata partition the entry is there and the data in the physical
    // partition: long_ads name it (UDF 2.3.10). Otherwise short_ads, in the entry's own.
    body: u.metadata
      ? { length: node.entry.size, block, partition: PHYSICAL_PARTITION }
      : { length: node.entry.size, block },
  };
}

/**
 * The file entry of a file (pointing at its ISO 9660 data) or of a symlink (its path
 * components embedded, ECMA-167 4/14.16).
 *
 * @param plan The image plan.
 * @param leaf A file or symlink with its place (`udfLeaves` lists them).
 * @param out Where to write the block: zeroed bytes (default: a new block).
 * @param at Offset of the block in `out`.
 * @returns `out`.
 */
export function leaf(
  plan: ImagePlan,
  leaf: UdfLeaf,
  out?: Uint8Array,
  at?: number,
): Uint8Array {
  const node = leaf.node;
  if (node.kind === "symlink") {
    const embedded = symlinkComponents(node.entry.target);
    return fileEntry(plan, node, leaf, 1, { embedded }, out, at);
  }
  return icbEntry(plan.udf!, fileIcb(plan, node, leaf), out, at);
}

/**
 * The file entries of the next `n` leaves, one a block from `at` in `out`: the files' by
 * the WASM core in one call ({@linkcode FileEntryRows}), the symlinks' by {@linkcode leaf}.
 * Every byte of the `n` blocks is written.
 *
 * @param plan The image plan.
 * @param leaves The leaves in entry block order (`udfLeaves`), the next `n` taken.
 * @param rows The batch (of the plan's kind of entry), empty.
 * @param out Destination.
 * @param at Offset of the first block in `out`.
 * @param n Blocks, at most {@linkcode FileEntryRows.CAPACITY}.
 */
export function leaves(
  plan: ImagePlan,
  leaves: Iterator<UdfLeaf>,
  rows: FileEntryRows,
  out: Uint8Array,
  at: number,
  n: number,
): void {
  let links: { k: number; leaf: UdfLeaf }[] | undefined;
  for (let k = 0; k < n; k++) {
    const next = leaves.next();
    if (next.done) throw new InternalError(`UDF entries ran out at ${k} of ${n}`);
    const l = next.value;
    if (l.node.kind === "symlink") {
      rows.skip();
      (links ??= []).push({ k, leaf: l });
    } else rows.add(fileIcb(plan, l.node, l));
  }
  rows.writeInto(out, at);
  for (const { k, leaf: l } of links ?? []) leaf(plan, l, out, at + k * SECTOR_SIZE);
}
