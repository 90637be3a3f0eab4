/**
 * verify(): quick (disc and track information plus sampled sectors) and full (every
 * sector's SHA-256) against the image; a sector changed on the disc behind kiln's back is
 * found at its LBA by a full verification (and by a quick one when it is a sampled sector);
 * an unreadable sector is named with its sense; a blank disc or a too-short recording is
 * refused.
 */

import { burn } from "../../src/recorder/burn.ts";
import { openImageFile } from "../../src/recorder/image_file.ts";
import { VerifyError } from "../../src/recorder/recorder_errors.ts";
import { verify } from "../../src/recorder/verify.ts";
import { quickSampleSectors } from "../../src/recorder/verify_sample.ts";
import { writeImageFile } from "../../src/iso.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { makeRandomTree } from "../_helpers/fixture_tree.ts";
import { masterFor, tempRecorder } from "./_virtual.ts";

const source = await makeRandomTree(9);

async function flipByte(path: string, lba: number): Promise<void> {
  const f = await Deno.open(path, { read: true, write: true });
  try {
    const b = new Uint8Array(1);
    await f.seek(lba * 2048 + 100, Deno.SeekMode.Start);
    await f.read(b);
    b[0] = b[0]! ^ 0xff;
    await f.seek(lba * 2048 + 100, Deno.SeekMode.Start);
    await f.write(b);
  } finally {
    f.close();
  }
}

Deno.test("verify() quick and full pass on a good burn, for a mastered image and for an image file", async () => {
  const t = await tempRecorder("dvd+r");
  const dir = await Deno.makeTempDir();
  try {
    const image = await masterFor(source, "dvd");
    await burn(t.recorder, image);
    const quick = await verify(t.recorder, image, { level: "quick" });
    const samples = quickSampleSectors(image.sectors);
    if (quick.sectorsChecked !== samples.length || quick.startLba !== 0) throw new Error("quick");
    const full = await verify(t.recorder, image);
    if (full.level !== "full" || full.sectorsChecked !== image.sectors) throw new Error("full");
    await writeImageFile(image, `${dir}/x.iso`);
    const file = await openImageFile(`${dir}/x.iso`);
    await verify(t.recorder, file, { level: "quick" });
    await verify(t.recorder, file, { level: "full" });
    const none = await verify(t.recorder, file, { level: "none" });
    if (none.sectorsChecked !== 0) throw new Error("none");
  } finally {
    await Deno.remove(dir, { recursive: true });
    await t.cleanup();
  }
});

Deno.test("verify() finds a sector changed behind kiln's back: full names its LBA; quick only when sampled", async () => {
  const t = await tempRecorder("bd-re");
  try {
    const image = await masterFor(source, "bd");
    await burn(t.recorder, image);
    const samples = new Set(quickSampleSectors(image.sectors));
    let unsampled = image.sectors - 2;
    while (samples.has(unsampled)) unsampled--;
    await t.recorder.close();
    await flipByte(t.path, unsampled);
    const recorder = await t.reopen();
    await verify(recorder, image, { level: "quick" }); // sampling does not see it
    const err = await expectError(
      verify(recorder, image, { level: "full" }),
      VerifyError,
      `Cannot verify sector ${unsampled}: what the disc holds differs from the image`,
    );
    if (err.lba !== unsampled || err.kind !== "mismatch") throw new Error(`${err.lba} ${err.kind}`);
    await recorder.close();
    await flipByte(t.path, 16);
    const again = await t.reopen();
    const q = await expectError(verify(again, image, { level: "quick" }), VerifyError, "sector 16");
    if (q.lba !== 16) throw new Error(String(q.lba));
  } finally {
    await t.cleanup();
  }
});

Deno.test("verify() names an unreadable sector and the drive's sense", async () => {
  const t = await tempRecorder("dvd-ram");
  try {
    const image = await masterFor(source, "dvd");
    await burn(t.recorder, image);
    const recorder = await t.reopen("mediumError=40");
    const err = await expectError(
      verify(recorder, image, { level: "full" }),
      VerifyError,
      "Cannot verify sector 40: the drive cannot read it (MEDIUM ERROR [3/11/00]",
    );
    if (err.kind !== "unreadable" || err.lba !== 40) throw new Error(`${err.kind} ${err.lba}`);
  } finally {
    await t.cleanup();
  }
});

Deno.test("verify() refuses a blank disc and a recording shorter than the image", async () => {
  const t = await tempRecorder("dvd+r");
  try {
    const image = await masterFor(source, "dvd");
    await expectError(
      verify(t.recorder, image),
      VerifyError,
      "Cannot verify: the drive shows a blank DVD+R",
    );
    const short = { size: 32 * 2048, stream: () => new Blob([new Uint8Array(32 * 2048)]).stream() };
    await burn(t.recorder, short);
    await expectError(
      verify(t.recorder, image),
      VerifyError,
      "Cannot verify: the disc has recorded sectors up to LBA 31",
    );
  } finally {
    await t.cleanup();
  }
});

addEventListener("unload", () => Deno.removeSync(source, { recursive: true }));
