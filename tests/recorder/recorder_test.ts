/**
 * The Recorder's query side against the virtual drive: identity, profiles, features, media
 * state of every medium, write speeds (GET PERFORMANCE, and the page 2Ah fallback), eject
 * and load, exclusive operation and the tray lock during a burn.
 */

import { burn } from "../../src/recorder/burn.ts";
import { driveSpecKind, listDrives, openDrive } from "../../src/recorder/open_drive.ts";
import { InvalidInputError } from "../../src/model/errors.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { MEDIA, tempRecorder } from "./_virtual.ts";

Deno.test("Recorder identity, supported profiles and the current one", async () => {
  const t = await tempRecorder("bd-re", "vendor=ACME&product=Burner%20X&revision=2.5");
  try {
    const id = t.recorder.identity;
    if (id.vendor !== "ACME" || id.product !== "Burner X" || id.revision !== "2.5") {
      throw new Error(JSON.stringify(id));
    }
    if (id.spec !== t.spec || id.path !== t.path) throw new Error(`${id.spec} ${id.path}`);
    const profiles = await t.recorder.profiles();
    const current = profiles.filter((p) => p.current);
    if (current.length !== 1 || current[0]!.name !== "BD-RE" || current[0]!.media !== "bd-re") {
      throw new Error(JSON.stringify(current));
    }
    for (const media of ["cd-r", "dvd+r", "dvd-ram", "bd-r", "dvd-rw-ro"]) {
      if (!profiles.some((p) => p.media === media)) throw new Error(`no ${media}`);
    }
    const features = await t.recorder.features();
    if (!features.some((f) => f.code === 0x0001) || !features.some((f) => f.code === 0x0041)) {
      throw new Error("core and BD write features");
    }
  } finally {
    await t.cleanup();
  }
});

Deno.test("Recorder mediaState() of every blank medium: status, class, capacity, NWA 0", async () => {
  for (const m of MEDIA) {
    const t = await tempRecorder(m.media);
    try {
      const s = await t.recorder.mediaState();
      const want = m.appendable ? "blank" : "overwritable";
      if (s.status !== want || s.media !== m.media || s.mediaClass !== m.mediaClass) {
        throw new Error(`${m.media}: ${JSON.stringify(s)}`);
      }
      if (!s.writable || s.nextWritableAddress !== 0 || s.freeSectors <= 0) {
        throw new Error(`${m.media}: ${JSON.stringify(s)}`);
      }
      if (s.totalSectors < s.freeSectors) throw new Error(`${m.media}: total`);
    } finally {
      await t.cleanup();
    }
  }
});

Deno.test("Recorder writeSpeeds(): GET PERFORMANCE 03h, else page 2Ah, fastest first", async () => {
  for (
    const [keys, source] of [["", "get-performance"], ["quirks=perf-fails", "mode-page-2a"], [
      "quirks=no-perf",
      "mode-page-2a",
    ]]
  ) {
    const t = await tempRecorder("dvd+r", keys);
    try {
      const speeds = await t.recorder.writeSpeeds();
      if (speeds.length === 0 || speeds[0]!.source !== source) {
        throw new Error(`${keys}: ${JSON.stringify(speeds)}`);
      }
      if (speeds.some((s, i) => i > 0 && s.kBps >= speeds[i - 1]!.kBps)) throw new Error("order");
      if (speeds.some((s) => s.multiple < 1 || s.multiple > 24)) throw new Error("DVD multiples");
    } finally {
      await t.cleanup();
    }
  }
  const zero = await tempRecorder("cd-r", "quirks=perf-fails,page2a-zero");
  try {
    const speeds = await zero.recorder.writeSpeeds();
    if (speeds.length !== 0) throw new Error(`zero speeds listed: ${JSON.stringify(speeds)}`);
  } finally {
    await zero.cleanup();
  }
});

Deno.test("burn() at a chosen speed: the drive is asked for that speed (rounded down to one it lists)", async () => {
  const t = await tempRecorder("dvd+r");
  try {
    const speeds = await t.recorder.writeSpeeds();
    const slowest = speeds.at(-1)!;
    const image = { size: 64 * 2048, stream: () => new Blob([new Uint8Array(64 * 2048)]).stream() };
    const r = await burn(t.recorder, image, { speed: `${slowest.multiple + 0.5}x` });
    if (r.speedKBps !== slowest.kBps) throw new Error(`${r.speedKBps} vs ${slowest.kBps}`);
    if (t.virtual.state.writeSpeed > slowest.kBps) {
      throw new Error(`drive at ${t.virtual.state.writeSpeed}`);
    }
  } finally {
    await t.cleanup();
  }
});

Deno.test("Recorder eject() and load(): no media while open, the disc back after loading", async () => {
  const t = await tempRecorder("dvd+r");
  try {
    await t.recorder.eject();
    if (t.virtual.state.tray !== "open") throw new Error("tray");
    if ((await t.recorder.mediaState()).status !== "no-media") throw new Error("media while open");
    await t.recorder.load();
    if ((await t.recorder.mediaState()).status !== "blank") throw new Error("after load");
  } finally {
    await t.cleanup();
  }
});

Deno.test("Recorder runs one operation at a time and locks the tray during a burn, unlocking after", async () => {
  const t = await tempRecorder("bd-r");
  try {
    let lockedDuring = false;
    let second: Promise<unknown> | undefined;
    const image = {
      size: 2048 * 2048,
      stream: () => new Blob([new Uint8Array(2048 * 2048)]).stream(),
    };
    await burn(t.recorder, image, {
      onProgress: (p) => {
        if (p.action === "writing" && !second) {
          lockedDuring = t.virtual.state.prevent;
          second = burn(t.recorder, image).catch((e) => e);
        }
      },
    });
    const err = await second;
    if (!(err instanceof InvalidInputError) || !err.message.includes("is busy with a burn")) {
      throw new Error(`second burn: ${err}`);
    }
    if (!lockedDuring) throw new Error("the tray was not locked while writing");
    if (t.virtual.state.prevent) throw new Error("the tray stayed locked");
    await t.recorder.eject(); // idle again: the tray opens
    if (t.virtual.state.tray !== "open") throw new Error("tray");
  } finally {
    await t.cleanup();
  }
});

Deno.test("driveSpecKind() and listDrives(): virtual and OS specs; no OS drives in this sandbox", async () => {
  if (driveSpecKind("virtual:") !== "virtual" || driveSpecKind("/dev/sg1") !== "os") {
    throw new Error();
  }
  if (driveSpecKind("\\\\.\\CdRom0") !== "os" || driveSpecKind("disc.iso") !== undefined) {
    throw new Error();
  }
  const list = await listDrives({ virtual: ["virtual:x.img?media=bd-r"] });
  const os = list.filter((d) => d.kind === "os");
  const sysfs = [...Deno.readDirSync("/sys/class/block")].filter((e) => e.name.startsWith("sr"));
  if (os.length !== sysfs.length) {
    throw new Error(`${os.length} OS drives, sysfs has ${sysfs.length}`);
  }
  if (list.at(-1)?.spec !== "virtual:x.img?media=bd-r") throw new Error("virtual not listed");
  await expectError(openDrive("/dev/kiln-no-such-drive"), Error, "/dev/kiln-no-such-drive");
});
