/**
 * The emit pass over a sink that copies large files itself (as the kernel copy does): after
 * such a copy the chunk buffer no longer starts on a sector boundary, and sector padding,
 * zero fill and metadata must still land where the plan put them. Found by the benchmark on
 * /usr/share ("chunk size is not a multiple of the sector size").
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { FileTree, masterImage } from "../../src/iso.ts";
import { addFromDisk } from "../../src/source/add_from_disk.ts";
import type { ImageSink } from "../../src/stream/image_sink.ts";
import { pseudoRandomBytes, put } from "../_helpers/fixture_tree.ts";

/** An in-memory sink that "copies" file ranges by reading them, as a kernel copy would. */
function memorySink(): ImageSink & { bytes(): Uint8Array; copies: number } {
  const parts: Uint8Array[] = [];
  const sink = {
    copies: 0,
    write(b: Uint8Array) {
      parts.push(b.slice());
      return Promise.resolve();
    },
    async copyFileRange(path: string, offset: number, length: number) {
      sink.copies++;
      const data = (await Deno.readFile(path)).subarray(offset, offset + length);
      parts.push(data.slice());
      return data.length;
    },
    bytes() {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) (out.set(p, at), at += p.length);
      return out;
    },
  };
  return sink;
}

Deno.test("writeTo() over a copying sink pads and places every file after unaligned copies", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Large files of odd sizes (copied by the sink) between runs of small ones that fill
    // several 4 KiB chunks each, so padding straddles chunk ends.
    for (let i = 0; i < 4; i++) {
      await put(dir, `src/d${i}/a-large.bin`, pseudoRandomBytes((1 << 20) + 1 + i * 777, i));
      for (let j = 0; j < 12; j++) {
        await put(dir, `src/d${i}/b-small-${j}.bin`, pseudoRandomBytes(300 + j * 401, 100 + j));
      }
    }
    const tree = new FileTree();
    await addFromDisk(tree, join(dir, "src"));
    for (const udf of [false, true]) {
      const image = masterImage(tree, { time: new Date(0), udf });
      const streamed = new Uint8Array(await new Response(image.stream()).arrayBuffer());
      for (const chunkSize of [4096, 6144, 1 << 20]) {
        const sink = memorySink();
        await image.writeTo(sink, { chunkSize });
        assert.equal(sink.copies, 4, "the four large files go to the sink's copy");
        const got = sink.bytes();
        assert.equal(got.length, image.size, `udf ${udf}, chunk ${chunkSize}: size`);
        assert.ok(
          got.every((b, i) => b === streamed[i]),
          `udf ${udf}, chunk ${chunkSize}: bytes differ from image.stream()`,
        );
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
