/**
 * The emit pass's side of a data area read ahead into shared memory: a data-area thread
 * reads the source files in image order into a window, a ring over image byte offsets
 * (see `ffi/linux/data_area_window.ts` for the thread's side and the marks), and the emit
 * pass copies each run of those files from the window into its chunks. For a sink that
 * takes bytes in order only (the burn's ring), this takes the file reads off the thread
 * that fills the ring and sends the WRITE commands.
 *
 * @module
 */

import { InternalError } from "../model/errors.ts";
import type { ChunkWriter } from "./chunk_writer.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";

/** Shared memory a data-area job writes into, in image order, and its two marks. */
export interface DataAreaWindow {
  /** The ring: the byte at image offset `x` is at `x % bytes.length`. */
  readonly bytes: Uint8Array<SharedArrayBuffer>;
  /**
   * BigInt64 0, `written`: every byte the thread writes below this image offset is in the
   * window. BigInt64 1, `taken`: the emit pass no longer needs the bytes below it.
   */
  readonly marks: BigInt64Array<SharedArrayBuffer>;
}

/**
 * A window for a data area.
 *
 * @param first Image byte offset of the first byte the thread writes.
 * @param span Bytes from there to the end of the last file's extent.
 * @param most The largest window wanted, in bytes.
 * @returns The window: `span` bytes when that is less than `most` (it then holds the
 *   whole data area at once), else `most`.
 */
export function dataAreaWindow(first: number, span: number, most: number): DataAreaWindow {
  const bytes = new Uint8Array(new SharedArrayBuffer(Math.max(1, Math.min(span, most))));
  const marks = new BigInt64Array(new SharedArrayBuffer(16));
  marks[0] = marks[1] = BigInt(first);
  return { bytes, marks };
}

/**
 * The most bytes lent to the sink at once: `taken` moves after each lend, so the thread
 * refills the window while the sink still takes the rest (lending all that is written at
 * once let the two take turns).
 */
const LEND_BYTES = 1 << 20;

/** How long the emit pass waits for the thread before it reports progress again. */
const WAIT_MS = 2;

/** The thread filling a window, as the emit pass watches it. */
export interface WindowFiller {
  /** Rejects when the thread fails or is stopped. */
  readonly done: Promise<void>;
  /** True once `done` settled. */
  settled(): boolean;
}

/** Let the window's `taken` mark follow the emit pass, and wake the thread. */
function release(marks: BigInt64Array, at: number): void {
  Atomics.store(marks, 1, BigInt(at));
  Atomics.notify(marks, 1);
}

/** Wait until `written` moves from `seen`, the thread ends, or the wait times out. */
async function moved(marks: BigInt64Array, seen: bigint, filler: WindowFiller): Promise<void> {
  const wait = Atomics.waitAsync(marks, 0, seen, WAIT_MS);
  if (!wait.async) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    wait.value,
    filler.done,
    // A pending Atomics.waitAsync does not keep Deno's event loop alive; a timer does.
    new Promise<void>((resolve) => timer = setTimeout(resolve, WAIT_MS)),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Copy the next `bytes` image bytes from the window into the emit pass's chunks, as the
 * thread writes them.
 *
 * @param window The window.
 * @param out The emit pass's writer: the bytes go at its position.
 * @param bytes How many (the extents of a run of files the thread writes).
 * @param filler The thread.
 * @param between Called whenever the emit pass waits (progress, cancellation; may throw).
 * @throws What `filler.done` rejects with, when the thread fails.
 */
export async function takeFromWindow(
  window: DataAreaWindow,
  out: ChunkWriter,
  bytes: number,
  filler: WindowFiller,
  between: () => void,
): Promise<void> {
  const { bytes: ring, marks } = window;
  const size = ring.length;
  const end = out.position + bytes;
  // Bytes before this run (the emit pass's own) take no room in the window.
  release(marks, out.position);
  while (out.position < end) {
    const written = Atomics.load(marks, 0);
    const upTo = Math.min(Number(written), end);
    if (upTo <= out.position) {
      if (filler.settled()) {
        await filler.done;
        throw new InternalError(
          `the data area thread ended at byte ${written}, before byte ${end} of the image`,
        );
      }
      await moved(marks, written, filler);
      between();
      continue;
    }
    while (out.position < upTo) {
      const i = out.position % size;
      const n = Math.min(upTo - out.position, size - i, LEND_BYTES);
      // Whole sectors go as they are; what follows them (a large file's bytes written so far
      // past its last whole sector) is copied.
      const whole = n - (n % SECTOR_SIZE);
      await out.lend(ring.subarray(i, i + (whole > 0 ? whole : n)));
      release(marks, out.position);
    }
  }
}
