/**
 * Progress of a burn, in IMAPI2's terms: the current action
 * (`IMAPI_FORMAT2_DATA_WRITE_ACTION`: validating media, formatting, initializing hardware,
 * calibrating power, writing data, finalization, verifying, completed), the LBA most
 * recently written (`IWriteEngine2EventArgs.LastWrittenLba`), sectors done and in all,
 * elapsed and remaining time, the drive buffer fill (READ BUFFER CAPACITY) and the host
 * buffer fill (the ring, `UsedSystemBuffer / TotalSystemBuffer`).
 *
 * @module
 */

import { ProgressClock } from "./progress_clock.ts";

/** What a burn is doing (IMAPI2's write actions, in order). */
export type BurnAction =
  | "validating"
  | "formatting"
  | "initializing"
  | "calibrating"
  | "writing"
  | "finalizing"
  | "verifying"
  | "completed";

/** One progress event. */
export interface BurnProgress {
  /** The current action. */
  readonly action: BurnAction;
  /** The LBA most recently written (or read, while verifying). */
  readonly lba: number;
  /** Sectors written (or verified) so far. */
  readonly sectorsDone: number;
  /** Sectors to write (or verify) in all. */
  readonly totalSectors: number;
  /** Milliseconds since the burn started. */
  readonly elapsedMs: number;
  /** Estimated milliseconds left in this action; undefined when unknown. */
  readonly remainingMs: number | undefined;
  /** Drive buffer fill, 0..1 (0 when the drive does not report). */
  readonly bufferFill: number;
  /** Host ring buffer fill, 0..1. */
  readonly hostBufferFill: number;
  /** Progress of a format, flush or close the drive reports, 0..1. */
  readonly actionProgress: number | undefined;
}

/** Turns burn events into {@linkcode BurnProgress} for the caller. */
export class BurnReporter {
  readonly #emit: ((p: BurnProgress) => void) | undefined;
  readonly #start = performance.now();
  #clock: ProgressClock;
  #action: BurnAction = "validating";
  #lba = 0;
  #done = 0;
  #total: number;
  #bufferFill = 0;
  #hostFill = 0;

  /**
   * Create a reporter.
   *
   * @param emit The caller's callback.
   * @param totalSectors Sectors to write.
   * @param sectorsPerSecond Nominal write rate, for the first estimate.
   */
  constructor(
    emit: ((p: BurnProgress) => void) | undefined,
    totalSectors: number,
    sectorsPerSecond: number | undefined,
  ) {
    this.#emit = emit;
    this.#total = totalSectors;
    this.#clock = new ProgressClock(totalSectors, clockOptions(sectorsPerSecond));
  }

  /** Milliseconds since the burn started. */
  get elapsedMs(): number {
    return performance.now() - this.#start;
  }

  /** The current action. */
  get action(): BurnAction {
    return this.#action;
  }

  /**
   * Enter an action (emits an event).
   *
   * @param action The action.
   * @param options For "verifying": sectors to verify and the read rate.
   */
  phase(action: BurnAction, options: { total?: number; sectorsPerSecond?: number } = {}): void {
    this.#action = action;
    if (options.total !== undefined) {
      this.#total = options.total;
      this.#done = 0;
      this.#clock = new ProgressClock(options.total, clockOptions(options.sectorsPerSecond));
    }
    this.#send(undefined, action === "completed" ? 0 : undefined);
  }

  /**
   * Sectors written (or verified).
   *
   * @param lba The last LBA done.
   * @param done Sectors done.
   * @param fills Drive and host buffer fill, when known.
   */
  sectors(lba: number, done: number, fills: { drive?: number; host?: number } = {}): void {
    this.#lba = lba;
    this.#done = done;
    if (fills.drive !== undefined) this.#bufferFill = fills.drive;
    if (fills.host !== undefined) this.#hostFill = fills.host;
    this.#send(undefined, this.#clock.update(done));
  }

  /**
   * A long operation's own progress (format, flush, close), 0..1.
   *
   * @param fraction How far it is.
   */
  operation(fraction: number): void {
    this.#send(fraction, undefined);
  }

  #send(actionProgress: number | undefined, remainingMs: number | undefined): void {
    this.#emit?.({
      action: this.#action,
      lba: this.#lba,
      sectorsDone: this.#done,
      totalSectors: this.#total,
      elapsedMs: this.elapsedMs,
      remainingMs,
      bufferFill: this.#bufferFill,
      hostBufferFill: this.#hostFill,
      actionProgress,
    });
  }
}

function clockOptions(sectorsPerSecond: number | undefined) {
  return sectorsPerSecond ? { nominalSectorsPerSecond: sectorsPerSecond } : {};
}
