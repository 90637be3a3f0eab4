import { buildRead10Cdb } from "../../../src/mmc/commands/read10.ts";
import { buildTestUnitReadyCdb } from "../../../src/mmc/commands/test_unit_ready.ts";
import { InvalidInputError } from "../../../src/model/errors.ts";
import { sidecarPath } from "../../../ffi/virtual/sidecar.ts";
import { VirtualRecorder } from "../../../ffi/virtual/virtual_recorder.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { expectError } from "../../_helpers/expect_error.ts";
import { ok, pattern, send } from "./_drive.ts";
import { close, discInfo, flush, trackInfo, writeBlocks } from "./_recipe.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "kiln-vpersist-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("VirtualRecorder keeps the disc across close and reopen: sessions, NWA, data; 6/29/00 first", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/disc.iso`;
    const a = await VirtualRecorder.open(
      `virtual:${path}?media=dvd%2Br&timeScale=0&quirks=nwa-150`,
    );
    await send(a, buildTestUnitReadyCdb());
    await writeBlocks(a, 0, 48);
    await flush(a);
    await close(a, 1, 1);
    await close(a, 2);
    await writeBlocks(a, 48 + 0x3000, 16); // a second session, left open
    await a.close();
    const side = JSON.parse(await Deno.readTextFile(sidecarPath(path)));
    assertEquals([side.kind, side.version, side.disc.media, side.drive.quirks], [
      "kiln-virtual-disc",
      1,
      "dvd+r",
      ["nwa-150"],
    ]);
    const b = await VirtualRecorder.open(`virtual:${path}?timeScale=0`);
    try {
      assertEquals((await send(b, buildTestUnitReadyCdb())).code, "6/29/00");
      const di = await discInfo(b);
      assertEquals([di.status, di.sessions, di.lastTrackInLastSession], ["appendable", 2, 2]);
      const t2 = await trackInfo(b, 2);
      assertEquals([t2.damage, t2.nwaValid, t2.nextWritableAddress], [
        false,
        true,
        48 + 0x3000 + 16,
      ]);
      assertEquals(
        (await ok(b, buildRead10Cdb({ lba: 47, transferLength: 1 }), 2048)).data,
        pattern(47, 1),
      );
      assertEquals((await Deno.stat(path)).size, (48 + 0x3000 + 16) * 2048);
    } finally {
      await b.close();
    }
  });
});

Deno.test("VirtualRecorder.open() refuses what would lose or mix up data, naming the problem", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/d.iso`;
    await expectError(
      VirtualRecorder.open(`virtual:${path}`),
      InvalidInputError,
      "no disc here yet",
      "media=NAME",
      "bd-re",
    );
    const a = await VirtualRecorder.open({ path, media: "bd-r", timeScale: 0 });
    await expectError(
      VirtualRecorder.open({ path, timeScale: 0 }),
      InvalidInputError,
      "already open",
    );
    await a.close();
    await expectError(
      VirtualRecorder.open(`virtual:${path}?media=dvd-r`),
      InvalidInputError,
      "a bd-r disc",
      "media=dvd-r",
    );
    await Deno.writeFile(`${dir}/user.iso`, new Uint8Array(4096));
    await expectError(
      VirtualRecorder.open(`virtual:${dir}/user.iso?media=cd-r`),
      InvalidInputError,
      "4096 bytes",
      "not a kiln virtual disc",
    );
    await expectError(
      VirtualRecorder.open(`virtual:${dir}/none.iso?media=dvd-rom`),
      InvalidInputError,
      "pressed dvd-rom",
      "image",
    );
    await Deno.writeTextFile(sidecarPath(`${dir}/bad.iso`), "{ nope");
    await expectError(
      VirtualRecorder.open(`virtual:${dir}/bad.iso`),
      InvalidInputError,
      "bad.iso.kiln-disc.json",
      "not JSON",
    );
    await Deno.remove(path);
    await expectError(
      VirtualRecorder.open(`virtual:${path}`),
      InvalidInputError,
      "data file is missing",
    );
    await expectError(
      VirtualRecorder.open("virtual:?media=bd-r"),
      InvalidInputError,
      "needs a file",
    );
  });
});

Deno.test("VirtualRecorder after a crash mid-burst: the reopened drive shows the track damaged, no NWA", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/c.iso`;
    const a = await VirtualRecorder.open({ path, media: "cd-r", timeScale: 0 });
    await send(a, buildTestUnitReadyCdb());
    await writeBlocks(a, 0, 64); // TAO not selected: packet writing, the track stays open
    const atCrash = await Deno.readTextFile(sidecarPath(path)); // what the process left on disk
    await writeBlocks(a, 64, 64);
    await a.close();
    await Deno.writeTextFile(sidecarPath(path), atCrash);
    const b = await VirtualRecorder.open({ path, timeScale: 0 });
    try {
      await send(b, buildTestUnitReadyCdb());
      const t1 = await trackInfo(b, 1);
      assertEquals([t1.damage, t1.nwaValid, t1.lastRecordedAddress], [true, false, 15]);
      assertEquals((await discInfo(b)).lastSessionState, 2);
      assertEquals((await Deno.stat(path)).size, 16 * 2048); // the unflushed rest is gone
    } finally {
      await b.close();
    }
  });
});

Deno.test("VirtualRecorder pressed media: the data file is the image, opened read-only", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/rom.iso`;
    await Deno.writeFile(path, pattern(0, 20));
    await Deno.chmod(path, 0o444);
    const d = await VirtualRecorder.open({ path, media: "bd-rom", timeScale: 0 });
    try {
      await send(d, buildTestUnitReadyCdb());
      assertEquals(
        (await ok(d, buildRead10Cdb({ lba: 19, transferLength: 1 }), 2048)).data,
        pattern(19, 1),
      );
      assertEquals((await discInfo(d)).status, "complete");
    } finally {
      await d.close();
    }
  });
});
