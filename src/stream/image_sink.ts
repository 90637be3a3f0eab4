/**
 * Where the emit pass puts an image's bytes. {@linkcode imageStream} hands them to a
 * `ReadableStream` (for burning and verifying); `writeImageFile` writes them straight into
 * a file, reusing one buffer, and lets the kernel copy large source files itself.
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
   * Append bytes of a file without passing them through JavaScript (`copy_file_range(2)`).
   * Present only when the sink may be able to; a call still returns `undefined`, having
   * copied nothing, when this file cannot be copied so (another file system, an old
   * kernel): the producer then reads and writes it.
   *
   * @param path The source file.
   * @param offset Where in the source to start.
   * @param length Bytes to copy.
   * @returns Bytes copied: `length`, or fewer when the source ended first.
   * @throws {SourceReadError} When the source cannot be opened or read (the producer
   *   names the file); other errors are the destination's.
   */
  copyFileRange?(path: string, offset: number, length: number): Promise<number | undefined>;
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
   * Step over bytes that a job from {@linkcode ImageSink.placeFiles} writes.
   *
   * @param bytes Bytes to step over.
   */
  skip?(bytes: number): void;
}

/** The source side of {@linkcode ImageSink.copyFileRange} failed; `cause` says how. */
export class SourceReadError extends Error {
  /**
   * @param message What failed.
   * @param options The underlying error (a `Deno.errors.NotFound` for a missing file).
   */
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = "SourceReadError";
  }
}
