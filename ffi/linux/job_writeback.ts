/**
 * The writeback of a data-area job's image started from the caller's thread
 * (`DataAreaJob.writeback`): the emit pass calls it while it waits for the job. The thread
 * itself starts writeback after its batches of small files, but not after the pieces it
 * copies in the kernel (`copy_file_range`): those come faster than a disk takes them, and
 * `sync_file_range` on the copying thread blocked it until the disk had most of each range
 * (50–76 ms per 128 MiB under strace; 61 such waits were 3 s of a 12 s run). Started from
 * the caller instead, the copy and the disk overlap: 7.5 GiB in four files with sync took
 * 1.01–1.21× `cat` + `sync -d` in four alternating rounds, against 1.14–1.53× before, and
 * `/usr/share` (642 MiB) 1.08–1.76 s against 1.56–2.05 s (2026-12-08, a virtio disk whose
 * rate varied twofold within minutes).
 *
 * @module
 */

import { AT_FDCWD, OpenFlag } from "./libc.ts";

/** The libc symbols it calls, with their C prototypes. */
const SYMBOLS = {
  /** `int openat(int dirfd, const char *pathname, int flags)` */
  openat: { parameters: ["i32", "pointer", "i32"], result: "i32" },
  /** `int close(int fd)` */
  close: { parameters: ["i32"], result: "i32" },
  /** `int sync_file_range(int fd, off64_t offset, off64_t nbytes, unsigned int flags)` */
  sync_file_range: { parameters: ["i32", "i64", "i64", "u32"], result: "i32", optional: true },
} as const satisfies Deno.ForeignLibraryInterface;

/** `SYNC_FILE_RANGE_WRITE` (linux/fs.h): start writeback of dirty pages not under it. */
const SYNC_FILE_RANGE_WRITE = 2;

/**
 * `DataAreaJob.writeback` for a job's destination: `sync_file_range(fd, 0, 0,
 * SYNC_FILE_RANGE_WRITE)` on a descriptor of its own (the whole file; pages already under
 * writeback are left alone), closed when the job settles.
 *
 * @param library The C library (glibc).
 * @param destination The image file.
 * @param done The job's end.
 * @returns The call, or undefined when the file cannot be opened or the call is missing.
 */
export function jobWriteback(
  library: string,
  destination: string,
  done: Promise<void>,
): (() => void) | undefined {
  const lib = Deno.dlopen(library, SYMBOLS);
  const call = lib.symbols.sync_file_range;
  const path = new TextEncoder().encode(`${destination}\0`);
  const fd = call
    ? lib.symbols.openat(
      AT_FDCWD,
      Deno.UnsafePointer.of(path),
      OpenFlag.writeOnly | OpenFlag.closeOnExec,
    )
    : -1;
  if (fd < 0 || !call) {
    lib.close();
    return undefined;
  }
  let open = true;
  done.catch(() => {}).finally(() => {
    open = false;
    lib.symbols.close(fd);
    lib.close();
  });
  return () => {
    if (open) call(fd, 0n, 0n, SYNC_FILE_RANGE_WRITE);
  };
}
