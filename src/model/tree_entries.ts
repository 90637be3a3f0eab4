/**
 * Making the model's entries: name, size and target checks, metadata defaults, and the
 * entry objects themselves, for `FileTree` and for sources that build a folder's
 * children at once.
 *
 * @module
 */

import { DirectoryChildren } from "./directory_children.ts";
import { InvalidInputError } from "./errors.ts";
import type {
  AddFileOptions,
  DirectoryEntry,
  FileEntry,
  FileSource,
  NodeMeta,
  SymlinkEntry,
  TreeEntry,
} from "./file_tree.ts";

const DEFAULT_FILE_MODE = 0o644;
const DEFAULT_DIR_MODE = 0o755;
const DEFAULT_LINK_MODE = 0o777;
/** Linux NAME_MAX: Rock Ridge readers recreate names on POSIX systems. */
const MAX_NAME_BYTES = 255;

/** Metadata with defaults for what is not given (`mode` when `meta` has none). */
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

/**
 * @param path A path for messages, or a function that makes it.
 * @returns The path text.
 */
export function textOf(path: PathText): string {
  return typeof path === "string" ? path : path();
}

/**
 * The path of `name` in the directory at `where`, made when a message needs it.
 *
 * @param where The directory's path inside the image.
 * @param name A child's name.
 * @returns A function making the path.
 */
export function pathIn(where: string, name: string): () => string {
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

/**
 * Refuse a file size that is not a non-negative safe integer, naming the file.
 *
 * @param size The size.
 * @param path The file's path, for the message.
 */
export function checkSize(size: number | undefined, path: PathText): asserts size is number {
  if (size === undefined || !Number.isSafeInteger(size) || size < 0) {
    const where = textOf(path);
    throw new InvalidInputError(
      `Cannot add file "${where}": its size must be a non-negative integer, got ${size}`,
      { path: where },
    );
  }
}

/**
 * A file entry, its size checked against its source.
 *
 * @param name The checked name.
 * @param source The content.
 * @param options Size and metadata.
 * @param path The path, for messages.
 * @returns The entry.
 */
export function fileEntry(
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

/**
 * A symbolic link entry, its target checked.
 *
 * @param name The checked name.
 * @param target The link target.
 * @param meta Metadata.
 * @param path The path, for messages.
 * @returns The entry.
 */
export function symlinkEntry(
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

/**
 * A new directory entry without children.
 *
 * @param name The checked name ("" for a root).
 * @param meta Metadata; defaults to mode 0755, uid/gid 0, the image's time.
 * @returns The entry.
 */
export function directoryEntry(name: string, meta?: Partial<NodeMeta>): DirectoryEntry {
  return {
    kind: "directory",
    name,
    children: new DirectoryChildren<TreeEntry>(),
    meta: makeMeta(DEFAULT_DIR_MODE, meta),
  };
}
