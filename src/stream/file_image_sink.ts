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

/** Start writeback after this many new bytes. */
export const WRITEBACK_EVERY = 128 << 20;
/** The chunk size the file sink asks of the producer. */
export const FILE_CHUNK_SIZE = 8 << 20;

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
  /** The image's destination path, for messages. */
  readonly path: string;
  /** The image's size, for messages. */
  readonly size: number;
}

async function writeAll(file: Deno.FsFile, chunk: Uint8Array): Promise<void> {
  let done = 0;
  while (done < chunk.length) done += await file.write(chunk.subarray(done));
}

/** Chunks written at once in the background: one being written, one waiting. */
const WRITES_QUEUED = 2;

/**
 * Writes an image into a file. Chunks are written in the background, in order, on the
 * runtime's blocking thread: the producer fills the next chunk meanwhile, and gets the
 * written ones back through {@linkcode FileImageSink.reuse}.
 */
export class FileImageSink implements ImageSink {
  /** See {@linkcode ImageSink.keepsChunks}: a chunk is kept until it is written. */
  readonly keepsChunks = true;
  /** See {@linkcode ImageSink.chunkSize}. */
  readonly chunkSize: number = FILE_CHUNK_SIZE;
  /** See {@linkcode ImageSink.copyFileRange}. */
  readonly copyFileRange?: (
    path: string,
    offset: number,
    length: number,
  ) => Promise<number | undefined>;
  /** Bytes in the file so far. */
  position = 0;
  readonly #file: Deno.FsFile;
  readonly #sync: boolean;
  readonly #copier: FileCopier | undefined;
  /** The file's own position (where the next background write lands without a seek). */
  #cursor = 0;
  /** End of the bytes whose write has completed. */
  #written = 0;
  /** Background writes, oldest first; each settles without rejecting. */
  #queued: Promise<void>[] = [];
  #tail: Promise<void> = Promise.resolve();
  #spare: Uint8Array[] = [];
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
  }

  /** See {@linkcode ImageSink.write}. */
  async write(bytes: Uint8Array): Promise<void> {
    this.#check();
    while (this.#queued.length >= WRITES_QUEUED) await this.#queued[0];
    this.#check();
    const at = this.position;
    this.position += bytes.length;
    const done = this.#tail.then(() => this.#writeAt(bytes, at));
    this.#tail = done;
    this.#queued.push(done);
    done.then(() => void this.#queued.shift());
  }

  /** See {@linkcode ImageSink.reuse}. */
  reuse(size: number): Uint8Array | undefined {
    const spare = this.#spare.pop();
    return spare?.length === size ? spare : undefined;
  }

  async #writeAt(bytes: Uint8Array, at: number): Promise<void> {
    if (this.#failure) return;
    try {
      if (this.#cursor !== at) await this.#file.seek(at, Deno.SeekMode.Start);
      this.#cursor = at;
      await writeAll(this.#file, bytes);
      this.#cursor = at + bytes.length;
    } catch (cause) {
      this.#failure ??= { error: this.#writeError(cause, at) };
      return;
    }
    if (bytes.byteOffset === 0 && bytes.length === bytes.buffer.byteLength) {
      if (this.#spare.length < WRITES_QUEUED) this.#spare.push(bytes);
    }
    this.#written = Math.max(this.#written, at + bytes.length);
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
    this.#written = Math.max(this.#written, this.position);
    this.#writeback();
    return n;
  }

  #writeError(cause: unknown, at = this.position): ImageWriteError {
    const why = cause instanceof Error ? cause.message : String(cause);
    return new ImageWriteError(
      `Cannot write image ${
        JSON.stringify(this.#path)
      }: ${why} (after ${at} of ${this.#size} bytes); nothing was left behind`,
      { cause, path: this.#path },
    );
  }

  /** Throw the error of a background flush. */
  #check(): void {
    if (this.#failure) throw this.#failure.error;
  }

  /** Start writeback of what was written since the last start, one request at a time. */
  #writeback(): void {
    if (!this.#sync || this.#inflight || this.#written - this.#kicked < WRITEBACK_EVERY) return;
    const from = this.#kicked;
    const length = this.#written - from;
    this.#kicked = this.#written;
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
    await this.#tail;
    await this.#inflight;
    this.#check();
    if (this.#sync) await this.#file.syncData();
  }

  /** Wait for background work, ignoring its errors (after a failure). */
  async settle(): Promise<void> {
    await this.#tail;
    await this.#inflight;
  }
}
