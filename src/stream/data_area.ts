/**
 * The data area written by a second thread. When a sink is a file that another thread can
 * write at explicit offsets (`ImageSink.placeFiles`), the emit pass hands it every file
 * read straight from disk, with the byte offset the plan gave it, before it serializes the
 * first descriptor; it then steps over those files' extents and writes the metadata itself.
 * Both threads run at once: on a tree of many small files, reading the files (an open, a
 * read and a close each) costs as much as everything else together. A job started before
 * the plan on the files placed first (`writeTreeImageFile`, `ImageSink.startedJob`) is
 * taken over instead, once it is checked against the plan.
 *
 * What stays on the emit pass's thread: files with bytes in memory or from a stream, and a
 * file patched on its way in (the boot info table).
 *
 * @module
 */

import { InternalError } from "../model/errors.ts";
import type { ImagePlan } from "../layout/layout_plan.ts";
import type { PlannedFile } from "../layout/plan_tree.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import type { ChunkWriter, ImageStreamOptions } from "./chunk_writer.ts";
import type { ImageSink } from "./image_sink.ts";
import { sourceChanged, sourceUnreadable } from "./source_reader.ts";
import { type DataAreaWindow, takeFromWindow } from "./data_area_window.ts";
import { PlanPlacedFiles } from "./plan_placed_files.ts";

/** One source file and where its bytes go in the image. */
export interface PlacedFile {
  /** The source file on disk. */
  readonly path: string;
  /** Bytes planned: the source must hold exactly these. */
  readonly size: number;
  /** Byte offset in the image (a multiple of 2048); zeros follow to the sector's end. */
  readonly at: number;
}

/**
 * The files of a data-area job, by index, in image order: read through accessors, so that
 * a million files need no million objects made for the hand-over.
 */
export interface PlacedFiles {
  /** How many files. */
  readonly length: number;
  /** The source path of file `index`. */
  path(index: number): string;
  /** The planned size of file `index`. */
  size(index: number): number;
  /** The image byte offset of file `index`. */
  at(index: number): number;
  /**
   * The folder part of file `index`'s path, ending in "/", or "" when only the whole path
   * is known. Given with {@linkcode PlacedFiles.name}: `path(i)` is `folder(i) + name(i)`,
   * and a writer opens each folder once and its files by name in it.
   */
  folder?(index: number): string;
  /** The rest of file `index`'s path after {@linkcode PlacedFiles.folder} (see there). */
  name?(index: number): string;
  /**
   * About how many UTF-16 units the names of {@linkcode PlacedFiles.name} hold in all: what
   * a writer sizes its name table by at first (it grows the table when they need more).
   */
  readonly nameUnits?: number;
}

/**
 * The {@linkcode PlacedFiles} view of a list.
 *
 * @param list The files.
 * @returns The view.
 */
export function placedFilesOf(list: readonly PlacedFile[]): PlacedFiles {
  const cut = (i: number) => list[i]!.path.lastIndexOf("/") + 1;
  return {
    length: list.length,
    path: (i) => list[i]!.path,
    size: (i) => list[i]!.size,
    at: (i) => list[i]!.at,
    folder: (i) => list[i]!.path.slice(0, cut(i)),
    name: (i) => list[i]!.path.slice(cut(i)),
  };
}

/** A data area being written by another thread. */
export interface DataAreaJob {
  /** Settles when every file is written; rejects with a {@linkcode PlacedFileError}. */
  readonly done: Promise<void>;
  /** Image bytes written so far, sector padding included. */
  bytesDone(): number;
  /** Index of the file being written. */
  current(): number;
  /** Ask the thread to stop at the next file or piece; `done` then rejects. */
  stop(): void;
  /**
   * Start the writeback of what the job wrote so far, from the calling thread, when the
   * image must be durable: the emit pass calls it while it waits for the job. The thread
   * leaves this to the caller for files it copies in the kernel (`copy_file_range`), which
   * come faster than a disk takes them; a hint on its own thread blocked it until the disk
   * had most of each range. May block the caller for as long.
   */
  writeback?(): void;
  /**
   * Copy files on the calling thread too, from the other end of the job, until the two
   * meet (the caller has nothing else to do); `between` runs whenever it lets the event loop
   * run, and may throw to stop. Settles when this side has no file left to take.
   *
   * @throws {PlacedFileError} When a file this side copies fails.
   */
  help?(between: () => void): Promise<void>;
  /**
   * Where the job writes when its destination is shared memory (a data-area reader, for a
   * sink that takes bytes in order only): the emit pass copies each run of the job's files
   * from there instead of stepping over them.
   */
  readonly window?: DataAreaWindow;
}

/** Starts data-area jobs for one destination. */
export interface DataAreaWriter {
  /**
   * Start writing files at their offsets.
   *
   * @param files The files, in image order.
   * @param options `sync`: start writeback of what is written as it goes.
   * @returns The job.
   */
  start(files: PlacedFiles, options: { sync: boolean }): DataAreaJob;
}

/** How a placed file failed. */
export type PlacedFileFailure =
  | "removed"
  | "shrank"
  | "grew"
  | "read"
  | "destination"
  | "stopped";

/** One file of a data-area job failed, or the job was stopped. */
export class PlacedFileError extends Error {
  /** Index of the file in the job, or -1 when no one file is to blame. */
  readonly index: number;
  /** What happened. */
  readonly failure: PlacedFileFailure;
  /** Bytes the source held when it shrank. */
  readonly got: number;
  /** The failing call and the OS's reason, without the path ("read failed: …"). */
  readonly reason: string;

  /**
   * Make the error.
   *
   * @param message What failed, naming the file, with the OS's reason.
   * @param fields Which file, what happened, the call's reason, and bytes found.
   */
  constructor(
    message: string,
    fields: { index: number; failure: PlacedFileFailure; reason?: string; got?: number },
  ) {
    super(message);
    this.name = "PlacedFileError";
    this.index = fields.index;
    this.failure = fields.failure;
    this.reason = fields.reason ?? message;
    this.got = fields.got ?? 0;
  }
}

/** How often progress is reported while the emit pass waits for the other thread. */
const POLL_MS = 100;

/** A running data area, as the emit pass drives it. */
export interface DataAreaRun {
  /** True when the other thread writes `plan.dataFiles[index]` (see `emit`). */
  handles(index: number): boolean;
  /**
   * The run of files the other thread writes that starts at `from`: they follow one another
   * in the plan and on the image, and are read from the job's columns (no planned file
   * object each). Runs are asked for in order.
   *
   * @param from Index in `plan.dataFiles` of a file the thread writes.
   * @returns One past the run's last file, and its extents in bytes.
   * @throws {InternalError} When `from` is not the next file the thread writes, or a file's
   *   extent does not follow on from the one before.
   */
  run(from: number): { to: number; bytes: number };
  /**
   * The data of a run of files the other thread writes, from the emit pass's position:
   * stepped over when the thread writes them into the sink itself, copied from the job's
   * window when it reads them ahead.
   *
   * @param from Index of the run's first file in `plan.dataFiles`.
   * @param bytes The run's extents, in bytes.
   * @returns A promise when the emit pass must wait.
   */
  emit(from: number, bytes: number): Promise<void> | void;
  /** Wait for the other thread, reporting progress; throws what a file's failure means. */
  finish(): Promise<void>;
  /** Stop the other thread and wait until it no longer writes (after a failure here). */
  abort(): Promise<void>;
}

function toError(err: unknown, fileAt: (index: number) => PlannedFile | undefined): unknown {
  if (!(err instanceof PlacedFileError)) return err;
  const file = err.index >= 0 ? fileAt(err.index) : undefined;
  if (!file || err.failure === "destination" || err.failure === "stopped") return err;
  const path = file.entry.source.kind === "path" ? file.entry.source.path : file.path;
  switch (err.failure) {
    case "removed":
      return sourceChanged(file, "no file (it was removed)");
    case "shrank":
      return sourceChanged(file, `${err.got} bytes (it shrank)`);
    case "grew":
      return sourceChanged(file, "more bytes (it grew)");
    default:
      return sourceUnreadable(file, path, new Error(err.reason, { cause: err }));
  }
}

/**
 * Check that a job started before the plan writes what the plan says (else the job is
 * stopped: the image would not be what was planned): the count, and the size and offset of
 * the first file, the last and 256 between. Both lists come from the same placement, and a
 * file out of place moves every offset after it; the plan checked where the last one ends.
 */
function assertSameFiles(
  placed: PlanPlacedFiles,
  started: { readonly job: DataAreaJob; readonly files: PlacedFiles },
): void {
  const early = started.files;
  const step = Math.max(1, Math.floor(early.length / 256));
  const checked = [0, early.length - 1];
  for (let i = step; i < early.length - 1; i += step) checked.push(i);
  if (placed.length !== early.length) {
    started.job.stop();
    throw new InternalError(`${early.length} files started early, ${placed.length} planned`);
  }
  for (const i of checked.sort((a, b) => a - b)) {
    if (placed.size(i) !== early.size(i) || placed.at(i) !== early.at(i)) {
      started.job.stop();
      throw new InternalError(
        `file ${i} of the early data area (${early.path(i)}) is not where the plan put it`,
      );
    }
  }
}

/**
 * Hand the files read from disk to the sink's data-area thread, when it has one, or take
 * over the job the sink started before the plan.
 *
 * @param plan The plan.
 * @param sink The sink.
 * @param out The emit pass's writer (progress is reported through it).
 * @param options Cancellation.
 * @returns The run, or undefined when the sink writes in order only.
 */
export function startDataArea(
  plan: ImagePlan,
  sink: ImageSink,
  out: ChunkWriter,
  options: ImageStreamOptions,
): DataAreaRun | undefined {
  const started = sink.startedJob;
  if (!sink.placeFiles && !started) return undefined;
  const files = plan.dataFiles;
  const placed = new PlanPlacedFiles(plan, started?.files.length);
  if (started) assertSameFiles(placed, started);
  else if (placed.length === 0) return undefined;
  const fileAt = (i: number) => placed.fileAt(i);
  const job = started ? started.job : sink.placeFiles!(placed);
  if (!job) return undefined;
  const window = job.window;
  if (!window) {
    out.external = {
      bytesDone: () => job.bytesDone(),
      file: () => fileAt(job.current())?.path,
    };
  }
  let settled = false;
  const done = job.done.finally(() => void (settled = true));
  done.catch(() => {}); // Observed in finish() or abort().
  const filler = { done, settled: () => settled };
  const between = () => {
    options.signal?.throwIfAborted();
    out.report();
  };
  /** The job index of the next file a run starts from (runs come in plan order). */
  let nextJob = 0;
  return {
    handles: (index) => placed.handles(index),
    run(from) {
      let j = nextJob;
      if (j >= placed.length || placed.planIndex(j) !== from) {
        throw new InternalError(
          `a run of thread-written files asked at ${files.at(from).path}, out of order`,
        );
      }
      const start = placed.at(j);
      let bytes = 0;
      let to = from;
      for (; j < placed.length && placed.planIndex(j) === to; j++, to++) {
        if (placed.at(j) !== start + bytes) {
          throw new InternalError(
            `data of ${placed.fileAt(j)?.path} does not follow on from ${files.at(from).path}`,
          );
        }
        bytes += Math.ceil(placed.size(j) / SECTOR_SIZE) * SECTOR_SIZE;
      }
      nextJob = j;
      return { to, bytes };
    },
    emit(from, bytes) {
      if (!window) return out.skip(bytes);
      out.file = files.at(from).path;
      return takeFromWindow(window, out, bytes, filler, between).catch((err) => {
        throw toError(err, fileAt);
      });
    },
    async finish() {
      try {
        // The metadata is written: this thread has nothing else to do but copy files too.
        await job.help?.(between);
        while (!settled) {
          options.signal?.throwIfAborted();
          job.writeback?.();
          let timer: ReturnType<typeof setTimeout> | undefined;
          await Promise.race([
            done,
            new Promise<void>((resolve) => timer = setTimeout(resolve, POLL_MS)),
          ]).finally(() => clearTimeout(timer));
          out.report();
        }
        await done;
      } catch (err) {
        job.stop();
        await done.catch(() => {});
        if (options.signal?.aborted) throw options.signal.reason;
        throw toError(err, fileAt);
      }
    },
    async abort() {
      job.stop();
      await done.catch(() => {});
    },
  };
}
