/**
 * erase(): quick and full BLANK of CD-RW and DVD-RW, FORMAT UNIT of DVD+RW, BD-RE and
 * DVD-RAM, then a new burn that verifies; write-once, pressed, write-protected media and an
 * empty drive are refused.
 */

import { burn } from "../../src/recorder/burn.ts";
import { erase, type EraseProgress } from "../../src/recorder/erase.ts";
import { UnsuitableMediaError } from "../../src/recorder/recorder_errors.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { put } from "../_helpers/fixture_tree.ts";
import { masterFor, tempRecorder } from "./_virtual.ts";
import type { MediaClass } from "../../src/model/media_defaults.ts";

const folder = await Deno.makeTempDir();
await put(folder, "a.txt", "erase me\n");

/** [medium, class, full, method, state after the erase] */
const CASES: [string, MediaClass, boolean, string, string][] = [
  ["cd-rw", "cd", false, "blank-minimal", "blank"],
  ["cd-rw", "cd", true, "blank-full", "blank"],
  ["dvd-rw", "dvd", false, "blank-minimal", "blank"],
  ["dvd-rw", "dvd", true, "blank-full", "blank"],
  ["dvd+rw", "dvd", false, "format", "overwritable"],
  ["dvd+rw", "dvd", true, "format", "overwritable"],
  ["bd-re", "bd", false, "format", "overwritable"],
  ["bd-re", "bd", true, "format", "overwritable"],
  ["dvd-ram", "dvd", true, "format", "overwritable"],
];

for (const [media, mediaClass, full, method, after] of CASES) {
  Deno.test(`erase() ${full ? "full" : "quick"} on a written ${media} (${method}), then burn again`, async () => {
    const t = await tempRecorder(media);
    try {
      const image = await masterFor(folder, mediaClass);
      await burn(t.recorder, image, { close: true });
      const events: EraseProgress[] = [];
      const r = await erase(t.recorder, { full, onProgress: (p) => events.push(p) });
      if (r.method !== method || r.stateAfter.status !== after) {
        throw new Error(`${r.method} ${r.stateAfter.status}`);
      }
      if (events.at(-1)?.action !== "completed" || events.at(-1)?.fraction !== 1) {
        throw new Error(JSON.stringify(events.at(-1)));
      }
      if (events.some((e, i) => i > 0 && e.fraction < events[i - 1]!.fraction)) {
        throw new Error("progress went backwards");
      }
      if (after === "blank" && (r.stateAfter.sessions !== 0 || !r.stateAfter.writable)) {
        throw new Error(JSON.stringify(r.stateAfter));
      }
      const again = await burn(t.recorder, image, { verify: "full" });
      if (again.startLba !== 0 || again.verify?.sectorsChecked !== image.sectors) {
        throw new Error(JSON.stringify(again));
      }
    } finally {
      await t.cleanup();
    }
  });
}

Deno.test("erase() quick on a DVD-RW leaves it for disc-at-once writing; a full blank restores incremental", async () => {
  const t = await tempRecorder("dvd-rw");
  try {
    const image = await masterFor(folder, "dvd");
    await erase(t.recorder, { full: false });
    const dao = await burn(t.recorder, image);
    if (dao.stateAfter.status !== "closed" || !dao.description.includes("disc at once")) {
      throw new Error(`${dao.description} ${dao.stateAfter.status}`);
    }
    await erase(t.recorder, { full: true });
    const inc = await burn(t.recorder, image);
    if (inc.stateAfter.status !== "appendable" || !inc.description.includes("incremental")) {
      throw new Error(`${inc.description} ${inc.stateAfter.status}`);
    }
  } finally {
    await t.cleanup();
  }
});

Deno.test("erase() refuses write-once, pressed and write-protected media and an empty drive", async () => {
  const cases: [string, string, string, Uint8Array | undefined][] = [
    ["cd-r", "", "Cannot erase the CD-R: it is write-once media", undefined],
    ["bd-r", "", "Cannot erase the BD-R: it is write-once media", undefined],
    ["dvd-rom", "", "Cannot erase the DVD-ROM: it is read-only media", new Uint8Array(64 * 2048)],
    ["cd-rw", "wp=1", "Cannot erase the CD-RW: it is write-protected", undefined],
    ["bd-re", "wp=1", "Cannot erase the BD-RE: it is write-protected", undefined],
    ["none", "", "Cannot erase: there is no disc in the drive", undefined],
  ];
  for (const [media, keys, needle, content] of cases) {
    const t = await tempRecorder(media, keys, content);
    try {
      await expectError(erase(t.recorder), UnsuitableMediaError, needle);
    } finally {
      await t.cleanup();
    }
  }
});

addEventListener("unload", () => Deno.removeSync(folder, { recursive: true }));
