/**
 * The image model: a tree of directories, files and symlinks, independent of any
 * on-disc format. Pure data; nothing here touches the file system.
 *
 * @module
 */

import type { DirectoryChildren } from "./directory_children.ts";
import { InvalidInputError } from "./errors.ts";
import {
  checkName,
  checkSize,
  directoryEntry,
  fileEntry,
  pathIn,
  type PathText,
  symlinkEntry,
  textOf,
} from "./tree_entries.ts";

/** POSIX metadata kept for a node; times default to the image's time when absent. */
export interface NodeMeta {
  /** Permission bits (`mode & 0o7777`). */
  mode: number;
  /** Owner user id. */
  uid: number;
  /** Owner group id. */
  gid: number;
  /** Last modification time (absent or undefined: the image's time). */
  mtime?: Date | undefined;
  /** Last access time (absent or undefined: the modification time). */
  atime?: Date | undefined;
  /** Last status change time (absent or undefined: the modification time). */
  ctime?: Date | undefined;
}

/** Where a file's bytes come from. */
export type FileSource =
  | {
    /** A file on disk, read when the image is streamed. */
    readonly kind: "path";
    /** Path of the file on disk. */
    readonly path: string;
    /** Device and inode, so hard links share one copy of the data. */
    readonly inode?: string;
  }
  | {
    /** Bytes held in memory. */
    readonly kind: "bytes";
    /** The content. */
    readonly bytes: Uint8Array;
  }
  | {
    /** A stream opened each time the image is streamed; it must yield exactly `size` bytes. */
    readonly kind: "stream";
    /** Opens a fresh stream of the content. */
    readonly open: () => ReadableStream<Uint8Array>;
  };

/** A regular file. */
export interface FileEntry {
  /** Discriminator. */
  readonly kind: "file";
  /** Name within its directory (the true name, shown by Rock Ridge). */
  readonly name: string;
  /** Size in bytes, fixed when the entry is added. */
  readonly size: number;
  /** Where the bytes come from. */
  readonly source: FileSource;
  /** POSIX metadata. */
  readonly meta: NodeMeta;
}

/** A directory. Children are keyed by their true name. */
export interface DirectoryEntry {
  /** Discriminator. */
  readonly kind: "directory";
  /** Name within its parent ("" for the root). */
  readonly name: string;
  /** Children by name, in the order they were added (add them through {@linkcode FileTree}). */
  readonly children: DirectoryChildren<TreeEntry>;
  /** POSIX metadata. */
  meta: NodeMeta;
}

/** A symbolic link, recorded as such by Rock Ridge (SL) and skipped by views without links. */
export interface SymlinkEntry {
  /** Discriminator. */
  readonly kind: "symlink";
  /** Name within its directory. */
  readonly name: string;
  /** The link target, unchanged. */
  readonly target: string;
  /** POSIX metadata. */
  readonly meta: NodeMeta;
}

/** Any node of the tree. */
export type TreeEntry = FileEntry | DirectoryEntry | SymlinkEntry;

/** Options for adding a file. */
export interface AddFileOptions {
  /** Size in bytes; required for stream sources, taken from the bytes otherwise. */
  size?: number;
  /** Metadata; defaults to mode 0644, uid/gid 0, the image's time. */
  meta?: Partial<NodeMeta>;
}

function splitPath(path: string): string[] {
  return path.split("/").filter((part) => part !== "");
}

/**
 * A mutable tree of the image's content. Paths are absolute inside the image ("/a/b.txt");
 * a leading slash is optional. Parent directories are created as needed.
 *
 * @example Building a tree in memory
 * ```ts
 * import { FileTree } from "./file_tree.ts";
 * const tree = new FileTree();
 * tree.addFile("/docs/readme.txt", new TextEncoder().encode("hello"));
 * tree.addSymlink("/latest", "docs/readme.txt");
 * if (tree.get("/docs/readme.txt")?.kind !== "file") throw new Error("missing");
 * ```
 */
export class FileTree {
  /** The root directory. */
  readonly root: DirectoryEntry = directoryEntry("");

  /**
   * Look up an entry.
   *
   * @param path Path inside the image.
   * @returns The entry, or undefined.
   */
  get(path: string): TreeEntry | undefined {
    let node: TreeEntry = this.root;
    for (const part of splitPath(path)) {
      if (node.kind !== "directory") return undefined;
      const next: TreeEntry | undefined = node.children.get(part);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  /**
   * Create a directory and its parents; an existing directory is kept (its metadata updated
   * when `meta` is given).
   *
   * @param path Path inside the image.
   * @param meta Metadata for the last component.
   * @returns The directory.
   */
  addDirectory(path: string, meta?: Partial<NodeMeta>): DirectoryEntry {
    let dir = this.root;
    const parts = splitPath(path);
    parts.forEach((part, i) => {
      const existing = dir.children.get(part);
      if (existing?.kind === "directory") {
        dir = existing;
      } else if (existing) {
        throw new InvalidInputError(
          `Cannot add directory "${path}": "/${
            parts.slice(0, i + 1).join("/")
          }" is already a ${existing.kind}`,
          { path },
        );
      } else {
        const created = directoryEntry(checkName(part, path));
        dir.children.add(created);
        dir = created;
      }
    });
    if (meta) dir.meta = { ...dir.meta, ...meta };
    return dir;
  }

  /**
   * Add a regular file.
   *
   * @param path Path inside the image.
   * @param source The content: bytes, a disk path source, or a stream source with `size`.
   * @param options Size and metadata.
   * @returns The new entry.
   */
  addFile(path: string, source: FileSource | Uint8Array, options: AddFileOptions = {}): FileEntry {
    const [parent, name] = splitLast(path);
    const entry = fileEntry(name, source, options, path);
    return this.#place(this.#directoryAt(parent), entry, path);
  }

  /**
   * Add a regular file to a directory of this tree by name: {@linkcode FileTree.addFile}
   * without a path to split, for adding a folder's entries one after another.
   *
   * @param directory A directory of this tree (from `get`, `addDirectory` or `root`).
   * @param name The file's name in it.
   * @param source The content, as for `addFile`.
   * @param options Size and metadata.
   * @param where The directory's path inside the image, for messages.
   * @returns The new entry.
   */
  addFileIn(
    directory: DirectoryEntry,
    name: string,
    source: FileSource | Uint8Array,
    options: AddFileOptions = {},
    where = directory.name,
  ): FileEntry {
    const path = pathIn(where, name);
    const entry = fileEntry(checkName(name, path), source, options, path);
    return this.#place(directory, entry, path);
  }

  /**
   * Add a file entry made elsewhere (a folder scan's, which carries its own metadata and
   * source) to a directory of this tree by its name; its name and size are checked as
   * `addFileIn` checks them.
   *
   * @param directory A directory of this tree.
   * @param entry The entry; the tree keeps it as it is (treat it as read-only).
   * @param where The directory's path inside the image, for messages.
   * @returns The entry.
   */
  addEntryIn<T extends FileEntry>(directory: DirectoryEntry, entry: T, where = directory.name): T {
    const path = pathIn(where, entry.name);
    checkName(entry.name, path);
    checkSize(entry.size, path);
    return this.#place(directory, entry, path);
  }

  /**
   * Add a symbolic link (recorded by Rock Ridge; other views leave it out).
   *
   * @param path Path inside the image.
   * @param target The link target.
   * @param meta Metadata.
   * @returns The new entry.
   */
  addSymlink(path: string, target: string, meta?: Partial<NodeMeta>): SymlinkEntry {
    const [parent, name] = splitLast(path);
    const entry = symlinkEntry(name, target, meta, path);
    return this.#place(this.#directoryAt(parent), entry, path);
  }

  /**
   * Add a symbolic link to a directory of this tree by name (see
   * {@linkcode FileTree.addFileIn}).
   *
   * @param directory A directory of this tree.
   * @param name The link's name in it.
   * @param target The link target.
   * @param meta Metadata.
   * @param where The directory's path inside the image, for messages.
   * @returns The new entry.
   */
  addSymlinkIn(
    directory: DirectoryEntry,
    name: string,
    target: string,
    meta?: Partial<NodeMeta>,
    where = directory.name,
  ): SymlinkEntry {
    const path = pathIn(where, name);
    const entry = symlinkEntry(checkName(name, path), target, meta, path);
    return this.#place(directory, entry, path);
  }

  /** Where the last file or link went, by its parent's path: sources add folder by folder. */
  #lastParent: { readonly path: string; readonly dir: DirectoryEntry } | undefined;

  /** The directory at a parent path, created as needed. */
  #directoryAt(parent: string): DirectoryEntry {
    if (this.#lastParent?.path === parent) return this.#lastParent.dir;
    const dir = this.addDirectory(parent);
    this.#lastParent = { path: parent, dir };
    return dir;
  }

  #place<T extends FileEntry | SymlinkEntry>(
    dir: DirectoryEntry,
    entry: T,
    path: PathText,
  ): T {
    const existing = dir.children.get(entry.name);
    if (existing) {
      const where = textOf(path);
      throw new InvalidInputError(
        `Cannot add "${where}": a ${existing.kind} of that name already exists`,
        { path: where },
      );
    }
    dir.children.add(entry);
    return entry;
  }
}

/** A path's parent path and its last component (checked). */
function splitLast(path: string): [string, string] {
  const cut = path.lastIndexOf("/");
  const name = path.slice(cut + 1);
  if (name !== "") return [cut < 0 ? "" : path.slice(0, cut), checkName(name, path)];
  const parts = splitPath(path);
  const last = parts.pop();
  if (last === undefined) {
    throw new InvalidInputError(`Cannot add "${path}": the path names the root directory`, {
      path,
    });
  }
  return [parts.join("/"), checkName(last, path)];
}
