/**
 * The image model: a tree of directories, files and symlinks, independent of any
 * on-disc format. Pure data; nothing here touches the file system.
 *
 * @module
 */

import { DirectoryChildren } from "./directory_children.ts";
import { InvalidInputError } from "./errors.ts";

/** POSIX metadata kept for a node; times default to the image's time when absent. */
export interface NodeMeta {
  /** Permission bits (`mode & 0o7777`). */
  mode: number;
  /** Owner user id. */
  uid: number;
  /** Owner group id. */
  gid: number;
  /** Last modification time. */
  mtime?: Date;
  /** Last access time. */
  atime?: Date;
  /** Last status change time. */
  ctime?: Date;
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

const DEFAULT_FILE_MODE = 0o644;
const DEFAULT_DIR_MODE = 0o755;
const DEFAULT_LINK_MODE = 0o777;
/** Linux NAME_MAX: Rock Ridge readers recreate names on POSIX systems. */
const MAX_NAME_BYTES = 255;

function makeMeta(mode: number, meta: Partial<NodeMeta> | undefined): NodeMeta {
  if (
    meta?.mode !== undefined && meta.uid !== undefined && meta.gid !== undefined &&
    meta.mtime !== undefined && meta.atime !== undefined && meta.ctime !== undefined
  ) {
    // What a scan gives: one literal keeps all six fields in the object (a spread leaves
    // three in a separate property array, 40 more bytes per entry).
    const { uid, gid, mtime, atime, ctime } = meta;
    return { mode: meta.mode, uid, gid, mtime, atime, ctime };
  }
  return { mode, uid: 0, gid: 0, ...meta };
}

/** A path for messages, or a function that makes it (only when a message needs it). */
export type PathText = string | (() => string);

function textOf(path: PathText): string {
  return typeof path === "string" ? path : path();
}

/** The path of `name` in the directory at `where`, made when a message needs it. */
function pathIn(where: string, name: string): () => string {
  return () => `${where.endsWith("/") ? where : `${where}/`}${name}`;
}

/**
 * Check one path component and return it; throws {@linkcode InvalidInputError} naming the path.
 *
 * @param name The component.
 * @param path The whole path, for the message (or a function that makes it on failure).
 * @returns The name unchanged.
 */
export function checkName(name: string, path: PathText): string {
  let problem: string | undefined;
  if (name === "" || name === "." || name === "..") problem = `"${name}" is not a file name`;
  else if (name.includes("\0")) problem = "it contains a NUL character";
  else if (name.includes("/")) problem = "it contains a slash (one name holds no folders)";
  else {
    const bytes = utf8Length(name);
    if (bytes < 0) problem = "it contains an unpaired UTF-16 surrogate";
    else if (bytes > MAX_NAME_BYTES) problem = `it is longer than ${MAX_NAME_BYTES} bytes in UTF-8`;
  }
  if (problem) {
    const where = textOf(path);
    throw new InvalidInputError(
      `Cannot add "${where}": the name ${JSON.stringify(name)} is invalid, ${problem}`,
      { path: where },
    );
  }
  return name;
}

/** UTF-8 length of a string, or -1 when it holds an unpaired UTF-16 surrogate. */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c < 0xd800 || c > 0xdfff) n += 3;
    else if (c > 0xdbff) return -1; // a low surrogate without its high one
    else {
      const next = text.charCodeAt(i + 1); // NaN past the end
      if (!(next >= 0xdc00 && next <= 0xdfff)) return -1;
      n += 4;
      i++;
    }
  }
  return n;
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
  readonly root: DirectoryEntry = {
    kind: "directory",
    name: "",
    children: new DirectoryChildren(),
    meta: makeMeta(DEFAULT_DIR_MODE, undefined),
  };

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
        const created: DirectoryEntry = {
          kind: "directory",
          name: checkName(part, path),
          children: new DirectoryChildren(),
          meta: makeMeta(DEFAULT_DIR_MODE, undefined),
        };
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

/** Refuse a file size that is not a non-negative safe integer, naming the file. */
function checkSize(size: number | undefined, path: PathText): asserts size is number {
  if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
    const where = textOf(path);
    throw new InvalidInputError(
      `Cannot add file "${where}": its size must be a non-negative integer, got ${size}`,
      { path: where },
    );
  }
}

/** A file entry, its size checked against its source. */
function fileEntry(
  name: string,
  source: FileSource | Uint8Array,
  options: AddFileOptions,
  path: PathText,
): FileEntry {
  const src: FileSource = source instanceof Uint8Array ? { kind: "bytes", bytes: source } : source;
  const size = src.kind === "bytes" ? src.bytes.length : options.size;
  const where = () => textOf(path);
  checkSize(size, path);
  if (src.kind === "bytes" && options.size !== undefined && options.size !== size) {
    throw new InvalidInputError(
      `Cannot add file "${where()}": size ${options.size} does not match its ${size} bytes`,
      { path: where() },
    );
  }
  return { kind: "file", name, size, source: src, meta: makeMeta(DEFAULT_FILE_MODE, options.meta) };
}

/** A symbolic link entry, its target checked. */
function symlinkEntry(
  name: string,
  target: string,
  meta: Partial<NodeMeta> | undefined,
  path: PathText,
): SymlinkEntry {
  if (target === "" || target.includes("\0")) {
    const where = textOf(path);
    throw new InvalidInputError(
      `Cannot add symlink "${where}": its target ${JSON.stringify(target)} is invalid`,
      { path: where },
    );
  }
  return { kind: "symlink", name, target, meta: makeMeta(DEFAULT_LINK_MODE, meta) };
}
