/**
 * The checks of the disc's state around a burn's WRITE loop: before writing, the drive's
 * next writable address must be where the plan starts; after a unit attention, the disc
 * must be the same and nothing lost; after closing, a disc the drive now shows in a
 * read-only profile (tgt turns a DVD+R into a DVD-ROM at CLOSE TRACK) counts as closed.
 *
 * @module
 */

import type { BurnPlan } from "./burn_plan.ts";
import { sendWriteParameters } from "./drive_setup.ts";
import { classifyMedia, type MediaState } from "./media_state.ts";
import { mediaKind } from "./media_type.ts";
import { readMediaFacts } from "./read_media_facts.ts";
import type { Recorder } from "./recorder.ts";
import { BurnError } from "./recorder_errors.ts";

/**
 * The drive shows the disc just written in a read-only profile (a DVD+R as a DVD-ROM): tgt
 * does so from CLOSE TRACK on, as reader drives do with closed discs. Nothing more can be
 * written to it: it counts as closed.
 *
 * @param before The state the burn started from.
 * @param after The state after closing.
 * @returns True when the drive now shows the disc as read-only media.
 */
export function readOnlyAfterClose(before: MediaState, after: MediaState): boolean {
  return after.profile !== before.profile && after.status === "unsupported" &&
    mediaKind(after.profile).recipe === "none" && after.totalSectors > 0;
}

/**
 * Before writing on sequential media: the drive's NWA must be where the plan starts.
 *
 * @param recorder The recorder.
 * @param before The state the plan was made from.
 * @param plan The plan.
 * @throws {BurnError} When the drive names another address; nothing was written.
 */
export async function confirmNextWritable(recorder: Recorder, before: MediaState, plan: BurnPlan) {
  if (mediaKind(before.profile).overwritable) return;
  const t = await recorder.drive.readTrackInformation(plan.track);
  const nwa = t.nwaValid ? Math.max(t.nextWritableAddress, t.trackStart) : undefined;
  if (nwa !== plan.startLba) {
    throw new BurnError(
      `Cannot burn the ${before.media.toUpperCase()}: the drive's next writable address is ${
        nwa ?? "not valid"
      }, not LBA ${plan.startLba} as the disc information said; nothing was written`,
      {
        lba: plan.startLba,
        sectorsWritten: 0,
        totalSectors: plan.writeSectors,
        stateAfter: before,
      },
    );
  }
}

/**
 * After a unit attention: go on only when the disc is the same and nothing was lost (and
 * send the write parameters again: a reset drops them).
 *
 * @param recorder The recorder.
 * @param before The state writing started from.
 * @param plan The plan.
 * @param nextLba The LBA the next WRITE goes to.
 * @throws {Error} Naming what changed.
 */
export async function recheck(
  recorder: Recorder,
  before: MediaState,
  plan: BurnPlan,
  nextLba: number,
) {
  const now = classifyMedia((await readMediaFacts(recorder.drive, recorder.pollIntervalMs)).facts);
  let changed: string | undefined;
  if (now.profile !== before.profile) changed = `the disc is now ${now.media}`;
  else if (!mediaKind(now.profile).overwritable) {
    const t = await recorder.drive.readTrackInformation(plan.track);
    const nwa = t.nwaValid ? t.nextWritableAddress : undefined;
    if (nwa !== nextLba) {
      changed = `the drive's next writable address is ${
        nwa ?? "not valid"
      }, not ${nextLba}: data in its buffer was lost`;
    }
  } else if (now.totalSectors !== before.totalSectors) {
    changed =
      `the formatted size changed from ${before.totalSectors} to ${now.totalSectors} sectors`;
  }
  if (changed) {
    throw new Error(`the drive reported a unit attention and ${changed}`);
  }
  await sendWriteParameters(recorder, plan); // lost on a reset (6/29)
}
