/**
 * `lstat` for the disk scan through `statx(2)` (glibc 2.28, Linux 4.11), called
 * synchronously on the calling thread: one call per entry into a reused 256-byte buffer,
 * read with the field table below, and no `Date` or `FileInfo` object per entry.
 * `struct statx` has one layout on every architecture (linux/stat.h), unlike `struct stat`.
 * The scan opens each folder once (`O_PATH`) and reads its entries by name relative to it,
 * so the kernel does not walk the folder's whole path again for every entry.
 *
 * The values match `Deno.lstatSync`'s (see `src/source/source_stat.ts`), and so do the
 * errors: `Deno.errors.NotFound` for ENOENT, `PermissionDenied` for EACCES, and the same
 * message shape, so callers cannot tell the readers apart except by their speed.
 *
 * @module
 */

import type { FieldTable } from "../../src/records/field_table.ts";
import type { SourceKind, SourceStat, SourceStatReader } from "../../src/source/source_stat.ts";
import { Errno, errnoMessage } from "./errno.ts";
import { FolderNames } from "./dirent64.ts";
import { AT_FDCWD, OpenFlag } from "./libc.ts";

/** The libc symbols the reader calls, with their C prototypes. */
export const STATX_SYMBOLS = {
  /**
   * `int statx(int dirfd, const char *pathname, int flags, unsigned int mask,
   * struct statx *statxbuf)`
   */
  statx: {
    parameters: [
      "i32", // int dirfd (AT_FDCWD)
      "buffer", // const char *pathname (NUL-terminated)
      "i32", // int flags (AT_SYMLINK_NOFOLLOW)
      "u32", // unsigned int mask (STATX_BASIC_STATS)
      "buffer", // struct statx *statxbuf (256 bytes)
    ],
    result: "i32", // int: 0, or -1 with errno set
    optional: true,
  },
  /** `ssize_t getdents64(int fd, void *dirp, size_t count)` (glibc 2.30): a folder's records. */
  getdents64: {
    parameters: ["i32", "buffer", "usize"],
    result: "isize",
    optional: true,
  },
  /** `int open(const char *pathname, int flags)`: a folder, `O_PATH` or `O_RDONLY`. */
  open: { parameters: ["buffer", "i32"], result: "i32" },
  /** `int close(int fd)` */
  close: { parameters: ["i32"], result: "i32" },
  /** `int *__errno_location(void)`: the calling thread's errno. */
  __errno_location: { parameters: [], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** `struct statx` (linux/stat.h); each timestamp is `{ __s64 tv_sec; __u32 tv_nsec; }`. */
export const STATX_TABLE = {
  mask: { offset: 0, size: 4, type: "u32le", clause: "stx_mask: fields filled in" },
  nlink: { offset: 16, size: 4, type: "u32le", clause: "stx_nlink" },
  uid: { offset: 20, size: 4, type: "u32le", clause: "stx_uid" },
  gid: { offset: 24, size: 4, type: "u32le", clause: "stx_gid" },
  mode: { offset: 28, size: 2, type: "u16le", clause: "stx_mode: type and permissions" },
  ino: { offset: 32, size: 8, type: "u64le", clause: "stx_ino" },
  size: { offset: 40, size: 8, type: "u64le", clause: "stx_size" },
  atime: { offset: 64, size: 16, type: "bytes", clause: "stx_atime" },
  ctime: { offset: 96, size: 16, type: "bytes", clause: "stx_ctime" },
  mtime: { offset: 112, size: 16, type: "bytes", clause: "stx_mtime" },
  devMajor: { offset: 136, size: 4, type: "u32le", clause: "stx_dev_major" },
  devMinor: { offset: 140, size: 4, type: "u32le", clause: "stx_dev_minor" },
} as const satisfies FieldTable;

/** Bytes of `struct statx`. */
const STATX_SIZE = 256;
/** `O_PATH | O_CLOEXEC`: a folder to name entries in; search is enough. */
const OPEN_FOLDER = OpenFlag.path | OpenFlag.closeOnExec;
/**
 * `O_RDONLY | O_NONBLOCK | O_CLOEXEC`: a folder to list, and to name entries in (should it
 * have become a FIFO since it was seen, the open does not wait for a writer).
 */
const OPEN_LISTED = OpenFlag.readOnly | OpenFlag.nonBlock | OpenFlag.closeOnExec;
/** Bytes of records per `getdents64` call. */
const DIRENT_BUFFER = 64 << 10;
/** `AT_SYMLINK_NOFOLLOW` (fcntl.h): the link itself, as lstat. */
const AT_SYMLINK_NOFOLLOW = 0x100;
/** `STATX_BASIC_STATS` and the mask bits read (linux/stat.h). */
const Statx = { basic: 0x7ff, atime: 0x20, mtime: 0x40, ctime: 0x80 } as const;
/** `S_IFMT` and the file types (sys/stat.h). */
const S = { fmt: 0o170000, reg: 0o100000, dir: 0o040000, lnk: 0o120000 } as const;

const T = STATX_TABLE;

function kindOf(mode: number): SourceKind {
  switch (mode & S.fmt) {
    case S.reg:
      return "file";
    case S.dir:
      return "directory";
    case S.lnk:
      return "symlink";
    default:
      return "other";
  }
}

/**
 * A u64 as a number. Values below 2^30 come back as small integers: a product with 2^32 is
 * a heap double even when it is 0, and one double stored in a field makes V8 box that field
 * in every object of the same shape (16 more bytes per file entry).
 */
function u64(view: DataView, at: number): number {
  const high = view.getUint32(at + 4, true);
  const low = view.getUint32(at, true);
  return high === 0 && low < 0x40000000 ? low | 0 : high * 2 ** 32 + low;
}

/** A timestamp's `tv_sec` (signed 64-bit). */
function seconds(view: DataView, at: number): number {
  return view.getInt32(at + 4, true) * 2 ** 32 + view.getUint32(at, true);
}

/** Milliseconds as Deno gives them: the exact time truncated towards zero. */
function millis(view: DataView, at: number): number {
  const sec = seconds(view, at);
  const ms = view.getUint32(at + 8, true) / 1e6;
  return sec * 1000 + (sec < 0 ? Math.ceil(ms) : Math.floor(ms));
}

/** glibc's `makedev(major, minor)` as a number (what `Deno.FileInfo.dev` holds). */
function makedev(major: number, minor: number): number {
  return (major >>> 12) * 2 ** 44 + (minor >>> 8) * 2 ** 20 + (major & 0xfff) * 256 +
    (minor & 0xff);
}

function osError(errno: number, path: string, call = "lstat"): Error {
  const text = errnoMessage(errno);
  const message = `${text[0]!.toUpperCase()}${
    text.slice(1)
  } (os error ${errno}): ${call} '${path}'`;
  switch (errno) {
    case Errno.ENOENT:
      return new Deno.errors.NotFound(message);
    case Errno.ENOTDIR:
      return new Deno.errors.NotADirectory(message);
    case Errno.EACCES:
    case Errno.EPERM:
      return new Deno.errors.PermissionDenied(message);
    case Errno.ELOOP:
      return new Deno.errors.FilesystemLoop(message);
    default:
      return new Error(message);
  }
}

/**
 * A `statx(2)` reader, or undefined when this C library has no `statx` or the kernel
 * refuses it (the caller then uses `Deno.lstatSync`).
 *
 * @returns The reader.
 */
export function openStatxReader(): SourceStatReader | undefined {
  let lib: Deno.DynamicLibrary<typeof STATX_SYMBOLS>;
  try {
    lib = Deno.dlopen("libc.so.6", STATX_SYMBOLS);
  } catch {
    return undefined;
  }
  const statx = lib.symbols.statx;
  if (!statx) {
    lib.close();
    return undefined;
  }
  const errnoAt = new Deno.UnsafePointerView(lib.symbols.__errno_location()!);
  const buf = new Uint8Array(STATX_SIZE);
  const view = new DataView(buf.buffer);
  const encoder = new TextEncoder();
  let cPath = new Uint8Array(4096);
  /** `text` as a C string in the reused buffer. */
  const cString = (text: string, path: string): Uint8Array => {
    if (text.length * 3 + 1 > cPath.length) cPath = new Uint8Array(text.length * 3 + 1);
    const { written } = encoder.encodeInto(text, cPath);
    if (cPath.subarray(0, written).includes(0)) {
      throw new TypeError(`Cannot lstat ${JSON.stringify(path)}: the path holds NUL`);
    }
    cPath[written] = 0;
    return cPath;
  };
  const stat = (folder: number, name: string, path: string): SourceStat => {
    if (statx(folder, cString(name, path), AT_SYMLINK_NOFOLLOW, Statx.basic, buf) !== 0) {
      throw osError(errnoAt.getInt32(0), path);
    }
    const mask = view.getUint32(T.mask.offset, true);
    const mode = view.getUint16(T.mode.offset, true);
    return {
      kind: kindOf(mode),
      size: u64(view, T.size.offset),
      mode,
      uid: view.getUint32(T.uid.offset, true),
      gid: view.getUint32(T.gid.offset, true),
      nlink: view.getUint32(T.nlink.offset, true),
      dev: makedev(
        view.getUint32(T.devMajor.offset, true),
        view.getUint32(T.devMinor.offset, true),
      ),
      ino: u64(view, T.ino.offset),
      mtimeMs: mask & Statx.mtime ? millis(view, T.mtime.offset) : undefined,
      atimeMs: mask & Statx.atime ? millis(view, T.atime.offset) : undefined,
      // Deno gives the change time in whole seconds.
      ctimeMs: mask & Statx.ctime ? seconds(view, T.ctime.offset) * 1000 : undefined,
    };
  };
  const reader: SourceStatReader = {
    lstat: (path) => stat(AT_FDCWD, path, path),
    openFolder(path) {
      if (path.includes("\0")) return undefined;
      const fd = lib.symbols.open(cString(path, path), OPEN_FOLDER);
      return fd >= 0 ? fd : undefined;
    },
    lstatIn: stat,
    closeFolder: (folder) => void lib.symbols.close(folder),
  };
  const getdents = lib.symbols.getdents64;
  if (getdents) {
    const records = new Uint8Array(DIRENT_BUFFER);
    const names = new FolderNames();
    reader.listFolder = (path) => {
      const fd = lib.symbols.open(cString(path, path), OPEN_LISTED);
      if (fd < 0) throw osError(errnoAt.getInt32(0), path, "readdir");
      try {
        names.clear();
        for (;;) {
          const n = Number(getdents(fd, records, BigInt(records.length)));
          if (n < 0) {
            const errno = errnoAt.getInt32(0);
            if (errno === Errno.EINTR) continue;
            throw osError(errno, path, "readdir");
          }
          if (n === 0) break;
          names.add(records, n);
        }
        return { names: names.take(), folder: fd };
      } catch (err) {
        lib.symbols.close(fd);
        throw err;
      }
    };
  }
  // One call proves the kernel has statx (a seccomp filter or an old kernel may not).
  try {
    reader.lstat("/");
  } catch {
    lib.close();
    return undefined;
  }
  return reader;
}
