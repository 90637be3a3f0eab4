/**
 * Write an image to a file atomically: the bytes go to a temporary file beside the
 * destination, are flushed to disk, and only then renamed over the destination. On any
 * failure (a source error, cancellation, a full disk) the temporary file is removed, so no
 * half image ever sits under the destination's name.
 *
 * An image from `masterImage` is written straight into the file (no stream, one reused
 * buffer, large writes). On Linux with `--allow-ffi`, the source files are copied to their
 * offsets by a data-area thread (`ffi/linux/data_area_writer.ts`: batched reads and
 * writes, `copy_file_range(2)` for large files, `sync_file_range(2)` writeback after the
 * batches, and for the rest from this thread while it waits: `DataAreaJob.writeback`) while
 * the metadata is written here. Writeback of what this side writes runs as a background
 * `fdatasync`, at most one at a time, so the final flush is short.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import { ImageWriteError, InvalidInputError } from "../model/errors.ts";
import { FileImageSink } from "./file_image_sink.ts";
import type { ImageSink } from "./image_sink.ts";
import { dataAreaThread } from "./data_area_thread.ts";
import type { DataAreaJob, DataAreaWriter, PlacedFiles } from "./data_area.ts";

/** Something that can be streamed as an image. */
export interface StreamableImage {
  /** Total size in bytes. */
  readonly size: number;
  /** Opens a fresh stream of the image's bytes. */
  stream(
    options?: {
      signal?: AbortSignal;
      onProgress?: (p: { bytesDone: number; totalBytes: number }) => void;
    },
  ): ReadableStream<Uint8Array>;
  /**
   * Write the image's bytes straight into a sink, when the image can (no stream chunks, a
   * reused buffer, the sink's data-area thread); sources are read again on every call.
   */
  writeTo?(
    sink: ImageSink,
    options?: {
      signal?: AbortSignal;
      onProgress?: (p: { bytesDone: number; totalBytes: number }) => void;
    },
  ): Promise<void>;
}

/** Options for {@linkcode writeImageFile}. */
export interface WriteImageFileOptions {
  /** Cancels the write; the partial file is removed. */
  signal?: AbortSignal;
  /** Progress callback. */
  onProgress?: (p: { bytesDone: number; totalBytes: number; file?: string }) => void;
  /**
   * Flush the image to disk before it is renamed into place (default true). Without it the
   * rename still happens only after every byte was written, but a power loss soon after
   * may leave a damaged image: for scratch images.
   */
  sync?: boolean;
}

/** An image ready to be written by {@linkcode writeImageAtomically}. */
export interface PreparedImage {
  /** The image. */
  readonly image: StreamableImage;
  /** The data-area thread for the temporary file, if any. */
  readonly placer?: DataAreaWriter | undefined;
  /** A job of `placer`'s started before the image was planned (`ImageSink.startedJob`). */
  readonly startedJob?: { readonly job: DataAreaJob; readonly files: PlacedFiles };
}

/**
 * Write an image into a file, atomically.
 *
 * @param image The image.
 * @param path Destination path.
 * @param options Cancellation, progress and durability.
 * @returns Bytes written.
 * @throws {ImageWriteError} When the destination cannot be written (the message says why).
 * @throws {InvalidInputError} When a source fails while it is read.
 */
export function writeImageFile(
  image: StreamableImage,
  path: string,
  options: WriteImageFileOptions = {},
): Promise<number> {
  return writeImageAtomically(path, options, async (temp) => ({
    image,
    placer: image.writeTo ? await dataAreaThread(temp) : undefined,
  }));
}

/**
 * Write the image `prepare` makes into a temporary file beside `path`, then rename it
 * into place; on any failure (in `prepare` too) the temporary file is removed.
 *
 * @param path Destination path.
 * @param options Cancellation, progress and durability.
 * @param prepare Makes the image, given the temporary file's path (for its data-area
 *   thread); it stops any job it started when it fails itself.
 * @returns Bytes written.
 * @throws {ImageWriteError} When the destination cannot be written (the message says why).
 * @throws {InvalidInputError} When `prepare` refuses the input or a source fails.
 */
export async function writeImageAtomically(
  path: string,
  options: WriteImageFileOptions,
  prepare: (temp: string) => Promise<PreparedImage>,
): Promise<number> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.kiln-${crypto.randomUUID().slice(0, 8)}.part`);
  let file: Deno.FsFile;
  try {
    file = await Deno.open(temp, { write: true, createNew: true });
  } catch (cause) {
    throw new ImageWriteError(
      `Cannot write image ${JSON.stringify(path)}: ${(cause as Error).message}`,
      { cause, path },
    );
  }
  let closed = false;
  let sink: FileImageSink | undefined;
  let prepared: PreparedImage | undefined;
  try {
    const streamOptions = {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    };
    prepared = await prepare(temp);
    const { image, placer, startedJob } = prepared;
    const out = sink = new FileImageSink(file, {
      sync: options.sync ?? true,
      path,
      size: image.size,
      ...(placer ? { placer } : {}),
      ...(startedJob ? { startedJob } : {}),
    });
    if (image.writeTo) await image.writeTo(out, streamOptions);
    else for await (const chunk of image.stream(streamOptions)) await out.write(chunk);
    const written = out.position;
    if (written !== image.size) {
      throw new ImageWriteError(
        `Cannot write image ${
          JSON.stringify(path)
        }: the stream ended after ${written} of ${image.size} bytes`,
        { path },
      );
    }
    options.signal?.throwIfAborted();
    await out.finish();
    options.signal?.throwIfAborted();
    file.close();
    closed = true;
    await Deno.rename(temp, path);
    return written;
  } catch (err) {
    // A job started before the plan and not yet taken over is stopped here (again is no harm).
    const early = prepared?.startedJob?.job;
    early?.stop();
    await early?.done.catch(() => {});
    await sink?.settle();
    if (!closed) {
      try {
        file.close();
      } catch { /* already closed */ }
    }
    await Deno.remove(temp).catch(() => {});
    if (err instanceof ImageWriteError || err instanceof InvalidInputError) throw err;
    if (options.signal?.aborted && err === options.signal.reason) throw err;
    throw new ImageWriteError(
      `Cannot write image ${JSON.stringify(path)}: ${(err as Error)?.message ?? err}`,
      { cause: err, path },
    );
  }
}
