import { parseCapabilitiesPage } from "../../../src/mmc/capabilities_page.ts";
import {
  buildGetPerformanceCdb,
  parseGetPerformanceResponse,
  parseGetPerformanceWriteSpeedResponse,
} from "../../../src/mmc/commands/get_performance.ts";
import {
  buildModeSelect10Cdb,
  buildModeSelect10Parameters,
} from "../../../src/mmc/commands/mode_select10.ts";
import {
  buildModeSense10Cdb,
  findModePage,
  parseModeSense10Response,
} from "../../../src/mmc/commands/mode_sense10.ts";
import { buildReadTrackInformationCdb } from "../../../src/mmc/commands/read_track_information.ts";
import { buildSetCdSpeedCdb } from "../../../src/mmc/commands/set_cd_speed.ts";
import {
  buildSetStreamingCdb,
  buildSetStreamingParameters,
} from "../../../src/mmc/commands/set_streaming.ts";
import {
  buildWriteParametersPage,
  parseWriteParametersPage,
} from "../../../src/mmc/write_parameters_page.ts";
import type { VirtualRecorder } from "../../../ffi/virtual/virtual_recorder.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { ok, send, tempDrive } from "./_drive.ts";
import { close, flush, selectPage05, trackInfo, writeBlocks } from "./_recipe.ts";

async function page(d: VirtualRecorder, code: number, pageControl = 0) {
  const r = await ok(
    d,
    buildModeSense10Cdb({ pageCode: code, pageControl, allocationLength: 4096 }),
    4096,
  );
  return findModePage(parseModeSense10Response(r.data), code)!.bytes;
}

async function writeSpeedNow(d: VirtualRecorder): Promise<number> {
  return parseCapabilitiesPage(await page(d, 0x2a)).currentWriteSpeed;
}

Deno.test("MODE SENSE page 2Ah: buffer, speeds of the loaded medium, lock state; page 05 defaults (Pioneer)", async () => {
  const t = await tempDrive({ media: "bd-r" });
  try {
    const cap = parseCapabilitiesPage(await page(t.drive, 0x2a));
    assertEquals([cap.bufferSize, cap.currentWriteSpeed], [0x180000 / 1024, 35_960]);
    assertEquals(cap.writeSpeeds.map((s) => s.writeSpeed), [35_960, 26_970, 17_980, 8990]);
    const p05 = parseWriteParametersPage(await page(t.drive, 0x05));
    assertEquals([p05.pageLength, p05.bufe, p05.linkSizeValid, p05.linkSize, p05.writeType], [
      0x32,
      true,
      true,
      16,
      0,
    ]);
    assertEquals(
      (await send(
        t.drive,
        buildModeSense10Cdb({ pageCode: 0x05, pageControl: 3, allocationLength: 64 }),
        64,
      )).code,
      "5/39/00",
    );
    assertEquals(
      (await send(t.drive, buildModeSense10Cdb({ pageCode: 0x1c, allocationLength: 64 }), 64)).code,
      "5/24/00",
    );
  } finally {
    await t.cleanup();
  }
});

Deno.test("MODE SELECT page 05 is checked as a drive does (5/26/00, 5/1A/00, 5/24/00) and reset by a power cycle", async () => {
  const t = await tempDrive({ media: "dvd-r" });
  const d = t.drive;
  try {
    assertEquals((await selectPage05(d, { writeType: 1 })).code, "5/26/00"); // TAO on DVD-R
    assertEquals(
      (await selectPage05(d, { writeType: 0, linkSizeValid: true, linkSize: 7 })).code,
      "5/26/00",
    );
    assertEquals((await selectPage05(d, { writeType: 0, multiSession: 2 })).code, "5/26/00");
    assertEquals((await selectPage05(d, { writeType: 2, dataBlockType: 10 })).code, "5/26/00");
    const ps = buildModeSelect10Parameters([
      buildWriteParametersPage({ writeType: 2, dataBlockType: 8 }),
    ]);
    ps[8] = ps[8]! | 0x80;
    assertEquals(
      (await send(
        d,
        buildModeSelect10Cdb({ pageFormat: true, parameterListLength: ps.length }),
        ps,
      )).code,
      "5/26/00",
    );
    const long = buildModeSelect10Parameters([
      buildWriteParametersPage({ pageLength: 0x36, writeType: 2, dataBlockType: 8 }),
    ]);
    assertEquals(
      (await send(
        d,
        buildModeSelect10Cdb({ pageFormat: true, parameterListLength: long.length }),
        long,
      )).code,
      "5/26/00",
    );
    const good = buildModeSelect10Parameters([
      buildWriteParametersPage({ writeType: 2, dataBlockType: 8 }),
    ]);
    const cut = good.subarray(0, 30);
    assertEquals(
      (await send(d, buildModeSelect10Cdb({ pageFormat: true, parameterListLength: 30 }), cut))
        .code,
      "5/1A/00",
    );
    assertEquals(
      (await send(
        d,
        buildModeSelect10Cdb({ pageFormat: false, parameterListLength: good.length }),
        good,
      )).code,
      "5/24/00",
    );
    assertEquals(
      (await send(
        d,
        buildModeSelect10Cdb({
          pageFormat: true,
          savePages: true,
          parameterListLength: good.length,
        }),
        good,
      )).code,
      "5/24/00",
    );
    await ok(d, buildModeSelect10Cdb({ pageFormat: true, parameterListLength: good.length }), good);
    assertEquals(parseWriteParametersPage(await page(d, 0x05)).writeType, 2);
    await d.powerCycle();
    assertEquals(
      (await send(d, buildModeSense10Cdb({ pageCode: 5, allocationLength: 64 }), 64)).code,
      "6/29/00",
    );
    assertEquals(parseWriteParametersPage(await page(d, 0x05)).writeType, 0);
  } finally {
    await t.cleanup();
  }
});

Deno.test("quirk page05-strict: incremental DVD-R needs track mode 5 and packet size 16 (Panasonic LF-D310)", async () => {
  const t = await tempDrive({ media: "dvd-r", quirks: ["page05-strict"] });
  try {
    assertEquals((await selectPage05(t.drive, { writeType: 0, trackMode: 4 })).code, "5/26/00");
    assertEquals(
      (await selectPage05(t.drive, {
        writeType: 0,
        trackMode: 5,
        fixedPacket: true,
        packetSize: 16,
      })).code,
      "ok",
    );
  } finally {
    await t.cleanup();
  }
});

Deno.test("GET PERFORMANCE 03h announces every speed even when asked for 0; SET STREAMING and SET CD SPEED pick speeds", async () => {
  const t = await tempDrive({ media: "dvd+rw" });
  const d = t.drive;
  try {
    const probe = parseGetPerformanceWriteSpeedResponse(
      (await ok(d, buildGetPerformanceCdb({ type: 3, maxDescriptors: 0 }), 8)).data,
    );
    assertEquals([probe.available, probe.descriptors.length], [3, 0]);
    const all = parseGetPerformanceWriteSpeedResponse(
      (await ok(d, buildGetPerformanceCdb({ type: 3, maxDescriptors: 3 }), 56)).data,
    );
    assertEquals(all.descriptors.map((x) => [x.endLba, x.writeSpeed]), [[2_295_103, 11_080], [
      2_295_103,
      5540,
    ], [2_295_103, 3324]]);
    const sp = buildSetStreamingParameters({
      endLba: 2_295_103,
      readSize: 11_080,
      writeSize: 4 * 1352,
    });
    await ok(d, buildSetStreamingCdb({ parameterListLength: 28 }), sp); // growisofs' 4x (1x = 1352)
    assertEquals(await writeSpeedNow(d), 5540);
    const nominal = parseGetPerformanceResponse(
      (await ok(
        d,
        buildGetPerformanceCdb({ type: 0, write: true, tolerance: 2, maxDescriptors: 1 }),
        24,
      )).data,
    );
    assertEquals(nominal.descriptors[0]?.startPerformance, 5540);
    await ok(d, buildSetCdSpeedCdb({ readSpeed: 0xffff, writeSpeed: 3000 }));
    assertEquals(await writeSpeedNow(d), 3324); // below every speed: the slowest
    await ok(
      d,
      buildSetStreamingCdb({ parameterListLength: 28 }),
      buildSetStreamingParameters({ restoreDefaults: true }),
    );
    assertEquals(await writeSpeedNow(d), 11_080);
    assertEquals(
      (await send(d, buildSetStreamingCdb({ parameterListLength: 20 }), sp.subarray(0, 20))).code,
      "5/1A/00",
    );
  } finally {
    await t.cleanup();
  }
});

Deno.test("speed quirks: no-perf (length 0), perf-fails (5/24/00), page2a-zero, streaming-range; speed= caps the list", async () => {
  const t = await tempDrive({
    media: "dvd+rw",
    quirks: ["no-perf", "page2a-zero", "streaming-range"],
    speed: { x: 4 },
  });
  try {
    const r = await ok(t.drive, buildGetPerformanceCdb({ type: 3, maxDescriptors: 8 }), 136);
    assertEquals([...r.data.subarray(0, 4)], [0, 0, 0, 0]);
    const cap = parseCapabilitiesPage(await page(t.drive, 0x2a));
    assertEquals([cap.currentWriteSpeed, cap.writeSpeeds.map((s) => s.writeSpeed)], [0, [0, 0]]);
    const sp = buildSetStreamingParameters({ endLba: 2_295_104, writeSize: 5540 });
    assertEquals(
      (await send(t.drive, buildSetStreamingCdb({ parameterListLength: 28 }), sp)).code,
      "5/21/00",
    );
  } finally {
    await t.cleanup();
  }
  const f = await tempDrive({ media: "cd-r", quirks: ["perf-fails"] });
  try {
    assertEquals(
      (await send(f.drive, buildGetPerformanceCdb({ type: 3, maxDescriptors: 8 }), 136)).code,
      "5/24/00",
    );
  } finally {
    await f.cleanup();
  }
});

Deno.test("quirks nwa-150 (blank disc NWA -150) and rti-full-5-24 (closed disc)", async () => {
  const t = await tempDrive({ media: "dvd+r", quirks: ["nwa-150", "rti-full-5-24"] });
  const d = t.drive;
  try {
    const blank = await trackInfo(d, 0xff);
    assertEquals([blank.trackStart, blank.nextWritableAddress], [0, -150]);
    await writeBlocks(d, 0, 16);
    await flush(d);
    assertEquals((await trackInfo(d, 0xff)).nextWritableAddress, 16);
    await close(d, 1, 1);
    await close(d, 6);
    assertEquals(
      (await send(
        d,
        buildReadTrackInformationCdb({ addressType: 1, address: 1, allocationLength: 48 }),
        48,
      )).code,
      "5/24/00",
    );
  } finally {
    await t.cleanup();
  }
});
