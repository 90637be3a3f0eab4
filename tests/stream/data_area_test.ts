import assert from "node:assert/strict";
import { join } from "node:path";
import { FileTree, masterImage, writeImageFile } from "../../src/iso.ts";
import { addFromDisk } from "../../src/source/add_from_disk.ts";
import {
  type DataAreaWriter,
  type PlacedFile,
  PlacedFileError,
  placedFilesOf,
} from "../../src/stream/data_area.ts";
import { writeImageAtomically } from "../../src/stream/write_image_file.ts";
import {
  openDataAreaWriter,
  THREAD_ABOVE,
  type ThreadThreshold,
} from "../../ffi/linux/data_area_writer.ts";
import { pseudoRandomBytes, put } from "../_helpers/fixture_tree.ts";
import { assertSameBytes } from "../_helpers/assert.ts";
import {
  expectedImage,
  inTempDir,
  linuxTest,
  mixedImage,
  MODES,
  padded,
  THREADED,
} from "../_helpers/data_area_jobs.ts";

/** Sizes around every boundary the thread has: sector, batch (1 MiB), none at all. */
const SIZES = [1, 2047, 2048, 2049, 70_000, (1 << 20) - 1, 1 << 20, (3 << 20) + 5, 10];

async function fixture(dir: string): Promise<{ files: PlacedFile[]; expected: Uint8Array }> {
  const files: PlacedFile[] = [];
  let at = 4096;
  for (const [i, size] of SIZES.entries()) {
    // A name with 2- and 3-byte UTF-8 characters: more bytes than the path's length.
    const path = join(dir, i === 4 ? `naïve 日本 ${i}.bin` : `f${i}.bin`);
    await Deno.writeFile(path, pseudoRandomBytes(size, 100 + i));
    files.push({ path, size, at });
    at += padded(size);
    if (i === 3) at += 6144; // a gap: a file the emit pass writes itself
  }
  return { files, expected: await expectedImage(files, at + 4096) };
}

for (const [mode, threshold] of MODES) {
  linuxTest(
    `openDataAreaWriter() on ${mode} writes each file at its offset, zero-padded, and nothing else`,
    async (dir) => {
      const { files, expected } = await fixture(dir);
      for (const sync of [false, true]) {
        const dest = join(dir, `out-${sync}.img`);
        await Deno.writeFile(dest, new Uint8Array(expected.length).fill(0xee));
        const job = openDataAreaWriter(dest, threshold)!.start(placedFilesOf(files), { sync });
        await job.done;
        assertSameBytes(await Deno.readFile(dest), expected, dest);
        assert.equal(job.bytesDone(), files.reduce((n, f) => n + padded(f.size), 0));
      }
    },
  );

  linuxTest(
    `openDataAreaWriter() on ${mode} names the file that grew, shrank, vanished or cannot be read`,
    (dir) => failures(dir, threshold),
  );
}

linuxTest("openDataAreaWriter() gives a thread to jobs above THREAD_ABOVE only", async (dir) => {
  const path = join(dir, "a");
  await Deno.writeTextFile(path, "data");
  const dest = join(dir, "out.img");
  await Deno.writeFile(dest, new Uint8Array(0));
  const writer = openDataAreaWriter(dest, { files: 3, bytes: 100 })!;
  const job = (n: number, size = 4) =>
    writer.start(
      placedFilesOf(Array.from({ length: n }, (_, i) => ({ path, size, at: i * 2048 }))),
      {
        sync: false,
      },
    );
  // Copied at once: settled before start() returns, nothing left to help with or stop.
  const small = job(3);
  assert.equal(small.bytesDone(), 3 * 2048);
  assert.equal(small.help, undefined);
  await small.done;
  // Above either limit: a thread, which copies after start() returns.
  const more = job(4);
  assert.equal(typeof more.help, "function");
  await more.done;
  assert.equal(more.bytesDone(), 4 * 2048);
  const larger = job(1, 101); // planned larger than the file: the thread finds it shrank
  assert.equal(typeof larger.help, "function");
  const err = await larger.done.then(() => undefined, (e) => e);
  assert.ok(err instanceof PlacedFileError && err.failure === "shrank", String(err));
});

async function failure(
  files: PlacedFile[],
  dest: string,
  threshold: ThreadThreshold,
): Promise<PlacedFileError> {
  const err = await openDataAreaWriter(dest, threshold)!.start(placedFilesOf(files), {
    sync: false,
  }).done
    .then(
      () => assert.fail("the job should fail"),
      (e) => e,
    );
  assert.ok(err instanceof PlacedFileError, String(err));
  return err;
}

async function failures(dir: string, threshold: ThreadThreshold): Promise<void> {
  {
    const dest = join(dir, "out.img");
    await Deno.writeFile(dest, new Uint8Array(0));
    for (const size of [100, 4096, 3 << 20]) {
      const path = join(dir, `s${size}`);
      const files = [{ path: join(dir, "ok"), size: 3, at: 0 }, { path, size, at: 2048 }];
      await Deno.writeTextFile(files[0]!.path, "abc");
      const cases = [
        { bytes: size + 1, failure: "grew", got: 0 },
        { bytes: size - 1, failure: "shrank", got: size - 1 },
        { bytes: -1, failure: "removed", got: 0 },
      ];
      for (const c of cases) {
        await Deno.remove(path).catch(() => {});
        if (c.bytes >= 0) await Deno.writeFile(path, pseudoRandomBytes(c.bytes, 7));
        const err = await failure(files, dest, threshold);
        assert.equal(err.failure, c.failure, `${size}: ${err.message}`);
        assert.equal(err.index, 1);
        assert.equal(err.got, c.got);
        assert.ok(
          err.message.includes(path) &&
            err.message.includes(c.failure === "removed" ? "gone" : c.failure),
          err.message,
        );
      }
    }
    await Deno.mkdir(join(dir, "folder"));
    const err = await failure([{ path: join(dir, "folder"), size: 10, at: 0 }], dest, threshold);
    assert.equal(err.failure, "read");
    assert.match(err.message, /is a directory \(EISDIR\)|EISDIR/);
    const missing = await failure(
      [{ path: join(dir, "ok"), size: 3, at: 0 }],
      join(dir, "no/x"),
      threshold,
    );
    assert.equal(missing.failure, "destination");
    assert.match(missing.message, /no such file or directory \(ENOENT\)/);
  }
}

linuxTest(
  "a data-area job stopped before it starts rejects as stopped and writes nothing",
  async (dir) => {
    const path = join(dir, "a");
    await Deno.writeTextFile(path, "data");
    const dest = join(dir, "out.img");
    await Deno.writeFile(dest, new Uint8Array(0));
    const files = Array.from({ length: 500 }, (_, i) => ({ path, size: 4, at: i * 2048 }));
    const job = openDataAreaWriter(dest, THREADED)!.start(placedFilesOf(files), { sync: false });
    job.stop();
    const err = await job.done.then(() => undefined, (e) => e);
    assert.ok(err instanceof PlacedFileError && err.failure === "stopped", String(err));
    assert.equal((await Deno.stat(dest)).size, 0);
  },
);

for (const count of [40, THREAD_ABOVE.files + 1]) {
  Deno.test(`writeImageFile() mixes files from disk (${count}), bytes and a patched boot image as stream() does`, () =>
    inTempDir(async (dir) => {
      const image = await mixedImage(dir, count, (2 << 20) + 3);
      const streamed = new Uint8Array(await new Response(image.stream()).arrayBuffer());
      const seen: number[] = [];
      const out = join(dir, "o.iso");
      await writeImageFile(image, out, { onProgress: (p) => seen.push(p.bytesDone) });
      assertSameBytes(await Deno.readFile(out), streamed, out);
      assert.equal(seen.at(-1), image.size);
      assert.deepEqual(seen, [...seen].sort((x, y) => x - y));
    }));
}

Deno.test("writeImageFile() cancelled while the data area is written leaves no file", () =>
  inTempDir(async (dir) => {
    const src = join(dir, "src");
    // More bytes than THREAD_ABOVE: the data area has its thread.
    for (let i = 0; i < 300; i++) await put(dir, `src/f${i}`, pseudoRandomBytes(60_000, i));
    const tree = new FileTree();
    await addFromDisk(tree, src);
    const image = masterImage(tree, { time: new Date(0) });
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    controller.abort(reason);
    const err = await writeImageFile(image, join(dir, "o.iso"), { signal: controller.signal })
      .then(() => undefined, (e) => e);
    assert.equal(err, reason);
    const later = new AbortController();
    const err2 = await writeImageFile(image, join(dir, "o.iso"), {
      signal: later.signal,
      onProgress: (p) => {
        if (p.bytesDone > 0) later.abort(reason);
      },
    }).then(() => undefined, (e) => e);
    assert.equal(err2, reason);
    assert.deepEqual((await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name), ["src"]);
  }));

/** `count` small files of assorted sizes, laid out one after another from sector 2. */
async function manyFiles(dir: string, count: number): Promise<PlacedFile[]> {
  const files: PlacedFile[] = [];
  let at = 4096;
  for (let i = 0; i < count; i++) {
    const size = i % 97 === 0 ? (1 << 20) + i : 1 + ((i * 7919) % 9000);
    const path = join(dir, `m${i}`);
    await Deno.writeFile(path, pseudoRandomBytes(size, i));
    files.push({ path, size, at });
    at += padded(size);
  }
  return files;
}

linuxTest(
  "a data-area job copied from both ends (the thread and help()) writes every file once",
  async (dir) => {
    const files = await manyFiles(dir, 3000);
    const last = files.at(-1)!;
    const expected = await expectedImage(files, last.at + padded(last.size) + 4096);
    const dest = join(dir, "out.img");
    await Deno.writeFile(dest, new Uint8Array(expected.length).fill(0xee));
    const job = openDataAreaWriter(dest, THREADED)!.start(placedFilesOf(files), { sync: true });
    // Let the thread start, so that the two ends really meet somewhere in the middle.
    while (job.bytesDone() === 0) await new Promise((r) => setTimeout(r, 1));
    await job.help!(() => {});
    await job.done;
    assertSameBytes(await Deno.readFile(dest), expected, dest);
    assert.equal(job.bytesDone(), files.reduce((n, f) => n + padded(f.size), 0));
  },
);

linuxTest("help() names the file it fails on, and the thread stops too", async (dir) => {
  const files = await manyFiles(dir, 400);
  await Deno.remove(files.at(-1)!.path);
  const dest = join(dir, "out.img");
  await Deno.writeFile(dest, new Uint8Array(0));
  const job = openDataAreaWriter(dest, THREADED)!.start(placedFilesOf(files), { sync: false });
  // Called at once, help() takes the last block before the thread is up.
  const err = await job.help!(() => {}).then(() => undefined, (e) => e);
  assert.ok(err instanceof PlacedFileError, String(err));
  assert.equal(err.failure, "removed");
  assert.equal(err.index, files.length - 1);
  assert.ok(err.message.includes(files.at(-1)!.path), err.message);
  const other = await job.done.then(() => undefined, (e) => e);
  assert.ok(
    other === undefined || (other instanceof PlacedFileError && other.failure === "stopped"),
    String(other),
  );
});

/** How many descriptors this process holds on `path`. */
function descriptorsOn(path: string): number {
  let n = 0;
  for (const e of Deno.readDirSync("/proc/self/fd")) {
    try {
      if (Deno.readLinkSync(`/proc/self/fd/${e.name}`) === path) n++;
    } catch {
      // Closed while listed (the listing's own descriptor).
    }
  }
  return n;
}

linuxTest(
  "a synced threaded job starts writeback from the caller's thread, on a descriptor it closes",
  async (dir) => {
    const { files, expected } = await fixture(dir);
    const dest = join(dir, "out.img");
    await Deno.writeFile(dest, new Uint8Array(expected.length).fill(0xee));
    const writer = openDataAreaWriter(dest, THREADED)!;
    const unsynced = writer.start(placedFilesOf(files), { sync: false });
    assert.equal(unsynced.writeback, undefined);
    await unsynced.done;
    const before = descriptorsOn(dest);
    const job = writer.start(placedFilesOf(files), { sync: true });
    assert.equal(typeof job.writeback, "function");
    assert.equal(descriptorsOn(dest), before + 1);
    job.writeback!();
    await job.done;
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(descriptorsOn(dest), before, "the writeback descriptor outlived the job");
    job.writeback!(); // after the job: nothing to do, and no closed descriptor is used
    assertSameBytes(await Deno.readFile(dest), expected, dest);
  },
);

linuxTest(
  "writeImageAtomically() calls a synced job's writeback while it waits for it",
  async (dir) => {
    const src = join(dir, "src");
    for (let i = 0; i < 8; i++) await put(dir, `src/f${i}`, pseudoRandomBytes(3 << 20, i));
    const tree = new FileTree();
    await addFromDisk(tree, src);
    const image = masterImage(tree, { time: new Date(0) });
    const expected = new Uint8Array(await new Response(image.stream()).arrayBuffer());
    for (const sync of [true, false]) {
      const out = join(dir, `o-${sync}.iso`);
      let calls = 0;
      let offered = false;
      await writeImageAtomically(out, { sync }, (temp) => {
        const real = openDataAreaWriter(temp, THREADED)!;
        // The job ends 350 ms after its thread: the emit pass waits for it, polling.
        const placer: DataAreaWriter = {
          start(placed, options) {
            const job = real.start(placed, options);
            const late = job.done.then(() => new Promise<void>((r) => setTimeout(r, 350)));
            const writeback = job.writeback;
            offered = writeback !== undefined;
            return {
              ...job,
              done: late,
              ...(writeback ? { writeback: () => void (calls++, writeback()) } : {}),
            };
          },
        };
        return Promise.resolve({ image, placer });
      });
      assertSameBytes(await Deno.readFile(out), expected, out);
      assert.equal(offered, sync);
      if (sync) assert.ok(calls >= 2, `writeback called ${calls} times in 350 ms`);
      else assert.equal(calls, 0);
    }
  },
);
