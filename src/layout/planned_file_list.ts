/**
 * A list of planned files kept as (directory, position) pairs in typed arrays: 8 bytes a
 * file, where an array of file objects would hold each object (a file of a block of
 * children has none until it is read, see `PlannedDirectoryNode`).
 *
 * @module
 */

import { InternalError } from "../model/errors.ts";
import type { PlannedDirectory, PlannedFile } from "./plan_tree.ts";

/** Planned files by index. */
export class PlannedFileList {
  readonly #directories: readonly PlannedDirectory[];
  #directory: Uint32Array;
  #position: Uint32Array;
  #length = 0;

  /**
   * An empty list.
   *
   * @param directories The directories the pairs name by index.
   * @param capacity Most files the list will hold.
   */
  constructor(directories: readonly PlannedDirectory[], capacity: number) {
    this.#directories = directories;
    this.#directory = new Uint32Array(capacity);
    this.#position = new Uint32Array(capacity);
  }

  /** How many files. */
  get length(): number {
    return this.#length;
  }

  /**
   * Add a file.
   *
   * @param directory Index of its directory in the list's directories.
   * @param position Its position in that directory's ISO record order.
   */
  push(directory: number, position: number): void {
    if (this.#length === this.#directory.length) {
      throw new InternalError(`more than ${this.#length} files pushed to a planned file list`);
    }
    this.#directory[this.#length] = directory;
    this.#position[this.#length++] = position;
  }

  /**
   * The file at an index.
   *
   * @param index The index.
   * @returns The file (made anew for a block's file, unless its directory kept it).
   */
  at(index: number): PlannedFile {
    if (index >= this.#length) throw new InternalError(`planned file ${index} of ${this.#length}`);
    const dir = this.#directories[this.#directory[index]!]!;
    return dir.isoChildAt(this.#position[index]!) as PlannedFile;
  }

  /**
   * The directory of the file at an index.
   *
   * @param index The index.
   * @returns The directory.
   */
  directoryAt(index: number): PlannedDirectory {
    if (index >= this.#length) throw new InternalError(`planned file ${index} of ${this.#length}`);
    return this.#directories[this.#directory[index]!]!;
  }

  /**
   * The position of the file at an index in its directory's ISO record order.
   *
   * @param index The index.
   * @returns The position.
   */
  positionAt(index: number): number {
    if (index >= this.#length) throw new InternalError(`planned file ${index} of ${this.#length}`);
    return this.#position[index]!;
  }

  /**
   * Put the files in another order.
   *
   * @param order The current index of each file, in the new order.
   */
  reorder(order: readonly number[]): void {
    if (order.length !== this.#length) {
      throw new InternalError(`${order.length} indexes to reorder ${this.#length} files`);
    }
    const directory = new Uint32Array(this.#length);
    const position = new Uint32Array(this.#length);
    order.forEach((from, to) => {
      directory[to] = this.#directory[from]!;
      position[to] = this.#position[from]!;
    });
    this.#directory = directory;
    this.#position = position;
  }

  /** The files in order. */
  *[Symbol.iterator](): Generator<PlannedFile> {
    for (let i = 0; i < this.#length; i++) yield this.at(i);
  }
}
