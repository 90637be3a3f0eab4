/**
 * waitForUnit's cadence: the first TEST UNIT READY comes after 10 ms, the sleeps double up
 * to the poll interval, progress comes from the busy sense, and GOOD ends the wait.
 */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { MmcDrive } from "../../src/mmc/drive.ts";
import { ScsiCommandError } from "../../src/mmc/errors.ts";
import { buildSense, decodeSense } from "../../src/mmc/sense.ts";
import { waitForUnit } from "../../src/recorder/wait_for_unit.ts";

/** A drive whose TEST UNIT READY answers 2/04/04 (format in progress) `busy` times. */
function busyDrive(busy: number): { drive: MmcDrive; polls: () => number } {
  let polls = 0;
  const raw = buildSense(2, 0x04, 0x04, { progress: 32768 });
  const drive = {
    transport: { name: "fake" },
    testUnitReady() {
      polls++;
      if (polls > busy) return Promise.resolve();
      return Promise.reject(
        new ScsiCommandError({
          commandName: "TEST UNIT READY",
          cdb: new Uint8Array(6),
          status: 2,
          sense: decodeSense(raw),
          rawSense: raw,
          device: "fake",
        }),
      );
    },
  } as unknown as MmcDrive;
  return { drive, polls: () => polls };
}

Deno.test("waitForUnit() polls after 10 ms, then doubles its sleeps up to the interval", async () => {
  const { drive, polls } = busyDrive(8);
  const sleeps: number[] = [];
  const progress: number[] = [];
  await waitForUnit(drive, {
    what: "FORMAT UNIT",
    intervalMs: 500,
    sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
    onProgress: (f) => progress.push(f),
  });
  assertEquals(sleeps, [10, 20, 40, 80, 160, 320, 500, 500, 500]);
  assertEquals(polls(), 9);
  assertEquals(progress, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1]);
});

Deno.test("waitForUnit() with a short interval never sleeps longer than it", async () => {
  const { drive } = busyDrive(3);
  const sleeps: number[] = [];
  await waitForUnit(drive, {
    what: "SYNCHRONIZE CACHE",
    intervalMs: 2,
    sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
  });
  assertEquals(sleeps, [2, 2, 2, 2]);
});
