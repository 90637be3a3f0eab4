/**
 * The files placed first ({@linkcode EarlyData}) as the {@linkcode PlacedFiles} of a
 * data-area job, read from the folder scans themselves: a job that can start before the
 * tree is planned. Its file `i` is the plan's data file `i` (`layout_plan.ts` lists them
 * first, in the same order, at the same blocks), which is how the emit pass adopts it.
 *
 * The writer reads a job's files in index order (its tables, then the copy), so the next
 * index costs a step; any other is found from its folder's first file.
 *
 * @module
 */

import { type EarlyData, isEarlyFile, type RowFiles } from "../layout/early_data.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import { ScannedFolder } from "../source/scanned_folder.ts";
import type { PlacedFiles } from "./data_area.ts";

/** The early files of folder scans, by job index. */
export class EarlyPlacedFiles implements PlacedFiles {
  /** How many files. */
  readonly length: number;
  /** UTF-16 units of the folders' names (their other children's too). */
  readonly nameUnits: number;
  readonly #early: EarlyData;
  readonly #folders: readonly ScannedFolder[];
  /** Where the last index asked for is: its folder, its position there, its block. */
  #index = -1;
  #folder = 0;
  #position = -1;
  #lba = 0;

  private constructor(early: EarlyData, folders: readonly ScannedFolder[]) {
    this.#early = early;
    this.#folders = folders;
    this.length = early.files;
    this.#lba = early.firstLba[0] ?? 0;
    this.nameUnits = folders.reduce((n, f) => n + f.nameUnits, 0);
  }

  /**
   * The job of the files placed first, when a thread can open each of them by its folder
   * and name (every block is a folder scan, no path holds NUL).
   *
   * @param early The placement.
   * @returns The job's files, or undefined.
   */
  static of(early: EarlyData): EarlyPlacedFiles | undefined {
    const folders: ScannedFolder[] = [];
    for (const b of early.blocks) {
      if (!(b instanceof ScannedFolder) || b.path.includes("\0")) return undefined;
      folders.push(b);
    }
    return new EarlyPlacedFiles(early, folders);
  }

  /** The next early file after the current one. */
  #step(): void {
    const blocks: readonly RowFiles[] = this.#early.blocks;
    if (this.#position >= 0) {
      const block = blocks[this.#folder]!;
      this.#lba += Math.ceil(block.sizeAt(this.#position) / SECTOR_SIZE);
    }
    for (;;) {
      const block = blocks[this.#folder]!;
      while (++this.#position < block.size) if (isEarlyFile(block, this.#position)) return;
      this.#folder++;
      this.#position = -1;
      this.#lba = this.#early.firstLba[this.#folder]!;
    }
  }

  #resolve(index: number): void {
    if (index === this.#index) return;
    if (index < 0 || index >= this.length) throw new RangeError(`no early file ${index}`);
    if (index !== this.#index + 1) {
      // The folder holding it: the last whose first file is at or before it.
      const first = this.#early.firstFile;
      let lo = 0;
      let hi = first.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (first[mid]! <= index) lo = mid;
        else hi = mid - 1;
      }
      this.#folder = lo;
      this.#position = -1;
      this.#lba = this.#early.firstLba[lo]!;
      this.#index = first[lo]! - 1;
    }
    while (this.#index < index) {
      this.#step();
      this.#index++;
    }
  }

  /** The source path of file `index`. */
  path(index: number): string {
    return this.folder(index) + this.name(index);
  }

  /** The size of file `index`, from the scan. */
  size(index: number): number {
    this.#resolve(index);
    return this.#folders[this.#folder]!.sizeAt(this.#position);
  }

  /** The image byte offset of file `index`. */
  at(index: number): number {
    this.#resolve(index);
    return this.#lba * SECTOR_SIZE;
  }

  /** The folder of file `index`, ending in "/". */
  folder(index: number): string {
    this.#resolve(index);
    return this.#folders[this.#folder]!.path;
  }

  /** The name of file `index` in its folder. */
  name(index: number): string {
    this.#resolve(index);
    return this.#folders[this.#folder]!.nameAt(this.#position);
  }
}
