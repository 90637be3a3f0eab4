/**
 * What the disk scan reads of each entry (`lstat`), and the reader it uses: Deno's
 * `Deno.lstatSync` everywhere, or, on Linux with `--allow-ffi`, `statx(2)` through libc
 * (`ffi/linux/statx_reader.ts`), which costs about half as much per entry and builds no
 * `Date`s (a tree of 50,000 files shares a few hundred times).
 *
 * Both readers give the same values: times in milliseconds as Deno computes them (towards
 * zero; the change time in whole seconds), and `dev` as glibc's `makedev` encodes it.
 *
 * @module
 */

/** The kind of a directory entry, from its mode's file type. */
export type SourceKind = "file" | "directory" | "symlink" | "other";

/** One entry's metadata, as the scan needs it. */
export interface SourceStat {
  /** File type. */
  readonly kind: SourceKind;
  /** Size in bytes. */
  readonly size: number;
  /** Mode bits (type and permissions). */
  readonly mode: number;
  /** Owner user id. */
  readonly uid: number;
  /** Owner group id. */
  readonly gid: number;
  /** Hard links. */
  readonly nlink: number;
  /** Device of the file system. */
  readonly dev: number;
  /** Inode number. */
  readonly ino: number;
  /** Modification time in ms since 1970, when known. */
  readonly mtimeMs: number | undefined;
  /** Access time in ms, when known. */
  readonly atimeMs: number | undefined;
  /** Status change time in ms, when known. */
  readonly ctimeMs: number | undefined;
}

/** Reads entries' metadata without following symbolic links. */
export interface SourceStatReader {
  /**
   * `lstat` one path.
   *
   * @param path The path.
   * @returns The metadata.
   * @throws {Deno.errors.NotFound} When there is no such entry (as `Deno.lstatSync`).
   * @throws {Deno.errors.PermissionDenied} When a folder on the way cannot be searched.
   */
  lstat(path: string): SourceStat;
  /**
   * Open a folder whose entries {@linkcode SourceStatReader.lstatIn} reads by name: the
   * kernel then walks the folder's path once, not once per entry. Readers without it, or a
   * folder that cannot be opened (undefined), leave the caller to {@linkcode lstat} paths.
   *
   * @param path The folder.
   * @returns A handle, or undefined.
   */
  openFolder?(path: string): number | undefined;
  /**
   * `lstat` one entry of a folder from {@linkcode SourceStatReader.openFolder}: the same
   * values and the same errors (naming `path`) as `lstat(path)`.
   *
   * @param folder The folder's handle.
   * @param name The entry's name.
   * @param path The entry's whole path (for errors).
   * @returns The metadata.
   */
  lstatIn?(folder: number, name: string, path: string): SourceStat;
  /**
   * Open a folder and list its entries' names ("." and ".." left out, in no set order), in
   * place of `Deno.readDirSync` and {@linkcode SourceStatReader.openFolder}: the folder comes
   * back open for {@linkcode SourceStatReader.lstatIn} (close it with `closeFolder`).
   * Invalid UTF-8 in a name becomes U+FFFD, as `Deno.readDirSync` has it.
   *
   * @param path The folder.
   * @returns The names, and the folder's handle.
   * @throws {Deno.errors.NotFound} When there is no such folder (as `Deno.readDirSync`).
   * @throws {Deno.errors.NotADirectory} When the path is not a folder.
   * @throws {Deno.errors.PermissionDenied} When the folder cannot be read.
   */
  listFolder?(path: string): { readonly names: string[]; readonly folder: number };
  /**
   * Close a folder from {@linkcode SourceStatReader.openFolder}.
   *
   * @param folder The handle.
   */
  closeFolder?(folder: number): void;
  /**
   * A helper that reads whole folders ahead on another thread, for one scan (close it when
   * the scan ends); undefined when the reader cannot have one.
   */
  prefetch?(): FolderPrefetch | undefined;
}

/**
 * Folders read ahead on another thread while the scan reads others: the scan offers each
 * folder it will come to later, and when it comes to one takes what the helper read (its
 * names, sorted as `Array.prototype.sort` sorts them, and each entry's metadata), or reads
 * it itself when the helper did not (not started yet, not there yet, or any failure: the
 * scan's own read then gives the error). Offered folders are taken from the other end of
 * the scan's order, so the two threads rarely want the same one.
 */
export interface FolderPrefetch {
  /**
   * Count entries the scan read itself: the helper starts once a scan is big enough.
   *
   * @param entries Entries of one folder.
   */
  seen(entries: number): void;
  /**
   * Offer a folder the scan will read later.
   *
   * @param path The folder.
   * @returns Its number for {@linkcode FolderPrefetch.take}, or -1 when it is not taken.
   */
  offer(path: string): number;
  /**
   * What the helper read of an offered folder; once taken, the helper no longer reads it.
   *
   * @param id The folder's number.
   * @returns The folder, or undefined: read it yourself.
   */
  take(id: number): PrefetchedFolder | undefined;
  /** Stop the helper (the scan ended or failed). */
  close(): void;
}

/** One folder as the helper read it. */
export interface PrefetchedFolder {
  /** The entries' names, sorted. */
  readonly names: readonly string[];
  /**
   * An entry's metadata, as `lstatIn` gives it.
   *
   * @param index The entry's place in `names`.
   * @returns The metadata.
   */
  stat(index: number): SourceStat;
}

function kindOf(info: Deno.FileInfo): SourceKind {
  if (info.isSymlink) return "symlink";
  if (info.isFile) return "file";
  if (info.isDirectory) return "directory";
  return "other";
}

/** The reader built on `Deno.lstatSync` (any OS, any permissions). */
export const denoStatReader: SourceStatReader = {
  lstat(path: string): SourceStat {
    const info = Deno.lstatSync(path);
    return {
      kind: kindOf(info),
      size: info.size,
      mode: info.mode ?? 0o644,
      uid: info.uid ?? 0,
      gid: info.gid ?? 0,
      // Without an inode number (some Windows file systems) no two entries can be linked.
      nlink: info.ino === null ? 1 : info.nlink ?? 1,
      dev: info.dev,
      ino: info.ino ?? 0,
      mtimeMs: info.mtime?.getTime(),
      atimeMs: info.atime?.getTime(),
      ctimeMs: info.ctime?.getTime(),
    };
  },
};

let fastest: Promise<SourceStatReader> | undefined;

/**
 * The fastest reader this process may use: `statx(2)` on Linux with FFI permission, else
 * {@linkcode denoStatReader}. Chosen once per process.
 *
 * @returns The reader.
 */
export function sourceStatReader(): Promise<SourceStatReader> {
  fastest ??= (async () => {
    if (Deno.build.os !== "linux") return denoStatReader;
    try {
      if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return denoStatReader;
      const { openStatxReader } = await import("../../ffi/linux/statx_reader.ts");
      return openStatxReader() ?? denoStatReader;
    } catch {
      return denoStatReader;
    }
  })();
  return fastest;
}
