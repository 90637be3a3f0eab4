/**
 * The emit pass's output buffer: gathers metadata and small file data into sector-aligned
 * chunks for an {@linkcode ImageSink}, tracks the byte position against the plan, reports
 * progress after every chunk and checks for cancellation.
 *
 * @module
 */

import { InternalError } from "../model/errors.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import type { ImageSink } from "./image_sink.ts";
import { type ByteSink, copyToSink } from "./source_reader.ts";

/** Progress of an image being streamed. */
export interface ImageProgress {
  /** Bytes emitted so far. */
  readonly bytesDone: number;
  /** Total bytes of the image. */
  readonly totalBytes: number;
  /** Path of the file being read, when in the data area. */
  readonly file?: string;
}

/** Options for streaming an image. */
export interface ImageStreamOptions {
  /** Stops the stream with the signal's reason. */
  signal?: AbortSignal;
  /** Called after every chunk. */
  onProgress?: (progress: ImageProgress) => void;
  /** Chunk size in bytes, a multiple of 2048 (default 1 MiB). */
  chunkSize?: number;
}

const DEFAULT_CHUNK = 1 << 20;
/** Metadata shorter than this is copied into the chunk rather than sent on its own. */
const PUT_COPY_LIMIT = 256 * 1024;

/** Buffers the image's bytes into chunks for a sink. */
export class ChunkWriter implements ByteSink {
  #buf: Uint8Array;
  #fill = 0;
  /** Bytes produced so far (buffered ones included). */
  position = 0;
  /** The file whose data is being produced, for progress. */
  file: string | undefined;
  /**
   * Bytes written by another thread (the data area, see `data_area.ts`): progress counts
   * them instead of the extents {@linkcode ChunkWriter.skip} stepped over.
   */
  external: { bytesDone(): number; file(): string | undefined } | undefined;
  #skipped = 0;
  readonly #sink: ImageSink;
  readonly #chunk: number;
  readonly #total: number;
  readonly #options: ImageStreamOptions;

  /**
   * @param sink Destination.
   * @param total Image size in bytes.
   * @param options Progress, cancellation, chunk size.
   */
  constructor(sink: ImageSink, total: number, options: ImageStreamOptions) {
    this.#sink = sink;
    this.#chunk = options.chunkSize ?? sink.chunkSize ?? DEFAULT_CHUNK;
    if (this.#chunk <= 0 || this.#chunk % SECTOR_SIZE) {
      throw new RangeError(
        `Cannot stream with chunk size ${this.#chunk}: it must be a positive multiple of 2048`,
      );
    }
    this.#buf = new Uint8Array(this.#chunk);
    this.#total = total;
    this.#options = options;
  }

  /** See {@linkcode ByteSink.take}. */
  take(max: number): { buf: Uint8Array; at: number; room: number } {
    return { buf: this.#buf, at: this.#fill, room: Math.min(max, this.#chunk - this.#fill) };
  }

  /** See {@linkcode ByteSink.commit}. */
  commit(n: number): Promise<void> | void {
    this.#fill += n;
    this.position += n;
    if (this.#fill === this.#chunk || this.position === this.#total) return this.flush();
  }

  /** Send the buffered bytes on. */
  async flush(): Promise<void> {
    if (this.#fill === 0) return;
    let out: Uint8Array;
    if (!this.#sink.keepsChunks) out = this.#buf.subarray(0, this.#fill);
    else if (this.#fill === this.#chunk) {
      out = this.#buf;
      this.#buf = new Uint8Array(this.#chunk);
    } else out = this.#buf.slice(0, this.#fill);
    this.#fill = 0;
    await this.#send(out);
  }

  /**
   * Send whole sectors made elsewhere (metadata), after the buffered bytes.
   *
   * @param bytes The bytes; the sink may keep them.
   */
  put(bytes: Uint8Array): Promise<void> {
    // A directory or a few entries: a copy into the chunk costs less than a write call.
    return this.#pass(bytes, bytes.length < PUT_COPY_LIMIT);
  }

  /**
   * Send bytes the caller reuses once this settles (a window another thread fills): handed
   * to the sink as they are when they are whole sectors, large, and the sink does not keep
   * what it is given; else copied into the chunk.
   *
   * @param bytes The bytes.
   */
  lend(bytes: Uint8Array): Promise<void> {
    const copy = this.#sink.keepsChunks || bytes.length < PUT_COPY_LIMIT ||
      bytes.length % SECTOR_SIZE !== 0;
    return this.#pass(bytes, copy);
  }

  /** Copy bytes into the chunk, or send them on as they are after the buffered ones. */
  async #pass(bytes: Uint8Array, copy: boolean): Promise<void> {
    if (copy) return copyToSink(bytes, this);
    await this.flush();
    this.position += bytes.length;
    await this.#send(bytes);
  }

  /**
   * Write sectors made in place, in runs: as many as the chunk has room for (at most `max`
   * a run) are handed to `make` at once, unzeroed (`make` writes every byte of them), so
   * many small records (UDF file entries) cost no allocation and no copy each.
   *
   * @param count Sectors.
   * @param max Most sectors in one run.
   * @param make Writes sectors `first` to `first + n − 1` into `buf` from byte `at`.
   */
  async sectorRuns(
    count: number,
    max: number,
    make: (buf: Uint8Array, at: number, first: number, n: number) => void,
  ): Promise<void> {
    if (this.position % SECTOR_SIZE) {
      throw new InternalError(`sectors made in place from byte ${this.position}`);
    }
    for (let i = 0; i < count;) {
      // Chunks are whole sectors and so is the fill: there is room for one at least.
      const { buf, at, room } = this.take(Math.min(count - i, max) * SECTOR_SIZE);
      const n = room / SECTOR_SIZE;
      make(buf, at, i, n);
      i += n;
      const committed = this.commit(n * SECTOR_SIZE);
      if (committed) await committed;
    }
  }

  /**
   * Step over bytes another thread writes: the next bytes go after them. Synchronous when
   * nothing is buffered (one call per file of the data area: no promise for most).
   *
   * @param bytes Bytes to step over.
   * @returns A promise while buffered bytes are sent first.
   */
  skip(bytes: number): Promise<void> | void {
    if (!this.#sink.skip) throw new InternalError("skip on a sink that writes in order only");
    if (this.#fill > 0) return this.flush().then(() => this.skip(bytes));
    this.#sink.skip(bytes);
    this.position += bytes;
    this.#skipped += bytes;
  }

  /** Report progress now (while waiting for another thread). */
  report(): void {
    this.#progress();
  }

  /**
   * Zeros up to a planned block.
   *
   * @param lba The block the next bytes belong at.
   */
  async zeroTo(lba: number): Promise<void> {
    const gap = lba * SECTOR_SIZE - this.position;
    if (gap < 0) throw new InternalError(`zero fill to block ${lba} from byte ${this.position}`);
    await this.#zeros(gap);
  }

  /** Zeros to the end of the current sector (after a file's last bytes). */
  async padToSector(): Promise<void> {
    await this.#zeros((SECTOR_SIZE - (this.position % SECTOR_SIZE)) % SECTOR_SIZE);
  }

  async #zeros(count: number): Promise<void> {
    let left = count;
    while (left > 0) {
      const { buf, at, room } = this.take(left);
      buf.fill(0, at, at + room);
      left -= room;
      await this.commit(room);
    }
  }

  /**
   * Check the position against the plan.
   *
   * @param lba Planned block.
   * @param what What starts there (for the error), or a function that says it (made only
   *   on a mismatch, for checks done once per file).
   */
  expect(lba: number, what: string | (() => string)): void {
    if (this.position !== lba * SECTOR_SIZE) {
      const label = typeof what === "string" ? what : what();
      throw new InternalError(`${label} starts at byte ${this.position}, planned block ${lba}`);
    }
  }

  async #send(chunk: Uint8Array): Promise<void> {
    this.#options.signal?.throwIfAborted();
    await this.#sink.write(chunk);
    this.#progress();
  }

  #progress(): void {
    const report = this.#options.onProgress;
    if (!report) return;
    const other = this.external;
    const file = other?.file() ?? this.file;
    report({
      bytesDone: this.position - this.#fill - this.#skipped + (other?.bytesDone() ?? 0),
      totalBytes: this.#total,
      ...(file ? { file } : {}),
    });
  }
}
