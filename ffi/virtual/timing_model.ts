/**
 * Time in the virtual drive (reference/mmc.md 4.10, 6.1 "Drive"): a clock that tests can
 * replace, the drive buffer that fills with WRITE data and drains at the selected write
 * speed, and long operations started with Immed (SYNCHRONIZE CACHE, CLOSE, BLANK, FORMAT)
 * that keep the drive busy, with progress, until their time is up.
 *
 * All modelled durations are multiplied by the time scale: 1 is real time, 0.01 a hundred
 * times faster, 0 instant. Even at 0 a long operation started with Immed answers the next
 * command busy once, so that host polling loops run at least one round.
 *
 * @module
 */

import type { SenseCode } from "./sense_error.ts";

/** Where the drive gets the time. */
export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  /** Wait (the drive is blocked: a WRITE that waits for buffer room, a non-Immed command). */
  sleep(ms: number): Promise<void>;
}

/** The host's monotonic clock. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** A long operation in progress. */
export interface LongOperation {
  /** What it is, for messages ("SYNCHRONIZE CACHE", "BLANK", ...). */
  readonly name: string;
  /** The NOT READY condition it reports while running. */
  readonly busy: SenseCode;
  /** Start time (clock ms). */
  readonly started: number;
  /** Scaled duration in ms. */
  readonly duration: number;
  /** Busy answers still owed before it may end (starts at 1). */
  pollsLeft: number;
  /** Applies the operation's result to the drive state. */
  readonly finish: () => void;
}

/** The drive buffer and the long-operation timer. */
export class TimeModel {
  /** The clock. */
  readonly clock: Clock;
  /** Model time per real time. */
  readonly scale: number;
  #size: number;
  #fill = 0;
  #at: number;
  #rate = 0;
  #op: LongOperation | undefined;

  /**
   * Create the model.
   *
   * @param clock Time source.
   * @param scale Time scale (0 instant, 1 real time).
   * @param bufferBytes Drive buffer size.
   */
  constructor(clock: Clock, scale: number, bufferBytes: number) {
    this.clock = clock;
    this.scale = scale;
    this.#size = bufferBytes;
    this.#at = clock.now();
  }

  /** Buffer size in bytes. */
  get bufferSize(): number {
    return this.#size;
  }

  /**
   * Resize the buffer (a different medium class is loaded) and empty it.
   *
   * @param bytes New size.
   */
  resetBuffer(bytes: number): void {
    this.#size = bytes;
    this.#fill = 0;
    this.#at = this.clock.now();
  }

  /**
   * Set the drain rate: the selected write speed.
   *
   * @param kBps Write speed in kB/s (1 kB/s drains 1 byte per ms in real time).
   */
  setWriteSpeed(kBps: number): void {
    this.#drain();
    this.#rate = kBps;
  }

  #drain(): void {
    if (this.scale === 0) {
      this.#fill = 0;
      return;
    }
    const now = this.clock.now();
    if (this.#rate === 0) this.#fill = 0;
    else this.#fill = Math.max(0, this.#fill - ((now - this.#at) * this.#rate) / this.scale);
    this.#at = now;
  }

  /** Bytes waiting in the buffer now. */
  get bufferFill(): number {
    this.#drain();
    return this.#fill;
  }

  /**
   * How long a WRITE of `bytes` must wait for room (0 when it fits now).
   *
   * @param bytes Transfer size.
   * @returns Milliseconds.
   */
  waitForRoom(bytes: number): number {
    this.#drain();
    const over = this.#fill + Math.min(bytes, this.#size) - this.#size;
    if (over <= 0 || this.scale === 0) return 0;
    return (over * this.scale) / this.#rate;
  }

  /**
   * Put WRITE data in the buffer.
   *
   * @param bytes Transfer size.
   */
  accept(bytes: number): void {
    this.#drain();
    this.#fill = Math.min(this.#size, this.#fill + bytes);
  }

  /**
   * Empty the buffer without recording it (power loss).
   *
   * @returns Bytes that were lost.
   */
  dropBuffer(): number {
    this.#drain();
    const lost = this.#fill;
    this.#fill = 0;
    return lost;
  }

  /**
   * Real time to burn what is in the buffer at the write speed, in ms (scale it with
   * {@linkcode TimeModel.scaled}).
   *
   * @returns Milliseconds.
   */
  flushTime(): number {
    this.#drain();
    return this.#rate === 0 ? 0 : this.#fill / this.#rate;
  }

  /** The buffer reached the disc (a flush completed). */
  flushed(): void {
    this.#drain();
    this.#fill = 0;
  }

  /**
   * Scale a real-time duration.
   *
   * @param ms Real milliseconds.
   * @returns Model milliseconds.
   */
  scaled(ms: number): number {
    return ms * this.scale;
  }

  /**
   * Start a long operation; it ends after `ms` (scaled here) and at least one busy answer.
   *
   * @param name Operation name.
   * @param busy The NOT READY condition to report.
   * @param ms Real-time duration.
   * @param finish Applies its result.
   */
  start(name: string, busy: SenseCode, ms: number, finish: () => void): void {
    this.#op = {
      name,
      busy,
      started: this.clock.now(),
      duration: this.scaled(ms),
      pollsLeft: 1,
      finish,
    };
  }

  /** The running operation, if any (finishing it when its time is up and no poll is owed). */
  get operation(): LongOperation | undefined {
    const op = this.#op;
    if (op && op.pollsLeft <= 0 && this.clock.now() >= op.started + op.duration) {
      this.#op = undefined;
      op.finish();
      return undefined;
    }
    return op;
  }

  /**
   * Progress of the running operation as the sense-key specific value (0..65535).
   *
   * @returns The value, 0 when idle.
   */
  progress(): number {
    const op = this.#op;
    if (!op) return 0;
    if (op.duration <= 0) return 32768;
    return Math.min(65535, Math.floor(((this.clock.now() - op.started) / op.duration) * 65536));
  }

  /** Count one busy answer given to the host. */
  polled(): void {
    if (this.#op) this.#op.pollsLeft--;
  }

  /** Finish the running operation now (the host waited through a non-Immed command). */
  complete(): void {
    const op = this.#op;
    this.#op = undefined;
    op?.finish();
  }

  /** Abandon the running operation without its result (power loss, eject). */
  abandon(): void {
    this.#op = undefined;
  }
}
