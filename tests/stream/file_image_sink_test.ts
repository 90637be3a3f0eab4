import assert from "node:assert/strict";
import { join } from "node:path";
import { ImageWriteError } from "../../src/iso.ts";
import { FileImageSink } from "../../src/stream/file_image_sink.ts";
import { pseudoRandomBytes } from "../_helpers/fixture_tree.ts";

Deno.test("FileImageSink writes queued chunks in order and hands written ones back", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = join(dir, "o.bin");
    const file = await Deno.open(out, { write: true, createNew: true });
    const size = 8 * 4096;
    const sink = new FileImageSink(file, { sync: false, path: out, size });
    const expected = pseudoRandomBytes(size, 9);
    let reused = 0;
    try {
      for (let at = 0; at < size; at += 4096) {
        const spare = sink.reuse(4096);
        if (spare) reused++;
        const chunk = spare ?? new Uint8Array(4096);
        chunk.set(expected.subarray(at, at + 4096));
        await sink.write(chunk);
      }
      await sink.finish();
    } finally {
      file.close();
    }
    assert.equal(sink.position, size);
    assert.deepEqual(await Deno.readFile(out), expected);
    assert.ok(reused > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("FileImageSink reports a background write failure as an ImageWriteError", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = join(dir, "o.bin");
    await Deno.writeFile(out, new Uint8Array(0));
    const file = await Deno.open(out, { read: true });
    const sink = new FileImageSink(file, { sync: true, path: out, size: 3 * 2048 });
    try {
      const failed = (async () => {
        for (let i = 0; i < 3; i++) await sink.write(new Uint8Array(2048));
        await sink.finish();
      })();
      await assert.rejects(failed, (err: unknown) => {
        assert.ok(err instanceof ImageWriteError, String(err));
        assert.match(err.message, /o\.bin/);
        return true;
      });
      await sink.settle();
    } finally {
      file.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
