import assert from "node:assert/strict";
import {
  type ChunkSource,
  imageChunks,
  sinkChunks,
  streamChunks,
} from "../../src/recorder/chunk_source.ts";
import { SectorRing } from "../../src/recorder/sector_ring.ts";
import { FileTree, masterImage } from "../../src/iso.ts";
import type { ImageSink } from "../../src/stream/image_sink.ts";
import { openDataAreaReader } from "../../ffi/linux/data_area_writer.ts";
import { pseudoRandomBytes } from "../_helpers/fixture_tree.ts";
import { assertSameBytes } from "../_helpers/assert.ts";
import { inTempDir, mixedImage, MODES } from "../_helpers/data_area_jobs.ts";

type WriteTo = (sink: ImageSink, o?: { signal?: AbortSignal }) => Promise<void>;

/** A producer that writes `count` chunks from one reused buffer, as the emit pass does. */
function reusing(count: number, log: string[]): WriteTo {
  return async (sink) => {
    const buf = new Uint8Array(4096);
    for (let i = 0; i < count; i++) {
      buf.fill(i + 1);
      log.push(`write ${i}`);
      await sink.write(buf);
      log.push(`written ${i}`);
    }
  };
}

/** Every byte a ring of `chunkSectors`-sector chunks hands out, placed at its offset. */
async function ringBytes(
  chunks: ChunkSource,
  chunkSectors: number,
  size: number,
): Promise<Uint8Array> {
  const ring = new SectorRing(chunks, { chunkBytes: chunkSectors * 2048, streamBytes: size });
  const got = new Uint8Array(size);
  for (let c = await ring.take(); c; c = await ring.take()) {
    got.set(c.data, c.offset);
    ring.release();
  }
  return got;
}

Deno.test("sinkChunks() hands over the producer's buffer and settles its write only at the next read", async () => {
  const log: string[] = [];
  const chunks = sinkChunks(reusing(3, log), undefined);
  for (let i = 0; i < 3; i++) {
    const got = await chunks.read();
    assert.ok(got, `chunk ${i}`);
    // Still the reader's: the producer has not been told to go on.
    await new Promise((r) => setTimeout(r, 5));
    assert.ok(got.every((b) => b === i + 1), `chunk ${i} changed before the next read`);
    assert.equal(log.at(-1), `write ${i}`);
  }
  assert.equal(await chunks.read(), undefined);
  assert.deepEqual(log, ["write 0", "written 0", "write 1", "written 1", "write 2", "written 2"]);
});

Deno.test("sinkChunks() rejects a read with the producer's error", async () => {
  const boom = new Error("source vanished");
  const chunks = sinkChunks(async (sink) => {
    await sink.write(new Uint8Array(2048));
    throw boom;
  }, undefined);
  assert.ok(await chunks.read());
  await assert.rejects(chunks.read(), (e) => e === boom);
  await assert.rejects(chunks.read(), (e) => e === boom);
});

Deno.test("sinkChunks() cancel stops the producer: its write rejects and its signal aborts", async () => {
  let seen: AbortSignal | undefined;
  let writeError: unknown;
  let settled = false;
  const chunks = sinkChunks(async (sink, o) => {
    seen = o?.signal;
    try {
      for (;;) await sink.write(new Uint8Array(2048));
    } catch (err) {
      writeError = err;
      throw err;
    } finally {
      settled = true;
    }
  }, undefined);
  assert.ok(await chunks.read());
  const reason = new Error("drive failed");
  await chunks.cancel(reason);
  assert.ok(settled, "cancel waits for the producer");
  assert.equal(writeError, reason);
  assert.ok(seen?.aborted);
  await assert.rejects(chunks.read(), (e) => e === reason);
});

Deno.test("sinkChunks() passes the caller's signal to the producer", async () => {
  const ac = new AbortController();
  let seen: AbortSignal | undefined;
  const chunks = sinkChunks(async (sink, o) => {
    seen = o?.signal;
    await sink.write(new Uint8Array(2048));
  }, ac.signal);
  await chunks.read();
  ac.abort(new Error("stop"));
  assert.ok(seen?.aborted);
  assert.equal(await chunks.read(), undefined);
});

Deno.test("a ring over imageChunks() of a mastered image gives exactly its stream()", async () => {
  const tree = new FileTree();
  for (let i = 0; i < 30; i++) {
    tree.addFile(`/d${i % 4}/f${i}.bin`, pseudoRandomBytes(i * 5000 + 1, i));
  }
  const image = masterImage(tree, { udf: true, udfRevision: "2.50" });
  assert.ok(image.writeTo, "a mastered image writes itself into a sink");
  const expected = new Uint8Array(await new Response(image.stream()).arrayBuffer());
  for (const chunks of [imageChunks(image, undefined), streamChunks(image.stream())]) {
    assertSameBytes(await ringBytes(chunks, 32, image.size), expected, "ring bytes");
  }
});

for (const [mode, threshold] of MODES) {
  Deno.test({
    name:
      `a ring over imageChunks() reading files ahead (${mode}) gives exactly stream(): disk, memory and patched files`,
    ignore: Deno.build.os !== "linux",
    fn: () =>
      inTempDir(async (dir) => {
        // The big file is larger than the 1 MiB window: it passes through it three times.
        const image = await mixedImage(dir, 60, (3 << 20) + 11);
        const expected = new Uint8Array(await new Response(image.stream()).arrayBuffer());
        const reader = openDataAreaReader(1 << 20, threshold)!;
        const chunks = imageChunks(image, undefined, reader);
        assertSameBytes(await ringBytes(chunks, 64, image.size), expected, "ring bytes");
      }),
  });
}
