/**
 * The host ring buffer between an image stream and the drive: it reads ahead from the
 * stream (whatever chunk sizes the stream gives) into a fixed ring of WRITE-sized slots
 * while WRITEs are in flight, and hands the writer whole chunks of exactly the WRITE size
 * (the last one may be shorter), zero-padded up to the planned length. Like the FIFO of
 * cdrecord (`fs=`) and xorriso (`-fs`, 4 MiB by default), it keeps the drive fed when the
 * source is bursty; its fill level is reported as the host buffer fill.
 *
 * One allocation for the whole ring; a chunk handed out is a view into it and stays valid
 * until {@linkcode SectorRing.release} is called for it (chunks are released in order).
 *
 * @module
 */

import { InvalidInputError } from "../model/errors.ts";
import type { ChunkSource } from "./chunk_source.ts";

/** Options of {@linkcode SectorRing}. */
export interface SectorRingOptions {
  /** Bytes per chunk handed out (the WRITE size, a multiple of 2048). */
  readonly chunkBytes: number;
  /** Ring size in bytes (default 4 MiB); rounded up to whole chunks, at least 2. */
  readonly capacityBytes?: number;
  /** Bytes the stream must deliver: fewer or more is an error. */
  readonly streamBytes: number;
  /** Total bytes handed out: the stream, then zeros up to this length (default `streamBytes`). */
  readonly totalBytes?: number;
  /** Sees every stream byte once, in order, with its offset (for digests). */
  readonly tap?: (bytes: Uint8Array, offset: number) => void;
}

/** Default ring size: 4 MiB, xorriso's and cdrecord's FIFO default. */
export const DEFAULT_RING_BYTES = 4 * 1024 * 1024;

/** A WRITE-sized chunk from the ring. */
export interface RingChunk {
  /** Offset of the chunk in the padded image, in bytes. */
  readonly offset: number;
  /** The bytes (a view into the ring: valid until released). */
  readonly data: Uint8Array;
}

/** Re-chunks an image stream into WRITE-sized, zero-padded chunks, reading ahead. */
export class SectorRing {
  readonly #ring: Uint8Array;
  readonly #slots: number;
  readonly #chunk: number;
  readonly #streamBytes: number;
  readonly #total: number;
  readonly #tap: SectorRingOptions["tap"];
  readonly #source: ChunkSource;
  /** Slots filled and not yet taken, taken and not yet released. */
  #ready = 0;
  #taken = 0;
  #takenBytes = 0; // bytes handed out
  #head = 0; // next slot to fill
  #tail = 0; // next slot to take
  #produced = 0; // bytes placed in the ring (padding included)
  #streamed = 0; // bytes read from the stream
  #done = false;
  #error: unknown = undefined;
  #wakeProducer: (() => void) | undefined;
  #wakeConsumer: (() => void) | undefined;
  #pump: Promise<void> | undefined;

  /**
   * Create a ring (nothing is read before the first take).
   *
   * @param source The image bytes (`chunk_source.ts`: a stream's chunks, or an image's own).
   * @param options Chunk size, ring size, expected length and padding.
   */
  constructor(source: ChunkSource, options: SectorRingOptions) {
    const chunk = options.chunkBytes;
    if (!Number.isInteger(chunk) || chunk <= 0 || chunk % 2048) {
      throw new RangeError(`Cannot use a ring chunk of ${chunk} bytes: use a multiple of 2048`);
    }
    const total = options.totalBytes ?? options.streamBytes;
    if (total < options.streamBytes) {
      throw new RangeError(`Cannot pad ${options.streamBytes} bytes down to ${total}`);
    }
    this.#chunk = chunk;
    this.#slots = Math.max(2, Math.ceil((options.capacityBytes ?? DEFAULT_RING_BYTES) / chunk));
    this.#ring = new Uint8Array(this.#slots * chunk);
    this.#streamBytes = options.streamBytes;
    this.#total = total;
    this.#tap = options.tap;
    this.#source = source;
  }

  /** Ring size in bytes. */
  get capacityBytes(): number {
    return this.#ring.length;
  }

  /** Bytes filled and waiting for the writer. */
  get bufferedBytes(): number {
    return this.#ready * this.#chunk;
  }

  /** Fill level, 0..1. */
  get fill(): number {
    return this.bufferedBytes / this.#ring.length;
  }

  /** Bytes read from the image stream so far (IMAPI's LastReadLba, in bytes). */
  get bytesRead(): number {
    return this.#streamed;
  }

  /** Start reading ahead (called by the first {@linkcode take} if not before). */
  start(): void {
    this.#pump ??= this.#run().catch((err) => {
      this.#error = err;
      this.#wakeConsumer?.();
    });
  }

  #sleepProducer(): Promise<void> {
    return new Promise((resolve) => (this.#wakeProducer = resolve));
  }

  async #run(): Promise<void> {
    let pending: Uint8Array | undefined;
    let pendingAt = 0;
    while (this.#produced < this.#total) {
      while (this.#ready + this.#taken >= this.#slots) {
        if (this.#done) return;
        await this.#sleepProducer();
      }
      if (this.#done) return;
      const slot = this.#ring.subarray(this.#head * this.#chunk, (this.#head + 1) * this.#chunk);
      const want = Math.min(this.#chunk, this.#total - this.#produced);
      let fill = 0;
      while (fill < want) {
        const buffered = pending !== undefined && pendingAt < pending.length;
        if (buffered || this.#streamed < this.#streamBytes) {
          if (!buffered) {
            const value = await this.#source.read();
            if (this.#done) return;
            if (value === undefined) {
              throw new InvalidInputError(
                `Cannot burn the image: its stream ended after ${this.#streamed} of ${this.#streamBytes} bytes`,
              );
            }
            pending = value;
            pendingAt = 0;
            if (this.#streamed + pending.length > this.#streamBytes) {
              throw new InvalidInputError(
                `Cannot burn the image: its stream gave more than the announced ${this.#streamBytes} bytes`,
              );
            }
            this.#tap?.(pending, this.#streamed);
            this.#streamed += pending.length;
          }
          const n = Math.min(want - fill, pending!.length - pendingAt);
          slot.set(pending!.subarray(pendingAt, pendingAt + n), fill);
          pendingAt += n;
          fill += n;
        } else {
          slot.fill(0, fill, want);
          fill = want;
        }
      }
      this.#produced += want;
      this.#head = (this.#head + 1) % this.#slots;
      this.#ready++;
      this.#wakeConsumer?.();
    }
    if (this.#streamed < this.#streamBytes) {
      throw new InvalidInputError(
        `Cannot burn the image: ${this.#streamBytes - this.#streamed} bytes were left unread`,
      );
    }
  }

  /**
   * The next chunk, waiting for the stream when the ring is empty.
   *
   * @returns The chunk, or undefined after the last one.
   * @throws What the stream threw, or an {@linkcode InvalidInputError} when its length is wrong.
   */
  async take(): Promise<RingChunk | undefined> {
    this.start();
    for (;;) {
      if (this.#error !== undefined) throw this.#error;
      if (this.#ready > 0) break;
      if (this.#takenBytes >= this.#total) return undefined;
      await new Promise<void>((resolve) => (this.#wakeConsumer = resolve));
    }
    const offset = this.#takenBytes;
    const length = Math.min(this.#chunk, this.#total - offset);
    const at = this.#tail * this.#chunk;
    this.#tail = (this.#tail + 1) % this.#slots;
    this.#ready--;
    this.#taken++;
    this.#takenBytes += length;
    return { offset, data: this.#ring.subarray(at, at + length) };
  }

  /** Give back the oldest chunk taken, so its slot can be refilled. */
  release(): void {
    if (this.#taken === 0) throw new RangeError("Cannot release a ring chunk: none is taken");
    this.#taken--;
    this.#wakeProducer?.();
  }

  /**
   * Stop reading ahead and cancel the stream.
   *
   * @param reason Passed to the stream's cancel.
   */
  async cancel(reason?: unknown): Promise<void> {
    this.#done = true;
    this.#wakeProducer?.();
    await this.#source.cancel(reason).catch(() => {});
    await this.#pump;
  }
}
