/**
 * Where the emit pass puts an image's bytes. {@linkcode imageStream} hands them to a
 * `ReadableStream` (for burning and verifying); `writeImageFile` writes them straight into
 * a file, reusing one buffer, and hands the files read from disk to a data-area thread.
 *
 * @module
 */

import type { DataAreaJob, PlacedFiles } from "./data_area.ts";

/** The destination of an image's bytes, which arrive in order from byte 0. */
export interface ImageSink {
  /**
   * True when the sink keeps the arrays it is given after `write` settles (a stream hands
   * them to its reader): the producer then fills a fresh buffer for every chunk. A sink
   * that copies or writes the bytes out before `write` settles leaves this unset, and the
   * producer reuses one buffer.
   */
  readonly keepsChunks?: boolean;
  /**
   * Chunk size the sink prefers, in bytes (a multiple of 2048); the producer's own
   * default when unset.
   */
  readonly chunkSize?: number;
  /**
   * Append bytes.
   *
   * @param bytes The bytes (a multiple of 2048 long, except perhaps at the very end).
   */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Start writing source files at their byte offsets on another thread, while the producer
   * writes the rest in order and {@linkcode ImageSink.skip}s over those files' extents
   * (file sinks on Linux with FFI). Present only when the sink may be able to.
   *
   * @param files The files, in image order.
   * @returns The job, or undefined when the sink cannot after all.
   */
  placeFiles?(files: PlacedFiles): DataAreaJob | undefined;
  /**
   * A job started before the image was planned (`writeTreeImageFile`), writing the plan's
   * first `files.length` data files: the emit pass takes it over instead of starting one.
   */
  readonly startedJob?: { readonly job: DataAreaJob; readonly files: PlacedFiles };
  /**
   * Step over bytes that a job from {@linkcode ImageSink.placeFiles} writes.
   *
   * @param bytes Bytes to step over.
   */
  skip?(bytes: number): void;
}
