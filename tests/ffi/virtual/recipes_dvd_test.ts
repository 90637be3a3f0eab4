import { buildBlankCdb } from "../../../src/mmc/commands/blank.ts";
import {
  buildFormatUnitCdb,
  buildFormatUnitParameters,
} from "../../../src/mmc/commands/format_unit.ts";
import {
  buildGetConfigurationCdb,
  parseGetConfigurationResponse,
} from "../../../src/mmc/commands/get_configuration.ts";
import { buildRead10Cdb } from "../../../src/mmc/commands/read10.ts";
import {
  buildReadFormatCapacitiesCdb,
  parseReadFormatCapacitiesResponse,
} from "../../../src/mmc/commands/read_format_capacities.ts";
import { buildWrite10Cdb } from "../../../src/mmc/commands/write10.ts";
import { buildReadTocCdb, parseReadTocResponse } from "../../../src/mmc/commands/read_toc.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { manualClock, ok, pattern, send, tempDrive, waitReady } from "./_drive.ts";
import {
  close,
  discInfo,
  flush,
  lastLba,
  nextWritable,
  reserve,
  selectPage05,
  trackInfo,
  writeBlocks,
} from "./_recipe.ts";
import type { VirtualRecorder } from "../../../ffi/virtual/virtual_recorder.ts";

const INCREMENTAL = {
  writeType: 0,
  linkSizeValid: true,
  linkSize: 16,
  fixedPacket: true,
  packetSize: 16,
  trackMode: 5,
};

/** libburn's check: GET CONFIGURATION RT=2 for 0021h with 16 bytes, current bit at byte 10. */
async function feature21Current(d: VirtualRecorder): Promise<boolean> {
  const r = await ok(
    d,
    buildGetConfigurationCdb({ rt: 2, startingFeature: 0x21, allocationLength: 16 }),
    16,
  );
  assertEquals([r.data.length, (r.data[8]! << 8) | r.data[9]!], [16, 0x21]);
  return (r.data[10]! & 1) === 1;
}

Deno.test("DVD-R incremental (mmc.md 4.3): two tracks, close track/session, multi-session, border", async () => {
  const t = await tempDrive({ media: "dvd-r" });
  const d = t.drive;
  try {
    assertEquals(await feature21Current(d), true);
    assertEquals((await selectPage05(d, { ...INCREMENTAL, multiSession: 3 })).code, "ok");
    const first = await trackInfo(d, (await discInfo(d)).lastTrackInLastSession);
    assertEquals([first.nextWritableAddress, first.freeBlocks, first.fixedPacketSize], [
      0,
      2_297_888,
      16,
    ]);
    assertEquals(
      (await send(d, buildRead10Cdb({ lba: 0, transferLength: 1 }), 2048)).code,
      "5/21/00",
    );
    await writeBlocks(d, 0, 100);
    await flush(d);
    await close(d, 1, 1);
    assertEquals(await nextWritable(d, false), 112 + 16);
    await writeBlocks(d, 128, 64);
    await flush(d);
    await close(d, 1, 2);
    await close(d, 2);
    const di = await discInfo(d);
    assertEquals([di.status, di.sessions, di.lastTrackInLastSession], ["appendable", 2, 3]);
    assertEquals(await nextWritable(d, false), 192 + 28_688);
    assertEquals(await lastLba(d), 191);
    assertEquals(
      (await send(d, buildWrite10Cdb({ lba: 192, transferLength: 16 }), pattern(192, 16))).code,
      "5/21/02",
    );
    assertEquals((await send(d, buildRead10Cdb({ lba: 0, transferLength: 0 }))).code, "ok");
    assertEquals(
      (await ok(d, buildRead10Cdb({ lba: 130, transferLength: 2 }), 4096)).data,
      pattern(130, 2),
    );
    const gap = await send(d, buildRead10Cdb({ lba: 110, transferLength: 1 }), 2048);
    assertEquals(gap.code, "8/00/00"); // the track's padding: unrecorded, below the recorded end
    const past = await send(d, buildRead10Cdb({ lba: 192, transferLength: 1 }), 2048);
    assertEquals(past.code, "5/21/00"); // past the last recorded block
  } finally {
    await t.cleanup();
  }
});

Deno.test("DVD-R DAO (mmc.md 4.3): RESERVE TRACK of the exact size, write it all, the flush closes the disc", async () => {
  const t = await tempDrive({ media: "dvd-r" });
  const d = t.drive;
  try {
    await selectPage05(d, { writeType: 2, trackMode: 5, linkSizeValid: false, multiSession: 0 });
    assertEquals(
      (await send(d, buildWrite10Cdb({ lba: 0, transferLength: 16 }), pattern(0, 16))).code,
      "5/2C/00",
    );
    assertEquals((await reserve(d, 1000)).code, "ok");
    assertEquals((await trackInfo(d, 1)).trackSize, 1000);
    await writeBlocks(d, 0, 1000, 32);
    assertEquals(
      (await send(d, buildWrite10Cdb({ lba: 1000, transferLength: 1 }), pattern(1000, 1))).code,
      "5/63/00",
    );
    await flush(d);
    const di = await discInfo(d);
    assertEquals([di.status, di.lastSessionState], ["complete", 3]);
    assertEquals((await close(d, 2)).code, "5/2C/00"); // DAO needs no close: nothing left to close
  } finally {
    await t.cleanup();
  }
});

Deno.test("DVD-RW: a minimal blank leaves feature 0021h not current; incremental 5/64/00, DAO works", async () => {
  const t = await tempDrive({ media: "dvd-rw" });
  const d = t.drive;
  try {
    await selectPage05(d, { ...INCREMENTAL, multiSession: 3 });
    await writeBlocks(d, 0, 32);
    await flush(d);
    await ok(d, buildBlankCdb({ immed: true, blankingType: 1 }));
    await waitReady(d);
    assertEquals(await feature21Current(d), false);
    assertEquals(
      (await send(d, buildWrite10Cdb({ lba: 0, transferLength: 16 }), pattern(0, 16))).code,
      "5/64/00",
    );
    await selectPage05(d, { writeType: 2, trackMode: 5, linkSizeValid: false });
    await reserve(d, 64);
    await writeBlocks(d, 0, 64);
    await flush(d);
    assertEquals((await discInfo(d)).status, "complete");
    await ok(d, buildBlankCdb({ immed: true, blankingType: 0 }));
    await waitReady(d);
    assertEquals(await feature21Current(d), true);
  } finally {
    await t.cleanup();
  }
});

Deno.test("DVD-RW restricted overwrite (mmc.md 4.4): FORMAT 15h quick, intermediate, 32 KiB writes, CLOSE SESSION", async () => {
  const t = await tempDrive({ media: "dvd-rw" });
  const d = t.drive;
  try {
    const caps = parseReadFormatCapacitiesResponse(
      (await ok(d, buildReadFormatCapacitiesCdb({ allocationLength: 252 }), 252)).data,
    );
    assertEquals(caps.formats.map((f) => [f.formatType, f.blocks]), [[0x00, 2_297_888], [
      0x10,
      2_297_888,
    ], [0x15, 2_297_888]]);
    const list = buildFormatUnitParameters({
      immed: true,
      blocks: 0,
      formatType: 0x15,
      typeDependent: 16,
    });
    await ok(d, buildFormatUnitCdb(), list);
    await waitReady(d);
    const cfg = parseGetConfigurationResponse(
      (await ok(d, buildGetConfigurationCdb({ allocationLength: 8 }), 8)).data,
    );
    assertEquals(cfg.currentProfile, 0x13);
    assertEquals((await discInfo(d)).status, "appendable"); // intermediate
    assertEquals(
      (await send(d, buildWrite10Cdb({ lba: 8, transferLength: 16 }), pattern(8, 16))).code,
      "5/21/02",
    );
    await writeBlocks(d, 1024, 64);
    await writeBlocks(d, 0, 32);
    await flush(d);
    await close(d, 2);
    assertEquals((await discInfo(d)).status, "complete");
    assertEquals(await lastLba(d), 2_297_887);
    assertEquals(
      (await ok(d, buildRead10Cdb({ lba: 1030, transferLength: 1 }), 2048)).data,
      pattern(1030, 1),
    );
    assertEquals(
      (await ok(d, buildRead10Cdb({ lba: 500, transferLength: 1 }), 2048)).data,
      new Uint8Array(2048),
    );
  } finally {
    await t.cleanup();
  }
});

Deno.test("DVD+R (mmc.md 4.5): track FFh, close track and session after each, finalize 101b", async () => {
  const t = await tempDrive({ media: "dvd+r" });
  const d = t.drive;
  try {
    assertEquals((await trackInfo(d, 0xff)).freeBlocks, 2_295_104);
    await writeBlocks(d, 0, 40);
    await flush(d);
    await close(d, 1, 1);
    await close(d, 2);
    const next = await nextWritable(d, true);
    assertEquals([(await discInfo(d)).status, next], ["appendable", 48 + 0x3000]);
    await writeBlocks(d, next, 16);
    await flush(d);
    await close(d, 1, 2);
    await close(d, 5);
    assertEquals((await discInfo(d)).status, "complete");
  } finally {
    await t.cleanup();
  }
});

Deno.test("DVD+R DL: capacity 4,173,824; with quirk dl-finalize-101 only 101b finalizes", async () => {
  const t = await tempDrive({ media: "dvd+r-dl", quirks: ["dl-finalize-101"] });
  const d = t.drive;
  try {
    assertEquals((await trackInfo(d, 0xff)).freeBlocks, 4_173_824);
    await writeBlocks(d, 0, 16);
    await flush(d);
    await close(d, 1, 1);
    assertEquals((await close(d, 6)).code, "5/24/00");
    assertEquals((await close(d, 5)).code, "ok");
  } finally {
    await t.cleanup();
  }
});

Deno.test("DVD+RW (mmc.md 4.6): FORMAT 26h starts a background format, writes go anywhere, 000b then 010b", async () => {
  const clock = manualClock();
  const t = await tempDrive({ media: "dvd+rw", timeScale: 1, clock });
  const d = t.drive;
  try {
    assertEquals([(await discInfo(d)).status, (await discInfo(d)).bgFormatStatus], ["blank", 0]);
    await ok(
      d,
      buildFormatUnitCdb(),
      buildFormatUnitParameters({ immed: true, blocks: 0xffffffff, formatType: 0x26 }),
    );
    assertEquals((await discInfo(d)).bgFormatStatus, 2); // running, and the disc is writable
    await writeBlocks(d, 0, 32);
    await writeBlocks(d, 160_000, 32);
    await flush(d, clock);
    await close(d, 0, 0, clock);
    assertEquals((await discInfo(d)).bgFormatStatus, 1); // suspended
    await close(d, 2, 0, clock);
    const di = await discInfo(d);
    assertEquals([di.status, di.bgFormatStatus], ["complete", 1]);
    assertEquals(await lastLba(d), 2_295_103);
    await ok(
      d,
      buildFormatUnitCdb(),
      buildFormatUnitParameters({
        immed: true,
        blocks: 0xffffffff,
        formatType: 0x26,
        typeDependent: 1,
      }),
    );
    assertEquals((await discInfo(d)).bgFormatStatus, 2); // restarted
    assertEquals(
      (await ok(d, buildRead10Cdb({ lba: 160_001, transferLength: 1 }), 2048)).data,
      pattern(160_001, 1),
    );
  } finally {
    await t.cleanup();
  }
});

Deno.test("DVD-RAM (mmc.md 4.7): sold formatted, disc status 'other', random 2 KiB writes", async () => {
  const t = await tempDrive({ media: "dvd-ram" });
  const d = t.drive;
  try {
    const di = await discInfo(t.drive);
    assertEquals([di.status, di.erasable], ["other", true]);
    assertEquals(await lastLba(d), 2_236_703);
    await ok(d, buildWrite10Cdb({ lba: 12_345, transferLength: 1 }), pattern(12_345, 1));
    await ok(d, buildWrite10Cdb({ lba: 7, transferLength: 3 }), pattern(7, 3));
    await flush(d);
    assertEquals(
      (await ok(d, buildRead10Cdb({ lba: 12_345, transferLength: 1 }), 2048)).data,
      pattern(12_345, 1),
    );
    assertEquals(
      (await send(d, buildWrite10Cdb({ lba: 2_236_704, transferLength: 1 }), pattern(0, 1))).code,
      "5/21/00",
    );
    assertEquals((await close(d, 2)).code, "5/24/00");
  } finally {
    await t.cleanup();
  }
});

Deno.test("READ TOC on formatted overwritable media: one track at 0, lead-out at the capacity", async () => {
  const t = await tempDrive({ media: "dvd-ram" });
  try {
    const toc = parseReadTocResponse(
      (await ok(t.drive, buildReadTocCdb({ format: 0 }), 1024)).data,
    );
    assertEquals(toc.tracks.map((x) => [x.track, x.lba]), [[1, 0], [0xaa, 2_236_704]]);
  } finally {
    await t.cleanup();
  }
});
