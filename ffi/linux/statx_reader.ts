/**
 * `lstat` for the disk scan through `statx(2)` (glibc 2.28, Linux 4.11), called
 * synchronously on the calling thread: one call per entry into a reused 256-byte buffer,
 * decoded by `decodeStatx` (statx_record.ts), and no `Date` or `FileInfo` object per entry.
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

import type { SourceStat, SourceStatReader } from "../../src/source/source_stat.ts";
import { decodeStatx, STATX_BASIC_STATS, STATX_SIZE } from "./statx_record.ts";
import { Errno, errnoMessage } from "./errno.ts";
import { FolderNames } from "./dirent64.ts";
import { AT_FDCWD, OpenFlag } from "./libc.ts";
import { scanHelper } from "./scan_helper.ts";

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

/** The C library. */
const LIBRARY = "libc.so.6";
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
    lib = Deno.dlopen(LIBRARY, STATX_SYMBOLS);
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
    if (statx(folder, cString(name, path), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf) !== 0) {
      throw osError(errnoAt.getInt32(0), path);
    }
    return decodeStatx(view, 0);
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
    reader.prefetch = () => scanHelper(LIBRARY);
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
