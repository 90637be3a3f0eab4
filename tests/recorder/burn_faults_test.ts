/**
 * The fault matrix: every fault the virtual drive injects, and every drive quirk it
 * models, gives the documented outcome (retry_policy.ts, burn_stop.ts):
 *
 * - transient conditions (2/04/08, not-ready bursts, unit attentions, aborted commands,
 *   command sequence errors, and the quirks of mmc.md §6) are retried and the burn
 *   succeeds; the disc then verifies in full, read back through a freshly opened drive;
 * - lasting failures (medium and hardware errors, an invalid address, a not-ready burst
 *   longer than the retry bound, power loss) stop the burn with a BurnError naming the LBA
 *   and the sense; and a verification of what is on the disc then fails too, so no fault
 *   ever leaves a disc that passes for good.
 */

import { burn } from "../../src/recorder/burn.ts";
import { BurnError, VerifyError } from "../../src/recorder/recorder_errors.ts";
import { verify } from "../../src/recorder/verify.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { makeRandomTree } from "../_helpers/fixture_tree.ts";
import { masterFor, tempRecorder } from "./_virtual.ts";
import type { MediaClass } from "../../src/model/media_defaults.ts";

const source = await makeRandomTree(4);
const classOf = (media: string): MediaClass =>
  media.startsWith("cd") ? "cd" : media.startsWith("bd") ? "bd" : "dvd";

/** [what, medium, spec keys, the sense category retried (or undefined: no retry needed)] */
const RECOVERED: [string, string, string, string | undefined][] = [
  ["2/04/08 long write in progress", "dvd+r", "senseOnWrite=3:2/04/08", "long-write-in-progress"],
  ["2/04/08 on BD-R", "bd-r", "senseOnWrite=2:2/04/08", "long-write-in-progress"],
  ["2/04/01 becoming ready", "dvd+r", "senseOnWrite=3:2/04/01", "becoming-ready"],
  ["2/04/07 operation in progress", "cd-r", "senseOnWrite=3:2/04/07", "not-ready-retry"],
  ["a not-ready burst of 5 mid-write", "dvd-rw", "notReady=5@3", "becoming-ready"],
  ["a not-ready burst at load", "bd-re", "notReady=5", undefined],
  ["6/28/00 medium may have changed", "dvd+r", "senseOnWrite=3:6/28/00", "unit-attention"],
  ["6/29/00 reset on overwritable media", "bd-re", "senseOnWrite=2:6/29/00", "unit-attention"],
  [
    "6/29/00 reset on DVD-R (page 05h re-sent)",
    "dvd-r",
    "senseOnWrite=3:6/29/00",
    "unit-attention",
  ],
  ["B/47/00 aborted command", "dvd-ram", "senseOnWrite=3:B/47/00", "aborted-retry"],
  ["5/2C/00 command sequence error", "dvd+rw", "senseOnWrite=3:5/2C/00", "command-sequence"],
  [
    "descriptor-format sense",
    "dvd+r",
    "quirks=sense-descriptor&senseOnWrite=3:2/04/08",
    "long-write-in-progress",
  ],
  [
    "quirk long-write-sense, small buffer",
    "dvd+r",
    "quirks=long-write-sense&buffer=64k",
    undefined,
  ],
  ["quirk immed-fall-through (Pioneer)", "dvd+r", "quirks=immed-fall-through", "not-ready-retry"],
  ["quirk immed-fall-through on CD", "cd-rw", "quirks=immed-fall-through", "not-ready-retry"],
  ["quirk immed-ignored", "bd-r", "quirks=immed-ignored", undefined],
  ["quirk progress-request-sense", "bd-re", "quirks=progress-request-sense", undefined],
  ["quirk progress-none", "dvd+rw", "quirks=progress-none", undefined],
  ["quirk busy-04-00", "dvd-r", "quirks=busy-04-00", undefined],
  ["quirk nwa-150", "bd-r", "quirks=nwa-150", undefined],
  ["quirk no-perf", "dvd+r", "quirks=no-perf", undefined],
  ["quirk perf-fails", "dvd+r", "quirks=perf-fails", undefined],
  ["quirk page2a-zero", "cd-r", "quirks=page2a-zero,perf-fails", undefined],
  ["quirk streaming-range", "dvd+rw", "quirks=streaming-range", undefined],
  ["quirk page05-strict", "dvd-r", "quirks=page05-strict", undefined],
  ["quirk cd-close-track-error", "cd-r", "quirks=cd-close-track-error", undefined],
  ["quirk no-auto-format", "dvd+rw", "quirks=no-auto-format", undefined],
  ["quirk buffer-bogus", "dvd+r", "quirks=buffer-bogus", undefined],
];

for (const [what, media, keys, category] of RECOVERED) {
  Deno.test(`burn() survives ${what} on ${media} and the disc verifies`, async () => {
    const t = await tempRecorder(media, keys);
    try {
      const image = await masterFor(source, classOf(media));
      const r = await burn(t.recorder, image, { verify: "full" });
      if (category && !r.retries.some((x) => x.category === category)) {
        throw new Error(`no ${category} retry: ${JSON.stringify(r.retries)}`);
      }
      if (!category && r.retries.some((x) => x.command.startsWith("WRITE"))) {
        throw new Error(`unexpected WRITE retries: ${JSON.stringify(r.retries)}`);
      }
      const again = await t.reopen();
      const v = await verify(again, image, { level: "full", startLba: 0 });
      if (v.sectorsChecked !== image.sectors) throw new Error("not all verified");
    } finally {
      await t.cleanup();
    }
  });
}

/** [what, medium, spec keys, LBA named, texts the message holds] */
const STOPPED: [string, string, string, number, string[]][] = [
  ["3/0C/00 write error", "dvd+r", "senseOnWrite=3:3/0C/00", 32, [
    "MEDIUM ERROR [3/0C/00] write error",
    "never retried",
  ]],
  ["a medium error at LBA 100", "cd-r", "mediumError=100-110", 100, ["MEDIUM ERROR [3/0C/00]"]],
  ["a medium error on BD-RE", "bd-re", "mediumError=70", 70, ["MEDIUM ERROR [3/0C/00]"]],
  ["4/44/00 hardware error", "bd-r", "senseOnWrite=2:4/44/00", 32, ["HARDWARE ERROR [4/44/00]"]],
  ["5/21/02 invalid address", "dvd-r", "senseOnWrite=3:5/21/02", 32, ["[5/21/02]"]],
  ["a not-ready burst past the retry bound", "dvd+r", "notReady=30@3", 32, [
    "NOT READY [2/04/01]",
    "gave up after 20 retries",
  ]],
];

for (const [what, media, keys, lba, needles] of STOPPED) {
  Deno.test(`burn() stops on ${what} on ${media}, naming LBA ${lba}, and the disc does not verify`, async () => {
    const t = await tempRecorder(media, keys);
    try {
      const image = await masterFor(source, classOf(media));
      const err = await expectError(
        burn(t.recorder, image, { verify: "full" }),
        BurnError,
        `Cannot write sector ${lba} of the ${media.toUpperCase()}`,
        ...needles,
        "the burn stopped after",
      );
      if (err.lba !== lba || err.sectorsWritten > lba) throw new Error(`lba ${err.lba}`);
      if (!err.stateAfter) throw new Error("no state after");
      const again = await t.reopen();
      await expectError(
        verify(again, image, { level: "full", startLba: 0 }),
        VerifyError,
        "Cannot verify",
      );
    } finally {
      await t.cleanup();
    }
  });
}

Deno.test("burn() after a recovered error that recorded nothing does not leave a disc that passes", async () => {
  // SPC: RECOVERED ERROR means the command completed. The virtual drive records nothing for
  // it; kiln counts the WRITE as done, so the next WRITE lands past the NWA and stops the burn.
  const t = await tempRecorder("dvd+r", "senseOnWrite=3:1/17/01");
  try {
    const image = await masterFor(source, "dvd");
    try {
      await burn(t.recorder, image, { verify: "full" });
    } catch (err) {
      if (!(err instanceof BurnError) && !(err instanceof VerifyError)) throw err;
      return;
    }
    const v = await verify(await t.reopen(), image, { level: "full", startLba: 0 });
    if (v.sectorsChecked !== image.sectors) throw new Error("incomplete");
  } finally {
    await t.cleanup();
  }
});

Deno.test("burn() on power loss stops with the LBA; after power returns the disc shows the damage and does not verify", async () => {
  const t = await tempRecorder("dvd+r", "powerLoss=3");
  try {
    const image = await masterFor(source, "dvd");
    const err = await expectError(
      burn(t.recorder, image),
      BurnError,
      "Cannot write sector 32 of the DVD+R",
      "lost power",
      "the disc's state cannot be read",
    );
    if (err.stateAfter !== undefined) throw new Error("state after a power loss");
    await t.virtual.powerCycle();
    const state = await t.recorder.mediaState();
    if (state.status !== "appendable" || state.writable && !state.damaged) {
      throw new Error(`after power loss: ${JSON.stringify(state)}`);
    }
    await expectError(
      verify(t.recorder, image, { level: "full", startLba: 0 }),
      VerifyError,
      "Cannot verify",
    );
  } finally {
    await t.cleanup();
  }
});

addEventListener("unload", () => Deno.removeSync(source, { recursive: true }));
