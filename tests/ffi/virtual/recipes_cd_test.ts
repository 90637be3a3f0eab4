import { buildBlankCdb } from "../../../src/mmc/commands/blank.ts";
import { buildRead10Cdb } from "../../../src/mmc/commands/read10.ts";
import {
  buildReadTocCdb,
  parseReadTocResponse,
  parseReadTocSessionInfoResponse,
} from "../../../src/mmc/commands/read_toc.ts";
import {
  parseReadTocAtipResponse,
  parseReadTocFullTocResponse,
} from "../../../src/mmc/commands/read_toc_full.ts";
import { buildSetCdSpeedCdb } from "../../../src/mmc/commands/set_cd_speed.ts";
import { buildWrite10Cdb } from "../../../src/mmc/commands/write10.ts";
import { buildSendCueSheetCdb } from "../../../src/mmc/commands/send_cue_sheet.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { ok, pattern, send, tempDrive, waitReady } from "./_drive.ts";
import {
  close,
  discInfo,
  flush,
  nextWritable,
  selectPage05,
  trackInfo,
  writeBlocks,
} from "./_recipe.ts";

const TAO = { writeType: 1, trackMode: 4, dataBlockType: 8, audioPauseLength: 150 };

Deno.test("CD-R TAO, two sessions (mmc.md 4.1): NWA, pregaps, run-out, lead-in/out gaps, TOC, finalize", async () => {
  const t = await tempDrive({ media: "cd-r" });
  const d = t.drive;
  try {
    const blank = await discInfo(d);
    assertEquals([blank.status, blank.erasable, blank.sessions], ["blank", false, 1]);
    await ok(d, buildSetCdSpeedCdb({ readSpeed: 0xffff, writeSpeed: 4234 }));
    assertEquals((await selectPage05(d, { ...TAO, multiSession: 3 })).code, "ok");
    const inv = await trackInfo(d, 0xff);
    assertEquals([inv.nwaValid, inv.nextWritableAddress, inv.freeBlocks, inv.blank], [
      true,
      0,
      359_847,
      true,
    ]);
    await writeBlocks(d, 0, 1000);
    await flush(d); // TAO: the flush ends the track (libburn sends no CLOSE TRACK on CD)
    assertEquals((await trackInfo(d, 1)).trackSize, 1002);
    assertEquals(await nextWritable(d, true), 1152);
    await writeBlocks(d, 1152, 500);
    await flush(d);
    assertEquals((await close(d, 2)).code, "ok");
    const one = await discInfo(d);
    assertEquals([one.status, one.sessions, one.lastSessionState], ["appendable", 2, 0]);
    assertEquals(await nextWritable(d, true), 1152 + 502 + 11_400);
    const toc = parseReadTocResponse((await ok(d, buildReadTocCdb({ format: 0 }), 1024)).data);
    assertEquals(toc.tracks.map((x) => [x.track, x.lba, x.control]), [[1, 0, 4], [2, 1152, 4], [
      0xaa,
      1654,
      4,
    ]]);
    const ms = parseReadTocSessionInfoResponse(
      (await ok(d, buildReadTocCdb({ format: 1 }), 12)).data,
    );
    assertEquals([ms.lastSession, ms.firstTrackInLastSession.lba], [1, 0]);
    const full = parseReadTocFullTocResponse(
      (await ok(d, buildReadTocCdb({ format: 2 }), 1024)).data,
    );
    const b0 = full.entries.find((e) => e.point === 0xb0)!;
    assertEquals([b0.adr, b0.min * 4500 + b0.sec * 75 + b0.frame - 150], [5, 1654 + 11_400]);
    const s2 = 1654 + 11_400;
    await writeBlocks(d, s2, 300);
    await flush(d);
    await selectPage05(d, { ...TAO, multiSession: 0 });
    await close(d, 2);
    const done = await discInfo(d);
    assertEquals([done.status, done.lastSessionState, done.lastPossibleLeadOut], [
      "complete",
      3,
      0xffffffff,
    ]);
    assertEquals((await trackInfo(d, 0xff)).nwaValid, false);
    assertEquals(
      (await send(d, buildWrite10Cdb({ lba: s2 + 452, transferLength: 1 }), pattern(0, 1))).code,
      "5/21/02",
    );
    assertEquals(
      (await ok(d, buildRead10Cdb({ lba: 1200, transferLength: 2 }), 4096)).data,
      pattern(1200, 2),
    );
    assertEquals(
      (await send(d, buildRead10Cdb({ lba: 1001, transferLength: 1 }), 2048)).code,
      "8/00/00",
    ); // run-out
  } finally {
    await t.cleanup();
  }
});

Deno.test("CD-R ATIP: lead-in 97:26:66 (LBA -11634), last possible lead-out 79:59:74", async () => {
  const t = await tempDrive({ media: "cd-r" });
  try {
    const atip = parseReadTocAtipResponse(
      (await ok(t.drive, buildReadTocCdb({ format: 4, msf: true }), 28)).data,
    );
    assertEquals([atip.leadInStartLba, atip.leadOutStartLba, atip.rewritable], [
      -11_634,
      359_849,
      false,
    ]);
    assertEquals((await send(t.drive, buildReadTocCdb({ format: 0 }), 12)).code, "5/24/00"); // blank: no TOC
    const di = await discInfo(t.drive);
    assertEquals([di.lastSessionLeadIn, di.lastPossibleLeadOut], [
      (97 << 16) | (26 << 8) | 66,
      (79 << 16) | (59 << 8) | 74,
    ]);
  } finally {
    await t.cleanup();
  }
});

function cueEntry(tno: number, index: number, form: number, lba: number, control = 4): number[] {
  const f = lba + 150;
  return [
    (control << 4) | 1,
    tno,
    index,
    form,
    0,
    Math.floor(f / 4500),
    Math.floor(f / 75) % 60,
    f % 75,
  ];
}

Deno.test("CD-RW SAO (mmc.md 4.2): cue sheet, WRITE from -150, the flush closes the disc; then BLANK", async () => {
  const t = await tempDrive({ media: "cd-rw" });
  const d = t.drive;
  try {
    const cue = new Uint8Array([
      ...cueEntry(0, 0, 0x14, -150),
      ...cueEntry(1, 0, 0x10, -150),
      ...cueEntry(1, 1, 0x10, 0),
      ...cueEntry(0xaa, 1, 0x14, 600),
    ]);
    const cdb = buildSendCueSheetCdb({ cueSheetSize: cue.length });
    assertEquals((await send(d, cdb, cue)).code, "5/2C/00"); // page 05 still says packet
    await selectPage05(d, { writeType: 2, multiSession: 0 });
    const short = cue.subarray(0, 24);
    assertEquals(
      (await send(d, buildSendCueSheetCdb({ cueSheetSize: 24 }), short)).code,
      "5/26/00",
    ); // no lead-out
    await ok(d, cdb, cue);
    assertEquals(
      (await send(d, buildWrite10Cdb({ lba: 0, transferLength: 16 }), pattern(0, 16))).code,
      "5/21/02",
    );
    await ok(d, buildWrite10Cdb({ lba: -150, transferLength: 150 }), new Uint8Array(150 * 2048));
    await writeBlocks(d, 0, 600, 32);
    assertEquals(
      (await send(d, buildWrite10Cdb({ lba: 600, transferLength: 1 }), pattern(0, 1))).code,
      "5/63/00",
    );
    await flush(d);
    const di = await discInfo(d);
    assertEquals([di.status, di.erasable], ["complete", true]);
    assertEquals(
      (await ok(d, buildRead10Cdb({ lba: 599, transferLength: 1 }), 2048)).data,
      pattern(599, 1),
    );
    await ok(d, buildBlankCdb({ immed: true, blankingType: 1 }));
    const w = await waitReady(d);
    assertEquals(w.polls >= 1, true);
    assertEquals((await discInfo(d)).status, "blank");
    assertEquals(
      (await send(d, buildRead10Cdb({ lba: 0, transferLength: 1 }), 2048)).code,
      "5/21/00",
    );
    assertEquals((await Deno.stat(t.path)).size, 0);
  } finally {
    await t.cleanup();
  }
});

Deno.test("CD-ROM is read-only: WRITE 5/30/05, BLANK 5/30/06, READ returns the image", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/pressed.iso`;
  await Deno.writeFile(path, pattern(0, 32));
  const { VirtualRecorder } = await import("../../../ffi/virtual/virtual_recorder.ts");
  const d = await VirtualRecorder.open({ path, media: "cd-rom", timeScale: 0 });
  try {
    assertEquals((await send(d, buildBlankCdb({}))).code, "6/29/00");
    assertEquals(
      (await send(d, buildWrite10Cdb({ lba: 32, transferLength: 1 }), pattern(0, 1))).code,
      "5/30/05",
    );
    assertEquals((await send(d, buildBlankCdb({ blankingType: 0 }))).code, "5/30/06");
    assertEquals((await discInfo(d)).status, "complete");
    assertEquals(
      (await ok(d, buildRead10Cdb({ lba: 31, transferLength: 1 }), 2048)).data,
      pattern(31, 1),
    );
    assertEquals(
      (await send(d, buildRead10Cdb({ lba: 32, transferLength: 1 }), 2048)).code,
      "5/21/00",
    );
  } finally {
    await d.close();
    await Deno.remove(dir, { recursive: true });
  }
});
