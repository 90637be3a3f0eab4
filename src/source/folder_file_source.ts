/**
 * The source of a file found by a folder scan: its folder's path and its name, joined only
 * when the path is read.
 *
 * Why not a stored path: a scan of a million files would keep a million path strings. The
 * join of two strings is a V8 cons string (32 bytes with 8-byte pointers), and the first
 * OS call or encoding that reads it flattens it in place, leaving a flat copy of the whole
 * path (another 60 to 100 bytes) attached for as long as the entry lives. A path made when
 * read is garbage as soon as the read is done; the folder's path is one string for all its
 * files, and the name is the entry's own.
 *
 * @module
 */

/** A file on disk, named by its folder and its name; `path` joins them when read. */
export class FolderFileSource {
  /** Discriminator (on the prototype: one field less per file). */
  declare readonly kind: "path";
  /** Device and inode, so hard links share one copy of the data (set for linked files only). */
  declare readonly inode?: string;
  /** The folder's path, ending in "/". */
  readonly folder: string;
  /** The file's name in it. */
  readonly name: string;

  /**
   * @param folder The folder's path, ending in "/".
   * @param name The file's name.
   * @param inode Device and inode, for a file with more than one link.
   */
  constructor(folder: string, name: string, inode?: string) {
    this.folder = folder;
    this.name = name;
    if (inode !== undefined) (this as { inode?: string }).inode = inode;
  }

  /** Path of the file on disk. */
  get path(): string {
    return this.folder + this.name;
  }
}
Object.defineProperty(FolderFileSource.prototype, "kind", { value: "path" });
