import { buildBlankCdb } from "../../../src/mmc/commands/blank.ts";
import {
  buildFormatUnitCdb,
  buildFormatUnitParameters,
} from "../../../src/mmc/commands/format_unit.ts";
import { buildRead10Cdb } from "../../../src/mmc/commands/read10.ts";
import { buildTestUnitReadyCdb } from "../../../src/mmc/commands/test_unit_ready.ts";
import { buildWrite10Cdb } from "../../../src/mmc/commands/write10.ts";
import { TransportError } from "../../../src/mmc/transport.ts";
import { SENSE } from "../../../ffi/virtual/sense_error.ts";
import { VirtualRecorder } from "../../../ffi/virtual/virtual_recorder.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { expectError } from "../../_helpers/expect_error.ts";
import { manualClock, ok, pattern, send, tempDrive } from "./_drive.ts";
import { flush, trackInfo, writeBlocks } from "./_recipe.ts";

const W = (lba: number, n = 16) =>
  [buildWrite10Cdb({ lba, transferLength: n }), pattern(lba, n)] as const;

Deno.test("fault senseOnWrite: exactly the Nth WRITE gets the sense and records nothing", async () => {
  const t = await tempDrive({
    media: "bd-r",
    faults: { senseOnWrite: [], notReady: [], mediumErrors: [], powerLoss: undefined },
  });
  const d = await VirtualRecorder.open(
    `virtual:${t.dir}/f.iso?media=dvd%2Br&timeScale=0&senseOnWrite=3:3/0C/00,5:2/04/08`,
  );
  try {
    await send(d, buildTestUnitReadyCdb());
    const codes = [];
    for (const lba of [0, 16, 32, 32, 48, 48]) codes.push((await send(d, ...W(lba))).code);
    assertEquals(codes, ["ok", "ok", "3/0C/00", "ok", "2/04/08", "ok"]);
    assertEquals(d.state.disc?.tracks[0]?.recorded, 64);
    d.faults.senseOnWrite(d.faults.writes + 1, SENSE.writeProtected);
    assertEquals((await send(d, ...W(64))).code, "7/27/00");
  } finally {
    await d.close();
    await t.cleanup();
  }
});

Deno.test("fault notReady: a burst after loading, and one at the Nth WRITE", async () => {
  const dir = await Deno.makeTempDir();
  const d = await VirtualRecorder.open(
    `virtual:${dir}/n.iso?media=cd-r&timeScale=0&notReady=2,3@2:2/04/08`,
  );
  const tur = async () => (await send(d, buildTestUnitReadyCdb())).code;
  try {
    assertEquals([await tur(), await tur(), await tur(), await tur()], [
      "6/29/00",
      "2/04/01",
      "2/04/01",
      "ok",
    ]);
    assertEquals((await send(d, ...W(0))).code, "ok");
    assertEquals((await send(d, ...W(16))).code, "2/04/08");
    assertEquals([await tur(), await tur(), await tur()], ["2/04/08", "2/04/08", "ok"]);
    assertEquals((await send(d, ...W(16))).code, "ok");
  } finally {
    await d.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fault mediumError: the WRITE records up to the bad block and ends with 3/0C/00 naming it", async () => {
  const t = await tempDrive({
    media: "dvd-r",
    faults: { senseOnWrite: [], notReady: [], mediumErrors: [[40, 41]], powerLoss: undefined },
  });
  try {
    await writeBlocks(t.drive, 0, 32);
    const o = await send(t.drive, ...W(32, 32));
    assertEquals([o.code, o.sense?.information], ["3/0C/00", 40]);
    assertEquals((await trackInfo(t.drive, 1)).nextWritableAddress, 40); // the NWA moved: never retry
    assertEquals(
      (await send(t.drive, buildRead10Cdb({ lba: 39, transferLength: 2 }), 4096)).code,
      "5/21/00",
    );
  } finally {
    await t.cleanup();
  }
  const re = await tempDrive({
    media: "dvd-ram",
    faults: { senseOnWrite: [], notReady: [], mediumErrors: [[100, 100]], powerLoss: undefined },
  });
  try {
    const r = await send(re.drive, buildRead10Cdb({ lba: 96, transferLength: 8 }), 8 * 2048);
    assertEquals([r.code, r.sense?.information], ["3/11/00", 100]);
  } finally {
    await re.cleanup();
  }
});

Deno.test("write-protected media (wp=1): WRITE, BLANK and FORMAT end with 7/27/00; wp=0 lifts it", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/wp.iso`;
  const d = await VirtualRecorder.open(`virtual:${path}?media=cd-rw&timeScale=0&wp=1`);
  try {
    await send(d, buildTestUnitReadyCdb());
    assertEquals((await send(d, ...W(0))).code, "7/27/00");
    assertEquals((await send(d, buildBlankCdb({ blankingType: 1 }))).code, "7/27/00");
    await d.close();
    const e = await VirtualRecorder.open(`virtual:${path}?timeScale=0`);
    await send(e, buildTestUnitReadyCdb());
    assertEquals((await send(e, ...W(0))).code, "7/27/00"); // kept with the disc
    await e.close();
    const f = await VirtualRecorder.open(`virtual:${path}?timeScale=0&wp=0`);
    await send(f, buildTestUnitReadyCdb());
    assertEquals((await send(f, ...W(0))).code, "ok");
    await f.close();
    const g = await VirtualRecorder.open(`virtual:${dir}/bdre.iso?media=bd-re&timeScale=0&wp=1`);
    await send(g, buildTestUnitReadyCdb());
    const list = buildFormatUnitParameters({ immed: true, blocks: 11_826_176, formatType: 0 });
    assertEquals((await send(g, buildFormatUnitCdb(), list)).code, "7/27/00");
    await g.close();
  } finally {
    await d.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fault powerLoss: data up to the flush survives, the track is left damaged, the drive stops answering", async () => {
  const clock = manualClock();
  const t = await tempDrive({
    media: "bd-r",
    timeScale: 1,
    clock,
    faults: {
      senseOnWrite: [],
      notReady: [],
      mediumErrors: [],
      powerLoss: { write: 4, blocks: 10 },
    },
  });
  const d = t.drive;
  try {
    await writeBlocks(d, 0, 64, 32);
    await flush(d, clock); // 64 blocks are on the disc
    await ok(d, ...W(64, 32)); // buffered, never burnt
    const e = await expectError(send(d, ...W(96, 32)), TransportError, "lost power", "powerLoss=4");
    assertEquals(e.kind, "closed");
    await expectError(send(d, buildTestUnitReadyCdb()), TransportError, "lost power");
    await d.powerCycle();
    assertEquals((await send(d, buildTestUnitReadyCdb())).code, "6/29/00");
    const t1 = await trackInfo(d, 1);
    assertEquals([t1.damage, t1.nwaValid, t1.lastRecordedAddress], [true, false, 63]);
    assertEquals((await Deno.stat(t.path)).size, 64 * 2048);
    assertEquals(
      (await ok(d, buildRead10Cdb({ lba: 63, transferLength: 1 }), 2048)).data,
      pattern(63, 1),
    );
    assertEquals((await send(d, ...W(64))).code, "5/21/02");
  } finally {
    await t.cleanup();
  }
});

Deno.test("fault powerLoss at time scale 0 with quirk damage-writable: Damage=1 NWA_V=1 after the blocks that arrived", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/p.iso`;
  const d = await VirtualRecorder.open(
    `virtual:${path}?media=dvd-r&timeScale=0&powerLoss=2:5&quirks=damage-writable`,
  );
  try {
    await send(d, buildTestUnitReadyCdb());
    await ok(d, ...W(0));
    await expectError(send(d, ...W(16)), TransportError, "after 5 of 16 blocks");
    await d.close();
    const e = await VirtualRecorder.open({ path, timeScale: 0 });
    await send(e, buildTestUnitReadyCdb());
    const t1 = await trackInfo(e, 1);
    assertEquals([t1.damage, t1.nwaValid, t1.nextWritableAddress], [true, true, 21]);
    await e.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
