import assert from "node:assert/strict";
import { join } from "node:path";
import { type PlacedFile, PlacedFileError, placedFilesOf } from "../../src/stream/data_area.ts";
import { takeFromWindow, type WindowFiller } from "../../src/stream/data_area_window.ts";
import { ChunkWriter } from "../../src/stream/chunk_writer.ts";
import type { ImageSink } from "../../src/stream/image_sink.ts";
import { openDataAreaReader, type ThreadThreshold } from "../../ffi/linux/data_area_writer.ts";
import { pseudoRandomBytes } from "../_helpers/fixture_tree.ts";
import { assertSameBytes } from "../_helpers/assert.ts";
import { linuxTest, MODES, padded, THREADED } from "../_helpers/data_area_jobs.ts";

/** The smallest window: the 3 MiB file passes through it three times over. */
const WINDOW = 1 << 20;
/** Sizes around the sector, the batch and the window; a gap after the fourth file. */
const SIZES = [1, 2047, 2048, 2049, 70_000, WINDOW - 1, WINDOW, (3 << 20) + 5, 10, 300_000];
const GAP_AFTER = 3;

interface Fixture {
  files: PlacedFile[];
  /** The image from 0 to past the last file: zeros, each file's bytes at its offset. */
  expected: Uint8Array;
}

async function fixture(dir: string, sizes = SIZES): Promise<Fixture> {
  const files: PlacedFile[] = [];
  let at = 8192; // the emit pass's own bytes come first
  for (const [i, size] of sizes.entries()) {
    const path = join(dir, i === 4 ? `naïve 日本 ${i}.bin` : `f${i}.bin`);
    await Deno.writeFile(path, pseudoRandomBytes(size, 200 + i));
    files.push({ path, size, at });
    at += padded(size);
    if (i === GAP_AFTER) at += 6144; // a file the emit pass writes itself
  }
  const expected = new Uint8Array(at + 4096);
  for (const f of files) expected.set(await Deno.readFile(f.path), f.at);
  return { files, expected };
}

/** A sink that copies what it is given into one buffer, as the burn's ring does. */
function collector(length: number): { sink: ImageSink; bytes: Uint8Array } {
  const bytes = new Uint8Array(length).fill(0xee);
  let at = 0;
  const sink: ImageSink = {
    write(chunk) {
      bytes.set(chunk, at);
      at += chunk.length;
      // Let the thread run while the "drive" takes the chunk.
      return new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
  return { sink, bytes };
}

/**
 * Drain a job from a reader as the emit pass does: zeros where no file is, each run of
 * contiguous files taken from the window.
 */
async function drain(
  files: PlacedFile[],
  length: number,
  threshold: ThreadThreshold,
): Promise<Uint8Array> {
  const { sink, bytes } = collector(length);
  const job = openDataAreaReader(WINDOW, threshold)!.start(placedFilesOf(files), {
    sync: false,
  });
  assert.ok(job.window, "a reader's job has a window");
  assert.ok(job.window.bytes.length <= WINDOW);
  let settled = false;
  const done = job.done.finally(() => void (settled = true));
  done.catch(() => {});
  const filler: WindowFiller = { done, settled: () => settled };
  const out = new ChunkWriter(sink, length, {});
  try {
    let i = 0;
    while (i < files.length) {
      await out.zeroTo(files[i]!.at / 2048);
      let run = 0;
      let j = i;
      while (j < files.length && files[j]!.at === files[i]!.at + run) {
        run += padded(files[j++]!.size);
      }
      await takeFromWindow(job.window, out, run, filler, () => {});
      i = j;
    }
    await out.zeroTo(length / 2048);
    await done;
  } catch (err) {
    job.stop();
    await done.catch(() => {});
    throw err;
  }
  return bytes;
}

for (const [mode, threshold] of MODES) {
  linuxTest(
    `openDataAreaReader() on ${mode}: the window gives each file's bytes in image order, zero-padded`,
    async (dir) => {
      const { files, expected } = await fixture(dir);
      assertSameBytes(await drain(files, expected.length, threshold), expected, "big job");
      // A job smaller than the window: read at once when not threaded.
      const few = await fixture(join(dir), [5, 4096, 9000, 2048 * 3 + 1, 12]);
      assertSameBytes(await drain(few.files, few.expected.length, threshold), few.expected, "few");
    },
  );

  linuxTest(
    `openDataAreaReader() on ${mode} names the file that grew, shrank or vanished`,
    async (dir) => {
      // 4096: whole sectors, probed on its own when read straight into the window.
      for (const size of [100, 4096, 3 << 20]) {
        const { files, expected } = await fixture(dir, [3000, size, 20]);
        const path = files[1]!.path;
        const cases = [
          { bytes: size + 1, failure: "grew" },
          { bytes: size - 1, failure: "shrank" },
          { bytes: -1, failure: "removed" },
        ];
        for (const c of cases) {
          await Deno.remove(path).catch(() => {});
          if (c.bytes >= 0) await Deno.writeFile(path, pseudoRandomBytes(c.bytes, 7));
          const err = await drain(files, expected.length, threshold).then(
            () => assert.fail(`${size} ${c.failure}: the job should fail`),
            (e) => e,
          );
          assert.ok(err instanceof PlacedFileError, String(err));
          assert.equal(err.failure, c.failure, `${size}: ${err.message}`);
          assert.equal(err.index, 1);
          assert.ok(err.message.includes(path), err.message);
        }
      }
    },
  );
}

linuxTest("a read-ahead job waiting for room in its window stops when asked", async (dir) => {
  const { files } = await fixture(dir, [3 << 20, 3 << 20]);
  const job = openDataAreaReader(WINDOW, THREADED)!.start(placedFilesOf(files), { sync: false });
  // Nobody takes from the window: the thread fills it and waits for room.
  const full = job.window!;
  const start = Date.now();
  while (Number(Atomics.load(full.marks, 0)) < files[0]!.at + WINDOW / 2) {
    if (Date.now() - start > 20_000) assert.fail("the thread never filled its window");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const written = Number(Atomics.load(full.marks, 0));
  assert.ok(written - files[0]!.at <= WINDOW, `wrote ${written} into a ${WINDOW} window`);
  job.stop();
  const err = await job.done.then(() => undefined, (e) => e);
  assert.ok(err instanceof PlacedFileError && err.failure === "stopped", String(err));
});

Deno.test("openDataAreaReader() refuses a window smaller than one batch", () => {
  assert.throws(() => openDataAreaReader(4096), /4096 bytes is below the 1048576 batch/);
});
