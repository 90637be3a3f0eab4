/**
 * Planning step two: give every structure its logical blocks. Nothing is emitted here;
 * the emit pass (see `../stream/image_stream.ts`) follows this plan byte for byte.
 *
 * Sector map of an image (every part starts on a sector boundary):
 *
 * | LBA              | content                                                  |
 * |------------------|----------------------------------------------------------|
 * | 0–15             | system area, zero (ECMA-119 6.2.1)                       |
 * | 16               | primary volume descriptor (8.4)                          |
 * | 17               | El Torito boot record (8.2), if the image boots          |
 * | next             | Joliet supplementary volume descriptor (8.5), if Joliet  |
 * | next             | volume descriptor set terminator (8.3)                   |
 * | next             | El Torito boot catalog, if the image boots               |
 * | next             | file data, one contiguous run per file (hard links share)|
 * | next             | ISO type L path table, then type M (9.4)                 |
 * | next             | Joliet type L path table, then type M, if Joliet         |
 * | next             | ISO directories in path-table order (6.8)                |
 * | next             | Joliet directories in path-table order, if Joliet        |
 * | next             | Rock Ridge continuation areas (SUSP 5.1), if any         |
 * | last 9           | backup GPT, if the image is an isohybrid with GPT        |
 *
 * Why the file data first: where it goes depends on nothing the tree's names decide, so
 * the files can be placed, and copied, before the directories are planned. Every
 * structure is found through a pointer (the volume descriptor's root record and path
 * tables, ECMA-119 8.4.18–8.4.20; the boot record's catalog pointer; the UDF logical volume
 * descriptor's file set), none by its order.
 *
 * With UDF (a bridge image), the UDF volume recognition sequence follows the terminator
 * (the boot catalog follows it), the UDF descriptor sequences sit at 32–65 and an anchor at
 * 256; the partition starts at 257 (288 for UDF 2.50/2.60, see `udf_plan.ts`) with the
 * file set (or the metadata files' entries) and the shared file data; the ISO 9660
 * structures follow it, then the UDF directories and file entries (or the metadata files),
 * and a last anchor ends the image.
 *
 * @module
 */

import { InternalError, InvalidInputError } from "../model/errors.ts";
import { type EarlyData, isEarlyFile, placeEarlyData } from "./early_data.ts";
import { headLayout } from "./head_layout.ts";
import type { ResolvedMasterOptions } from "../model/master_options.ts";
import { pathTableRecordLength, SECTOR_SIZE } from "../records/ecma119.ts";
import type { DirectoryEntry, FileEntry } from "../model/file_tree.ts";
import {
  identifierBytes,
  MAX_SINGLE_EXTENT,
  measureDirectory,
  type RecordContext,
  type View,
} from "./directory_records.ts";
import {
  type PlannedDirectory,
  plannedFiles,
  type PlannedTree,
  planTree,
  type RowBlock,
  rowBlockOf,
} from "./plan_tree.ts";
import { ContinuationAllocator } from "./system_use.ts";
import { PlannedFileList } from "./planned_file_list.ts";
import { planUdf, udfPartitionStart, type UdfPlan } from "./udf_plan.ts";
import { type BootPlan, catalogEntry, planBoot } from "./boot_plan.ts";
import { GPT_TAIL_SECTORS } from "./hybrid_writer.ts";

/** Location of one path table pair. */
export interface PathTablePlan {
  /** Size in bytes (the same for L and M). */
  readonly size: number;
  /** First block of the type L table. */
  readonly lLba: number;
  /** First block of the type M table. */
  readonly mLba: number;
}

/** The complete block plan of an image. */
export interface ImagePlan {
  /** Resolved options. */
  readonly options: ResolvedMasterOptions;
  /** The per-view hierarchy. */
  readonly tree: PlannedTree;
  /** Rock Ridge and time settings for record enumeration. */
  readonly records: RecordContext;
  /** Block of the Joliet supplementary descriptor, if any. */
  readonly jolietDescriptorLba: number | undefined;
  /** Block of the terminator. */
  readonly terminatorLba: number;
  /** ISO path tables. */
  readonly isoPathTable: PathTablePlan;
  /** Joliet path tables, if any. */
  readonly jolietPathTable: PathTablePlan | undefined;
  /** First block of the continuation region. */
  readonly continuationLba: number;
  /** Continuation areas in record order, relative to {@linkcode continuationLba}. */
  readonly continuationAreas: ContinuationAllocator["positions"];
  /** Blocks of the continuation region. */
  readonly continuationBlocks: number;
  /** First block of file data. */
  readonly dataLba: number;
  /** Files that carry data, in data order. */
  readonly dataFiles: PlannedFileList;
  /** Total logical blocks of the image (the volume space size). */
  readonly totalSectors: number;
  /** The UDF side of a bridge image, if any. */
  readonly udf: UdfPlan | undefined;
  /** El Torito, if the image boots. */
  readonly boot: BootPlan | undefined;
  /** First sector of the backup GPT tail, if the image has a GPT. */
  readonly gptTailLba: number | undefined;
}

function sectors(bytes: number): number {
  return Math.ceil(bytes / SECTOR_SIZE);
}

function pathTableSize(dirs: readonly PlannedDirectory[], view: View): number {
  let size = 0;
  for (const d of dirs) {
    size += pathTableRecordLength(d.parent === d ? 1 : identifierBytes(d, view).length);
  }
  return size;
}

/**
 * The files that carry data of their own: those {@linkcode EarlyData} placed first, in its
 * order, then the rest in tree order. A block's file with no object is read from its
 * block's columns (making its entry would cost an object or three a file).
 */
function listDataFiles(tree: PlannedTree, early: EarlyData | undefined): PlannedFileList {
  const list = new PlannedFileList(tree.isoDirectories, tree.fileCount);
  const earlyBlocks = new Set<unknown>(early?.blocks);
  if (early) {
    const dirOf = new Map<unknown, number>();
    tree.isoDirectories.forEach((d, i) => {
      const b = d.entry.children.block;
      if (earlyBlocks.has(b)) dirOf.set(b, i);
    });
    let recordOf = new Int32Array(0); // a block position's place in the record order
    for (const block of early.blocks) {
      const i = dirOf.get(block);
      if (i === undefined) throw new InternalError("a block placed first is not in the plan");
      const d = tree.isoDirectories[i]!;
      if (recordOf.length < block.size) recordOf = new Int32Array(block.size);
      recordOf.fill(-1, 0, block.size);
      for (let k = 0; k < d.isoChildCount; k++) {
        const p = d.blockPositionAt(k);
        if (p >= 0) recordOf[p] = k;
      }
      for (let p = 0; p < block.size; p++) {
        if (!isEarlyFile(block, p)) continue;
        const k = recordOf[p]!;
        if (k < 0) {
          throw new InternalError(
            `${d.path}/${block.nameAt(p)} was placed first but has an object`,
          );
        }
        list.push(i, k);
      }
    }
    if (list.length !== early.files) {
      throw new InternalError(`${list.length} files listed first, ${early.files} placed`);
    }
  }
  tree.isoDirectories.forEach((d, i) => {
    const block = rowBlockOf(d);
    const first = earlyBlocks.has(d.entry.children.block);
    for (let k = 0; k < d.isoChildCount; k++) {
      const p = block ? d.blockPositionAt(k) : -1;
      if (p >= 0) {
        if (block!.sizeAt(p) > 0 && !first) list.push(i, k);
        continue;
      }
      const f = d.isoChildAt(k);
      if (f.kind !== "file" || f.dataOwner || f.entry.size === 0 || f.fixedExtent) continue;
      list.push(i, k);
    }
  });
  return list;
}

/**
 * Give each data file its extent, one after the other from `lba`.
 *
 * @returns The block after the last file's data.
 */
function placeDataFiles(files: PlannedFileList, lba: number): number {
  let dir: PlannedDirectory | undefined;
  let block: RowBlock | undefined;
  for (let i = 0; i < files.length; i++) {
    const d = files.directoryAt(i);
    if (d !== dir) block = rowBlockOf(dir = d);
    const p = block ? d.blockPositionAt(files.positionAt(i)) : -1;
    if (p >= 0) {
      d.blockFiles!.setExtent(p, lba);
      lba += sectors(block!.sizeAt(p));
    } else {
      const f = files.at(i);
      f.extent = lba;
      lba += sectors(f.entry.size);
    }
  }
  return lba;
}

/**
 * Plan an image: names, order and the block of every structure.
 *
 * @param root The model's root.
 * @param options Resolved options.
 * @param early The files placed first ({@linkcode placeEarlyData} of the same root and
 *   options, made before when a thread copies them while this plans).
 * @returns The plan.
 */
export function planImage(
  root: DirectoryEntry,
  options: ResolvedMasterOptions,
  early: EarlyData | undefined = placeEarlyData(root, options),
): ImagePlan {
  const boot = options.boot;
  const extras = new Map<string, FileEntry>();
  if (boot && !boot.hideCatalog) extras.set(boot.catalog, catalogEntry(boot.catalog));
  const tree = planTree(root, options, extras);
  const records: RecordContext = {
    rockRidge: options.rockRidge,
    times: { fixed: options.fixedTime, fallback: options.volumeTime },
  };
  // Level 3 records any size in sections: only the lower levels need a look at every file.
  for (const f of options.isoLevel < 3 ? plannedFiles(tree) : []) {
    if (f.entry.size > MAX_SINGLE_EXTENT) {
      throw new InvalidInputError(
        `Cannot add "${f.path}": it is ${f.entry.size} bytes, and files of 4 GiB or more need ISO level 3`,
        { path: f.path },
      );
    }
  }
  const iso = options.iso9660;
  const { jolietDescriptorLba, terminatorLba, vrsLba, catalogLba, dataLba } = headLayout(options);
  const bootPlan = boot ? planBoot(tree, boot, catalogLba!) : undefined;
  if (early && early.dataLba !== dataLba) {
    throw new InternalError(
      `files placed first from ${early.dataLba}, the data starts at ${dataLba}`,
    );
  }
  let lba = dataLba;
  const dataFiles = listDataFiles(tree, early);
  if (options.fileOrder) {
    const order = options.fileOrder;
    // Paths are made once, not at every comparison (a planned file makes its path when asked).
    const keyed = [...dataFiles].map((f, i) => ({ i, key: { path: f.path, size: f.entry.size } }));
    keyed.sort((a, b) => order(a.key, b.key));
    dataFiles.reorder(keyed.map((k) => k.i));
  }
  lba = placeDataFiles(dataFiles, lba);
  if (early) {
    // The first files' extents are the ones a data-area thread may be copying them to.
    const last = early.files - 1;
    const d = dataFiles.directoryAt(last);
    const p = d.blockPositionAt(dataFiles.positionAt(last));
    const end = d.blockFiles!.extent(p) + sectors(rowBlockOf(d)!.sizeAt(p));
    if (end !== early.endLba) {
      throw new InternalError(`the files placed first end at ${end}, ${early.endLba} planned`);
    }
  }
  for (const d of tree.isoDirectories) {
    for (let k = 0; k < d.isoChildCount; k++) {
      // A block's file with no object has no owner, and its extent stays 0 when it is empty.
      if (d.blockPositionAt(k) >= 0) continue;
      const f = d.isoChildAt(k);
      if (f.kind !== "file") continue;
      if (f.dataOwner) f.extent = f.dataOwner.extent;
      else if (f.entry.size === 0) f.extent = 0;
    }
  }
  if (bootPlan?.catalogFile) bootPlan.catalogFile.extent = bootPlan.catalogLba;
  const table = (dirs: PlannedDirectory[], view: View): PathTablePlan => {
    const size = pathTableSize(dirs, view);
    const lLba = lba;
    lba += sectors(size);
    const mLba = lba;
    lba += sectors(size);
    return { size, lLba, mLba };
  };
  const isoPathTable = iso ? table(tree.isoDirectories, "iso") : { size: 0, lLba: 0, mLba: 0 };
  const jolietPathTable = options.joliet ? table(tree.jolietDirectories, "joliet") : undefined;
  const allocator = new ContinuationAllocator();
  for (const d of iso ? tree.isoDirectories : []) {
    const { size, areaLengths } = measureDirectory(d, "iso", records);
    d.isoExtent = lba;
    d.isoSize = size;
    lba += sectors(size);
    for (const len of areaLengths) allocator.allocate(len);
  }
  for (const d of tree.jolietDirectories) {
    const { size } = measureDirectory(d, "joliet", records);
    d.jolietExtent = lba;
    d.jolietSize = size;
    lba += sectors(size);
  }
  const continuationLba = lba;
  lba += allocator.blocks;
  let udf: UdfPlan | undefined;
  if (options.udf) {
    const start = udfPartitionStart(options.udf);
    udf = planUdf(tree, options.udf, vrsLba, options.strictNames, lba - start);
    lba = start + udf.blocks;
    udf.lastAnchorLba = lba;
    udf.partitionLength = lba - start;
    lba++;
  }
  const gptTailLba = options.hybrid?.gpt ? lba : undefined;
  if (gptTailLba !== undefined) lba += GPT_TAIL_SECTORS;
  return {
    gptTailLba,
    boot: bootPlan,
    udf,
    options,
    tree,
    records,
    jolietDescriptorLba,
    terminatorLba,
    isoPathTable,
    jolietPathTable,
    continuationLba,
    continuationAreas: allocator.positions,
    continuationBlocks: allocator.blocks,
    dataLba,
    dataFiles,
    totalSectors: lba,
  };
}
