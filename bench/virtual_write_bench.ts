/**
 * Host-side write throughput into kiln's virtual recorder: WRITE(10)/(12) commands built by
 * the MMC layer, sent through `VirtualRecorder.execute` to a blank BD-R at time scale 0 (no
 * modelled drive speed), one reused buffer per command size. Reports MB/s (10^6 bytes) for
 * the writes alone and with the closing SYNCHRONIZE CACHE (which fdatasyncs the file), next
 * to the floor: plain `writeSync` of the same bytes to a file in the same folder, measured
 * in the same rounds. No assertions: a person judges (the target is at least 1 GB/s).
 *
 * The data file goes to `--dir` (default: the temp folder). On a disk-backed file system
 * large runs end up measuring the disk once the kernel's dirty-page limit is reached; use a
 * tmpfs (`--dir /dev/shm`) to measure the recorder itself.
 *
 *   deno run -A bench/virtual_write_bench.ts [--mib 2048] [--runs 3] [--dir /dev/shm]
 */

import { parseArgs } from "node:util";
import { buildSynchronizeCacheCdb } from "../src/mmc/commands/synchronize_cache.ts";
import { buildTestUnitReadyCdb } from "../src/mmc/commands/test_unit_ready.ts";
import { buildWrite10Cdb } from "../src/mmc/commands/write10.ts";
import { buildWrite12Cdb } from "../src/mmc/commands/write12.ts";
import { VirtualRecorder } from "../ffi/virtual/virtual_recorder.ts";

const args = parseArgs({
  args: Deno.args,
  options: {
    mib: { type: "string", default: "2048" },
    runs: { type: "string", default: "3" },
    dir: { type: "string" },
  },
});
const MIB = Number(args.values.mib);
const RUNS = Number(args.values.runs);
const DIR = args.values.dir;

async function run(blocksPerCommand: number): Promise<{ writes: number; withSync: number }> {
  const dir = await Deno.makeTempDir({ prefix: "kiln-vbench-", ...(DIR ? { dir: DIR } : {}) });
  const drive = await VirtualRecorder.open({
    path: `${dir}/disc.iso`,
    media: "bd-r",
    timeScale: 0,
  });
  try {
    await drive.execute({ cdb: buildTestUnitReadyCdb(), direction: "none", timeoutMs: 1000 });
    const data = new Uint8Array(blocksPerCommand * 2048).fill(0x5a);
    const total = (MIB * 1024 * 1024) / 2048;
    const t0 = performance.now();
    for (let lba = 0; lba < total; lba += blocksPerCommand) {
      const cdb = blocksPerCommand <= 0xffff
        ? buildWrite10Cdb({ lba, transferLength: blocksPerCommand })
        : buildWrite12Cdb({ lba, transferLength: blocksPerCommand });
      const r = await drive.execute({ cdb, direction: "out", data, timeoutMs: 200_000 });
      if (r.status !== 0) throw new Error(`WRITE at ${lba} failed`);
    }
    const t1 = performance.now();
    await drive.execute({
      cdb: buildSynchronizeCacheCdb({}),
      direction: "none",
      timeoutMs: 600_000,
    });
    const t2 = performance.now();
    const bytes = total * 2048;
    return { writes: bytes / 1e6 / ((t1 - t0) / 1000), withSync: bytes / 1e6 / ((t2 - t0) / 1000) };
  } finally {
    await drive.close();
    await Deno.remove(dir, { recursive: true });
  }
}

function floor(bytesPerWrite: number): number {
  const path = `${DIR ?? Deno.makeTempDirSync()}/kiln-vbench-floor.bin`;
  const f = Deno.openSync(path, { write: true, create: true, truncate: true });
  const data = new Uint8Array(bytesPerWrite).fill(0x5a);
  const total = MIB * 1024 * 1024;
  const t0 = performance.now();
  for (let done = 0; done < total; done += bytesPerWrite) {
    for (let d = 0; d < bytesPerWrite;) d += f.writeSync(data.subarray(d));
  }
  const mbps = total / 1e6 / ((performance.now() - t0) / 1000);
  f.close();
  Deno.removeSync(path);
  return mbps;
}

console.log(
  `virtual recorder: ${MIB} MiB to a blank BD-R in ${
    DIR ?? "the temp folder"
  }, ${RUNS} runs, median MB/s`,
);
for (
  const [label, blocks] of [["WRITE(10) 64 KiB", 32], ["WRITE(10) 512 KiB", 256], [
    "WRITE(12) 1 MiB",
    512,
  ]] as const
) {
  const samples = [];
  const floors = [];
  for (let i = 0; i < RUNS; i++) {
    floors.push(floor(blocks * 2048));
    samples.push(await run(blocks));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `${label.padEnd(20)} writes ${
      median(samples.map((s) => s.writes)).toFixed(0).padStart(6)
    } MB/s` +
      `   with SYNCHRONIZE CACHE ${
        median(samples.map((s) => s.withSync)).toFixed(0).padStart(6)
      } MB/s` +
      `   (plain writeSync of the same size: ${median(floors).toFixed(0).padStart(6)} MB/s)`,
  );
}
