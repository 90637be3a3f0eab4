/**
 * What a burn does when it cannot finish: after a cancellation it leaves the disc in a
 * state the drive reports and later burns can use; after a drive failure it flushes what
 * it can and says exactly where it stopped and why.
 *
 * Cancellation, per medium (the state `mediaState()` then reports):
 * - CD-R/CD-RW (TAO): the track is padded to the 300-sector minimum if shorter, the cache
 *   flushed, and the session closed with page 05h "next session allowed": **appendable**,
 *   with the partial track as its last session.
 * - DVD-R/-RW incremental, DVD+R, DVD+R DL, BD-R: flush, CLOSE TRACK, CLOSE SESSION (never
 *   finalize): **appendable** (DVD-R DL: closed, it has one session only).
 * - DVD-R/-RW DAO: flush only; the reserved track stays incomplete (as the drive reports
 *   it: appendable with a damaged or partly written track); a DVD-RW can be blanked.
 * - DVD+RW, DVD-RW restricted overwrite, DVD-RAM, BD-RE: flush (and CLOSE SESSION after a
 *   DVD+RW format the burn started): **overwritable**, holding the sectors written so far.
 *
 * After a drive failure (a medium error, a retry budget used up, a lost transport) the burn
 * flushes the cache when the drive still answers, does not close anything (a closed session
 * with bad data would look complete), and reports the LBA, the sense and the state.
 *
 * @module
 */

import { describeSense } from "../mmc/errors.ts";
import { TransportError } from "../mmc/transport.ts";
import type { BurnPlan, CloseStep } from "./burn_plan.ts";
import type { BurnReporter } from "./burn_progress.ts";
import { RetriesExhaustedError, type RetryHooks, scsiCause, withRetry } from "./command_retry.ts";
import { sendWriteParameters } from "./drive_setup.ts";
import { closeSteps, flushCache } from "./finalize_disc.ts";
import type { MediaState } from "./media_state.ts";
import type { Recorder } from "./recorder.ts";
import {
  BurnCancelledError,
  BurnError,
  describeState,
  UnsuitableMediaError,
} from "./recorder_errors.ts";
import { CD_MIN_TRACK_SECTORS } from "./burn_plan.ts";

/** Where the burn was when it stopped. */
export interface StopContext {
  /** The recorder. */
  readonly recorder: Recorder;
  /** The plan. */
  readonly plan: BurnPlan;
  /** Progress. */
  readonly reporter: BurnReporter;
  /** Retry budget and records. */
  readonly retry: Omit<RetryHooks, "kind">;
  /** Sectors the drive accepted. */
  readonly sectorsWritten: number;
  /** The media before the burn. */
  readonly before: MediaState;
}

async function stateAfter(recorder: Recorder): Promise<MediaState | undefined> {
  try {
    return await recorder.mediaState();
  } catch {
    return undefined;
  }
}

function stateText(state: MediaState | undefined): string {
  return state ? `the disc is now ${describeState(state)}` : "the disc's state cannot be read";
}

/**
 * The close steps that keep a cancelled burn's disc usable: never finalize.
 *
 * @param plan The plan.
 * @returns The steps.
 */
export function cancelSteps(plan: BurnPlan): CloseStep[] {
  return plan.closeSteps.map((s) =>
    s.closeFunction === 5 || s.closeFunction === 6
      ? { closeFunction: 2, track: 0, what: "close session" }
      : s
  );
}

/**
 * Leave the disc in a usable state after a cancellation (or after the image's own stream
 * failed: a source that vanished or shrank) and throw.
 *
 * @param c Where the burn was.
 * @param reason The signal's reason, or the stream's error.
 * @param sourceFailed True when the image's stream failed (not a cancellation).
 * @returns Never.
 * @throws {BurnCancelledError} After a cancellation, with the state the disc was left in.
 * @throws {BurnError} After a stream failure, naming it and the state.
 */
export async function stopAfterCancel(
  c: StopContext,
  reason: unknown,
  sourceFailed = false,
): Promise<never> {
  const { recorder, plan } = c;
  c.reporter.phase("finalizing");
  const done: string[] = [];
  let problem: string | undefined;
  const finalize = { recorder, reporter: c.reporter, retry: { ...c.retry, signal: undefined } };
  try {
    let written = c.sectorsWritten;
    if (written > 0 && plan.recipe === "tao" && written < CD_MIN_TRACK_SECTORS) {
      const zeros = new Uint8Array(16 * 2048);
      while (written < CD_MIN_TRACK_SECTORS) {
        const n = Math.min(16, CD_MIN_TRACK_SECTORS - written);
        const lba = plan.startLba + written;
        await withRetry(() => recorder.drive.write10(lba, zeros.subarray(0, n * 2048)), {
          ...finalize.retry,
          kind: "write",
        });
        written += n;
      }
      done.push(`padded the track to ${CD_MIN_TRACK_SECTORS} sectors`);
    }
    await flushCache(finalize);
    done.push("flushed the drive's buffer");
    if (written > 0 && plan.reserveSectors === undefined) {
      const multi = plan.writeParameters?.multiSession === 0 && plan.leaves === "closed" &&
        c.before.profile !== 0x15;
      if (multi && (plan.recipe === "tao" || plan.recipe === "dvd-minus")) {
        await sendWriteParameters(recorder, plan, 3);
      }
      const steps = cancelSteps(plan);
      await closeSteps(finalize, steps);
      const past = (what: string) =>
        what.replace(/^close session$/, "closed the session").replace(/^close /, "closed ");
      if (steps.length) done.push(steps.map((s) => past(s.what)).join(" and "));
    }
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  }
  const after = await stateAfter(recorder);
  const info = {
    lba: plan.startLba + c.sectorsWritten,
    sectorsWritten: c.sectorsWritten,
    totalSectors: plan.writeSectors,
    stateAfter: after,
    cause: reason,
  };
  const tail = `after ${c.sectorsWritten} of ${plan.writeSectors} sectors; kiln ${
    done.length ? done.join(" and ") : "wrote nothing"
  }${problem ? ` (then failed: ${problem})` : ""}; ${stateText(after)}`;
  if (sourceFailed) {
    const why = reason instanceof Error ? reason.message : String(reason);
    throw new BurnError(`${why}; the burn stopped ${tail}`, info);
  }
  throw new BurnCancelledError(`The burn was cancelled ${tail}`, info);
}

/**
 * Turn a failure into the error the caller gets: nothing written and the disc refuses
 * writing → {@linkcode UnsuitableMediaError}; otherwise flush what can be flushed and throw
 * a {@linkcode BurnError} naming the LBA, the sense and the state.
 *
 * @param c Where the burn was.
 * @param err The failure.
 * @param lba The LBA it names (the failing WRITE, or the drive's first bad LBA).
 * @returns Never.
 * @throws {UnsuitableMediaError | BurnError} Always.
 */
export async function stopAfterFailure(
  c: StopContext,
  err: unknown,
  lba: number | undefined,
): Promise<never> {
  const scsi = scsiCause(err);
  const media = c.before.media.toUpperCase();
  if (c.sectorsWritten === 0 && scsi?.category === "write-protected") {
    throw new UnsuitableMediaError(
      `Cannot burn: the ${media} is write-protected (${
        scsi.sense ? describeSense(scsi.sense) : scsi.message
      }); nothing was written`,
      { state: c.before, cause: err },
    );
  }
  const lost = err instanceof TransportError;
  if (!lost) {
    await flushCache({ recorder: c.recorder, retry: { ...c.retry, signal: undefined } }).catch(
      () => {},
    );
  }
  const after = lost ? undefined : await stateAfter(c.recorder);
  const what = scsi
    ? `${scsi.sense ? describeSense(scsi.sense) : scsi.message}${
      err instanceof RetriesExhaustedError ? ` (${err.why})` : ""
    }`
    : err instanceof Error
    ? err.message
    : String(err);
  const writing = lba !== undefined && (!scsi || scsi.commandName.startsWith("WRITE"));
  const action = writing
    ? `write sector ${lba} of the ${media}`
    : `burn the ${media}${scsi ? ` (${scsi.commandName})` : ""}`;
  throw new BurnError(
    `Cannot ${action}: ${what}; the burn stopped after ${c.sectorsWritten} of ${c.plan.writeSectors} sectors; ${
      stateText(after)
    }${scsi?.category === "medium-error" ? "; a medium error is never retried" : ""}`,
    {
      lba,
      sectorsWritten: c.sectorsWritten,
      totalSectors: c.plan.writeSectors,
      stateAfter: after,
      cause: err,
    },
  );
}
