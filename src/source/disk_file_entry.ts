/**
 * A file found by a folder scan, as one object: the tree's entry, its metadata and what
 * names it on disk (its folder's path and its name).
 *
 * Why one object: a scan of a million files kept three per file (the entry, a metadata
 * literal and a source), about 176 bytes with V8's 8-byte fields, where one object with the
 * same fields takes 96. The metadata is the entry itself (`meta` returns it), and the source
 * is made when asked: a {@linkcode FolderFileSource}, garbage as soon as its path is read.
 *
 * @module
 */

import type { FileEntry, FileSource, NodeMeta } from "../model/file_tree.ts";
import type { SharedDates } from "./shared_dates.ts";
import type { SourceStat } from "./source_stat.ts";
import { FolderFileSource } from "./folder_file_source.ts";

/** A regular file on disk, named by its folder and its name, with its `lstat` metadata. */
export class DiskFileEntry implements FileEntry, NodeMeta {
  /** Discriminator (on the prototype: one field less per file). */
  declare readonly kind: "file";
  /** Name within its directory, and on disk within its folder. */
  readonly name: string;
  /** Size in bytes, from the scan. */
  readonly size: number;
  /** The folder's path on disk, ending in "/". */
  readonly folder: string;
  /** Permission bits (`mode & 0o7777`). */
  readonly mode: number;
  /** Owner user id. */
  readonly uid: number;
  /** Owner group id. */
  readonly gid: number;
  /** Last modification time (shared with entries of the same time: treat as read-only). */
  declare readonly mtime?: Date;
  /** Last access time. */
  declare readonly atime?: Date;
  /** Last status change time. */
  declare readonly ctime?: Date;
  /** Device and inode, so hard links share one copy of the data (set for linked files only). */
  declare readonly inode?: string;

  /**
   * @param folder The folder's path on disk, ending in "/".
   * @param name The file's name in it.
   * @param st The file's `lstat` metadata.
   * @param dates The scan's one `Date` per distinct time.
   */
  constructor(folder: string, name: string, st: SourceStat, dates: SharedDates) {
    this.name = name;
    this.size = st.size;
    this.folder = folder;
    this.mode = st.mode & 0o7777;
    this.uid = st.uid;
    this.gid = st.gid;
    const self = this as { mtime?: Date; atime?: Date; ctime?: Date; inode?: string };
    if (st.mtimeMs !== undefined) self.mtime = dates.get(st.mtimeMs);
    if (st.atimeMs !== undefined) self.atime = dates.get(st.atimeMs);
    if (st.ctimeMs !== undefined) self.ctime = dates.get(st.ctimeMs);
    if (st.nlink > 1) self.inode = `${st.dev}:${st.ino}`;
  }

  /** The metadata: this entry's own fields (mode, uid, gid and times). */
  get meta(): NodeMeta {
    return this;
  }

  /** Where the bytes come from: a new source object at each read, naming the file on disk. */
  get source(): FileSource {
    return new FolderFileSource(this.folder, this.name, this.inode);
  }

  /** Path of the file on disk. */
  get path(): string {
    return this.folder + this.name;
  }
}
Object.defineProperty(DiskFileEntry.prototype, "kind", { value: "file" });
