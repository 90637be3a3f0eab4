/**
 * Cancellation mid-burn leaves each medium in the state burn_stop.ts documents, which
 * `mediaState()` reports (also after reopening the drive), and the disc stays usable: a
 * later burn appends (write-once media) or overwrites (overwritable media) and verifies.
 */

import { burn } from "../../src/recorder/burn.ts";
import { erase } from "../../src/recorder/erase.ts";
import { BurnCancelledError } from "../../src/recorder/recorder_errors.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { pseudoRandomBytes, put } from "../_helpers/fixture_tree.ts";
import { masterFor, tempRecorder } from "./_virtual.ts";
import type { MediaClass } from "../../src/model/media_defaults.ts";

const folder = await Deno.makeTempDir();
await put(folder, "big.bin", pseudoRandomBytes(6 * 1024 * 1024, 3));
await put(folder, "small.txt", "small\n");

/** [medium, class, the state after a cancelled burn] */
const CASES: [string, MediaClass, "appendable" | "overwritable"][] = [
  ["cd-r", "cd", "appendable"],
  ["cd-rw", "cd", "appendable"],
  ["dvd-r", "dvd", "appendable"],
  ["dvd+r", "dvd", "appendable"],
  ["dvd+r-dl", "dvd", "appendable"],
  ["bd-r", "bd", "appendable"],
  ["dvd+rw", "dvd", "overwritable"],
  ["dvd-rw-ro", "dvd", "overwritable"],
  ["dvd-ram", "dvd", "overwritable"],
  ["bd-re", "bd", "overwritable"],
];

for (const [media, mediaClass, want] of CASES) {
  Deno.test(`burn() cancelled on ${media} (close: true) leaves it ${want}, and it can be written again`, async () => {
    const t = await tempRecorder(media);
    try {
      const image = await masterFor(folder, mediaClass);
      const ac = new AbortController();
      const err = await expectError(
        burn(t.recorder, image, {
          close: true,
          signal: ac.signal,
          onProgress: (p) => {
            if (p.action === "writing" && p.sectorsDone >= 320) ac.abort(new Error("stop"));
          },
        }),
        BurnCancelledError,
        "The burn was cancelled after",
        "flushed the drive's buffer",
        `the disc is now ${media.toUpperCase()}, ${want}`,
      );
      if (err.sectorsWritten < 320 || err.sectorsWritten >= image.sectors) {
        throw new Error(`written ${err.sectorsWritten}`);
      }
      if (err.stateAfter?.status !== want) throw new Error(`state ${err.stateAfter?.status}`);
      const reopened = await (await t.reopen()).mediaState();
      if (reopened.status !== want || !reopened.writable) {
        throw new Error(`reopened: ${reopened.status} ${reopened.notWritableReason}`);
      }
      if (want === "appendable" && reopened.sessions !== 1) throw new Error("the partial session");
      const again = await burn(t.recorder, await masterFor(folder, mediaClass), { verify: "full" });
      const start = want === "appendable" ? reopened.nextWritableAddress : 0;
      if (again.startLba !== start) throw new Error(`second burn at ${again.startLba}`);
    } finally {
      await t.cleanup();
    }
  });
}

Deno.test("burn() cancelled in DAO on a quick-blanked DVD-RW: flushed, the state reported, erasable again", async () => {
  const t = await tempRecorder("dvd-rw");
  try {
    await burn(t.recorder, await masterFor(folder, "dvd"), { close: true });
    await erase(t.recorder, { full: false });
    const image = await masterFor(folder, "dvd");
    const ac = new AbortController();
    const err = await expectError(
      burn(t.recorder, image, {
        signal: ac.signal,
        onProgress: (p) => {
          if (p.action === "writing" && p.sectorsDone >= 320) ac.abort();
        },
      }),
      BurnCancelledError,
      "flushed the drive's buffer",
      "the disc is now DVD-RW",
    );
    if (!err.stateAfter || err.stateAfter.status === "blank") throw new Error("state");
    await erase(t.recorder, { full: true });
    const r = await burn(t.recorder, image, { verify: "full" });
    if (r.recipe !== "dvd-minus" || r.stateAfter.status !== "appendable") throw new Error(r.recipe);
  } finally {
    await t.cleanup();
  }
});

Deno.test("burn() with an already aborted signal writes nothing", async () => {
  const t = await tempRecorder("bd-r");
  try {
    const ac = new AbortController();
    ac.abort();
    await expectError(
      burn(t.recorder, await masterFor(folder, "bd"), { signal: ac.signal }),
      BurnCancelledError,
      "cancelled before anything was written",
    );
    if ((await t.recorder.mediaState()).status !== "blank") throw new Error("written");
  } finally {
    await t.cleanup();
  }
});

addEventListener("unload", () => Deno.removeSync(folder, { recursive: true }));
