/**
 * The virtual drive's recording thread: the data the host sends with WRITE commands lands
 * in the drive's buffer and is recorded from there while the host sends the next commands,
 * as a real drive records from its own buffer. Here the buffer is a few shared slots of
 * gathered blocks, and the recording is a positional write into the disc's data file on a
 * thread of its own, so the host's thread (the burn) never waits on the host file system
 * while a slot is free.
 *
 * Shared state (`Int32Array` over a `SharedArrayBuffer`):
 *
 * | Int32 | Field | Moved by |
 * |---|---|---|
 * | 0 | `submitted`: slots handed to the thread, counted from 0 | the drive, with `Atomics.notify` |
 * | 1 | `recorded`: slots the thread has written (or failed), counted from 0 | the thread, with `Atomics.notify` |
 * | 2 | `failed`: 1 once a write failed (its message is in `error`) | the thread |
 * | 3 | `stop`: 1 when the drive closes | the drive, with `Atomics.notify` on Int32 0 |
 *
 * Slot `n % SLOTS` holds submission `n`; its file offset and length are `Float64` `2k` and
 * `2k + 1` of `places`. Everything that needs the file as recorded (a read, a truncation, a
 * size, a flush, a close) first waits for the thread ({@linkcode RecordingThread.settle}); a
 * failed write is reported there, or at the next submission, as a drive reports a deferred
 * error.
 *
 * {@linkcode recordingWorker} must stay self-contained: its source text is the thread's code.
 *
 * @module
 */

import { ImageWriteError } from "../../src/model/errors.ts";

/** Slots in the drive's buffer. */
const SLOTS = 4;
/** How long the drive waits for one slot to be written before it reports the thread dead. */
const STALL_MS = 60_000;

/** What the thread is given, once. */
interface RecordingRequest {
  readonly path: string;
  readonly slots: readonly Uint8Array<SharedArrayBuffer>[];
  readonly places: Float64Array<SharedArrayBuffer>;
  readonly control: Int32Array<SharedArrayBuffer>;
  /** The failed write's message, UTF-8, NUL-padded. */
  readonly error: Uint8Array<SharedArrayBuffer>;
}

interface WorkerScope {
  onmessage: ((e: MessageEvent) => void) | null;
  close(): void;
}

/** The thread's body (self-contained: see the module comment). */
export function recordingWorker(): void {
  const scope = globalThis as unknown as WorkerScope;
  scope.onmessage = (e: MessageEvent) => {
    const q = e.data as RecordingRequest;
    const c = q.control;
    let file: Deno.FsFile | undefined;
    let next = 0;
    const fail = (message: string): void => {
      const bytes = new TextEncoder().encode(message).subarray(0, q.error.length);
      q.error.set(bytes);
      Atomics.store(c, 2, 1);
    };
    for (;;) {
      while (Atomics.load(c, 0) === next) {
        if (Atomics.load(c, 3) === 1) {
          file?.close();
          scope.close();
          return;
        }
        Atomics.wait(c, 0, next, 1000);
      }
      const k = next % q.slots.length;
      const offset = q.places[2 * k]!;
      const length = q.places[2 * k + 1]!;
      if (Atomics.load(c, 2) === 0) {
        try {
          file ??= Deno.openSync(q.path, { write: true });
          file.seekSync(offset, Deno.SeekMode.Start);
          const bytes = q.slots[k]!.subarray(0, length);
          let done = 0;
          while (done < length) done += file.writeSync(bytes.subarray(done));
        } catch (err) {
          fail(
            `Cannot write ${length} bytes at offset ${offset} of ${q.path}: ${
              (err as Error).message
            }`,
          );
        }
      }
      next++;
      Atomics.store(c, 1, next);
      Atomics.notify(c, 1);
    }
  };
}

let workerUrl: string | undefined;

function workerSource(): string {
  workerUrl ??= URL.createObjectURL(
    new Blob([`"use strict";\n(${recordingWorker})();\n`], { type: "text/javascript" }),
  );
  return workerUrl;
}

/** The drive's side of its recording thread: fill a slot, submit it, wait for the file. */
export class RecordingThread {
  readonly #path: string;
  readonly #slots: Uint8Array<SharedArrayBuffer>[];
  readonly #places = new Float64Array(new SharedArrayBuffer(16 * SLOTS));
  readonly #control = new Int32Array(new SharedArrayBuffer(16));
  readonly #error = new Uint8Array(new SharedArrayBuffer(1024));
  readonly #worker: Worker;
  readonly #stallMs: number;
  #submitted = 0;
  #closed = false;

  /**
   * Start the thread.
   *
   * @param path The data file (it exists: the drive opened it).
   * @param slotBytes Bytes per slot.
   * @param stallMs How long to wait for one slot to be written before giving up.
   */
  constructor(path: string, slotBytes: number, stallMs = STALL_MS) {
    this.#path = path;
    this.#stallMs = stallMs;
    this.#slots = Array.from(
      { length: SLOTS },
      () => new Uint8Array(new SharedArrayBuffer(slotBytes)),
    );
    this.#worker = new Worker(workerSource(), { type: "module", name: "kiln virtual drive" });
    this.#worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      const message = `Cannot write ${this.#path}: the recording thread failed: ${e.message}`;
      this.#error.set(new TextEncoder().encode(message).subarray(0, this.#error.length));
      Atomics.store(this.#control, 2, 1);
      Atomics.store(this.#control, 1, this.#submitted);
    };
    this.#worker.postMessage(
      {
        path,
        slots: this.#slots,
        places: this.#places,
        control: this.#control,
        error: this.#error,
      } satisfies RecordingRequest,
    );
  }

  /**
   * The slot the next submission fills, once the thread no longer needs it.
   *
   * @returns Its bytes.
   * @throws {ImageWriteError} When an earlier write failed.
   */
  slot(): Uint8Array<SharedArrayBuffer> {
    this.#waitFor(this.#submitted - SLOTS + 1);
    return this.#slots[this.#submitted % SLOTS]!;
  }

  /**
   * Hand the slot from {@linkcode RecordingThread.slot} to the thread.
   *
   * @param offset File offset of its first byte.
   * @param length Bytes to write from it.
   */
  submit(offset: number, length: number): void {
    const k = this.#submitted % SLOTS;
    this.#places[2 * k] = offset;
    this.#places[2 * k + 1] = length;
    this.#submitted++;
    Atomics.store(this.#control, 0, this.#submitted);
    Atomics.notify(this.#control, 0);
  }

  /**
   * Wait until every submitted slot is in the file.
   *
   * @throws {ImageWriteError} When a write failed (the first failure; later ones were not tried).
   */
  settle(): void {
    this.#waitFor(this.#submitted);
  }

  #waitFor(recorded: number): void {
    const c = this.#control;
    let seen = Atomics.load(c, 1);
    let since = performance.now();
    while (seen < recorded) {
      Atomics.wait(c, 1, seen, Math.min(1000, this.#stallMs));
      const now = Atomics.load(c, 1);
      if (now !== seen) [seen, since] = [now, performance.now()];
      // A thread that died cannot say so while this one blocks (its error event needs the
      // event loop): give up after a long time without a single slot written.
      else if (performance.now() - since > this.#stallMs) {
        throw new ImageWriteError(
          `Cannot write ${this.#path}: its recording thread wrote nothing for ${
            this.#stallMs / 1000
          } s`,
          { path: this.#path },
        );
      }
    }
    if (Atomics.load(c, 2) === 1) {
      const n = this.#error.indexOf(0);
      const message = new TextDecoder().decode(this.#error.slice(0, n < 0 ? undefined : n));
      throw new ImageWriteError(message, { path: this.#path });
    }
  }

  /**
   * Wait for the thread's writes, then stop it.
   *
   * @throws {ImageWriteError} When a write failed (the thread is stopped all the same).
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.settle();
    } finally {
      Atomics.store(this.#control, 3, 1);
      Atomics.notify(this.#control, 0);
      this.#worker.terminate();
    }
  }
}
