/**
 * Kernel-side copies into an image file on Linux: `copy_file_range(2)` moves a source
 * file's bytes into the image without passing them through JavaScript, and
 * `sync_file_range(2)` starts writeback of the image early. The calls block, so they run
 * on a worker thread ({@linkcode openNativeCalls}), which also reads each call's errno.
 *
 * A call the kernel or C library cannot make here (no symbol, `ENOSYS`, `EXDEV` between
 * file systems, `EINVAL` or `EOPNOTSUPP` for a file system that cannot) reports
 * "cannot", and the caller reads and writes the bytes itself.
 *
 * @module
 */

import { addressOf, type NativeCalls, openNativeCalls, sharedBytes } from "../native_calls.ts";
import type { FileCopier } from "../../src/stream/file_image_sink.ts";
import { SourceReadError } from "../../src/stream/image_sink.ts";
import { Errno, errnoMessage, errnoName } from "./errno.ts";
import { OpenFlag } from "./libc.ts";

/** The libc symbols the copier calls, with their C prototypes. */
export const FILE_COPY_SYMBOLS = {
  /** `int open(const char *pathname, int flags)` */
  open: {
    parameters: [
      "pointer", // const char *pathname (NUL-terminated)
      "i32", // int flags (O_RDONLY or O_WRONLY, | O_CLOEXEC)
    ],
    result: "i32", // int: the file descriptor, or -1 with errno set
  },
  /** `int close(int fd)` */
  close: { parameters: ["i32"], result: "i32" },
  /**
   * `ssize_t copy_file_range(int fd_in, off64_t *off_in, int fd_out, off64_t *off_out,
   * size_t len, unsigned int flags)` (glibc 2.27, Linux 4.5)
   */
  copy_file_range: {
    parameters: [
      "i32", // int fd_in
      "pointer", // off64_t *off_in (advanced by the bytes copied)
      "i32", // int fd_out
      "pointer", // off64_t *off_out (advanced by the bytes copied)
      "usize", // size_t len
      "u32", // unsigned int flags (0)
    ],
    result: "isize", // ssize_t: bytes copied, 0 at the end of fd_in, or -1 with errno set
    optional: true,
  },
  /** `int sync_file_range(int fd, off64_t offset, off64_t nbytes, unsigned int flags)` */
  sync_file_range: {
    parameters: [
      "i32", // int fd
      "i64", // off64_t offset
      "i64", // off64_t nbytes
      "u32", // unsigned int flags (SYNC_FILE_RANGE_WRITE)
    ],
    result: "i32", // int: 0, or -1 with errno set
    optional: true,
  },
  /** `int *__errno_location(void)`: the calling thread's errno. */
  __errno_location: { parameters: [], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** sync_file_range() flags (linux/fs.h): start writeback of dirty pages in the range. */
const SYNC_FILE_RANGE_WRITE = 2;

/** The kernel cannot copy this pair of files: read and write instead. */
const CANNOT: ReadonlySet<number> = new Set([
  Errno.EXDEV,
  Errno.EINVAL,
  Errno.ENOSYS,
  Errno.EOPNOTSUPP,
]);
/** The destination failed. */
const DESTINATION: ReadonlySet<number> = new Set([
  Errno.ENOSPC,
  Errno.EDQUOT,
  Errno.EFBIG,
  Errno.EROFS,
]);

/** Bytes of a NUL-terminated path in shared memory. */
function cPath(path: string): Uint8Array<SharedArrayBuffer> {
  const utf8 = new TextEncoder().encode(path);
  // A NUL inside would make open() see a shorter path: another file.
  if (utf8.includes(0)) throw new RangeError(`Cannot open ${JSON.stringify(path)}: it holds NUL`);
  const bytes = sharedBytes(utf8.length + 1);
  bytes.set(utf8);
  return bytes;
}

function errnoText(errno: number): string {
  return `${errnoMessage(errno)} (${errnoName(errno)})`;
}

const LIBC_FILE_COPY = {
  path: "libc.so.6",
  symbols: FILE_COPY_SYMBOLS,
  lastError: { kind: "errno-location", symbol: "__errno_location" },
} as const;

class LinuxFileCopier implements FileCopier {
  readonly #calls: NativeCalls<typeof FILE_COPY_SYMBOLS>;
  /** A second thread for writeback requests, which may wait on the disk queue. */
  #hintCalls: NativeCalls<typeof FILE_COPY_SYMBOLS> | undefined;
  readonly #destination: string;
  #out: number | undefined;
  #source: { path: string; fd: number } | undefined;
  /** in: bytes 0..8, out: bytes 8..16 (off64_t, little-endian on x86_64 and aarch64). */
  readonly #offsets = sharedBytes(16);
  readonly #view = new DataView(this.#offsets.buffer);
  #copies = true;
  #hints = true;

  constructor(destination: string) {
    this.#calls = openNativeCalls(LIBC_FILE_COPY);
    this.#destination = destination;
  }

  async #open(path: string, flags: number): Promise<{ fd: number; error: number }> {
    const name = cPath(path);
    const { result, error } = await this.#calls.call(
      "open",
      addressOf(name),
      flags | OpenFlag.closeOnExec,
    );
    return { fd: result, error };
  }

  async #output(): Promise<number | undefined> {
    if (this.#out !== undefined) return this.#out;
    const { fd, error } = await this.#open(this.#destination, OpenFlag.writeOnly);
    if (fd < 0) {
      throw new Error(`Cannot open ${JSON.stringify(this.#destination)}: ${errnoText(error)}`);
    }
    return this.#out = fd;
  }

  async #input(path: string): Promise<number> {
    if (this.#source?.path === path) return this.#source.fd;
    await this.#closeSource();
    const { fd, error } = await this.#open(path, OpenFlag.readOnly);
    if (fd < 0) {
      const message = `Cannot open ${JSON.stringify(path)}: ${errnoText(error)}`;
      const cause = error === Errno.ENOENT ? new Deno.errors.NotFound(message) : new Error(message);
      throw new SourceReadError(message, { cause });
    }
    this.#source = { path, fd };
    return fd;
  }

  async #closeSource(): Promise<void> {
    const open = this.#source;
    this.#source = undefined;
    if (open) await this.#calls.call("close", open.fd);
  }

  async copy(path: string, offset: number, length: number, at: number) {
    if (!this.#copies) return undefined;
    let out: number | undefined;
    try {
      out = await this.#output();
    } catch {
      this.#copies = false;
      return undefined;
    }
    const input = await this.#input(path);
    let done = 0;
    while (done < length) {
      this.#view.setBigInt64(0, BigInt(offset + done), true);
      this.#view.setBigInt64(8, BigInt(at + done), true);
      let outcome;
      try {
        outcome = await this.#calls.call(
          "copy_file_range",
          input,
          addressOf(this.#offsets),
          out!,
          addressOf(this.#offsets, 8),
          BigInt(length - done),
          0,
        );
      } catch {
        // No such symbol (an old C library) or no FFI thread: never try again.
        this.#copies = false;
        return done || undefined;
      }
      const n = Number(outcome.result);
      if (n > 0) {
        done += n;
        continue;
      }
      if (n === 0) break;
      const errno = outcome.error;
      if (errno === Errno.EINTR || errno === Errno.EAGAIN) continue;
      if (CANNOT.has(errno)) {
        if (errno === Errno.ENOSYS) this.#copies = false;
        return done || undefined;
      }
      const message = `copy_file_range from ${JSON.stringify(path)} failed: ${errnoText(errno)}`;
      if (DESTINATION.has(errno)) throw new Error(message);
      throw new SourceReadError(message, { cause: new Error(message) });
    }
    return done;
  }

  async startWriteback(offset: number, length: number): Promise<boolean> {
    if (!this.#hints) return false;
    try {
      const out = await this.#output();
      this.#hintCalls ??= openNativeCalls(LIBC_FILE_COPY);
      const { result } = await this.#hintCalls.call(
        "sync_file_range",
        out!,
        BigInt(offset),
        BigInt(length),
        SYNC_FILE_RANGE_WRITE,
      );
      if (result === 0) return true;
    } catch {
      // No such symbol, or the destination cannot be opened here.
    }
    this.#hints = false;
    return false;
  }

  async close(): Promise<void> {
    try {
      await this.#closeSource();
      if (this.#out !== undefined) await this.#calls.call("close", this.#out);
    } catch {
      // The thread is gone: so are the calls it could make.
    } finally {
      this.#out = undefined;
      this.#calls.close();
      this.#hintCalls?.close();
    }
  }
}

/**
 * Kernel copies into an image file being written. Nothing is opened until the first
 * copy; the worker thread starts then.
 *
 * @param destination The image file (already created, and written to by the caller too:
 *   copies go at explicit offsets).
 * @returns The copier.
 */
export function openFileCopier(destination: string): FileCopier {
  return new LinuxFileCopier(destination);
}
