/**
 * The body of the data-area thread (see `data_area_writer.ts`): it opens libc itself and,
 * with synchronous calls only, copies every file of one job into the image at its offset.
 * Small files are read into one batch buffer, sector-padded, and written with one
 * `pwrite(2)` per contiguous run of about 1 MiB (a buffer that stays in the CPU cache
 * between the read and the write: an 8 MiB one made the copy several times slower here);
 * large files are copied by the kernel (`copy_file_range(2)`), or read and written in
 * pieces where it cannot. A file is opened by its name in its folder (`openat(2)` on the
 * folder, opened once with `O_PATH` for all its files that follow one another): no walk
 * of the whole path per file, and the job's tables hold a name per file, not a path.
 *
 * A source must hold exactly the planned bytes: each small file is read with one byte to
 * spare (a full read means it grew, a short one is its end), and a large file is probed one
 * byte past its planned end.
 *
 * The files are taken in blocks (up to {@linkcode DataAreaConstants.blockFiles} files or
 * {@linkcode DataAreaConstants.blockBytes} bytes) from the two ends of the job: the thread
 * takes them from the front, and the caller's thread, once it has written the metadata,
 * from the back (`help` in `data_area_writer.ts`), until the two meet or the back reaches
 * a file of {@linkcode DataAreaConstants.helpLimit} bytes or more (those stay with the
 * thread). Two threads copy 50,000 small files into one image in about half the time of one
 * (their writes into the one file do not serialize: 300 ms against 155 ms in C on the build
 * machine).
 *
 * A job may write into shared memory instead of a file (`window` in the request, see
 * `data_area_window.ts`): the same reads, in image order, for a destination that takes
 * bytes in order only.
 *
 * {@linkcode dataAreaCopier}, {@linkcode copyWholeJob} and {@linkcode dataAreaWorker} must
 * stay self-contained (no outside names but each other, `windowDestination` and
 * `jobFileLocator`): their source text is the worker's code. The symbol table and constants
 * arrive in the request.
 *
 * @module
 */

import { windowDestination } from "./data_area_window.ts";
import { jobFileLocator } from "./job_file_names.ts";
import type { DataAreaEnd, DataAreaReply, DataAreaRequest, Libc } from "./data_area_request.ts";

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
}

/** The thread's message handler (self-contained: see the module comment). */
export function dataAreaWorker(): void {
  const scope = self as unknown as WorkerScope;
  scope.onmessage = (e: MessageEvent) => {
    const request = e.data as DataAreaRequest;
    let reply: DataAreaReply;
    try {
      copyWholeJob(request);
      reply = { ok: true };
    } catch (err) {
      // The copier throws its failures as replies; anything else is a fault of the thread.
      reply = (err as { ok?: unknown })?.ok === false
        ? err as DataAreaReply
        : { ok: false, index: -1, failure: "internal", errno: 0, got: 0, call: String(err) };
    }
    scope.postMessage(reply);
  };
}

/**
 * Copy every file of a job on the calling thread, from the front (self-contained: see the
 * module comment): what the thread does with its job, and what a job too small for a
 * thread gets at once. A failure is thrown as a failed {@linkcode DataAreaReply}.
 *
 * @param q The job.
 */
export function copyWholeJob(q: DataAreaRequest): void {
  const opened = Deno.dlopen(q.library, q.symbols);
  try {
    const copier = dataAreaCopier(q, opened.symbols as unknown as Libc, "front");
    try {
      copier.copy();
    } finally {
      copier.close();
    }
  } finally {
    opened.close();
  }
}

/** Copies the files of a job taken from one end of it (see {@linkcode dataAreaCopier}). */
export interface DataAreaCopier {
  /**
   * Copy blocks of files until none is left to take, or until the block that ends past
   * `deadline` (`performance.now()`).
   *
   * @returns True when it stopped at the deadline with files perhaps left to take.
   */
  copy(deadline?: number): boolean;
  /** Close the destination (the copier is done). */
  close(): void;
}

/**
 * A copier of the files of a job, taken in blocks from one end of it (self-contained: see
 * the module comment). It opens the destination and its buffers once, and keeps its batch
 * and writeback state between calls of `copy`. A failure is thrown as a failed
 * {@linkcode DataAreaReply}, after the stop flag is set to 2 so that the other side ends too.
 *
 * @param q The job.
 * @param lib The C library, opened with `q.symbols`.
 * @param end Where this thread takes its files from.
 * @returns The copier.
 */
export function dataAreaCopier(q: DataAreaRequest, lib: Libc, end: DataAreaEnd): DataAreaCopier {
  const c = q.constants;
  const errnoAt = new Deno.UnsafePointerView(lib.__errno_location!() as Deno.PointerObject);
  const errno = () => errnoAt.getInt32(0);
  const ints = new Int32Array(q.control, 0, 2);
  const progress = new BigInt64Array(q.control, 8, 1);
  const left = new BigInt64Array(q.control, 16, 1);
  const buf = new Uint8Array(c.batch + 1); // one spare byte for the probe
  const zeros = new Uint8Array(2048);
  const probe = new Uint8Array(1);
  const offIn = new BigInt64Array(1);
  const offOut = new BigInt64Array(1);
  let index = -1;
  let canCopy = !q.window && typeof lib.copy_file_range === "function";
  let canHint = !q.window && q.sync && typeof lib.sync_file_range === "function";
  let fill = 0;
  let batchAt = 0;
  /** The batch was read straight into the window (`reserve`), not into `buf`. */
  let direct = false;
  let done = 0; // image bytes written by this side, padding included
  let reported = 0;
  let kicked = 0;
  let kickFrom = -1;

  const fail = (failure: string, call: string, err = 0, got = 0): never => {
    if (failure !== "stopped") Atomics.compareExchange(ints, 0, 0, 2);
    const reply: DataAreaReply = { ok: false, index, failure, errno: err, got, call };
    throw reply;
  };
  const retry = (err: number) => c.retry.includes(err);
  const open = (dir: number, path: Deno.PointerValue, flags: number, failure: string): number => {
    for (;;) {
      const fd = lib.openat!(dir, path, flags) as number;
      if (fd >= 0) return fd;
      const err = errno();
      if (retry(err)) continue;
      if (failure === "read" && err === c.noEntry) fail("removed", "open", err);
      return fail(failure, "open", err);
    }
  };
  const stopped = () => {
    if (Atomics.load(ints, 0) !== 0) fail("stopped", "");
  };
  const memory = q.window ? windowDestination(q.window, stopped) : undefined;
  const cPath = new TextEncoder().encode(`${q.destination}\0`);
  if (cPath.indexOf(0) !== cPath.length - 1) fail("destination", "open: the path holds NUL");
  const out = memory ? -1 : open(c.atCwd, Deno.UnsafePointer.of(cPath), c.openWrite, "destination");
  const names = Deno.UnsafePointer.of(q.names);
  const locate = jobFileLocator(q);
  const folders = Deno.UnsafePointer.of(q.folders);
  // The folder last opened: files come folder by folder, each opened by name in it.
  let folder = -1;
  let folderFd = c.atCwd;
  const folderFdOf = (k: number): number => {
    if (k === folder) return folderFd;
    if (folder >= 0) lib.close!(folderFd);
    folder = -1;
    folderFd = c.atCwd;
    if (k >= 0) {
      const path = Deno.UnsafePointer.offset(folders!, q.folderStarts[k]!);
      folderFd = open(c.atCwd, path, c.openFolder, "read");
      folder = k;
    }
    return folderFd;
  };

  const writeAt = (bytes: Uint8Array, length: number, at: number): void => {
    if (memory) return memory.writeAt(bytes, length, at);
    let put = 0;
    while (put < length) {
      const part = put === 0 ? bytes : bytes.subarray(put);
      const n = Number(lib.pwrite!(out, part, length - put, at + put));
      if (n < 0) {
        const err = errno();
        if (retry(err)) continue;
        fail("destination", "pwrite", err);
      }
      put += n;
    }
    hint(at, length);
  };
  const hint = (at: number, length: number): void => {
    if (!canHint) return;
    if (kickFrom < 0) kickFrom = at;
    kicked += length;
    if (kicked < c.writebackEvery) return;
    const upTo = at + length;
    if (lib.sync_file_range!(out, kickFrom, upTo - kickFrom, c.syncFileRangeWrite) !== 0) {
      canHint = false;
    }
    kicked = 0;
    kickFrom = -1;
  };
  const report = (): void => {
    Atomics.add(progress, 0, BigInt(done - reported));
    reported = done;
  };
  const flush = (): void => {
    if (fill === 0) return;
    if (direct) memory!.publish(batchAt + fill);
    else writeAt(buf, fill, batchAt);
    fill = 0;
    report();
  };
  /** Fail when a file holds a byte past its planned size (it grew). */
  const probeEnd = (fd: number, size: number): void => {
    for (;;) {
      const n = Number(lib.pread!(fd, probe, 1, size));
      if (n < 0) {
        const err = errno();
        if (retry(err)) continue;
        fail("read", "pread", err);
      }
      if (n > 0) fail("grew", "pread");
      return;
    }
  };
  const small = (fd: number, size: number, at: number): void => {
    const padded = Math.ceil(size / 2048) * 2048;
    if (fill > 0 && (batchAt + fill !== at || fill + padded > c.batch)) flush();
    // Into the window itself where the file does not wrap around it. (A batch is all in
    // the window or all in `buf`: a switch flushes first.) The probe byte lands in the
    // padding, or in `buf`'s spare byte; a file of whole sectors read into the window is
    // probed on its own after it.
    let view: Uint8Array | undefined;
    if (memory) {
      view = memory.reserve(at, padded, flush);
      if ((view !== undefined) !== direct) flush();
      direct = view !== undefined;
    }
    const into: Uint8Array = view ?? buf;
    const from = view ? 0 : fill;
    if (fill === 0) batchAt = at;
    const want = view && padded === size ? size : size + 1;
    let got = 0;
    while (got < want) {
      const n = Number(lib.read!(fd, into.subarray(from + got), want - got));
      if (n < 0) {
        const err = errno();
        if (retry(err)) continue;
        fail("read", "read", err);
      }
      if (n === 0) break;
      got += n;
      if (got === size) break; // a short read at the planned size: the end of a file
    }
    if (got === size && want === size) probeEnd(fd, size);
    if (got > size) fail("grew", "read");
    if (got < size) fail("shrank", "read", 0, got);
    into.fill(0, from + size, from + padded);
    fill += padded;
    done += padded;
  };

  const large = (fd: number, size: number, at: number): void => {
    flush();
    let copied = 0;
    while (copied < size) {
      stopped();
      const length = Math.min(c.piece, size - copied);
      let n = -1;
      if (canCopy) {
        offIn[0] = BigInt(copied);
        offOut[0] = BigInt(at + copied);
        n = Number(lib.copy_file_range!(fd, offIn, out, offOut, length, 0));
        if (n < 0) {
          const err = errno();
          if (retry(err)) continue;
          if (err === c.noSys) canCopy = false;
          else if (!c.cannotCopy.includes(err)) fail("read", "copy_file_range", err);
        }
        // No writeback hint here: the caller's thread starts it (`DataAreaJob.writeback`).
        // Pieces copied in the kernel come faster than a disk takes them, and the hint
        // blocked this thread until the disk had most of each range (50–76 ms per 128 MiB).
      }
      if (n < 0) {
        const want = Math.min(length, c.batch);
        const view = memory?.reserve(at + copied, want, () => {});
        n = Number(lib.pread!(fd, view ?? buf, want, copied));
        if (n < 0) {
          const err = errno();
          if (retry(err)) continue;
          fail("read", "pread", err);
        }
        if (n > 0 && view) memory!.publish(at + copied + n);
        else if (n > 0) writeAt(buf, n, at + copied);
      }
      if (n === 0) fail("shrank", "read", 0, copied);
      copied += n;
      done += n;
      report();
    }
    probeEnd(fd, size);
    const pad = Math.ceil(size / 2048) * 2048 - size;
    if (pad > 0) writeAt(zeros, pad, at + size);
    done += pad;
  };

  /** The next block of files from this end, [from, to), or undefined once the ends met. */
  const take = (): [number, number] | undefined => {
    for (;;) {
      const v = Atomics.load(left, 0);
      const first = Number(v & 0xffffffffn);
      const last = Number(v >> 32n);
      if (first >= last) return undefined;
      let from = first;
      let to = last;
      let bytes = 0;
      if (end === "front") {
        to = first;
        while (to < last && to - from < c.blockFiles && bytes < c.blockBytes) {
          bytes += q.sizes[to++]!;
        }
      } else {
        // The caller's thread leaves large files to the thread: copying one can take seconds,
        // and between blocks the caller stops to report progress and see a cancellation.
        from = last;
        while (from > first && to - from < c.blockFiles && bytes < c.blockBytes) {
          if (q.sizes[from - 1]! >= c.helpLimit) break;
          bytes += q.sizes[--from]!;
        }
        if (from === to) return undefined;
      }
      const next = end === "front"
        ? BigInt(to) | (BigInt(last) << 32n)
        : BigInt(first) | (BigInt(from) << 32n);
      if (Atomics.compareExchange(left, 0, v, next) === v) return [from, to];
    }
  };

  return {
    copy(deadline = Infinity): boolean {
      for (let block = take(); block; block = take()) {
        for (index = block[0]; index < block[1]; index++) {
          stopped();
          Atomics.store(ints, 1, index);
          const size = q.sizes[index]!;
          const at = q.sectors[index]! * 2048;
          locate.at(index);
          const fd = open(
            folderFdOf(locate.folder),
            Deno.UnsafePointer.offset(names!, locate.name),
            c.openRead,
            "read",
          );
          try {
            if (size >= c.large) large(fd, size, at);
            else small(fd, size, at);
          } finally {
            lib.close!(fd);
          }
        }
        // The batch carries on into the next block when that one follows on (the front's do).
        if (performance.now() > deadline) {
          flush();
          return true;
        }
      }
      index = -1;
      flush();
      report();
      return false;
    },
    close: () => {
      folderFdOf(-1);
      if (out >= 0) lib.close!(out);
    },
  };
}
