/**
 * The children of one scanned folder, handed to the tree as one block
 * ({@linkcode ChildBlock}): files as rows of the scan's {@linkcode ScanColumns}, folders and
 * links as the tree's own entries, and every name in one string.
 *
 * Why one string: a name as a string of its own costs a 16-byte header and rounding, plus
 * an 8-byte slot in an array (about 40 bytes for a name of 11 characters). In the folder's
 * one string it costs its characters; the row says where it starts. A name is cut out when
 * asked (a lookup by name cuts out the few it compares).
 *
 * @module
 */

import type { ChildBlock } from "../model/directory_children.ts";
import type { NodeMeta, TreeEntry } from "../model/file_tree.ts";
import { ATIME, CTIME, MTIME, type ScanColumns } from "./scan_columns.ts";
import type { SourceStat } from "./source_stat.ts";
import { ScannedFileEntry } from "./scanned_file_entry.ts";

/**
 * One folder's children, added in name order while the scan reads the folder, then
 * {@linkcode ScannedFolder.finish}ed. Its rows in the columns are contiguous: add one
 * folder's children before the next folder's.
 */
export class ScannedFolder implements ChildBlock<TreeEntry> {
  /** The scan's columns. */
  readonly columns: ScanColumns;
  /** The folder's path on disk, ending in "/". */
  readonly path: string;
  /** The row of its first child. */
  readonly first: number;
  #size = 0;
  /** Names while children are added; then undefined, and `#names` holds them joined. */
  #list: string[] | undefined = [];
  #names = "";
  #nameEnd = 0;
  /** Children that are not files, by position. */
  #others: Map<number, TreeEntry> | undefined;
  /** Device and inode of files with more than one link, by position. */
  #inodes: Map<number, string> | undefined;

  /**
   * @param columns The scan's columns (the folder's rows start at their current end).
   * @param path The folder's path on disk, ending in "/".
   */
  constructor(columns: ScanColumns, path: string) {
    this.columns = columns;
    this.path = path;
    this.first = columns.rows;
  }

  /** Number of children. */
  get size(): number {
    return this.#size;
  }

  /**
   * Add a regular file.
   *
   * @param name Its name, after every name added before.
   * @param st Its metadata.
   * @returns Its position among the folder's children.
   */
  addFile(name: string, st: SourceStat): number {
    const index = this.#add(name, st);
    if (st.nlink > 1) (this.#inodes ??= new Map()).set(index, `${st.dev}:${st.ino}`);
    return index;
  }

  /**
   * Add a child that is not a regular file (a folder's or a link's entry).
   *
   * @param entry The entry; its name comes after every name added before.
   * @param st Its metadata.
   */
  addOther(entry: TreeEntry, st: SourceStat): void {
    (this.#others ??= new Map()).set(this.#add(entry.name, st), entry);
  }

  #add(name: string, st: SourceStat): number {
    const list = this.#list;
    if (!list) throw new Error("ScannedFolder: children added after finish()");
    if (this.columns.rows !== this.first + this.#size) {
      throw new Error("ScannedFolder: another folder's rows came in between");
    }
    const last = list[list.length - 1];
    if (last !== undefined && !(last < name)) {
      throw new Error(
        `ScannedFolder: ${JSON.stringify(name)} is not after ${JSON.stringify(last)}`,
      );
    }
    this.columns.append(st, this.#nameEnd);
    this.#nameEnd += name.length;
    list.push(name);
    return this.#size++;
  }

  /** UTF-16 units of all its children's names. */
  get nameUnits(): number {
    return this.#nameEnd;
  }

  /** End the adding: the names go into one string. */
  finish(): void {
    if (this.#list) this.#names = this.#list.join("");
    this.#list = undefined;
  }

  #start(index: number): number {
    return this.columns.nameStart(this.first + index);
  }

  #end(index: number): number {
    return index + 1 < this.#size ? this.#start(index + 1) : this.#names.length;
  }

  /**
   * @param index A child's position.
   * @returns Its name.
   */
  nameAt(index: number): string {
    return this.#list
      ? this.#list[index]!
      : this.#names.slice(this.#start(index), this.#end(index));
  }

  /**
   * @param index A file's position.
   * @returns Its size in bytes, from the scan.
   */
  sizeAt(index: number): number {
    return this.columns.size(this.first + index);
  }

  /**
   * Copy a file's metadata (what its entry's `meta` holds) into an object the caller reuses.
   *
   * @param index A file's position.
   * @param into The object to fill.
   */
  metaAt(index: number, into: NodeMeta): void {
    const row = this.first + index;
    const c = this.columns;
    into.mode = c.mode(row);
    into.uid = c.uid(row);
    into.gid = c.gid(row);
    into.mtime = c.date(row, MTIME);
    into.atime = c.date(row, ATIME);
    into.ctime = c.date(row, CTIME);
  }

  /**
   * @param index A file's position.
   * @returns Its device and inode when it has more than one link.
   */
  inodeAt(index: number): string | undefined {
    return this.#inodes?.get(index);
  }

  /**
   * @param index A child's position.
   * @returns True when it is a file with one link (a row only).
   */
  plainFileAt(index: number): boolean {
    return !this.#others?.has(index) && !this.#inodes?.has(index);
  }

  /**
   * @param index A child's position.
   * @returns The child: a new file entry, or the folder's or link's own entry.
   */
  at(index: number): TreeEntry {
    return this.#others?.get(index) ?? new ScannedFileEntry(this, index);
  }

  /**
   * @param name A name.
   * @returns Its position, or -1.
   */
  indexOf(name: string): number {
    let lo = 0;
    let hi = this.#size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.nameAt(mid);
      if (at === name) return mid;
      if (at < name) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }
}
