/**
 * A file found by a folder scan, as the tree shows it: a view of one row of the scan's
 * columns ({@linkcode ScanColumns}) and of its name in its folder ({@linkcode ScannedFolder}).
 *
 * Why a view: the scan keeps a file as a row of typed arrays (34 bytes) and its name in the
 * folder's one string of names, not as an object. An entry is made when the tree is asked
 * for one (a few fields, garbage as soon as it is dropped); each of its values is read from
 * the row when asked. Times come back as `Date`s shared between entries of the same time
 * (as the scan's folders' are: treat them as read-only).
 *
 * @module
 */

import type { FileEntry, FileSource, NodeMeta } from "../model/file_tree.ts";
import { ATIME, CTIME, MTIME, type TimeColumn } from "./scan_columns.ts";
import type { ScannedFolder } from "./scanned_folder.ts";
import { FolderFileSource } from "./folder_file_source.ts";

/** A regular file on disk, found by a scan: the child at `index` of its scanned folder. */
export class ScannedFileEntry implements FileEntry, NodeMeta {
  /** Discriminator (on the prototype). */
  declare readonly kind: "file";
  /** The folder it was found in. */
  readonly folder: ScannedFolder;
  /** Its position among the folder's children. */
  readonly index: number;

  /**
   * @param folder The scanned folder.
   * @param index The file's position among the folder's children.
   */
  constructor(folder: ScannedFolder, index: number) {
    this.folder = folder;
    this.index = index;
  }

  #name: string | undefined;

  /** Name within its directory, and on disk within its folder (cut at the first read). */
  get name(): string {
    return this.#name ??= this.folder.nameAt(this.index);
  }

  /** Size in bytes, from the scan. */
  get size(): number {
    return this.folder.sizeAt(this.index);
  }

  /** Permission bits (`mode & 0o7777`). */
  get mode(): number {
    return this.folder.columns.mode(this.folder.first + this.index);
  }

  /** Owner user id. */
  get uid(): number {
    return this.folder.columns.uid(this.folder.first + this.index);
  }

  /** Owner group id. */
  get gid(): number {
    return this.folder.columns.gid(this.folder.first + this.index);
  }

  /** Last modification time, when the reader gave it. */
  get mtime(): Date | undefined {
    return this.#date(MTIME);
  }

  /** Last access time, when the reader gave it. */
  get atime(): Date | undefined {
    return this.#date(ATIME);
  }

  /** Last status change time, when the reader gave it. */
  get ctime(): Date | undefined {
    return this.#date(CTIME);
  }

  #date(which: TimeColumn): Date | undefined {
    return this.folder.columns.date(this.folder.first + this.index, which);
  }

  /** Device and inode, for a file with more than one link (hard links share their data). */
  get inode(): string | undefined {
    return this.folder.inodeAt(this.index);
  }

  /** The metadata: this entry's own values (mode, uid, gid and times). */
  get meta(): NodeMeta {
    return this;
  }

  /** Where the bytes come from: a new source object at each read, naming the file on disk. */
  get source(): FileSource {
    return new FolderFileSource(this.folder.path, this.name, this.inode);
  }

  /** Path of the file on disk. */
  get path(): string {
    return this.folder.path + this.name;
  }
}
Object.defineProperty(ScannedFileEntry.prototype, "kind", { value: "file" });
