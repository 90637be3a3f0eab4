/**
 * The plan's files that a data-area thread writes (read straight from disk, not patched),
 * as the {@linkcode PlacedFiles} it is handed.
 *
 * Why not through `plan.dataFiles.at(i)`: that makes a planned file, its entry and its
 * source (three objects) for each read, and the thread's tables read every file three
 * times over; a million files cost about a second of the emit pass's thread before it
 * wrote its first byte. A file of a folder scan that has no object of its own in the plan
 * (`PlannedDirectory.blockPositionAt`) is read here from its {@linkcode ScannedFolder}
 * (folder path, name, size) and its directory's columns (extent) instead; any other file
 * goes through its planned object.
 *
 * @module
 */

import type { ImagePlan } from "../layout/layout_plan.ts";
import type { PlannedDirectory, PlannedFile } from "../layout/plan_tree.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import { FolderFileSource } from "../source/folder_file_source.ts";
import { ScannedFolder } from "../source/scanned_folder.ts";
import type { PlacedFiles } from "./data_area.ts";
import { InternalError } from "../model/errors.ts";

/** The scanned folder of a plan directory's block, when it has one it can open files in. */
function scannedFolderOf(dir: PlannedDirectory): ScannedFolder | undefined {
  const block = dir.entry.children.block;
  // A path holding NUL names no file the OS can open: the emit pass says so itself.
  return block instanceof ScannedFolder && !block.path.includes("\0") ? block : undefined;
}

/** A path source: its folder and name when they are kept apart, else its whole path. */
function pathParts(file: PlannedFile): { folder: string; name: string } | undefined {
  const src = file.entry.source;
  if (src.kind !== "path" || file.patch) return undefined;
  if (src instanceof FolderFileSource) {
    return src.folder.includes("\0") || src.name.includes("\0")
      ? undefined
      : { folder: src.folder, name: src.name };
  }
  return src.path.includes("\0") ? undefined : { folder: "", name: src.path };
}

/** The plan's files a data-area thread writes, by job index, in image order. */
export class PlanPlacedFiles implements PlacedFiles {
  /** How many files the job has. */
  readonly length: number;
  /**
   * UTF-16 units of the names of the scanned folders the job's files are in (their other
   * children's too): a table of the names is about that big.
   */
  readonly nameUnits: number;
  readonly #plan: ImagePlan;
  /**
   * The job's files as indexes into `plan.dataFiles`, and 1 at each index it writes; both
   * undefined when the job writes every file (the usual case: 5 bytes a file saved).
   */
  readonly #mine: Uint32Array | undefined;
  readonly #handled: Uint8Array | undefined;
  /** What the last job index read resolved to (the writer reads one file's values in turn). */
  #index = -1;
  #folder: ScannedFolder | undefined;
  #dir: PlannedDirectory | undefined;
  #position = 0;
  #file: PlannedFile | undefined;
  #parts: { folder: string; name: string } | undefined;

  /**
   * Pick the files of a plan a data-area thread can write.
   *
   * @param plan The plan.
   * @param first Only the plan's first this-many files, each of which the thread must be
   *   able to write (a job started before the plan: `EarlyPlacedFiles`); default all.
   * @throws {InternalError} When one of the `first` files is not one the thread can write.
   */
  constructor(plan: ImagePlan, first?: number) {
    const files = plan.dataFiles;
    const end = first ?? files.length;
    if (end > files.length) {
      throw new InternalError(`${end} files started early, the plan has ${files.length}`);
    }
    this.#plan = plan;
    let handled: Uint8Array | undefined;
    let mine: Uint32Array | undefined;
    let count = 0;
    let units = 0;
    const counted = new Set<ScannedFolder>();
    let lastDir: PlannedDirectory | undefined;
    let lastFolder: ScannedFolder | undefined;
    for (let i = 0; i < end; i++) {
      const dir = files.directoryAt(i);
      if (dir !== lastDir) {
        lastFolder = scannedFolderOf(lastDir = dir);
        // Each folder once, also when an order other than the tree's splits its files.
        if (lastFolder && !counted.has(lastFolder)) {
          counted.add(lastFolder);
          units += lastFolder.nameUnits;
        }
      }
      const fast = lastFolder && dir.blockPositionAt(files.positionAt(i)) >= 0;
      if (!fast && !pathParts(files.at(i))) {
        if (first !== undefined) {
          throw new InternalError(`${files.at(i).path} was started early but is not a plain file`);
        }
        // The first file the job leaves out: from here on, the job's files are listed.
        if (!mine) {
          mine = new Uint32Array(files.length);
          for (let k = 0; k < i; k++) mine[k] = k;
          handled = new Uint8Array(files.length).fill(1, 0, i);
        }
        continue;
      }
      if (mine) {
        handled![i] = 1;
        mine[count] = i;
      }
      count++;
    }
    this.length = count;
    this.nameUnits = units;
    this.#mine = mine?.subarray(0, count);
    this.#handled = handled;
  }

  /**
   * @param index An index into `plan.dataFiles`.
   * @returns Whether the job writes that file.
   */
  handles(index: number): boolean {
    return this.#handled ? this.#handled[index] === 1 : index < this.length;
  }

  #resolve(index: number): void {
    if (index === this.#index) return;
    this.#index = index;
    const files = this.#plan.dataFiles;
    const i = this.#mine ? this.#mine[index]! : index;
    const dir = files.directoryAt(i);
    const position = dir.blockPositionAt(files.positionAt(i));
    this.#folder = position >= 0 ? scannedFolderOf(dir) : undefined;
    if (this.#folder) {
      this.#dir = dir;
      this.#position = position;
      this.#file = undefined;
      this.#parts = undefined;
    } else {
      this.#file = files.at(i);
      this.#parts = pathParts(this.#file);
    }
  }

  /**
   * The planned file of a job index (for messages and progress): an object made now.
   *
   * @param index A job index.
   * @returns The file, or undefined past the end.
   */
  fileAt(index: number): PlannedFile | undefined {
    return index >= 0 && index < this.length
      ? this.#plan.dataFiles.at(this.planIndex(index))
      : undefined;
  }

  /**
   * The index in `plan.dataFiles` of a job index.
   *
   * @param index A job index.
   * @returns The plan's index.
   */
  planIndex(index: number): number {
    return this.#mine ? this.#mine[index]! : index;
  }

  /** The source path of file `index`. */
  path(index: number): string {
    return this.folder(index) + this.name(index);
  }

  /** The planned size of file `index`. */
  size(index: number): number {
    this.#resolve(index);
    return this.#folder ? this.#folder.sizeAt(this.#position) : this.#file!.entry.size;
  }

  /** The image byte offset of file `index`. */
  at(index: number): number {
    this.#resolve(index);
    const extent = this.#folder
      ? this.#dir!.blockFiles!.extent(this.#position)
      : this.#file!.extent;
    return extent * SECTOR_SIZE;
  }

  /** The folder part of file `index`'s path, ending in "/", or "" for a whole path. */
  folder(index: number): string {
    this.#resolve(index);
    return this.#folder ? this.#folder.path : this.#parts!.folder;
  }

  /** The rest of file `index`'s path after its folder. */
  name(index: number): string {
    this.#resolve(index);
    return this.#folder ? this.#folder.nameAt(this.#position) : this.#parts!.name;
  }
}
