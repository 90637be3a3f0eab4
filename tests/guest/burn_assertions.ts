/**
 * What kiln's burns to tgt's recorders must show (burn_in_guest.ts; TGT_FINDINGS.md has
 * every answer tgt gives), and each backing file checked on the host: the image byte for byte
 * and then zeros up to the ECC-block padding kiln writes.
 */

import assert from "node:assert/strict";
import { sha256 } from "../_helpers/tree.ts";
import type { Steps } from "./guest_results.ts";

/** A DVD+R holds 2,295,104 blocks; tgt reports that much for a blank backing file. */
const DVD_PLUS_R_BLOCKS = 2_295_104;

/**
 * Assert the burn steps of both recorders and compare their backing files with the image.
 *
 * @param steps The guest's steps.
 * @param backings tgt's backing files, LUN 1 first (the guest's first recorder is LUN 1).
 * @param image The image that was burned.
 */
export async function assertBurns(
  steps: Steps,
  backings: readonly string[],
  image: { bytes: Uint8Array; blocks: number; sha: string },
): Promise<void> {
  const recorders = steps.get("recorders").drives as { spec: string; product?: string }[];
  assert.deepEqual(
    recorders.map((d) => [d.spec, d.product]),
    [["/dev/sr1", "VIRTUAL-CDROM"], ["/dev/sr2", "VIRTUAL-CDROM"]],
    steps.text,
  );
  const written = Math.ceil(image.blocks / 16) * 16; // whole 32 KiB ECC blocks
  for (const [i, backing] of backings.entries()) {
    const name = `rec${i + 1}`;
    const close = i === 1;
    const s = (what: string) => steps.ok(`${name}${what}`);
    assert.equal(s("Open").close, close);
    const before = s("Before").state as Record<string, unknown>;
    assert.deepEqual(
      [before.status, before.media, before.nextWritableAddress, before.freeSectors],
      ["blank", "dvd+r", 0, DVD_PLUS_R_BLOCKS],
      "a blank backing file is a blank DVD+R",
    );
    const burned = s("Burn");
    const r = burned.result as Record<string, unknown>;
    const after = r.stateAfter as Record<string, unknown>;
    const verified = r.verify as Record<string, unknown>;
    assert.deepEqual(
      {
        recipe: r.recipe,
        startLba: r.startLba,
        imageSectors: r.imageSectors,
        sectorsWritten: r.sectorsWritten,
        closed: r.closed,
        retries: (r.retries as unknown[]).length,
        verified: [verified.level, verified.sectorsChecked],
        after: [after.media, after.status, after.totalSectors],
      },
      {
        recipe: "dvd-plus-r",
        startLba: 0,
        imageSectors: image.blocks,
        sectorsWritten: written,
        closed: true,
        retries: 0,
        verified: ["full", image.blocks],
        // tgt shows a closed DVD+R as a DVD-ROM (TGT_FINDINGS.md)
        after: ["dvd-rom", "unsupported", written],
      },
      `${name}: ${JSON.stringify(burned)}`,
    );
    assert.deepEqual(burned.actions, [
      "validating",
      "initializing",
      "writing",
      "finalizing",
      "verifying",
      "completed",
    ]);
    const sent = burned.commands as Record<string, number>;
    assert.equal(sent["WRITE(10)"], written / 16, "one WRITE(10) per 32 KiB");
    assert.equal(sent["CLOSE TRACK/SESSION"], 2, "close track, then close session or finalize");
    assert.equal(sent["RESERVE TRACK"], undefined, "a DVD+R burn does not reserve (tgt refuses)");
    assert.ok(sent["READ(10)"]! >= Math.ceil(image.blocks / 32), "the full read-back");
    const warnings = r.warnings as string[];
    if (close) assert.deepEqual(warnings, []);
    else {
      assert.deepEqual(warnings, [
        "the drive now shows the disc as a DVD-ROM: closing the track or session closed the disc, so no further session can be added",
      ]);
    }
    const state = s("After").state as Record<string, unknown>;
    assert.deepEqual([state.media, state.status, state.writable, state.tracks], [
      "dvd-rom",
      "unsupported",
      false,
      [{ number: 1, session: 1, start: 0, sectors: written, open: false }],
    ]);
    const again = s("BurnAgain");
    assert.deepEqual(
      [again.error, again.message, again.writes],
      ["UnsuitableMediaError", "Cannot burn: a DVD-ROM is pressed, read-only media", 0],
    );

    const bytes = await Deno.readFile(backing);
    assert.equal(bytes.length, written * 2048, `${backing} holds the sectors written`);
    assert.equal(
      await sha256(bytes.subarray(0, image.bytes.length)),
      image.sha,
      "the backing file starts with the image, byte for byte",
    );
    assert.ok(bytes.subarray(image.bytes.length).every((b) => b === 0), "then zero padding");
  }
}
