/**
 * An existing image file as something to burn: a {@linkcode StreamableImage} whose stream
 * can be opened again (for full verification) and whose sectors can be read at any offset
 * (for quick verification without re-reading the whole file). Also recognizes image files
 * by content, so `kiln burn disc.iso` burns the image instead of mastering a folder that
 * holds one file.
 *
 * @module
 */

import { InvalidInputError } from "../model/errors.ts";
import type { StreamableImage } from "../stream/write_image_file.ts";

/** An image that can also hand out sectors at any offset. */
export interface SectorImage extends StreamableImage {
  /**
   * Read whole sectors.
   *
   * @param first First sector (0-based, relative to the image).
   * @param count Number of sectors.
   * @returns `count * 2048` bytes.
   */
  readSectors(first: number, count: number): Promise<Uint8Array>;
}

/** An image file opened for burning. */
export interface ImageFile extends SectorImage {
  /** The file's path. */
  readonly path: string;
  /** Sectors (size / 2048). */
  readonly sectors: number;
}

const CHUNK = 1 << 20;

async function readAt(path: string, offset: number, length: number): Promise<Uint8Array> {
  const file = await Deno.open(path, { read: true });
  try {
    await file.seek(offset, Deno.SeekMode.Start);
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = await file.read(out.subarray(done));
      if (n === null) break;
      done += n;
    }
    if (done < length) {
      throw new InvalidInputError(
        `Cannot read image ${JSON.stringify(path)}: it ended at byte ${
          offset + done
        } (it shrank while being burned?)`,
        { path },
      );
    }
    return out;
  } finally {
    file.close();
  }
}

/**
 * Open an image file for burning.
 *
 * @param path The file.
 * @returns The image.
 * @throws {InvalidInputError} When it cannot be read, is empty, or is not whole 2048-byte sectors.
 */
export async function openImageFile(path: string): Promise<ImageFile> {
  let size: number;
  try {
    const st = await Deno.stat(path);
    if (!st.isFile) throw new Error("not a regular file");
    size = st.size;
  } catch (cause) {
    throw new InvalidInputError(
      `Cannot burn image ${JSON.stringify(path)}: ${(cause as Error).message}`,
      { cause, path },
    );
  }
  if (size === 0 || size % 2048 !== 0) {
    throw new InvalidInputError(
      `Cannot burn image ${
        JSON.stringify(path)
      }: its size (${size} bytes) is not a whole number of 2048-byte sectors`,
      { path },
    );
  }
  return {
    path,
    size,
    sectors: size / 2048,
    stream(options = {}) {
      let file: Deno.FsFile | undefined;
      let done = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (options.signal?.aborted) throw options.signal.reason;
          file ??= await Deno.open(path, { read: true });
          const buf = new Uint8Array(Math.min(CHUNK, size - done));
          let got = 0;
          while (got < buf.length) {
            const n = await file.read(buf.subarray(got));
            if (n === null) break;
            got += n;
          }
          if (got === 0 && done < size) {
            file.close();
            file = undefined;
            controller.error(
              new InvalidInputError(
                `Cannot read image ${
                  JSON.stringify(path)
                }: it ended after ${done} of ${size} bytes`,
                { path },
              ),
            );
            return;
          }
          done += got;
          controller.enqueue(buf.subarray(0, got));
          options.onProgress?.({ bytesDone: done, totalBytes: size });
          if (done >= size) {
            file.close();
            file = undefined;
            controller.close();
          }
        },
        cancel() {
          file?.close();
          file = undefined;
        },
      });
    },
    readSectors(first, count) {
      return readAt(path, first * 2048, count * 2048);
    },
  };
}

/**
 * Whether a file is a disc image: a whole number of 2048-byte sectors with an ISO 9660
 * (`CD001`) or UDF/ECMA-167 (`BEA01`) volume descriptor at sector 16.
 *
 * @param path The file.
 * @returns True for an image.
 */
export async function isImageFile(path: string): Promise<boolean> {
  try {
    const st = await Deno.stat(path);
    if (!st.isFile || st.size < 17 * 2048 || st.size % 2048 !== 0) return false;
    const vd = await readAt(path, 16 * 2048, 8);
    const id = String.fromCharCode(...vd.subarray(1, 6));
    return id === "CD001" || id === "BEA01";
  } catch {
    return false;
  }
}
