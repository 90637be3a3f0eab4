/**
 * FORMAT UNIT as a burn or an erase needs it: read the drive's formattable capacities,
 * choose the descriptor ({@linkcode chooseFormat}), send it with Immed (FOV set, as libburn
 * does), and wait for the drive, reporting the progress indication from the sense. A DVD+RW
 * basic format (26h) runs in the background: the disc is writable at once, so a burn does
 * not wait for it (the burn ends it with CLOSE SESSION); a full erase waits until READ DISC
 * INFORMATION reports the background format complete.
 *
 * @module
 */

import type { MediaState } from "./media_state.ts";
import { chooseFormat, type FormatChoice, type FormatPurpose } from "./format_choice.ts";
import type { Recorder } from "./recorder.ts";
import { sleep, waitForUnit } from "./wait_for_unit.ts";

/** Options of {@linkcode formatMedia}. */
export interface FormatMediaOptions {
  /** Before a burn, or a quick or full erase. */
  readonly purpose: FormatPurpose;
  /** Resume an interrupted DVD+RW background format. */
  readonly restart?: boolean;
  /** Progress 0..1. */
  readonly onProgress?: (fraction: number) => void;
  /** Stops waiting (the drive goes on formatting). */
  readonly signal?: AbortSignal | undefined;
}

/** Formatting can take hours (BD-RE certification): wait up to 6 h. */
const FORMAT_WAIT_MS = 6 * 3600 * 1000;

/**
 * Choose the format for a disc from what its drive offers (no command changes the disc).
 *
 * @param recorder The recorder.
 * @param state Its media state.
 * @param purpose Before a burn, or a quick or full erase.
 * @param restart Resume an interrupted DVD+RW background format.
 * @returns The format to send.
 * @throws {UnsuitableMediaError} When the medium is not formatted this way.
 */
export async function planFormat(
  recorder: Recorder,
  state: MediaState,
  purpose: FormatPurpose,
  restart = false,
): Promise<FormatChoice> {
  const offered = await recorder.drive.readFormatCapacities().then((f) => f.formats, () => []);
  return chooseFormat(state, offered, purpose, restart);
}

/**
 * Format the disc.
 *
 * @param recorder The recorder.
 * @param state Its media state.
 * @param options Purpose, restart, progress.
 * @param chosen The format, when already chosen with {@linkcode planFormat}.
 * @returns The format sent.
 * @throws {UnsuitableMediaError} When the medium is not formatted this way.
 * @throws {ScsiCommandError} When the drive refuses or the format fails.
 */
export async function formatMedia(
  recorder: Recorder,
  state: MediaState,
  options: FormatMediaOptions,
  chosen?: FormatChoice,
): Promise<FormatChoice> {
  const drive = recorder.drive;
  const choice = chosen ??
    await planFormat(recorder, state, options.purpose, options.restart ?? false);
  await drive.formatUnit({
    fov: true,
    immed: true,
    dcrt: choice.dcrt,
    blocks: choice.blocks,
    formatType: choice.formatType,
    formatSubType: choice.subtype,
    typeDependent: choice.typeDependent,
  }, { completeList: choice.dcrt && state.profile === 0x12 });
  const background = choice.formatType === 0x26;
  if (background && options.purpose !== "full-erase") return choice;
  await waitForUnit(drive, {
    what: choice.description,
    timeoutMs: FORMAT_WAIT_MS,
    intervalMs: recorder.pollIntervalMs,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (background) {
    const started = performance.now();
    for (;;) {
      const info = await drive.readDiscInformation();
      if (info.bgFormatStatus === 3 || info.bgFormatStatus === 0) break;
      if (performance.now() - started > FORMAT_WAIT_MS) break;
      if (options.signal?.aborted) throw options.signal.reason;
      const progress = (await drive.requestSense().catch(() => undefined))?.progress;
      if (progress !== undefined) options.onProgress?.(progress / 65536);
      await sleep(recorder.pollIntervalMs);
    }
  }
  options.onProgress?.(1);
  return choice;
}
