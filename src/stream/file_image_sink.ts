/**
 * An {@linkcode ImageSink} writing into an open file: chunks are written as they come
 * (the producer reuses its buffer), large source files are copied by the kernel when a
 * {@linkcode FileCopier} is given, and, when the image must be durable, the kernel is asked
 * to start writing the file back to disk every {@linkcode WRITEBACK_EVERY} bytes, so that
 * the final flush has little left to do.
 *
 * @module
 */

import { ImageWriteError } from "../model/errors.ts";
import { type ImageSink, SourceReadError } from "./image_sink.ts";
import type { DataAreaJob, DataAreaWriter, PlacedFiles } from "./data_area.ts";

/** Start writeback after this many new bytes. */
export const WRITEBACK_EVERY = 128 << 20;
/** The chunk size the file sink asks of the producer when it writes everything itself. */
export const FILE_CHUNK_SIZE = 8 << 20;
/**
 * The chunk size when a data-area thread writes the files and the producer only metadata:
 * a buffer that stays in the CPU cache between being filled and being copied into the page
 * cache. With 8 MiB, 50,000 small files with UDF entries took ~15 % longer on the build
 * machine (12 runs, alternating).
 */
export const METADATA_CHUNK_SIZE = 1 << 20;

/**
 * Kernel-side file operations on the destination, which an OS backend provides
 * (`ffi/linux/file_copier.ts`: `copy_file_range(2)` and `sync_file_range(2)`).
 */
export interface FileCopier {
  /**
   * Copy bytes of a source file into the destination.
   *
   * @param path The source file.
   * @param offset Where in the source to start.
   * @param length Bytes to copy.
   * @param at Where in the destination they go.
   * @returns Bytes copied (fewer than `length` when the source ended, 0 at its end), or
   *   `undefined`, having copied nothing, when the kernel cannot copy this file.
   * @throws {SourceReadError} When the source cannot be opened or read.
   */
  copy(path: string, offset: number, length: number, at: number): Promise<number | undefined>;
  /**
   * Start writing a range of the destination back to disk, without waiting for it.
   *
   * @param offset First byte.
   * @param length Bytes.
   * @returns False when the kernel cannot (the sink then flushes with `syncData`).
   */
  startWriteback(offset: number, length: number): Promise<boolean>;
  /** Close the files and the thread. */
  close(): Promise<void>;
}

/** Options of {@linkcode FileImageSink}. */
export interface FileImageSinkOptions {
  /** Flush the data to disk in {@linkcode FileImageSink.finish} (and start writeback early). */
  readonly sync: boolean;
  /** Kernel copies and writeback hints. */
  readonly copier?: FileCopier;
  /** A second thread that writes source files at their offsets (the data area). */
  readonly placer?: DataAreaWriter;
  /** The image's destination path, for messages. */
  readonly path: string;
  /** The image's size, for messages. */
  readonly size: number;
}

async function writeAll(file: Deno.FsFile, chunk: Uint8Array): Promise<void> {
  let done = 0;
  while (done < chunk.length) done += await file.write(chunk.subarray(done));
}

/** Writes an image into a file. */
export class FileImageSink implements ImageSink {
  /** See {@linkcode ImageSink.chunkSize}. */
  readonly chunkSize: number;
  /** See {@linkcode ImageSink.copyFileRange}. */
  readonly copyFileRange?: (
    path: string,
    offset: number,
    length: number,
  ) => Promise<number | undefined>;
  /** See {@linkcode ImageSink.placeFiles}. */
  readonly placeFiles?: (files: PlacedFiles) => DataAreaJob | undefined;
  /** Bytes in the file so far (those another thread writes included). */
  position = 0;
  readonly #file: Deno.FsFile;
  readonly #sync: boolean;
  readonly #copier: FileCopier | undefined;
  #seekTo: number | undefined;
  #kicked = 0;
  #inflight: Promise<void> | undefined;
  #failure: { error: unknown } | undefined;
  #hints = true;
  readonly #path: string;
  readonly #size: number;

  /**
   * @param file The destination, open for writing at byte 0.
   * @param options Durability and kernel copies.
   */
  constructor(file: Deno.FsFile, options: FileImageSinkOptions) {
    this.#file = file;
    this.#sync = options.sync;
    this.#copier = options.copier;
    this.#path = options.path;
    this.#size = options.size;
    if (this.#copier) this.copyFileRange = (p, o, l) => this.#copy(p, o, l);
    const placer = options.placer;
    this.chunkSize = placer ? METADATA_CHUNK_SIZE : FILE_CHUNK_SIZE;
    if (placer) this.placeFiles = (files) => placer.start(files, { sync: this.#sync });
  }

  /** See {@linkcode ImageSink.skip}. */
  skip(bytes: number): void {
    this.position += bytes;
    this.#seekTo = this.position;
  }

  /** See {@linkcode ImageSink.write}. */
  async write(bytes: Uint8Array): Promise<void> {
    this.#check();
    if (this.#seekTo !== undefined) {
      await this.#file.seek(this.#seekTo, Deno.SeekMode.Start);
      this.#seekTo = undefined;
    }
    try {
      await writeAll(this.#file, bytes);
    } catch (cause) {
      throw this.#writeError(cause);
    }
    this.position += bytes.length;
    this.#writeback();
  }

  async #copy(path: string, offset: number, length: number): Promise<number | undefined> {
    this.#check();
    let n: number | undefined;
    try {
      n = await this.#copier!.copy(path, offset, length, this.position);
    } catch (cause) {
      throw cause instanceof SourceReadError ? cause : this.#writeError(cause);
    }
    if (!n) return n;
    this.position += n;
    this.#seekTo = this.position;
    this.#writeback();
    return n;
  }

  #writeError(cause: unknown): ImageWriteError {
    const why = cause instanceof Error ? cause.message : String(cause);
    return new ImageWriteError(
      `Cannot write image ${
        JSON.stringify(this.#path)
      }: ${why} (after ${this.position} of ${this.#size} bytes); nothing was left behind`,
      { cause, path: this.#path },
    );
  }

  /** Throw the error of a background flush. */
  #check(): void {
    if (this.#failure) throw this.#failure.error;
  }

  /** Start writeback of what was written since the last start, one request at a time. */
  #writeback(): void {
    if (!this.#sync || this.#inflight || this.position - this.#kicked < WRITEBACK_EVERY) return;
    const from = this.#kicked;
    const length = this.position - from;
    this.#kicked = this.position;
    const started = this.#copier && this.#hints
      ? this.#copier.startWriteback(from, length).then((ok) => {
        if (!ok) this.#hints = false;
        return ok ? undefined : this.#file.syncData();
      })
      : this.#file.syncData();
    this.#inflight = started.then(
      () => void (this.#inflight = undefined),
      (error) => {
        this.#failure ??= { error };
        this.#inflight = undefined;
      },
    );
  }

  /**
   * Wait for background work, then flush the data to disk when durability was asked for.
   * The file stays open.
   */
  async finish(): Promise<void> {
    await this.#inflight;
    this.#check();
    // The image ended with bytes another thread wrote: make sure the file is this long.
    if (this.#seekTo !== undefined) await this.#file.truncate(this.position);
    if (this.#sync) await this.#file.syncData();
  }

  /** Wait for background work, ignoring its errors (after a failure). */
  async settle(): Promise<void> {
    await this.#inflight;
  }
}
