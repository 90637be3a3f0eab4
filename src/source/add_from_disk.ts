/**
 * Add files and folders from disk to a {@linkcode FileTree}, the way mkisofs treats its
 * path arguments: a folder's contents go into the target directory, a file goes in by
 * its name. Symbolic links are recorded as links (not followed). Metadata comes from
 * `lstat`. Sources are only ever read.
 *
 * @module
 */

import { basename, dirname, join, resolve } from "node:path";
import { InvalidInputError } from "../model/errors.ts";
import type { DirectoryEntry, FileTree, NodeMeta } from "../model/file_tree.ts";
import {
  checkName,
  checkSize,
  directoryEntry,
  pathIn,
  symlinkEntry,
} from "../model/tree_entries.ts";
import { ScanColumns } from "./scan_columns.ts";
import { ScannedFileEntry } from "./scanned_file_entry.ts";
import { ScannedFolder } from "./scanned_folder.ts";
import { SharedDates } from "./shared_dates.ts";
import { globToRegExp } from "./glob.ts";
import { type SourceStat, type SourceStatReader, sourceStatReader } from "./source_stat.ts";

/** Options for {@linkcode addFromDisk}. */
export interface AddFromDiskOptions {
  /** Include names starting with "." (default true, as mkisofs does). */
  hidden?: boolean;
  /** Glob patterns (`*`, `?`, `**`) matched against each name and each path relative to the source. */
  exclude?: readonly string[];
}

/** What an {@linkcode addFromDisk} call added and skipped. */
export interface AddFromDiskSummary {
  /** Regular files added. */
  files: number;
  /** Directories added. */
  directories: number;
  /** Symbolic links added. */
  symlinks: number;
  /** Bytes of file data added. */
  bytes: number;
  /** Paths skipped, with the reason (devices, sockets, FIFOs, exclusions). */
  skipped: { path: string; reason: string }[];
}

function metaOf(info: SourceStat, dates: SharedDates): Partial<NodeMeta> {
  const meta: Partial<NodeMeta> = { mode: info.mode & 0o7777, uid: info.uid, gid: info.gid };
  if (info.mtimeMs !== undefined) meta.mtime = dates.get(info.mtimeMs);
  if (info.atimeMs !== undefined) meta.atime = dates.get(info.atimeMs);
  if (info.ctimeMs !== undefined) meta.ctime = dates.get(info.ctimeMs);
  return meta;
}

function describe(cause: unknown): string {
  if (cause instanceof Deno.errors.NotFound) return "no such file or directory";
  if (cause instanceof Deno.errors.PermissionDenied) return "permission denied";
  return cause instanceof Error ? cause.message : String(cause);
}

/** Deno replaces undecodable bytes in names with U+FFFD; such a name then names nothing. */
function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function lstat(reader: SourceStatReader, path: string, folder?: number, name?: string): SourceStat {
  try {
    return folder === undefined ? reader.lstat(path) : reader.lstatIn!(folder, name!, path);
  } catch (cause) {
    throw new InvalidInputError(`Cannot add source ${JSON.stringify(path)}: ${describe(cause)}`, {
      cause,
      path,
    });
  }
}

/**
 * Add a file or folder from disk. Entries with equal times share one `Date` (treat them as
 * read-only).
 *
 * @param tree Destination tree.
 * @param source Path on disk.
 * @param target Directory inside the image (default "/").
 * @param options Hidden files and exclusions.
 * @returns Counts and skipped paths.
 * @example
 * ```ts
 * import { FileTree } from "../model/file_tree.ts";
 * import { addFromDisk } from "./add_from_disk.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hi");
 * const tree = new FileTree();
 * const summary = await addFromDisk(tree, dir);
 * await Deno.remove(dir, { recursive: true });
 * if (summary.files !== 1 || tree.get("/a.txt")?.kind !== "file") throw new Error("not added");
 * ```
 */
export function addFromDisk(
  tree: FileTree,
  source: string,
  target = "/",
  options: AddFromDiskOptions = {},
): Promise<AddFromDiskSummary> {
  return sourceStatReader().then((reader) => addSync(tree, source, target, options, reader));
}

function addSync(
  tree: FileTree,
  source: string,
  target: string,
  options: AddFromDiskOptions,
  reader: SourceStatReader,
): AddFromDiskSummary {
  const summary: AddFromDiskSummary = {
    files: 0,
    directories: 0,
    symlinks: 0,
    bytes: 0,
    skipped: [],
  };
  const hidden = options.hidden ?? true;
  const patterns = (options.exclude ?? []).map(globToRegExp);
  const excluded = (name: string, rel: string) => patterns.some((p) => p.test(name) || p.test(rel));
  const dates = new SharedDates();
  const root = resolve(source);
  const info = lstat(reader, root);

  const columns = new ScanColumns();

  /**
   * Start adding one folder's entries, in name order. Into a directory without children
   * they go as one block (files as rows of the scan's columns); into one that has children
   * (a second source merged into it), one by one, so that names are checked against those
   * already there.
   */
  const begin = (at: Place) => {
    const block = new ScannedFolder(columns, at.prefix);
    const adopt = at.dir.children.size === 0;
    /** Add one entry; a folder's directory entry comes back so that its contents follow. */
    const add = (path: string, name: string, st: SourceStat): DirectoryEntry | undefined => {
      const where = pathIn(at.image, name);
      if (st.kind === "symlink") {
        let link: string;
        try {
          link = Deno.readLinkSync(path);
        } catch (cause) {
          throw new InvalidInputError(
            `Cannot read symbolic link ${JSON.stringify(path)}: ${describe(cause)}`,
            { cause, path },
          );
        }
        const meta = metaOf(st, dates);
        if (adopt) block.addOther(symlinkEntry(checkName(name, where), link, meta, where), st);
        else tree.addSymlinkIn(at.dir, name, link, meta, at.image);
        summary.symlinks++;
      } else if (st.kind === "file") {
        checkName(name, where);
        checkSize(st.size, where);
        const index = block.addFile(name, st);
        if (!adopt) tree.addEntryIn(at.dir, new ScannedFileEntry(block, index), at.image);
        summary.files++;
        summary.bytes += st.size;
      } else if (st.kind === "directory") {
        summary.directories++;
        if (!adopt) return tree.addDirectory(`${slashed(at.image)}${name}`, metaOf(st, dates));
        const dir = directoryEntry(checkName(name, where), metaOf(st, dates));
        block.addOther(dir, st);
        return dir;
      } else {
        summary.skipped.push({ path, reason: "not a regular file, directory or symbolic link" });
      }
      return undefined;
    };
    const end = () => {
      block.finish();
      if (adopt && block.size > 0) at.dir.children.adopt(block);
    };
    return { add, end };
  };

  if (info.kind !== "directory") {
    const at = { dir: tree.addDirectory(target), image: target, prefix: slashed(dirname(root)) };
    const folder = begin(at);
    folder.add(root, basename(root), info);
    folder.end();
    return summary;
  }
  const top = tree.addDirectory(target, metaOf(info, dates));
  const stack: Folder[] = [{ path: root, dir: top, image: target, rel: "", id: -1 }];
  const prefetch = reader.prefetch?.();
  try {
    scan();
  } finally {
    prefetch?.close();
  }
  return summary;

  function scan(): void {
    while (stack.length > 0) {
      const folder = stack.pop()!;
      const read = prefetch?.take(folder.id);
      if (read) {
        addEntries(folder, read.names, undefined, read.stat);
        continue;
      }
      scanFolder(folder);
    }
  }

  function scanFolder(folder: Folder): void {
    let names: string[];
    let handle: number | undefined;
    try {
      if (reader.listFolder) ({ names, folder: handle } = reader.listFolder(folder.path));
      else names = [...Deno.readDirSync(folder.path)].map((e) => e.name);
      names.sort();
    } catch (cause) {
      throw new InvalidInputError(
        `Cannot read source folder ${JSON.stringify(folder.path)}: ${describe(cause)}`,
        { cause, path: folder.path },
      );
    }
    // Entries are read by name in their folder where the reader can (one path walk per folder).
    if (handle === undefined && names.length > 0 && reader.lstatIn) {
      handle = reader.openFolder?.(folder.path);
    }
    prefetch?.seen(names.length);
    try {
      addEntries(folder, names, handle);
    } finally {
      if (handle !== undefined) reader.closeFolder?.(handle);
    }
  }

  function addEntries(
    folder: Folder,
    names: readonly string[],
    handle: number | undefined,
    read?: (index: number) => SourceStat,
  ): void {
    const prefix = slashed(folder.path);
    const adding = begin({ dir: folder.dir, image: folder.image, prefix });
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const path = prefix + name;
      const rel = () => folder.rel ? `${folder.rel}/${name}` : name;
      if ((!hidden && name.startsWith(".")) || (patterns.length > 0 && excluded(name, rel()))) {
        summary.skipped.push({ path, reason: "excluded" });
        continue;
      }
      // A name that is not UTF-8 names nothing, or (beside a true name of the same text)
      // the wrong file: the listing is sorted, so such a twin is the name before.
      if (name.includes("\uFFFD") && (!exists(path) || names[i - 1] === name)) {
        throw new InvalidInputError(
          `Cannot add a file in ${
            JSON.stringify(folder.path)
          }: its name is not valid UTF-8 (shown as ${JSON.stringify(name)}); rename it`,
          { path },
        );
      }
      const st = read ? read(i) : lstat(reader, path, handle, name);
      const dir = adding.add(path, name, st);
      if (dir) {
        const image = `${slashed(folder.image)}${name}`;
        stack.push({ path, dir, image, rel: rel(), id: prefetch?.offer(path) ?? -1 });
      }
    }
    adding.end();
  }
}

/** Where a source folder's entries go: its directory entry and path, and its path on disk. */
interface Place {
  /** The directory entry. */
  readonly dir: DirectoryEntry;
  /** Its path inside the image. */
  readonly image: string;
  /** The folder's path on disk, ending in "/". */
  readonly prefix: string;
}

/** A source folder being added, and the directory its entries go in. */
interface Folder {
  /** Path on disk. */
  readonly path: string;
  /** The directory entry. */
  readonly dir: DirectoryEntry;
  /** Its path inside the image. */
  readonly image: string;
  /** Path relative to the source (what exclusion patterns see). */
  readonly rel: string;
  /** Its number with the scan's prefetch, or -1. */
  readonly id: number;
}

/** A folder path with one trailing slash. */
function slashed(path: string): string {
  return path.endsWith("/") ? path : `${path}/`;
}

/**
 * Refuse an output path that lies inside one of the sources (the image would read itself).
 *
 * @param output The image file path.
 * @param sources The source paths.
 * @throws {InvalidInputError} Naming the source that contains the output.
 */
export function assertOutsideSources(output: string, sources: readonly string[]): void {
  const real = (p: string) => {
    try {
      return Deno.realPathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const out = join(real(resolve(output, "..")), basename(output));
  for (const src of sources) {
    const s = real(src);
    if (out === s || out.startsWith(s.endsWith("/") ? s : `${s}/`)) {
      throw new InvalidInputError(
        `Cannot write the image to ${JSON.stringify(output)}: it lies inside the source ${
          JSON.stringify(src)
        }; choose an output outside the sources`,
        { path: output },
      );
    }
  }
}
