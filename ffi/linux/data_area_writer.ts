/**
 * The data area of an image file written by its own thread on Linux: a Worker opens libc
 * and copies every source file to its planned offset with synchronous calls
 * (`data_area_worker.ts`), while the emit pass serializes the metadata on the main thread.
 * The two meet only at the start (one message with the job) and the end (one reply);
 * progress and the stop request go through shared memory, so the main thread never waits
 * on the worker while it works. A small job (see {@linkcode THREAD_ABOVE}) gets no thread:
 * the same copier runs at once on the calling thread.
 *
 * @module
 */

import type {
  DataAreaJob,
  DataAreaWriter,
  PlacedFileFailure,
  PlacedFiles,
} from "../../src/stream/data_area.ts";
import { PlacedFileError } from "../../src/stream/data_area.ts";
import { copyWholeJob, dataAreaCopier, dataAreaWorker } from "./data_area_worker.ts";
import type {
  DataAreaConstants,
  DataAreaReply,
  DataAreaRequest,
  Libc,
} from "./data_area_request.ts";
import { windowDestination } from "./data_area_window.ts";
import { jobFileLocator, jobFileNames } from "./job_file_names.ts";
import { jobWriteback } from "./job_writeback.ts";
import { dataAreaWindow } from "../../src/stream/data_area_window.ts";
import { Errno, errnoMessage, errnoName } from "./errno.ts";
import { AT_FDCWD, OpenFlag } from "./libc.ts";
import { SECTOR_SIZE as SECTOR } from "../../src/records/ecma119.ts";

/** The libc symbols the data-area thread calls, with their C prototypes. */
export const DATA_AREA_SYMBOLS = {
  /**
   * `int openat(int dirfd, const char *pathname, int flags)`: the path is an address in
   * shared memory.
   */
  openat: { parameters: ["i32", "pointer", "i32"], result: "i32" },
  /** `int close(int fd)` */
  close: { parameters: ["i32"], result: "i32" },
  /** `ssize_t read(int fd, void *buf, size_t count)` */
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  /** `ssize_t pread(int fd, void *buf, size_t count, off_t offset)` (LP64: 64-bit off_t) */
  pread: { parameters: ["i32", "buffer", "usize", "i64"], result: "isize" },
  /** `ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)` */
  pwrite: { parameters: ["i32", "buffer", "usize", "i64"], result: "isize" },
  /**
   * `ssize_t copy_file_range(int fd_in, off64_t *off_in, int fd_out, off64_t *off_out,
   * size_t len, unsigned int flags)` (glibc 2.27, Linux 4.5)
   */
  copy_file_range: {
    parameters: ["i32", "buffer", "i32", "buffer", "usize", "u32"],
    result: "isize",
    optional: true,
  },
  /** `int sync_file_range(int fd, off64_t offset, off64_t nbytes, unsigned int flags)` */
  sync_file_range: { parameters: ["i32", "i64", "i64", "u32"], result: "i32", optional: true },
  /** `int *__errno_location(void)`: the calling thread's errno. */
  __errno_location: { parameters: [], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The C library the thread opens (glibc). */
const LIBRARY = "libc.so.6";

/** The batch of small files written with one call (see the worker's module comment). */
const BATCH = 1 << 20;

const CONSTANTS: DataAreaConstants = {
  openRead: OpenFlag.readOnly | OpenFlag.closeOnExec,
  openWrite: OpenFlag.writeOnly | OpenFlag.closeOnExec,
  openFolder: OpenFlag.path | OpenFlag.closeOnExec,
  atCwd: AT_FDCWD,
  syncFileRangeWrite: 2, // SYNC_FILE_RANGE_WRITE (linux/fs.h)
  retry: [Errno.EINTR, Errno.EAGAIN],
  cannotCopy: [Errno.EXDEV, Errno.EINVAL, Errno.EOPNOTSUPP],
  noEntry: Errno.ENOENT,
  noSys: Errno.ENOSYS,
  batch: BATCH,
  large: BATCH,
  piece: 64 << 20,
  writebackEvery: 128 << 20,
  blockFiles: 64,
  blockBytes: 4 << 20,
  helpLimit: 16 << 20, // ~20 ms to copy from the page cache
};

/** How long the caller's thread copies before it lets its event loop run (progress, signals). */
const HELP_SLICE_MS = 50;

/** When a job gets its own thread: more files or more bytes than these. */
export interface ThreadThreshold {
  /** Files. */
  readonly files: number;
  /** Bytes of file data. */
  readonly bytes: number;
}

/**
 * Jobs up to this size are copied on the calling thread, at once: starting the thread (a
 * Worker with its own runtime, which opens libc) takes 20-30 ms on this kind of machine,
 * about as long as copying a thousand small files, and the event loop waits at most a
 * few tens of milliseconds (from the page cache).
 */
export const THREAD_ABOVE: ThreadThreshold = { files: 1000, bytes: 16 << 20 };

const FAILURES: ReadonlySet<string> = new Set<PlacedFileFailure>([
  "removed",
  "shrank",
  "grew",
  "read",
  "destination",
  "stopped",
]);

function replyError(reply: Exclude<DataAreaReply, { ok: true }>, files: PlacedFiles): Error {
  if (!FAILURES.has(reply.failure)) {
    return new Error(`The data area thread failed: ${reply.call}`);
  }
  const failure = reply.failure as PlacedFileFailure;
  const path = reply.index >= 0 && reply.index < files.length ? files.path(reply.index) : "";
  const why = reply.errno ? `: ${errnoMessage(reply.errno)} (${errnoName(reply.errno)})` : "";
  const reason = failure === "grew"
    ? "it holds more bytes than planned (it grew)"
    : failure === "shrank"
    ? `it holds only ${reply.got} bytes (it shrank)`
    : failure === "removed"
    ? `it is gone (${reply.call}${why})`
    : `${reply.call} failed${why}`;
  const what = failure === "destination"
    ? `Cannot write the image's data area: ${reason}`
    : failure === "stopped"
    ? "The data area was stopped"
    : `Cannot copy ${JSON.stringify(path)} into the image: ${reason}`;
  return new PlacedFileError(what, { index: reply.index, failure, reason, got: reply.got });
}

let workerUrl: string | undefined;

function workerSource(): string {
  workerUrl ??= URL.createObjectURL(
    new Blob([
      `"use strict";\n${windowDestination}\n${jobFileLocator}\n${dataAreaCopier}\n` +
      `${copyWholeJob}\n` +
      `(${dataAreaWorker})();\n`,
    ], {
      type: "text/javascript",
    }),
  );
  return workerUrl;
}

/** The job's sizes, in the narrowest numbers that hold them. */
type JobSizes = Uint16Array | Uint32Array | Float64Array;

/** A typed array in shared memory: the thread reads it where it is, with no copy. */
function sharedNumbers<T extends JobSizes>(
  kind: {
    new (buffer: SharedArrayBuffer, offset: number, length: number): T;
    BYTES_PER_ELEMENT: number;
  },
  length: number,
): T {
  return new kind(new SharedArrayBuffer(Math.max(8, length * kind.BYTES_PER_ELEMENT)), 0, length);
}

/**
 * The job's sizes and extents in the narrowest numbers that hold them: sizes in 16 bits
 * until one is 64 KiB or more, then 32 until one is 4 GiB or more; extents in 32 (ECMA-119
 * 9.1.3 records them so). A million small files take 6 MiB, not 16.
 */
function sizesAndSectors(
  files: PlacedFiles,
): { sizes: JobSizes; sectors: Uint32Array; bytes: number } {
  const sectors = sharedNumbers(Uint32Array, files.length);
  let sizes: JobSizes = sharedNumbers(Uint16Array, files.length);
  let bytes = 0;
  for (let i = 0; i < files.length; i++) {
    const size = files.size(i);
    const at = files.at(i);
    if (!(at >= 0 && at % SECTOR === 0 && at / SECTOR < 2 ** 32)) {
      throw new RangeError(`File ${i} of a data-area job is placed at byte ${at}: not a sector`);
    }
    const width = size >= 2 ** 32 ? 8 : size >= 2 ** 16 ? 4 : 2;
    if (sizes.BYTES_PER_ELEMENT < width) {
      const wide: JobSizes = width === 8
        ? sharedNumbers(Float64Array, files.length)
        : sharedNumbers(Uint32Array, files.length);
      wide.set(sizes.subarray(0, i));
      sizes = wide;
    }
    sizes[i] = size;
    sectors[i] = at / SECTOR;
    bytes += size;
  }
  return { sizes, sectors, bytes };
}

/**
 * Copy a whole job on the calling thread now; the job comes back settled.
 *
 * @param request The job.
 * @param files The files (for messages).
 * @param ints The stop flag and the current file.
 * @param progress Bytes done.
 * @returns The settled job.
 */
function copiedJob(
  request: DataAreaRequest,
  files: PlacedFiles,
  ints: Int32Array,
  progress: BigInt64Array,
): DataAreaJob {
  let failure: unknown;
  try {
    copyWholeJob(request);
  } catch (err) {
    const f = err as DataAreaReply;
    failure = f?.ok === false ? replyError(f, files) : err;
  }
  const done = failure === undefined ? Promise.resolve() : Promise.reject(failure);
  done.catch(() => {}); // The caller observes it; a settled job it never awaits is no error.
  return {
    done,
    bytesDone: () => Number(Atomics.load(progress, 0)),
    current: () => Atomics.load(ints, 1),
    stop: () => {},
  };
}

class LinuxDataAreaWriter implements DataAreaWriter {
  readonly #destination: string;
  readonly #threadAbove: ThreadThreshold;
  readonly #window: number;

  /** `window`: bytes of shared memory to write into instead of `destination`, or 0. */
  constructor(destination: string, threadAbove: ThreadThreshold, window = 0) {
    this.#destination = destination;
    this.#threadAbove = threadAbove;
    this.#window = window;
  }

  start(files: PlacedFiles, options: { sync: boolean }): DataAreaJob {
    const control = new SharedArrayBuffer(24);
    const ints = new Int32Array(control, 0, 2);
    const progress = new BigInt64Array(control, 8, 1);
    // Every file is left to take: from 0 to one past the last.
    new BigInt64Array(control, 16, 1)[0] = BigInt(files.length) << 32n;
    const { sizes, sectors, bytes } = sizesAndSectors(files);
    const first = (sectors[0] ?? 0) * SECTOR;
    const last = files.length - 1;
    const span = last < 0
      ? 0
      : sectors[last]! * SECTOR + Math.ceil(sizes[last]! / SECTOR) * SECTOR - first;
    const window = this.#window > 0 ? dataAreaWindow(first, span, this.#window) : undefined;
    const request: DataAreaRequest = {
      library: LIBRARY,
      symbols: DATA_AREA_SYMBOLS,
      destination: this.#destination,
      ...jobFileNames(files),
      sizes,
      sectors,
      sync: options.sync,
      control,
      constants: CONSTANTS,
      ...(window ? { window } : {}),
    };
    const small = files.length <= this.#threadAbove.files && bytes <= this.#threadAbove.bytes;
    // Copied at once into a window only when the window holds the whole data area.
    if (small && (!window || window.bytes.length >= span)) {
      const job = copiedJob(request, files, ints, progress);
      return window ? { ...job, window } : job;
    }
    const worker = new Worker(workerSource(), { type: "module", name: "kiln data area" });
    const done = new Promise<void>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent) => {
        worker.terminate();
        const reply = e.data as DataAreaReply;
        if (reply.ok) resolve();
        else reject(replyError(reply, files));
      };
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        worker.terminate();
        reject(new Error(`The data area thread failed: ${e.message}`));
      };
    });
    worker.postMessage(request);
    const writeback = options.sync && !window
      ? jobWriteback(LIBRARY, this.#destination, done)
      : undefined;
    const job = {
      done,
      bytesDone: () => Number(Atomics.load(progress, 0)),
      current: () => Atomics.load(ints, 1),
      ...(writeback ? { writeback } : {}),
      stop: () => {
        Atomics.compareExchange(ints, 0, 0, 1);
        // A thread waiting for room in the window sees the flag at once.
        if (window) Atomics.notify(window.marks, 1);
      },
    };
    // A window is filled in image order, by the thread alone.
    return window
      ? { ...job, window }
      : { ...job, help: (between) => help(request, files, between) };
  }
}

/**
 * Copy files of a job on the calling thread, from its back end (`DataAreaJob.help`).
 *
 * @param request The job.
 * @param files The files (for messages).
 * @param between Runs whenever the event loop ran (may throw to stop).
 */
async function help(
  request: DataAreaRequest,
  files: PlacedFiles,
  between: () => void,
): Promise<void> {
  const opened = Deno.dlopen(LIBRARY, DATA_AREA_SYMBOLS);
  let copier: ReturnType<typeof dataAreaCopier> | undefined;
  try {
    copier = dataAreaCopier(request, opened.symbols as unknown as Libc, "back");
    while (copier.copy(performance.now() + HELP_SLICE_MS)) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      between();
    }
  } catch (err) {
    const f = err as DataAreaReply;
    if (f?.ok !== false) throw err;
    // Stopped by the caller or by the thread's own failure: `done` says which.
    if (f.failure !== "stopped") throw replyError(f, files);
  } finally {
    copier?.close();
    opened.close();
  }
}

/**
 * A data-area writer for an image file being written (Linux, `--allow-ffi`). Each job
 * starts its own thread, which ends with the job.
 *
 * @param destination The image file (already created; the caller writes the rest of it).
 * @param threadAbove Jobs with more files or bytes than this get a thread; smaller ones are
 *   copied at once on the calling thread (default {@linkcode THREAD_ABOVE}).
 * @returns The writer, or undefined when this C library cannot be opened with these
 *   symbols (a C library other than glibc): the caller then writes in order itself.
 */
export function openDataAreaWriter(
  destination: string,
  threadAbove: ThreadThreshold = THREAD_ABOVE,
): DataAreaWriter | undefined {
  try {
    Deno.dlopen(LIBRARY, DATA_AREA_SYMBOLS).close();
  } catch {
    return undefined;
  }
  return new LinuxDataAreaWriter(destination, threadAbove);
}

/** Bytes of shared memory a read-ahead job fills ahead of the emit pass. */
export const WINDOW_BYTES = 8 << 20;

/**
 * A data-area writer that reads the files ahead into shared memory, in image order, for a
 * destination that takes bytes in order only (a burn; Linux, `--allow-ffi`): each job's
 * thread fills a window (`DataAreaJob.window`) the emit pass copies from
 * (`src/stream/data_area_window.ts`).
 *
 * @param windowBytes The most shared memory one job fills ahead (default
 *   {@linkcode WINDOW_BYTES}; at least the 1 MiB batch).
 * @param threadAbove Jobs with more files or bytes than this get a thread; smaller ones are
 *   read at once on the calling thread when the window holds them (default
 *   {@linkcode THREAD_ABOVE}).
 * @returns The writer, or undefined when this C library cannot be opened with these symbols.
 */
export function openDataAreaReader(
  windowBytes: number = WINDOW_BYTES,
  threadAbove: ThreadThreshold = THREAD_ABOVE,
): DataAreaWriter | undefined {
  if (windowBytes < BATCH) {
    throw new RangeError(`A data-area window of ${windowBytes} bytes is below the ${BATCH} batch`);
  }
  if (!openDataAreaWriter("", threadAbove)) return undefined;
  return new LinuxDataAreaWriter("", threadAbove, windowBytes);
}
