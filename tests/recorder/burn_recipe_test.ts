/**
 * The commands a burn sends, per medium, checked against the recipes of mmc.md §4 from a
 * trace of every CDB: which setup commands (page 05h, speed, RESERVE TRACK, SEND OPC,
 * FORMAT UNIT), WRITE(10) sizes (16 blocks on CD and DVD, 32 on BD; aligned where the
 * medium needs it), SYNCHRONIZE CACHE with Immed, and which CLOSE TRACK/SESSION functions
 * (none on overwritable media; no CLOSE TRACK on CD). The tray is locked first and unlocked
 * last. Progress events come in IMAPI's action order.
 */

import { burn } from "../../src/recorder/burn.ts";
import type { BurnAction } from "../../src/recorder/burn_progress.ts";
import { erase } from "../../src/recorder/erase.ts";
import { openDrive } from "../../src/recorder/open_drive.ts";
import { parseCloseTrackSessionCdb } from "../../src/mmc/commands/close_track_session.ts";
import { parseSynchronizeCacheCdb } from "../../src/mmc/commands/synchronize_cache.ts";
import { parseWrite10Cdb } from "../../src/mmc/commands/write10.ts";
import { parseReserveTrackCdb } from "../../src/mmc/commands/reserve_track.ts";
import { parsePreventAllowMediumRemovalCdb } from "../../src/mmc/commands/prevent_allow_medium_removal.ts";
import { tempRecorder } from "./_virtual.ts";

interface Sent {
  name: string;
  cdb: Uint8Array;
}

function parseTrace(lines: string[]): Sent[] {
  const out: Sent[] = [];
  for (const line of lines) {
    const m = /^> (.+?) ((?:[0-9a-f]{2} ?)+) \|/i.exec(line);
    if (!m) continue;
    out.push({
      name: m[1]!,
      cdb: new Uint8Array(m[2]!.trim().split(" ").map((h) => parseInt(h, 16))),
    });
  }
  return out;
}

const CHANGES = new Set([
  "MODE SELECT(10)",
  "SET CD SPEED",
  "SET STREAMING",
  "RESERVE TRACK",
  "SEND OPC INFORMATION",
  "FORMAT UNIT",
  "SYNCHRONIZE CACHE",
  "CLOSE TRACK/SESSION",
]);

/** [medium, setup before the first WRITE, blocks per WRITE, close functions (track numbers)] */
const RECIPES: [string, string[], number, string[]][] = [
  ["cd-r", ["SET CD SPEED", "MODE SELECT(10)"], 16, ["2/0"]],
  ["cd-rw", ["SET CD SPEED", "MODE SELECT(10)"], 16, ["2/0"]],
  ["dvd-r", ["SET STREAMING", "MODE SELECT(10)", "SEND OPC INFORMATION"], 16, ["1/1", "2/0"]],
  ["dvd+r", ["SET STREAMING"], 16, ["1/1", "2/0"]],
  ["dvd+r-dl", ["SET STREAMING"], 16, ["1/1", "2/0"]],
  ["bd-r", ["SET STREAMING"], 32, ["1/1", "2/0"]],
  ["dvd+rw", ["FORMAT UNIT", "SET STREAMING"], 16, ["2/0"]],
  ["dvd-rw-ro", ["SET STREAMING", "MODE SELECT(10)"], 16, []],
  ["dvd-ram", ["SET STREAMING"], 16, []],
  ["bd-re", ["FORMAT UNIT", "SET STREAMING"], 32, []],
];

const ORDER: BurnAction[] = [
  "validating",
  "formatting",
  "initializing",
  "calibrating",
  "writing",
  "finalizing",
  "verifying",
  "completed",
];

async function traced(spec: string, sectors: number, extra: Parameters<typeof burn>[2] = {}) {
  const lines: string[] = [];
  const recorder = await openDrive(spec, { pollIntervalMs: 2, trace: (l) => lines.push(l) });
  try {
    const image = {
      size: sectors * 2048,
      stream: () => new Blob([new Uint8Array(sectors * 2048).fill(7)]).stream(),
    };
    const result = await burn(recorder, image, extra);
    return { result, sent: parseTrace(lines) };
  } finally {
    await recorder.close();
  }
}

for (const [media, setup, blocks, closes] of RECIPES) {
  Deno.test(`burn() on ${media} sends the recipe: ${setup.join(", ")}; WRITE(10) of ${blocks}; close ${closes.join(" ") || "none"}`, async () => {
    const t = await tempRecorder(media);
    await t.recorder.close();
    try {
      const actions: BurnAction[] = [];
      const fills: number[] = [];
      const { result, sent } = await traced(t.spec, 1000, {
        verify: "quick",
        onProgress: (p) => {
          if (actions.at(-1) !== p.action) actions.push(p.action);
          fills.push(p.bufferFill, p.hostBufferFill);
        },
      });
      const firstWrite = sent.findIndex((s) => s.name === "WRITE(10)");
      const before = sent.slice(0, firstWrite).filter((s) => CHANGES.has(s.name)).map((s) =>
        s.name
      );
      if (before.join() !== setup.join()) {
        throw new Error(`setup ${before.join()} want ${setup.join()}`);
      }
      const writes = sent.filter((s) => s.name === "WRITE(10)").map((s) => parseWrite10Cdb(s.cdb));
      if (writes.some((w, i) => i < writes.length - 1 && w.transferLength !== blocks)) {
        throw new Error(`WRITE sizes ${writes.map((w) => w.transferLength)}`);
      }
      if (writes.some((w) => w.lba % blocks !== 0 && media.match(/bd-re|dvd-rw-ro/))) {
        throw new Error("alignment");
      }
      if (writes.reduce((n, w) => n + w.transferLength, 0) !== result.sectorsWritten) {
        throw new Error("total");
      }
      const after = sent.slice(firstWrite).filter((s) =>
        CHANGES.has(s.name) && s.name !== "WRITE(10)"
      );
      const sync = after[0];
      if (sync?.name !== "SYNCHRONIZE CACHE" || !parseSynchronizeCacheCdb(sync.cdb).immed) {
        throw new Error(`first after writing: ${sync?.name}`);
      }
      const closeFns = after.filter((s) => s.name === "CLOSE TRACK/SESSION").map((s) => {
        const c = parseCloseTrackSessionCdb(s.cdb);
        if (!c.immed) throw new Error("CLOSE without Immed");
        return `${c.closeFunction}/${c.trackNumber}`;
      });
      if (closeFns.join() !== closes.join()) throw new Error(`closes ${closeFns} want ${closes}`);
      const prevent = sent.filter((s) => s.name === "PREVENT ALLOW MEDIUM REMOVAL").map((s) =>
        parsePreventAllowMediumRemovalCdb(s.cdb).prevent
      );
      if (prevent[0] !== true || prevent.at(-1) !== false) throw new Error(`lock ${prevent}`);
      const want = ORDER.filter((a) => actions.includes(a));
      if (actions.join() !== want.join()) throw new Error(`actions ${actions}`);
      if (fills.some((f) => !(f >= 0 && f <= 1))) throw new Error("buffer fill out of range");
    } finally {
      await t.cleanup();
    }
  });
}

Deno.test("burn() on a quick-blanked DVD-RW: disc at once with RESERVE TRACK of the exact size and no CLOSE", async () => {
  const t = await tempRecorder("dvd-rw");
  try {
    await erase(t.recorder, { full: false });
    await t.recorder.close();
    const { result, sent } = await traced(t.spec, 1000);
    const names = sent.filter((s) => CHANGES.has(s.name)).map((s) => s.name);
    if (!names.includes("RESERVE TRACK") || names.includes("CLOSE TRACK/SESSION")) {
      throw new Error(names.join());
    }
    const size = parseReserveTrackCdb(sent.find((s) => s.name === "RESERVE TRACK")!.cdb)
      .reservationSize;
    if (size !== 1000 || result.sectorsWritten !== 1000) throw new Error(`reserved ${size}`);
  } finally {
    await t.cleanup();
  }
});

Deno.test("burn() with close: finalize functions per medium (101b DVD+R, 110b BD-R; CD and DVD-R by page 05h)", async () => {
  for (
    const [media, fns] of [["dvd+r", "1/1,5/0"], ["bd-r", "1/1,6/0"], ["cd-r", "2/0"], [
      "dvd-r",
      "1/1,2/0",
    ]]
  ) {
    const t = await tempRecorder(media!);
    await t.recorder.close();
    try {
      const { result, sent } = await traced(t.spec, 400, { close: true });
      const closes = sent.filter((s) => s.name === "CLOSE TRACK/SESSION").map((s) => {
        const c = parseCloseTrackSessionCdb(s.cdb);
        return `${c.closeFunction}/${c.trackNumber}`;
      });
      if (closes.join() !== fns || result.stateAfter.status !== "closed") {
        throw new Error(`${media}: ${closes} ${result.stateAfter.status}`);
      }
    } finally {
      await t.cleanup();
    }
  }
});
