/**
 * Write an image stream to a file atomically: the bytes go to a temporary file beside the
 * destination, are flushed to disk, and only then renamed over the destination. On any
 * failure (a source error, cancellation, a full disk) the temporary file is removed, so no
 * half image ever sits under the destination's name.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import { ImageWriteError, InvalidInputError } from "../model/errors.ts";

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
}

/** Options for {@linkcode writeImageFile}. */
export interface WriteImageFileOptions {
  /** Cancels the write; the partial file is removed. */
  signal?: AbortSignal;
  /** Progress callback. */
  onProgress?: (p: { bytesDone: number; totalBytes: number; file?: string }) => void;
}

async function writeAll(file: Deno.FsFile, chunk: Uint8Array): Promise<void> {
  let done = 0;
  while (done < chunk.length) done += await file.write(chunk.subarray(done));
}

/**
 * Stream an image into a file, atomically.
 *
 * @param image The image.
 * @param path Destination path.
 * @param options Cancellation and progress.
 * @returns Bytes written.
 * @throws {ImageWriteError} When the destination cannot be written (the message says why).
 * @throws {InvalidInputError} When a source fails while it is read.
 */
export async function writeImageFile(
  image: StreamableImage,
  path: string,
  options: WriteImageFileOptions = {},
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
  let written = 0;
  let closed = false;
  try {
    const streamOptions = {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    };
    for await (const chunk of image.stream(streamOptions)) {
      try {
        await writeAll(file, chunk);
      } catch (cause) {
        const why = cause instanceof Error ? cause.message : String(cause);
        throw new ImageWriteError(
          `Cannot write image ${
            JSON.stringify(path)
          }: ${why} (after ${written} of ${image.size} bytes); nothing was left behind`,
          { cause, path },
        );
      }
      written += chunk.length;
    }
    if (written !== image.size) {
      throw new ImageWriteError(
        `Cannot write image ${
          JSON.stringify(path)
        }: the stream ended after ${written} of ${image.size} bytes`,
        {
          path,
        },
      );
    }
    await file.syncData();
    file.close();
    closed = true;
    await Deno.rename(temp, path);
    return written;
  } catch (err) {
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
