/**
 * The data area written into shared memory instead of a file: the data-area thread
 * (`data_area_worker.ts`) reads the source files in image order into a window of shared
 * memory, and the emit pass (`src/stream/data_area_window.ts`) takes the bytes from there
 * in the same order, for a destination that takes bytes in order only (the burn's ring).
 * The thread reads files while the caller's thread serializes metadata, fills the ring and
 * sends WRITE commands.
 *
 * The window is a ring over image byte offsets: the byte at image offset `x` sits at
 * `x % size`. Two marks in shared memory, both image byte offsets, say what it holds:
 *
 * | BigInt64 | Mark | Moved by |
 * |---|---|---|
 * | 0 | `written`: every byte the thread writes below it is in the window | the thread, after each write, with `Atomics.notify` |
 * | 1 | `taken`: the caller no longer needs the bytes below it | the caller, with `Atomics.notify` |
 *
 * The thread writes bytes `[at, at + n)` only once `at + n - taken <= size`; its writes are
 * at most one batch long, no more than the window. Where a file's bytes do not wrap around
 * the window's end, the thread reads them straight into it (`reserve`) and moves `written`
 * once per batch (`publish`), with no copy through a buffer. Files the caller writes itself (held
 * in memory, patched) leave holes the thread never writes; the caller moves `taken` over
 * them before it waits.
 *
 * {@linkcode windowDestination} must stay self-contained (no imports, no outside names): its
 * source text is part of the thread's code.
 *
 * @module
 */

import type { DataAreaWindow } from "../../src/stream/data_area_window.ts";

/** How a copier writes into a window. */
export interface WindowDestination {
  /**
   * Write bytes at an image offset, once the window has room for them; then move
   * `written` past them.
   *
   * @param bytes Source bytes.
   * @param length How many of them.
   * @param at Image byte offset.
   */
  writeAt(bytes: Uint8Array, length: number, at: number): void;
  /**
   * The window's own bytes for image offsets `[at, at + length)`, once it has room for
   * them, to read a file straight into; `written` stays where it is until
   * {@linkcode WindowDestination.publish}.
   *
   * @param at Image byte offset.
   * @param length Bytes wanted.
   * @param beforeWait Runs before the thread waits for room (to publish what it holds).
   * @returns The bytes, or undefined when they would wrap around the window's end or do not
   *   fit in it (the caller then writes through a buffer).
   */
  reserve(at: number, length: number, beforeWait: () => void): Uint8Array | undefined;
  /**
   * Move `written` to an image offset: the bytes below it are in the window.
   *
   * @param upTo Image byte offset.
   */
  publish(upTo: number): void;
}

/**
 * The thread's side of a window (self-contained: see the module comment).
 *
 * @param share The window and its marks.
 * @param stopped Throws when the job was stopped (checked while the thread waits for room).
 * @returns The destination.
 */
export function windowDestination(share: DataAreaWindow, stopped: () => void): WindowDestination {
  const { bytes: window, marks } = share;
  const size = window.length;
  /** How long one wait for room lasts before the stop flag is looked at again. */
  const waitMs = 50;
  const room = (at: number, length: number, beforeWait: () => void): void => {
    let waited = false;
    for (;;) {
      const taken = Atomics.load(marks, 1);
      if (at + length - Number(taken) <= size) return;
      if (!waited) beforeWait();
      waited = true;
      stopped();
      Atomics.wait(marks, 1, taken, waitMs);
    }
  };
  const publish = (upTo: number): void => {
    Atomics.store(marks, 0, BigInt(upTo));
    Atomics.notify(marks, 0);
  };
  return {
    writeAt(bytes, length, at) {
      if (length > size) {
        throw new RangeError(`a write of ${length} bytes into a window of ${size}`);
      }
      room(at, length, () => {});
      let put = 0;
      while (put < length) {
        const i = (at + put) % size;
        const n = Math.min(length - put, size - i);
        window.set(bytes.subarray(put, put + n), i);
        put += n;
      }
      publish(at + length);
    },
    reserve(at, length, beforeWait) {
      const i = at % size;
      if (i + length > size) return undefined;
      room(at, length, beforeWait);
      return window.subarray(i, i + length);
    },
    publish,
  };
}
