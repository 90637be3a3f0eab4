/**
 * Appendable multi-session on CD-R, DVD+R and BD-R: a second burn appends a session at the
 * next writable address the first burn left.
 *
 * kiln's mastering cannot place an image at a start LBA yet (its extents always count from
 * LBA 0), so a second session mastered by kiln is written correctly but is not a file
 * system readers mount: the burn says so in a warning, and the test checks the sectors
 * landed where the drive said (full verification at the NWA). To test the whole
 * multi-session path, the second session is also mastered by xorriso for the NWA
 * (`-C last_session_start,nwa -M disc`), burned by kiln as an image file, and the disc is
 * then listed through the drive at the last session: it shows the files of both sessions.
 */

import { burn } from "../../src/recorder/burn.ts";
import { listDisc } from "../../src/recorder/disc_listing.ts";
import { openImageFile } from "../../src/recorder/image_file.ts";
import { verify } from "../../src/recorder/verify.ts";
import { put } from "../_helpers/fixture_tree.ts";
import { runTool } from "../_helpers/run_tool.ts";
import { masterFor, tempRecorder } from "./_virtual.ts";
import type { MediaClass } from "../../src/model/media_defaults.ts";

const first = await Deno.makeTempDir();
await put(first, "one/first.txt", "first session\n");
const second = await Deno.makeTempDir();
await put(second, "two/second.txt", "second session\n");

for (const [media, mediaClass] of [["cd-r", "cd"], ["dvd+r", "dvd"], ["bd-r", "bd"]] as const) {
  Deno.test(`burn() twice on ${media}: the second session starts at the NWA; a kiln image there gets a warning`, async () => {
    const t = await tempRecorder(media);
    try {
      const s1 = await burn(t.recorder, await masterFor(first, mediaClass as MediaClass));
      const nwa = s1.stateAfter.nextWritableAddress!;
      if (s1.stateAfter.status !== "appendable" || !(nwa > 0)) throw new Error("not appendable");
      const image2 = await masterFor(second, mediaClass as MediaClass);
      const s2 = await burn(t.recorder, image2, { verify: "full" });
      if (s2.startLba !== nwa) throw new Error(`second session at ${s2.startLba}, NWA was ${nwa}`);
      if (s2.stateAfter.sessions !== 2 || s2.stateAfter.lastSessionStart !== nwa) {
        throw new Error(JSON.stringify(s2.stateAfter));
      }
      if (!s2.warnings.some((w) => w.includes("mastered for LBA 0 but written as a new session"))) {
        throw new Error(`no warning: ${s2.warnings}`);
      }
      // The sectors are where the drive said, whatever readers make of them.
      await verify(t.recorder, image2, { level: "full", startLba: nwa });
    } finally {
      await t.cleanup();
    }
  });

  Deno.test(`burn() an image xorriso mastered for the NWA on ${media}: the drive shows both sessions' files`, async () => {
    const t = await tempRecorder(media);
    const work = await Deno.makeTempDir();
    try {
      const s1 = await burn(t.recorder, await masterFor(first, mediaClass as MediaClass));
      const nwa = s1.stateAfter.nextWritableAddress!;
      await t.recorder.close();
      const r = await runTool("xorriso", [
        "-as",
        "mkisofs",
        "-R",
        "-J",
        "-C",
        `${s1.stateAfter.lastSessionStart},${nwa}`,
        "-M",
        t.path,
        "-o",
        `${work}/s2.iso`,
        second,
      ]);
      if (r.code !== 0) throw new Error(`xorriso: ${r.stderr}`);
      const recorder = await t.reopen();
      const s2 = await burn(recorder, await openImageFile(`${work}/s2.iso`), { verify: "full" });
      if (s2.startLba !== nwa || s2.warnings.length !== 0) throw new Error(JSON.stringify(s2));
      const state = await recorder.mediaState();
      const listing = await listDisc((lba, n) => recorder.drive.read10(lba, n), {
        sessionStart: state.lastSessionStart!,
      });
      const files = listing?.entries.filter((e) => e.kind === "file").map((e) => e.path).sort();
      if (files?.join() !== "/one/first.txt,/two/second.txt") throw new Error(`${files}`);
    } finally {
      await Deno.remove(work, { recursive: true });
      await t.cleanup();
    }
  });
}

addEventListener("unload", () => {
  Deno.removeSync(first, { recursive: true });
  Deno.removeSync(second, { recursive: true });
});
