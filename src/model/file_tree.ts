/**
 * The image model: a tree of directories, files and symlinks, independent of any
 * on-disc format. Pure data; nothing here touches the file system.
 *
 * @module
 */

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
  /** Children by name. */
  readonly children: Map<string, TreeEntry>;
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
  return { mode, uid: 0, gid: 0, ...meta };
}

/**
 * Check one path component and return it; throws {@linkcode InvalidInputError} naming the path.
 *
 * @param name The component.
 * @param path The whole path, for the message.
 * @returns The name unchanged.
 */
export function checkName(name: string, path: string): string {
  let problem: string | undefined;
  if (name === "" || name === "." || name === "..") problem = `"${name}" is not a file name`;
  else if (name.includes("\0")) problem = "it contains a NUL character";
  else {
    const bytes = utf8Length(name);
    if (bytes < 0) problem = "it contains an unpaired UTF-16 surrogate";
    else if (bytes > MAX_NAME_BYTES) problem = `it is longer than ${MAX_NAME_BYTES} bytes in UTF-8`;
  }
  if (problem) {
    throw new InvalidInputError(
      `Cannot add "${path}": the name ${JSON.stringify(name)} is invalid, ${problem}`,
      { path },
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
    children: new Map(),
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
          children: new Map(),
          meta: makeMeta(DEFAULT_DIR_MODE, undefined),
        };
        dir.children.set(part, created);
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
    const src: FileSource = source instanceof Uint8Array
      ? { kind: "bytes", bytes: source }
      : source;
    const size = src.kind === "bytes" ? src.bytes.length : options.size;
    if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
      throw new InvalidInputError(
        `Cannot add file "${path}": its size must be a non-negative integer, got ${size}`,
        { path },
      );
    }
    if (src.kind === "bytes" && options.size !== undefined && options.size !== size) {
      throw new InvalidInputError(
        `Cannot add file "${path}": size ${options.size} does not match its ${size} bytes`,
        { path },
      );
    }
    const entry: FileEntry = {
      kind: "file",
      name: "",
      size,
      source: src,
      meta: makeMeta(DEFAULT_FILE_MODE, options.meta),
    };
    return this.#insert(path, entry);
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
    if (target === "" || target.includes("\0")) {
      throw new InvalidInputError(
        `Cannot add symlink "${path}": its target ${JSON.stringify(target)} is invalid`,
        { path },
      );
    }
    const entry: SymlinkEntry = {
      kind: "symlink",
      name: "",
      target,
      meta: makeMeta(DEFAULT_LINK_MODE, meta),
    };
    return this.#insert(path, entry);
  }

  /** Where the last file or link went, by its parent's path: sources add folder by folder. */
  #lastParent: { readonly path: string; readonly dir: DirectoryEntry } | undefined;

  #insert<T extends FileEntry | SymlinkEntry>(path: string, entry: T): T {
    const cut = path.lastIndexOf("/");
    let name = path.slice(cut + 1);
    let parent = cut < 0 ? "" : path.slice(0, cut);
    if (name === "") {
      const parts = splitPath(path);
      const last = parts.pop();
      if (last === undefined) {
        throw new InvalidInputError(`Cannot add "${path}": the path names the root directory`, {
          path,
        });
      }
      name = last;
      parent = parts.join("/");
    }
    checkName(name, path);
    let dir: DirectoryEntry;
    if (this.#lastParent?.path === parent) dir = this.#lastParent.dir;
    else {
      dir = this.addDirectory(parent);
      this.#lastParent = { path: parent, dir };
    }
    const existing = dir.children.get(name);
    if (existing) {
      throw new InvalidInputError(
        `Cannot add "${path}": a ${existing.kind} of that name already exists`,
        { path },
      );
    }
    const named = { ...entry, name };
    dir.children.set(name, named);
    return named;
  }
}
