/**
 * Where the host ring ({@linkcode SectorRing}) reads an image's bytes from: a
 * `ReadableStream`, or an image that writes itself into a sink (`writeTo`, as a mastered
 * image does). The second hands over the producer's own buffer: the producer fills one
 * reused buffer, and its `write` settles only when the ring asks for the next chunk, that
 * is once the ring has copied every byte of the last one. No chunk is allocated per write,
 * so burning a mastered tree allocates nothing per megabyte (a stream allocates each chunk
 * anew, and glibc keeps the freed megabytes: 50,000 files burned with UDF 2.50 peaked at
 * 310 MiB instead of ~190 MiB for streaming alone).
 *
 * @module
 */

import type { DataAreaWriter } from "../stream/data_area.ts";
import type { ImageSink } from "../stream/image_sink.ts";
import type { StreamableImage } from "../stream/write_image_file.ts";

/** A source of image bytes, read in order; each chunk stays valid until the next `read`. */
export interface ChunkSource {
  /** @returns The next bytes, or undefined at the end. */
  read(): Promise<Uint8Array | undefined>;
  /** Stop the source; a pending or later `read` ends. */
  cancel(reason?: unknown): Promise<void>;
}

/**
 * The chunks of a stream.
 *
 * @param stream The stream.
 * @returns Its chunks.
 */
export function streamChunks(stream: ReadableStream<Uint8Array>): ChunkSource {
  const reader = stream.getReader();
  return {
    async read() {
      const r = await reader.read();
      return r.done ? undefined : r.value;
    },
    cancel: (reason) => reader.cancel(reason),
  };
}

interface Parked<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * The chunks an image writes into a sink, handed over one at a time without a copy.
 *
 * @param writeTo The image's `writeTo`.
 * @param signal Stops the producer (as `cancel` does).
 * @param readAhead A data-area thread that reads the image's files ahead into shared memory
 *   (`dataAreaThread()`), off the thread that takes the chunks.
 * @returns The chunks.
 */
export function sinkChunks(
  writeTo: NonNullable<StreamableImage["writeTo"]>,
  signal: AbortSignal | undefined,
  readAhead?: DataAreaWriter,
): ChunkSource {
  const stop = new AbortController();
  let writer: (Parked<void> & { bytes: Uint8Array }) | undefined;
  /** The write whose bytes the reader holds: it settles at the next read. */
  let given: Parked<void> | undefined;
  let reader: Parked<Uint8Array | undefined> | undefined;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let producer: Promise<void> | undefined;

  const hand = (): void => {
    if (!reader) return;
    const r = reader;
    if (writer) {
      reader = undefined;
      const { bytes } = writer;
      given = writer;
      writer = undefined;
      r.resolve(bytes);
    } else if (failure) {
      reader = undefined;
      r.reject(failure.error);
    } else if (ended) {
      reader = undefined;
      r.resolve(undefined);
    }
  };
  const sink: ImageSink = {
    write(bytes) {
      if (stop.signal.aborted) return Promise.reject(stop.signal.reason);
      return new Promise<void>((resolve, reject) => {
        writer = { bytes, resolve, reject };
        hand();
      });
    },
    ...(readAhead ? { placeFiles: (files) => readAhead.start(files, { sync: false }) } : {}),
  };
  const start = (): void => {
    const signals = signal ? [signal, stop.signal] : [stop.signal];
    producer = writeTo(sink, { signal: AbortSignal.any(signals) }).then(
      () => void (ended = true),
      (error) => void (failure ??= { error }),
    ).finally(hand);
  };
  return {
    read() {
      producer ?? start();
      // Asking for the next chunk gives the last one back: its write settles.
      const done = given;
      given = undefined;
      done?.resolve();
      return new Promise((resolve, reject) => {
        reader = { resolve, reject };
        hand();
      });
    },
    async cancel(reason) {
      stop.abort(reason);
      for (const w of [writer, given]) w?.reject(reason);
      writer = given = undefined;
      failure ??= { error: reason };
      hand();
      await producer;
    },
  };
}

/**
 * The chunks of an image: handed over from its `writeTo` when it has one, else its stream.
 *
 * @param image The image.
 * @param signal Stops reading.
 * @param reader A data-area thread reading files ahead (see {@linkcode sinkChunks}).
 * @returns The chunks.
 */
export function imageChunks(
  image: StreamableImage,
  signal: AbortSignal | undefined,
  reader?: DataAreaWriter,
): ChunkSource {
  if (image.writeTo) return sinkChunks((sink, o) => image.writeTo!(sink, o), signal, reader);
  return streamChunks(image.stream(signal ? { signal } : {}));
}
