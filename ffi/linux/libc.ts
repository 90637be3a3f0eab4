/**
 * The glibc symbols the Linux SG_IO transport calls, and the constants it passes them.
 * Nothing here opens the library: `native_calls.ts` does that on the first call.
 *
 * Every pointer parameter is declared `"pointer"` (an address), because calls may run on a
 * worker thread and take their memory from a `SharedArrayBuffer`. `open` and `ioctl` are
 * variadic in C; kiln calls them with a fixed argument list, which the x86_64 and aarch64
 * ABIs pass exactly like a non-variadic call with those parameters.
 *
 * @module
 */

import type { NativeLibrarySpec } from "../native_calls.ts";

/** The symbols, with their C prototypes. */
export const LIBC_SYMBOLS = {
  /** `int open(const char *pathname, int flags, ...)` */
  open: {
    parameters: [
      "pointer", // const char *pathname (NUL-terminated)
      "i32", // int flags (O_RDWR | O_NONBLOCK | O_EXCL | O_CLOEXEC)
    ],
    result: "i32", // int: the file descriptor, or -1 with errno set
  },
  /** `int ioctl(int fd, unsigned long request, ...)` */
  ioctl: {
    parameters: [
      "i32", // int fd
      "u64", // unsigned long request (SG_IO)
      "pointer", // ...: struct sg_io_hdr * (or int * for the SG_GET_* requests)
    ],
    result: "i32", // int: 0 (or a request-specific value), or -1 with errno set
  },
  /** `int close(int fd)` */
  close: {
    parameters: [
      "i32", // int fd
    ],
    result: "i32", // int: 0, or -1 with errno set
  },
  /** `int *__errno_location(void)`: the calling thread's errno. */
  __errno_location: {
    parameters: [],
    result: "pointer", // int *
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** The library kiln's Linux transport calls into. */
export const LIBC: NativeLibrarySpec<typeof LIBC_SYMBOLS> = {
  path: "libc.so.6",
  symbols: LIBC_SYMBOLS,
  lastError: { kind: "errno-location", symbol: "__errno_location" },
};

/**
 * `open()` flags (asm-generic/fcntl.h; x86_64 and aarch64 agree on these).
 */
export const OpenFlag = {
  /** O_RDONLY. */
  readOnly: 0o0,
  /** O_WRONLY. */
  writeOnly: 0o1,
  /** O_RDWR: needed for the write-safe SCSI commands (mmc.md 1.6). */
  readWrite: 0o2,
  /** O_EXCL: on a block device, the block layer's exclusive claim; on sg, sole use. */
  exclusive: 0o200,
  /** O_NONBLOCK: on sr, skip the cdrom layer's media checks and door locking. */
  nonBlock: 0o4000,
  /** O_CLOEXEC: do not leak the descriptor into child processes. */
  closeOnExec: 0o2000000,
  /** O_PATH: a descriptor that only names a place (a folder to open entries relative to). */
  path: 0o10000000,
} as const;

/** `AT_FDCWD` (fcntl.h): a `*at()` call's paths are relative to the working folder. */
export const AT_FDCWD = -100;

/** ioctl request numbers (scsi/sg.h). */
export const SgIoctl = {
  /** SG_IO: execute one command (struct sg_io_hdr *). */
  SG_IO: 0x2285n,
  /** SG_GET_VERSION_NUM: int *; works on sg and on SCSI block devices. */
  SG_GET_VERSION_NUM: 0x2282n,
} as const;
