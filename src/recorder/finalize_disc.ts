/**
 * The end of a burn: SYNCHRONIZE CACHE with Immed, then polling until the drive has written
 * its buffer (mmc.md §3.11, §4.10), then the plan's CLOSE TRACK/SESSION steps, each with
 * Immed and polling; a close answered with 2/04/07 (a Pioneer that "fell through" the
 * previous wait) is sent again under the retry policy. A drive that refuses Immed on
 * SYNCHRONIZE CACHE (5/24/00) gets the plain command.
 *
 * @module
 */

import { ScsiCommandError } from "../mmc/errors.ts";
import type { CloseStep } from "./burn_plan.ts";
import type { BurnReporter } from "./burn_progress.ts";
import { type RetryHooks, withRetry } from "./command_retry.ts";
import type { Recorder } from "./recorder.ts";
import { waitForUnit } from "./wait_for_unit.ts";

/** Options of {@linkcode flushCache} and {@linkcode closeSteps}. */
export interface FinalizeOptions {
  /** The recorder. */
  readonly recorder: Recorder;
  /** Progress (the drive's progress indication). */
  readonly reporter?: BurnReporter;
  /** Retry budget and records. */
  readonly retry: Omit<RetryHooks, "kind">;
}

/**
 * SYNCHRONIZE CACHE with Immed and wait until the drive is ready again.
 *
 * @param o Recorder, progress, retries.
 * @throws {ScsiCommandError} When the flush fails (often a deferred write error).
 */
export async function flushCache(o: FinalizeOptions): Promise<void> {
  const drive = o.recorder.drive;
  let immed = true;
  await withRetry(async () => {
    try {
      await drive.synchronizeCache({ immed });
    } catch (err) {
      if (immed && err instanceof ScsiCommandError && err.category === "illegal-request") {
        immed = false;
        await drive.synchronizeCache({ immed: false });
        return;
      }
      throw err;
    }
  }, { ...o.retry, kind: "close" });
  if (immed) {
    await waitForUnit(drive, {
      what: "SYNCHRONIZE CACHE",
      intervalMs: o.recorder.pollIntervalMs,
      ...(o.reporter ? { onProgress: (f: number) => o.reporter!.operation(f) } : {}),
    });
  }
}

/**
 * Send the close steps in order, each with Immed, and wait for each.
 *
 * @param o Recorder, progress, retries.
 * @param steps The plan's close steps.
 * @throws {ScsiCommandError | RetriesExhaustedError} When a close fails.
 */
export async function closeSteps(o: FinalizeOptions, steps: readonly CloseStep[]): Promise<void> {
  const drive = o.recorder.drive;
  for (const step of steps) {
    await withRetry(
      () =>
        drive.closeTrackSession({
          closeFunction: step.closeFunction,
          trackNumber: step.track,
          immed: true,
        }),
      { ...o.retry, kind: "close" },
    );
    await waitForUnit(drive, {
      what: step.what,
      intervalMs: o.recorder.pollIntervalMs,
      ...(o.reporter ? { onProgress: (f: number) => o.reporter!.operation(f) } : {}),
    });
  }
}
