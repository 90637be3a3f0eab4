/**
 * Elapsed and remaining time of a burn, erase or verify, like IMAPI2's
 * `IDiscFormat2DataEventArgs` ElapsedTime / RemainingTime / TotalTime. Before the first
 * sectors are done the estimate comes from the selected speed; afterwards from the rate
 * seen over the last few seconds (a sliding window, so a slow start or a drive that
 * changes speed mid-disc does not skew it for long).
 *
 * @module
 */

/** Options of {@linkcode ProgressClock}. */
export interface ProgressClockOptions {
  /** The clock, in milliseconds (default `performance.now`). */
  readonly now?: () => number;
  /** Expected rate before any measurement, in sectors per second. */
  readonly nominalSectorsPerSecond?: number;
  /** Length of the rate window in milliseconds (default 5000). */
  readonly windowMs?: number;
}

/** 1× CD is 75 sectors of 2048 bytes a second (153.6 kB/s of user data; 176.4 kB/s raw). */
export const CD_1X_SECTORS_PER_SECOND = 75;

/**
 * Sectors per second of a speed in kB/s (1000 bytes, as MMC speed fields count).
 *
 * @param kBps Speed in kB/s.
 * @returns 2048-byte sectors per second.
 */
export function sectorsPerSecond(kBps: number): number {
  return (kBps * 1000) / 2048;
}

/** Measures elapsed time and estimates what is left. */
export class ProgressClock {
  readonly #now: () => number;
  readonly #start: number;
  readonly #total: number;
  readonly #nominal: number | undefined;
  readonly #window: number;
  #samples: { t: number; done: number }[] = [];

  /**
   * Start the clock.
   *
   * @param totalSectors Sectors to do in all.
   * @param options Clock, nominal rate, window.
   */
  constructor(totalSectors: number, options: ProgressClockOptions = {}) {
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
    this.#total = totalSectors;
    this.#nominal = options.nominalSectorsPerSecond;
    this.#window = options.windowMs ?? 5000;
    this.#samples.push({ t: this.#start, done: 0 });
  }

  /** Milliseconds since the clock started. */
  elapsedMs(): number {
    return this.#now() - this.#start;
  }

  /**
   * Record progress and estimate the time left.
   *
   * @param done Sectors done so far.
   * @returns Estimated milliseconds left (0 when done; the nominal estimate, or
   *   undefined without one, before any rate is known).
   */
  update(done: number): number | undefined {
    const t = this.#now();
    const samples = this.#samples;
    const lastSample = samples[samples.length - 1]!;
    if (done !== lastSample.done || t - lastSample.t > 250) samples.push({ t, done });
    while (samples.length > 2 && t - samples[1]!.t > this.#window) samples.shift();
    const left = Math.max(0, this.#total - done);
    if (left === 0) return 0;
    const first = samples[0]!;
    const span = t - first.t;
    const rate = span > 0 ? (done - first.done) / span : 0; // sectors per ms
    if (rate > 0 && done > 0) return left / rate;
    if (this.#nominal && this.#nominal > 0) return (left / this.#nominal) * 1000;
    return undefined;
  }
}
