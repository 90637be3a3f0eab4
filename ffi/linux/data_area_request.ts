/**
 * What the data-area thread (`data_area_worker.ts`) is asked and what it answers: the job's
 * tables in shared memory, the C header values it needs, and its one reply. Types only, so
 * the thread's code holds no outside names.
 *
 * @module
 */

import type { DataAreaWindow } from "../../src/stream/data_area_window.ts";
import type { JobFileNames } from "./job_file_names.ts";

/** What the thread is asked to do: the names and folders of its files, and these. */
export interface DataAreaRequest extends JobFileNames {
  /** The C library's file name. */
  readonly library: string;
  /** The symbols, with their C prototypes (`DATA_AREA_SYMBOLS`). */
  readonly symbols: Deno.ForeignLibraryInterface;
  /** The image file (already created); unused when `window` is given. */
  readonly destination: string;
  /**
   * Shared memory to write the data area into, in image order, instead of the file (see
   * `data_area_window.ts`); the job is then taken from the front only.
   */
  readonly window?: DataAreaWindow;
  /** Planned sizes, by index (16-bit when every size is under 64 KiB, 32 under 4 GiB). */
  readonly sizes: Uint16Array | Uint32Array | Float64Array;
  /** Where each file starts in the image, in 2048-byte sectors, by index. */
  readonly sectors: Uint32Array;
  /**
   * Start writeback every `writebackEvery` bytes of batched small files (files copied in
   * the kernel are left to the caller's `DataAreaJob.writeback`).
   */
  readonly sync: boolean;
  /**
   * Shared with the caller: Int32 0, the stop flag (1: the caller stops the job, 2: a side
   * failed); Int32 1, the file being written; BigInt64 at byte 8, bytes done; BigInt64 at
   * byte 16, the files not yet taken: the first in bits 0-31, one past the last in 32-63.
   */
  readonly control: SharedArrayBuffer;
  /** Numbers from the C headers, so that this body holds none. */
  readonly constants: DataAreaConstants;
}

/** C header values the thread needs. */
export interface DataAreaConstants {
  /** `O_RDONLY | O_CLOEXEC`. */
  readonly openRead: number;
  /** `O_WRONLY | O_CLOEXEC`. */
  readonly openWrite: number;
  /** `O_PATH | O_CLOEXEC`: a folder to open files in (`openat` says ENOTDIR if it is not one). */
  readonly openFolder: number;
  /** `AT_FDCWD`: a path relative to the working folder. */
  readonly atCwd: number;
  /** `SYNC_FILE_RANGE_WRITE`. */
  readonly syncFileRangeWrite: number;
  /** errno values: retry the call. */
  readonly retry: readonly number[];
  /** errno values of `copy_file_range` meaning "this pair of files cannot": read and write. */
  readonly cannotCopy: readonly number[];
  /** errno `ENOENT`. */
  readonly noEntry: number;
  /** errno `ENOSYS`: never try `copy_file_range` again. */
  readonly noSys: number;
  /** Batch buffer size in bytes (a multiple of 2048). */
  readonly batch: number;
  /** Files of at least this many bytes are copied piece by piece, not batched. */
  readonly large: number;
  /** Bytes per piece of a large file. */
  readonly piece: number;
  /** Writeback is started after this many new bytes of batched small files. */
  readonly writebackEvery: number;
  /** Most files taken at once from an end of the job. */
  readonly blockFiles: number;
  /** A block ends once it holds this many bytes. */
  readonly blockBytes: number;
  /** Files of this size and more are left to the thread by the back end. */
  readonly helpLimit: number;
}

/** The end of a job a thread takes its files from. */
export type DataAreaEnd = "front" | "back";

/** The C library as {@linkcode dataAreaCopier} calls it. */
export type Libc = Record<string, (...args: unknown[]) => unknown>;

/** What the thread answers, once. */
export type DataAreaReply =
  | { readonly ok: true }
  | {
    readonly ok: false;
    /** Index of the failing file, or -1. */
    readonly index: number;
    /** What happened (`PlacedFileFailure`, or "internal" for a fault of the thread). */
    readonly failure: string;
    /** errno of the failing call, or 0. */
    readonly errno: number;
    /** Bytes found when a source shrank. */
    readonly got: number;
    /** The call that failed, or the fault. */
    readonly call: string;
  };
