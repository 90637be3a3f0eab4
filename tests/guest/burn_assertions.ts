/**
 * What the burn to tgt's recorder must show (see TGT_FINDINGS.md for every answer), and the
 * backing file checked against the image on the host.
 */

import assert from "node:assert/strict";
import { sha256 } from "../_helpers/tree.ts";

type Steps = Map<string, Record<string, unknown>>;

/**
 * Assert the burn steps and compare the backing file with the image.
 *
 * @param steps The guest's steps.
 * @param results The raw output, for messages.
 * @param backing tgt's backing file.
 * @param image The image that was burned.
 */
export async function assertBurn(
  steps: Steps,
  results: string,
  backing: string,
  image: { bytes: Uint8Array; blocks: number; sha: string },
): Promise<void> {
  const s = (n: string) => {
    const v = steps.get(n);
    if (!v) throw new Error(`The guest reported no step "${n}":\n${results}`);
    return v;
  };
  const drive = s("recorder").drive as { vendor?: string; model?: string } | null;
  assert.deepEqual([drive?.vendor, drive?.model], ["IET", "VIRTUAL-CDROM"], results);
  assert.equal(
    s("recConfigurationBefore").currentProfile,
    0x001b,
    "a blank backing file is a blank DVD+R",
  );
  const before = s("recDiscInformationBefore").info as Record<string, unknown>;
  assert.equal(before.discStatus, 0, "blank");
  const nwa = s("recTrackInformationBefore").track as Record<string, unknown>;
  assert.deepEqual([nwa.nwaValid, nwa.nextWritableAddress, nwa.blank], [true, 0, true]);
  for (const name of ["recWrite", "recSynchronizeCache", "recCloseTrack", "recCloseSession"]) {
    assert.equal(s(name).ok, true, `${name}: ${JSON.stringify(s(name))}`);
  }
  assert.equal(s("recWrite").chunks, Math.ceil(image.blocks / 16));
  const sense = (n: string) => [s(n).error, s(n).key, s(n).asc, s(n).ascq, s(n).retryable];
  assert.deepEqual(sense("recReserveTrack"), ["ScsiCommandError", 5, 0x20, 0, false]);
  assert.deepEqual(sense("recReadBeforeClose"), ["ScsiCommandError", 5, 0x21, 0, false]);
  assert.deepEqual(sense("recWriteAfterClose"), ["ScsiCommandError", 5, 0x30, 5, false]);
  assert.equal(s("recConfigurationAfter").currentProfile, 0x0010, "closed: tgt shows a DVD-ROM");
  const after = s("recDiscInformationAfter").info as Record<string, unknown>;
  assert.equal(after.discStatus, 2, "complete");
  assert.deepEqual(s("recCapacityAfter").capacity, {
    lastLba: image.blocks - 1,
    blockLength: 2048,
  });
  assert.equal(s("recReadBack").sha256, image.sha);
  const written = await Deno.readFile(backing);
  assert.equal(written.length, image.bytes.length);
  assert.equal(await sha256(written), image.sha, "the backing file is the image, byte for byte");
}
