import {
  buildFormatUnitCdb,
  buildFormatUnitParameters,
} from "../../../src/mmc/commands/format_unit.ts";
import {
  buildGetConfigurationCdb,
  findFeature,
  parseGetConfigurationResponse,
} from "../../../src/mmc/commands/get_configuration.ts";
import { buildRead10Cdb } from "../../../src/mmc/commands/read10.ts";
import {
  buildReadDiscStructureCdb,
  parseReadDiscStructureResponse,
} from "../../../src/mmc/commands/read_disc_structure.ts";
import {
  buildReadFormatCapacitiesCdb,
  parseReadFormatCapacitiesResponse,
} from "../../../src/mmc/commands/read_format_capacities.ts";
import { buildWrite10Cdb } from "../../../src/mmc/commands/write10.ts";
import { buildWrite12Cdb } from "../../../src/mmc/commands/write12.ts";
import type { VirtualRecorder } from "../../../ffi/virtual/virtual_recorder.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { ok, pattern, send, tempDrive, waitReady } from "./_drive.ts";
import {
  close,
  discInfo,
  flush,
  lastLba,
  nextWritable,
  trackInfo,
  writeBlocks,
} from "./_recipe.ts";

async function feature(d: VirtualRecorder, code: number) {
  const cfg = parseGetConfigurationResponse(
    (await ok(d, buildGetConfigurationCdb({ allocationLength: 4096 }), 4096)).data,
  );
  return findFeature(cfg, code);
}

Deno.test("BD-R SRM (mmc.md 4.8): last track's NWA, 64 KiB writes, close track, close session, finalize 110b", async () => {
  const t = await tempDrive({ media: "bd-r" });
  const d = t.drive;
  try {
    assertEquals((await feature(d, 0x38))?.current, false);
    assertEquals(
      (await send(d, buildRead10Cdb({ lba: 0, transferLength: 1 }), 2048)).code,
      "5/21/00",
    );
    assertEquals(await lastLba(d), 0);
    await writeBlocks(d, await nextWritable(d, false), 100, 32);
    await flush(d);
    await close(d, 1, 1);
    await close(d, 2);
    assertEquals((await discInfo(d)).status, "appendable");
    const next = await nextWritable(d, false);
    assertEquals(next, 128);
    assertEquals(
      (await send(d, buildWrite10Cdb({ lba: 100, transferLength: 32 }), pattern(100, 32))).code,
      "5/21/02",
    );
    await writeBlocks(d, next, 64, 32);
    await flush(d);
    await close(d, 1, 2);
    await close(d, 6);
    assertEquals((await discInfo(d)).status, "complete");
    assertEquals(
      (await send(d, buildReadDiscStructureCdb({ mediaType: 0, format: 0 }), 2052)).code,
      "5/30/00",
    );
    const di = parseReadDiscStructureResponse(
      (await ok(d, buildReadDiscStructureCdb({ mediaType: 1, format: 0 }), 4096)).data,
    );
    assertEquals(new TextDecoder().decode(di.payload.subarray(0, 2)), "DI");
  } finally {
    await t.cleanup();
  }
});

Deno.test("BD-R formatted with POW (growisofs): feature 0038h current, overwrites, CLOSE SESSION 5/24/00 with the quirk", async () => {
  const t = await tempDrive({ media: "bd-r", quirks: ["pow-close-5-24"] });
  const d = t.drive;
  try {
    const caps = parseReadFormatCapacitiesResponse(
      (await ok(d, buildReadFormatCapacitiesCdb({ allocationLength: 252 }), 252)).data,
    );
    assertEquals([caps.current?.blocks, caps.current?.descriptorType], [12_219_392, 1]);
    assertEquals(caps.formats.map((f) => [f.formatType, f.blocks]), [
      [0x00, 11_826_176],
      [0x32, 11_826_176],
      [0x32, 5_796_864],
      [0x32, 12_088_320],
    ]);
    const list = buildFormatUnitParameters({
      fov: true,
      immed: true,
      blocks: 12_088_320,
      formatType: 0x32,
      formatSubType: 0,
    });
    await ok(d, buildFormatUnitCdb(), list);
    const w = await waitReady(d);
    assertEquals(w.polls >= 1, true);
    assertEquals((await feature(d, 0x38))?.current, true);
    const di = await discInfo(d);
    assertEquals([di.status, di.sessions, di.lastSessionState, await lastLba(d)], [
      "appendable",
      1,
      0,
      0,
    ]);
    await writeBlocks(d, 0, 64, 32);
    await writeBlocks(d, 0, 32, 32); // pseudo-overwrite
    await flush(d);
    await close(d, 1, 1);
    assertEquals((await close(d, 2)).code, "5/24/00");
    assertEquals((await trackInfo(d, 1)).freeBlocks, 0);
  } finally {
    await t.cleanup();
  }
});

Deno.test("BD-RE (mmc.md 4.9): unformatted → 5/30/10, FORMAT 31h, random 64 KiB writes with WRITE(12) streaming", async () => {
  const t = await tempDrive({ media: "bd-re" });
  const d = t.drive;
  try {
    assertEquals(
      (await send(d, buildWrite10Cdb({ lba: 0, transferLength: 32 }), pattern(0, 32))).code,
      "5/30/10",
    );
    const list = buildFormatUnitParameters({
      immed: true,
      blocks: 12_219_392,
      formatType: 0x31,
      typeDependent: 0x800,
    });
    await ok(d, buildFormatUnitCdb(), list);
    const w = await waitReady(d);
    assertEquals(w.progress.length >= 1, true);
    assertEquals((await feature(d, 0x20))?.current, true);
    assertEquals(await lastLba(d), 12_219_391);
    await ok(
      d,
      buildWrite12Cdb({ lba: 1_000_000, transferLength: 32, streaming: true }),
      pattern(1_000_000, 32),
    );
    await writeBlocks(d, 0, 64, 32);
    await flush(d);
    assertEquals(
      (await ok(d, buildRead10Cdb({ lba: 1_000_031, transferLength: 1 }), 2048)).data,
      pattern(1_000_031, 1),
    );
    assertEquals((await close(d, 2)).code, "5/24/00");
    assertEquals((await discInfo(d)).status, "complete");
  } finally {
    await t.cleanup();
  }
});
