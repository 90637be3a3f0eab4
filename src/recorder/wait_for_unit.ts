/**
 * Waiting for a long operation started with Immed (SYNCHRONIZE CACHE, CLOSE TRACK/SESSION,
 * BLANK, FORMAT UNIT) or for a drive becoming ready, the way libburn's
 * `spc_wait_unit_attention` and growisofs' `wait_for_unit` do (mmc.md §4.10): poll TEST
 * UNIT READY, first after 10 ms and then at doubling intervals up to twice a second (so an
 * operation that ends at once, as on a drive whose cache is already empty, costs
 * milliseconds, not a fixed half second); GOOD means done; 2/04/xx means still busy (the progress
 * indication comes from the sense, or from REQUEST SENSE when the TUR sense has none, as on
 * the hp dvd100i); a unit attention is passed over; 2/04/00 that lasts longer than 5 s is
 * taken as ready (libburn's "clueless" adapters). Anything else, and a timeout, is an error.
 *
 * @module
 */

import type { MmcDrive } from "../mmc/drive.ts";
import { ScsiCommandError } from "../mmc/errors.ts";
import type { Sense } from "../mmc/sense.ts";

/** Options of {@linkcode waitForUnit}. */
export interface WaitOptions {
  /** What is being waited for, for messages ("SYNCHRONIZE CACHE"). */
  readonly what: string;
  /** Give up after this long (default 3600 s, libburn's bound for CLOSE and sync). */
  readonly timeoutMs?: number;
  /** Poll interval (default 500 ms). */
  readonly intervalMs?: number;
  /** Sleep before the first poll (default: 10 ms or the interval when shorter); the
   * sleeps then double up to the interval. */
  readonly initialDelayMs?: number;
  /** Progress 0..1 when the drive reports it. */
  readonly onProgress?: (fraction: number) => void;
  /** Stops waiting (the operation itself goes on in the drive). */
  readonly signal?: AbortSignal;
  /** Sleep function (tests). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Sleep `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The first poll comes this soon: most waits on a fast drive are over by then. */
const FIRST_POLL_MS = 10;

const BUSY = new Set(["not-ready-retry", "becoming-ready", "long-write-in-progress"]);

/**
 * Wait until the drive reports ready.
 *
 * @param drive The drive.
 * @param options What, how long, progress.
 * @throws {ScsiCommandError} When TEST UNIT READY reports anything but busy or a unit attention.
 * @throws {Error} When the wait times out (naming the operation and the last sense).
 */
export async function waitForUnit(drive: MmcDrive, options: WaitOptions): Promise<void> {
  const pause = options.sleep ?? sleep;
  const interval = options.intervalMs ?? 500;
  const timeout = options.timeoutMs ?? 3_600_000;
  const started = performance.now();
  let clueless: number | undefined;
  let last: Sense | undefined;
  let delay = options.initialDelayMs ?? Math.min(interval, FIRST_POLL_MS);
  await pause(delay);
  for (;;) {
    if (options.signal?.aborted) throw options.signal.reason;
    try {
      await drive.testUnitReady();
      options.onProgress?.(1);
      return;
    } catch (err) {
      if (!(err instanceof ScsiCommandError) || !err.sense) throw err;
      const sense = err.sense;
      last = sense;
      if (sense.category === "unit-attention") {
        // 6/28, 6/29 while waiting: keep waiting (libburn).
      } else if (BUSY.has(sense.category)) {
        let progress = sense.progress;
        if (progress === undefined) {
          const rs = await drive.requestSense().catch(() => undefined);
          progress = rs?.progress;
        }
        if (progress !== undefined) options.onProgress?.(progress / 65536);
        if (sense.asc === 0x04 && sense.ascq === 0x00) {
          clueless ??= performance.now();
          if (performance.now() - clueless > 5000) return;
        } else {
          clueless = undefined;
        }
      } else {
        throw err;
      }
    }
    if (performance.now() - started > timeout) {
      throw new Error(
        `Cannot wait for ${options.what} on ${drive.transport.name}: still busy after ${
          Math.round(timeout / 1000)
        } s (${last?.text ?? "no sense"})`,
      );
    }
    delay = Math.min(interval, Math.max(1, delay) * 2);
    await pause(delay);
  }
}
