/**
 * Reading sysfs, procfs and device nodes' metadata. Deno (2.9) asks for `--allow-all`
 * before it lets a program read anything under /sys, /proc or /dev, whatever
 * `--allow-read` says; so kiln reads them through libc instead, which needs only the
 * `--allow-ffi` a drive needs anyway. The Deno file API reader is the fallback (fake sysfs
 * trees in tests, or programs run with `--allow-all`).
 *
 * The libc reader runs on the calling thread: these are short calls that never wait on a
 * drive. `struct dirent` and `struct stat` are read from per-architecture field tables.
 *
 * @module
 */

import { type FieldTable, readField } from "../../src/records/field_table.ts";
import { addressOf, openNativeCalls, sharedBytes } from "../native_calls.ts";
import { OpenFlag } from "./libc.ts";

/** What drive listing and error explanations read. */
export interface FsReader {
  /** A file's text, or undefined when it does not exist (or a path part is no folder). */
  readText(path: string): Promise<string | undefined>;
  /** A folder's entry names (without "." and ".."), or undefined when it does not exist. */
  readDir(path: string): Promise<string[] | undefined>;
  /** A symbolic link's target, or undefined when it is no link or does not exist. */
  readLink(path: string): Promise<string | undefined>;
  /** The owning group id of a path, or undefined when it cannot be read. */
  groupOf(path: string): Promise<number | undefined>;
  /** Release the library (libc reader). */
  close(): void;
}

/** The libc symbols the reader calls, with their C prototypes. */
export const LIBC_FS_SYMBOLS = {
  /** `int open(const char *pathname, int flags)` */
  open: { parameters: ["pointer", "i32"], result: "i32" },
  /** `ssize_t read(int fd, void *buf, size_t count)` */
  read: { parameters: ["i32", "pointer", "usize"], result: "isize" },
  /** `int close(int fd)` */
  close: { parameters: ["i32"], result: "i32" },
  /** `ssize_t readlink(const char *pathname, char *buf, size_t bufsiz)` */
  readlink: { parameters: ["pointer", "pointer", "usize"], result: "isize" },
  /** `DIR *opendir(const char *name)` */
  opendir: { parameters: ["pointer"], result: "pointer" },
  /** `struct dirent *readdir(DIR *dirp)` */
  readdir: { parameters: ["pointer"], result: "pointer" },
  /** `int closedir(DIR *dirp)` */
  closedir: { parameters: ["pointer"], result: "i32" },
  /** `int stat(const char *pathname, struct stat *statbuf)` (exported since glibc 2.33) */
  stat: { parameters: ["pointer", "pointer"], result: "i32", optional: true },
  /** `int *__errno_location(void)` */
  __errno_location: { parameters: [], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** `struct dirent` (glibc, LP64: x86_64 and aarch64 agree). */
const DIRENT_TABLE = {
  dType: { offset: 18, size: 1, type: "u8", clause: "dirent.h struct dirent.d_type" },
} as const satisfies FieldTable;
const DIRENT_NAME_AT = 19; // d_name[256], NUL-terminated (dirent.h)

/** `struct stat` per architecture: only `st_gid` is read. */
const STAT_LAYOUTS: Readonly<Record<string, { size: number; fields: FieldTable }>> = {
  // x86_64 (asm/stat.h): dev 8, ino 8, nlink 8, mode 4, uid 4, gid 4 … = 144 bytes.
  x86_64: {
    size: 144,
    fields: { stGid: { offset: 32, size: 4, type: "u32le", clause: "sys/stat.h st_gid" } },
  },
  // aarch64 (asm-generic/stat.h): dev 8, ino 8, mode 4, nlink 4, uid 4, gid 4 … = 128 bytes.
  aarch64: {
    size: 128,
    fields: { stGid: { offset: 28, size: 4, type: "u32le", clause: "sys/stat.h st_gid" } },
  },
};

/** The struct layouts the reader uses, for tests. */
export const FS_READER_LAYOUTS = {
  direntNameOffset: DIRENT_NAME_AT,
  direntTypeOffset: DIRENT_TABLE.dType.offset,
  stat: STAT_LAYOUTS,
} as const;

const ENOENT = 2;
const ENOTDIR = 20;
const EINVAL = 22;
const PATH_MAX = 4096;

function libcError(what: string, path: string, errno: number): Error {
  return new Error(`Cannot ${what} ${path}: errno ${errno}`);
}

/**
 * A reader that calls libc through FFI (needs `--allow-ffi` only). The library is opened
 * on the first read.
 *
 * @returns The reader.
 */
export function libcFsReader(): FsReader {
  const calls = openNativeCalls(
    {
      path: "libc.so.6",
      symbols: LIBC_FS_SYMBOLS,
      lastError: { kind: "errno-location", symbol: "__errno_location" },
    },
    "inline",
  );
  const pathBuf = sharedBytes(PATH_MAX + 1);
  const setPath = (path: string) => {
    const bytes = new TextEncoder().encode(path);
    if (bytes.length > PATH_MAX || bytes.includes(0)) throw new RangeError(`Bad path ${path}`);
    pathBuf.fill(0);
    pathBuf.set(bytes);
    return addressOf(pathBuf);
  };
  const missing = (errno: number) => errno === ENOENT || errno === ENOTDIR;
  return {
    async readText(path) {
      const fd = await calls.call("open", setPath(path), OpenFlag.readOnly | OpenFlag.closeOnExec);
      if (fd.result < 0) {
        if (missing(fd.error)) return undefined;
        throw libcError("read", path, fd.error);
      }
      const chunks: Uint8Array[] = [];
      const buf = sharedBytes(65536);
      try {
        for (;;) {
          const n = await calls.call("read", fd.result, addressOf(buf), 65536n);
          if (n.result < 0n) throw libcError("read", path, n.error);
          if (n.result === 0n) break;
          chunks.push(buf.slice(0, Number(n.result)));
        }
      } finally {
        await calls.call("close", fd.result);
      }
      const all = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.length;
      }
      return new TextDecoder().decode(all);
    },
    async readDir(path) {
      const dir = await calls.call("opendir", setPath(path));
      if (dir.result === 0n) {
        if (missing(dir.error)) return undefined;
        throw libcError("list", path, dir.error);
      }
      const names: string[] = [];
      try {
        for (;;) {
          const ent = await calls.call("readdir", dir.result);
          if (ent.result === 0n) break;
          const view = new Deno.UnsafePointerView(Deno.UnsafePointer.create(ent.result)!);
          const name = view.getCString(DIRENT_NAME_AT);
          if (name !== "." && name !== "..") names.push(name);
        }
      } finally {
        await calls.call("closedir", dir.result);
      }
      return names;
    },
    async readLink(path) {
      const out = sharedBytes(PATH_MAX);
      const n = await calls.call("readlink", setPath(path), addressOf(out), BigInt(PATH_MAX));
      if (n.result < 0n) {
        if (missing(n.error) || n.error === EINVAL) return undefined;
        throw libcError("read link", path, n.error);
      }
      return new TextDecoder().decode(out.subarray(0, Number(n.result)));
    },
    async groupOf(path) {
      const layout = STAT_LAYOUTS[Deno.build.arch];
      if (!layout) return undefined;
      const st = sharedBytes(layout.size + 64);
      try {
        const r = await calls.call("stat", setPath(path), addressOf(st));
        if (r.result !== 0) return undefined;
      } catch {
        return undefined; // no `stat` export (glibc < 2.33)
      }
      return readField(st, 0, layout.fields.stGid!) as number;
    },
    close() {
      calls.close();
    },
  };
}

/**
 * A reader on Deno's file API (needs `--allow-read` of the tree, and `--allow-all` for the
 * real /sys, /proc and /dev).
 *
 * @returns The reader.
 */
export function denoFsReader(): FsReader {
  const absent = (err: unknown) =>
    err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory;
  return {
    async readText(path) {
      try {
        return await Deno.readTextFile(path);
      } catch (err) {
        if (absent(err)) return undefined;
        throw err;
      }
    },
    async readDir(path) {
      try {
        const names: string[] = [];
        for await (const e of Deno.readDir(path)) names.push(e.name);
        return names;
      } catch (err) {
        if (absent(err)) return undefined;
        throw err;
      }
    },
    async readLink(path) {
      try {
        return await Deno.readLink(path);
      } catch (err) {
        if (absent(err) || err instanceof Deno.errors.InvalidData) return undefined;
        if (err instanceof Error && /EINVAL|os error 22/.test(err.message)) return undefined;
        throw err;
      }
    },
    async groupOf(path) {
      try {
        return (await Deno.stat(path)).gid ?? undefined;
      } catch {
        return undefined;
      }
    },
    close() {},
  };
}

/**
 * The reader to use: libc when FFI is permitted, else Deno's file API.
 *
 * @returns The reader.
 */
export function defaultFsReader(): FsReader {
  let ffi = false;
  try {
    ffi = Deno.permissions.querySync({ name: "ffi" }).state === "granted";
  } catch { /* no permissions API */ }
  return ffi ? libcFsReader() : denoFsReader();
}
