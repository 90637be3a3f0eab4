/**
 * Where the files of folder scans go, decided before the tree is planned: the plain files a
 * block of children keeps as rows (`ChildBlock.plainFileAt`: no entry, no hard link) come
 * first in the file data, block after block in the order a walk of the model finds them,
 * each block's in its own (name) order. Only sizes decide their extents, so a data-area
 * thread can copy them while the names, the order of the records and every other structure
 * are planned (`write_tree_image_file.ts`); `layout_plan.ts` lists them first and gives
 * them the same blocks.
 *
 * Not with a boot image (the boot plan keeps its files as objects and may patch them) or
 * with a file order of the caller's: then every file is placed in the plan's order.
 *
 * @module
 */

import type { ChildBlock } from "../model/directory_children.ts";
import type { DirectoryEntry, NodeMeta, TreeEntry } from "../model/file_tree.ts";
import type { ResolvedMasterOptions } from "../model/master_options.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import { headLayout } from "./head_layout.ts";

/** A block of children that keeps plain files as rows, with their sizes. */
export interface RowFiles extends ChildBlock<TreeEntry> {
  /** See {@linkcode ChildBlock.plainFileAt}. */
  plainFileAt(index: number): boolean;
  /** See {@linkcode ChildBlock.sizeAt}. */
  sizeAt(index: number): number;
  /** See {@linkcode ChildBlock.metaAt}. */
  metaAt(index: number, into: NodeMeta): void;
}

/** The files placed first: which blocks, and where their data starts and ends. */
export interface EarlyData {
  /** First block of the file data. */
  readonly dataLba: number;
  /** The blocks whose files come first, in placement order. */
  readonly blocks: readonly RowFiles[];
  /** For each block, the index of its first early file among all early files. */
  readonly firstFile: Uint32Array;
  /** For each block, the first logical block of its first early file's data. */
  readonly firstLba: Float64Array;
  /** How many files are placed first. */
  readonly files: number;
  /** One past the last block of their data. */
  readonly endLba: number;
}

/**
 * Whether a block's child is placed first: a plain file with data.
 *
 * @param block The block.
 * @param index The child's position.
 * @returns True when it is.
 */
export function isEarlyFile(block: RowFiles, index: number): boolean {
  return block.plainFileAt(index) && block.sizeAt(index) > 0;
}

function rowFilesOf(dir: DirectoryEntry): RowFiles | undefined {
  const b = dir.children.block;
  return b?.plainFileAt && b.sizeAt && b.metaAt ? b as RowFiles : undefined;
}

/**
 * Place the plain files of every block of the tree first.
 *
 * @param root The model's root.
 * @param options Resolved options.
 * @returns The placement, or undefined when the options place every file in the plan.
 */
export function placeEarlyData(
  root: DirectoryEntry,
  options: ResolvedMasterOptions,
): EarlyData | undefined {
  if (options.boot || options.fileOrder) return undefined;
  const dataLba = headLayout(options).dataLba;
  const blocks: RowFiles[] = [];
  const firstFile: number[] = [];
  const firstLba: number[] = [];
  let files = 0;
  let lba = dataLba;
  const queue: DirectoryEntry[] = [root];
  for (let q = 0; q < queue.length; q++) {
    const dir = queue[q]!;
    const block = dir.children.block;
    const rows = rowFilesOf(dir);
    if (rows) {
      blocks.push(rows);
      firstFile.push(files);
      firstLba.push(lba);
    }
    for (let i = 0; block && i < block.size; i++) {
      if (rows?.plainFileAt(i)) {
        const size = rows.sizeAt(i);
        if (size > 0) {
          files++;
          lba += Math.ceil(size / SECTOR_SIZE);
        }
        continue;
      }
      const child = block.at(i);
      if (child.kind === "directory") queue.push(child);
    }
    for (const child of dir.children.added()) if (child.kind === "directory") queue.push(child);
  }
  if (files === 0) return undefined;
  return {
    dataLba,
    blocks,
    firstFile: Uint32Array.from(firstFile),
    firstLba: Float64Array.from(firstLba),
    files,
    endLba: lba,
  };
}
