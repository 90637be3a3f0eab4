import { SectorRing } from "../../src/recorder/sector_ring.ts";
import { type ChunkSource, streamChunks } from "../../src/recorder/chunk_source.ts";
import { InvalidInputError } from "../../src/model/errors.ts";
import { expectError } from "../_helpers/expect_error.ts";

function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

/** The chunks of a stream of `data` cut into pieces of the given sizes (cycled). */
function streamOf(data: Uint8Array, pieces: number[]): ChunkSource {
  let at = 0;
  let i = 0;
  return streamChunks(
    new ReadableStream({
      pull(c) {
        if (at >= data.length) return c.close();
        const n = Math.min(pieces[i++ % pieces.length]!, data.length - at);
        c.enqueue(data.slice(at, at + n));
        at += n;
      },
    }),
  );
}

async function drain(ring: SectorRing): Promise<{ chunks: number[]; out: Uint8Array }> {
  const parts: Uint8Array[] = [];
  const chunks: number[] = [];
  for (;;) {
    const c = await ring.take();
    if (!c) break;
    chunks.push(c.data.length);
    parts.push(c.data.slice());
    ring.release();
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) out.set(p, (o += p.length) - p.length);
  return { chunks, out };
}

Deno.test("SectorRing re-chunks odd stream pieces into WRITE-sized chunks, bytes unchanged", async () => {
  const data = bytes(2048 * 100, 3);
  const ring = new SectorRing(streamOf(data, [1, 5000, 777, 65536, 3]), {
    chunkBytes: 32768,
    capacityBytes: 65536,
    streamBytes: data.length,
  });
  const { chunks, out } = await drain(ring);
  if (chunks.join() !== "32768,32768,32768,32768,32768,32768,8192") throw new Error(chunks.join());
  if (out.join() !== data.join()) throw new Error("bytes differ");
});

Deno.test("SectorRing pads with zeros up to the planned length", async () => {
  const data = bytes(2048 * 3, 9);
  const ring = new SectorRing(streamOf(data, [4096]), {
    chunkBytes: 32768,
    streamBytes: data.length,
    totalBytes: 32768,
  });
  const { chunks, out } = await drain(ring);
  if (chunks.join() !== "32768") throw new Error(chunks.join());
  if (out.subarray(0, data.length).join() !== data.join()) throw new Error("data");
  if (out.subarray(data.length).some((b) => b !== 0)) throw new Error("padding not zero");
});

Deno.test("SectorRing reads ahead while a chunk is held, up to its capacity", async () => {
  const data = bytes(2048 * 64, 1);
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled >= data.length) return c.close();
      c.enqueue(data.slice(pulled, pulled + 8192));
      pulled += 8192;
    },
  });
  const ring = new SectorRing(streamChunks(stream), {
    chunkBytes: 16384,
    capacityBytes: 65536,
    streamBytes: data.length,
  });
  const first = await ring.take();
  if (!first) throw new Error("no chunk");
  for (let i = 0; i < 50 && ring.bufferedBytes < 65536 - 16384; i++) {
    await new Promise((r) => setTimeout(r, 1));
  }
  // One slot is held by the writer, three are filled ahead: the ring is full.
  if (ring.bufferedBytes !== 49152) throw new Error(`buffered ${ring.bufferedBytes}`);
  if (ring.fill !== 0.75) throw new Error(`fill ${ring.fill}`);
  ring.release();
  const rest = await drain(ring);
  if (rest.chunks.length !== 7) throw new Error(rest.chunks.join());
});

Deno.test("SectorRing a stream shorter than announced is an input error naming the byte counts", async () => {
  const ring = new SectorRing(streamOf(bytes(4096, 0), [4096]), {
    chunkBytes: 2048,
    streamBytes: 8192,
  });
  await expectError(drain(ring), InvalidInputError, "ended after 4096 of 8192 bytes");
});

Deno.test("SectorRing a stream longer than announced is an input error", async () => {
  const ring = new SectorRing(streamOf(bytes(8192, 0), [8192]), {
    chunkBytes: 2048,
    streamBytes: 4096,
  });
  await expectError(drain(ring), InvalidInputError, "more than the announced 4096 bytes");
});

Deno.test("SectorRing passes a stream error to the writer", async () => {
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new Uint8Array(2048));
      c.error(new Error("source vanished"));
    },
  });
  const ring = new SectorRing(streamChunks(stream), { chunkBytes: 2048, streamBytes: 8192 });
  await expectError(drain(ring), Error, "source vanished");
});

Deno.test("SectorRing tap sees every stream byte once with its offset", async () => {
  const data = bytes(2048 * 10, 5);
  const seen: number[] = [];
  let sum = 0;
  const ring = new SectorRing(streamOf(data, [3000, 1000]), {
    chunkBytes: 4096,
    streamBytes: data.length,
    totalBytes: data.length + 4096,
    tap: (b, o) => {
      seen.push(o);
      sum += b.length;
    },
  });
  await drain(ring);
  if (sum !== data.length || seen[0] !== 0 || seen[1] !== 3000) throw new Error(`${sum} ${seen}`);
});

Deno.test("SectorRing cancel stops reading and cancels the stream", async () => {
  let cancelled: unknown;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      c.enqueue(new Uint8Array(2048));
    },
    cancel(reason) {
      cancelled = reason;
    },
  });
  const ring = new SectorRing(streamChunks(stream), {
    chunkBytes: 2048,
    capacityBytes: 8192,
    streamBytes: 2048 * 1000,
  });
  await ring.take();
  await ring.cancel("stop");
  if (cancelled !== "stop") throw new Error(String(cancelled));
});
