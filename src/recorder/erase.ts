/**
 * {@linkcode erase}: make a rewritable disc empty, like IMAPI2's `IDiscFormat2Erase`
 * (`FullErase` false or true), on every rewritable class:
 *
 * - CD-RW, DVD-RW (sequential or restricted overwrite): BLANK, minimal (PMA, TOC and
 *   lead-in only; fast) or full (the whole disc). Both use Immed and poll the progress
 *   indication. After a minimal blank a DVD-RW can only be written disc-at-once (no
 *   feature 0021h); a full blank leaves it sequential with incremental recording.
 * - DVD+RW, BD-RE, DVD-RAM: FORMAT UNIT with the descriptor growisofs would choose
 *   (`format_choice.ts`): DVD+RW 26h (a quick erase leaves the background format running,
 *   a full one waits for it to complete); BD-RE 30h quick reformat or full certification;
 *   DVD-RAM 00h without or with certification.
 * - Write-once and pressed media are refused, naming the medium.
 *
 * @module
 */

import { BlankingType } from "../mmc/commands/blank.ts";
import { describeSense, ScsiCommandError } from "../mmc/errors.ts";
import { formatMedia } from "./format_media.ts";
import type { MediaState } from "./media_state.ts";
import { mediaKind, type PhysicalMedia } from "./media_type.ts";
import { ProgressClock } from "./progress_clock.ts";
import type { Recorder } from "./recorder.ts";
import { UnsuitableMediaError } from "./recorder_errors.ts";
import { waitForUnit } from "./wait_for_unit.ts";

/** Options of {@linkcode erase}. */
export interface EraseOptions {
  /** Full blank / full format with certification (IMAPI's FullErase). Default false. */
  readonly full?: boolean;
  /** Stops waiting (the drive goes on; the disc's state is then whatever the drive reports). */
  readonly signal?: AbortSignal;
  /** Progress. */
  readonly onProgress?: (p: EraseProgress) => void;
}

/** Progress of an erase. */
export interface EraseProgress {
  /** "erasing" (BLANK), "formatting" (FORMAT UNIT), "completed". */
  readonly action: "erasing" | "formatting" | "completed";
  /** 0..1 from the drive's progress indication (0 until it reports). */
  readonly fraction: number;
  /** Milliseconds since the erase started. */
  readonly elapsedMs: number;
  /** Estimated milliseconds left, once the drive reports progress. */
  readonly remainingMs: number | undefined;
}

/** What an erase did. */
export interface EraseResult {
  /** The medium. */
  readonly media: PhysicalMedia;
  /** "blank-minimal", "blank-full" or "format". */
  readonly method: "blank-minimal" | "blank-full" | "format";
  /** The command in words ("BLANK full", "format 30h (BD-RE ...)"). */
  readonly description: string;
  /** The state afterwards. */
  readonly stateAfter: MediaState;
  /** Milliseconds it took. */
  readonly elapsedMs: number;
}

/** A full BLANK of a DVD-RW at 1× takes about an hour: wait up to 3 h. */
const BLANK_WAIT_MS = 3 * 3600 * 1000;

/**
 * Erase the disc in the recorder.
 *
 * @param recorder The recorder.
 * @param options Full or quick, progress, cancellation of the wait.
 * @returns What was done and the state afterwards.
 * @throws {UnsuitableMediaError} No disc, write-once or pressed media, or write-protected.
 * @throws {ScsiCommandError} When the drive fails the erase.
 * @example
 * ```ts ignore
 * import { erase, openDrive } from "@kiln/kiln/burn";
 * await using recorder = await openDrive("virtual:disc.img?media=cd-rw");
 * const result = await erase(recorder, { full: false });
 * console.log(result.stateAfter.status); // "blank"
 * ```
 */
export function erase(recorder: Recorder, options: EraseOptions = {}): Promise<EraseResult> {
  return recorder.exclusive("erase", () => run(recorder, options));
}

async function run(recorder: Recorder, options: EraseOptions): Promise<EraseResult> {
  const started = performance.now();
  const state = await recorder.mediaState();
  const name = state.media.toUpperCase();
  if (state.status === "no-media") {
    throw new UnsuitableMediaError("Cannot erase: there is no disc in the drive", { state });
  }
  const kind = mediaKind(state.profile);
  if (!kind.rewritable) {
    throw new UnsuitableMediaError(
      `Cannot erase the ${state.media === "unknown" ? "disc" : name}: ${
        kind.recipe === "none" ? "it is read-only media" : "it is write-once media"
      }`,
      { state },
    );
  }
  const full = options.full === true;
  const clock = new ProgressClock(65536);
  let action: EraseProgress["action"] = "erasing";
  const report = (fraction: number) =>
    options.onProgress?.({
      action,
      fraction,
      elapsedMs: performance.now() - started,
      remainingMs: fraction > 0 ? clock.update(Math.round(fraction * 65536)) : undefined,
    });
  let method: EraseResult["method"];
  let description: string;
  try {
    if (
      kind.recipe === "tao" || kind.recipe === "dvd-minus" || kind.recipe === "restricted-overwrite"
    ) {
      method = full ? "blank-full" : "blank-minimal";
      description = `BLANK ${full ? "full" : "minimal"}`;
      report(0);
      await recorder.drive.blank({
        blankingType: full ? BlankingType.full : BlankingType.minimal,
        immed: true,
      });
      await waitForUnit(recorder.drive, {
        what: description,
        timeoutMs: BLANK_WAIT_MS,
        intervalMs: recorder.pollIntervalMs,
        onProgress: report,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } else {
      action = "formatting";
      method = "format";
      report(0);
      const choice = await formatMedia(recorder, state, {
        purpose: full ? "full-erase" : "quick-erase",
        onProgress: report,
        signal: options.signal,
      });
      description = choice.description;
    }
  } catch (err) {
    if (err instanceof ScsiCommandError && err.category === "write-protected") {
      throw new UnsuitableMediaError(
        `Cannot erase the ${name}: it is write-protected (${
          err.sense ? describeSense(err.sense) : err.message
        })`,
        { state, cause: err },
      );
    }
    throw err;
  }
  action = "completed";
  report(1);
  return {
    media: state.media,
    method,
    description,
    stateAfter: await recorder.mediaState(),
    elapsedMs: performance.now() - started,
  };
}
