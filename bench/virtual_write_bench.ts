/**
 * Host-side write throughput into kiln's virtual recorder: WRITE(10)/(12) commands built by
 * the MMC layer, sent through `VirtualRecorder.execute` to a blank BD-R at time scale 0 (no
 * modelled drive speed), one reused buffer per command size. Reports MB/s (10^6 bytes) for
 * the writes alone and with the closing SYNCHRONIZE CACHE (which fdatasyncs the file), the
 * time per WRITE command, and the floor: plain `writeSync` of the same bytes to a file in the
 * same folder, measured in the same rounds. No assertions: a person judges (the target is at
 * least 1 GB/s).
 *
 * On a disk-backed file system large runs end up measuring the disk once the kernel's
 * dirty-page limit is reached; the tmpfs row (/dev/shm) measures the recorder itself.
 *
 *   deno run -A bench/virtual_write_bench.ts [--mib 2048] [--runs 3] [--dir /dev/shm]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { buildSynchronizeCacheCdb } from "../src/mmc/commands/synchronize_cache.ts";
import { buildTestUnitReadyCdb } from "../src/mmc/commands/test_unit_ready.ts";
import { buildWrite10Cdb } from "../src/mmc/commands/write10.ts";
import { buildWrite12Cdb } from "../src/mmc/commands/write12.ts";
import { VirtualRecorder } from "../ffi/virtual/virtual_recorder.ts";
import { median, meets, printTable, printTitle, printVerdict, progress } from "./report.ts";

/** What {@linkcode virtualWriteBench} measures. */
export interface VirtualWriteOptions {
  /** MiB written per sample. */
  readonly mib: number;
  /** Samples per row. */
  readonly runs: number;
  /** Folders for the disc file, e.g. /dev/shm and the work folder. */
  readonly dirs: readonly string[];
}

interface WriteRun {
  readonly writes: number;
  readonly withSync: number;
  readonly usPerWrite: number;
}

async function run(dir: string, mib: number, blocksPerCommand: number): Promise<WriteRun> {
  const folder = await Deno.makeTempDir({ prefix: "kiln-vbench-", dir });
  const drive = await VirtualRecorder.open({
    path: `${folder}/disc.iso`,
    media: "bd-r",
    timeScale: 0,
  });
  try {
    await drive.execute({ cdb: buildTestUnitReadyCdb(), direction: "none", timeoutMs: 1000 });
    const data = new Uint8Array(blocksPerCommand * 2048).fill(0x5a);
    const total = (mib * 1024 * 1024) / 2048;
    let commands = 0;
    const t0 = performance.now();
    for (let lba = 0; lba < total; lba += blocksPerCommand) {
      const cdb = blocksPerCommand <= 0xffff
        ? buildWrite10Cdb({ lba, transferLength: blocksPerCommand })
        : buildWrite12Cdb({ lba, transferLength: blocksPerCommand });
      const r = await drive.execute({ cdb, direction: "out", data, timeoutMs: 200_000 });
      if (r.status !== 0) throw new Error(`WRITE at ${lba} failed`);
      commands++;
    }
    const t1 = performance.now();
    await drive.execute({
      cdb: buildSynchronizeCacheCdb({}),
      direction: "none",
      timeoutMs: 600_000,
    });
    const t2 = performance.now();
    const bytes = total * 2048;
    return {
      writes: bytes / 1e6 / ((t1 - t0) / 1000),
      withSync: bytes / 1e6 / ((t2 - t0) / 1000),
      usPerWrite: ((t1 - t0) * 1000) / commands,
    };
  } finally {
    await drive.close();
    await Deno.remove(folder, { recursive: true });
  }
}

function floor(dir: string, mib: number, bytesPerWrite: number): number {
  const path = `${dir}/kiln-vbench-floor-${Deno.pid}.bin`;
  const f = Deno.openSync(path, { write: true, create: true, truncate: true });
  const data = new Uint8Array(bytesPerWrite).fill(0x5a);
  const total = mib * 1024 * 1024;
  const t0 = performance.now();
  for (let done = 0; done < total; done += bytesPerWrite) {
    for (let d = 0; d < bytesPerWrite;) d += f.writeSync(data.subarray(d));
  }
  const mbps = total / 1e6 / ((performance.now() - t0) / 1000);
  f.close();
  Deno.removeSync(path);
  return mbps;
}

const SIZES = [["WRITE(10) 64 KiB", 32], ["WRITE(10) 512 KiB", 256], [
  "WRITE(12) 1 MiB",
  512,
]] as const;

/**
 * Runs the section and prints its table and verdict.
 *
 * @param o Size, runs, folders.
 * @returns The best median MB/s of the writes alone in the first folder.
 */
export async function virtualWriteBench(o: VirtualWriteOptions): Promise<number> {
  const rows: string[][] = [];
  let best = 0;
  for (const [d, dir] of o.dirs.entries()) {
    for (const [label, blocks] of SIZES) {
      const samples: WriteRun[] = [];
      const floors: number[] = [];
      for (let i = 0; i < o.runs; i++) {
        progress(`virtual WRITE: ${dir}: ${label}, round ${i + 1}/${o.runs}`);
        floors.push(floor(dir, o.mib, blocks * 2048));
        samples.push(await run(dir, o.mib, blocks));
      }
      const writes = median(samples.map((s) => s.writes));
      if (d === 0) best = Math.max(best, writes);
      rows.push([
        dir,
        label,
        writes.toFixed(0),
        median(samples.map((s) => s.withSync)).toFixed(0),
        median(samples.map((s) => s.usPerWrite)).toFixed(1),
        median(floors).toFixed(0),
      ]);
    }
  }
  printTitle(
    `virtual recorder WRITE: ${o.mib} MiB to a blank BD-R, timeScale 0, median of ${o.runs}`,
  );
  printTable(
    [
      "disc file in",
      "command",
      "MB/s writes",
      "MB/s +SYNC CACHE",
      "µs/WRITE",
      "writeSync floor MB/s",
    ],
    rows,
    2,
  );
  return best;
}

if (import.meta.main) {
  const args = parseArgs({
    args: Deno.args,
    options: {
      mib: { type: "string", default: "2048" },
      runs: { type: "string", default: "3" },
      dir: { type: "string" },
    },
  });
  const best = await virtualWriteBench({
    mib: Number(args.values.mib),
    runs: Number(args.values.runs),
    dirs: [args.values.dir ?? Deno.makeTempDirSync()],
  });
  printVerdict(`virtual WRITE: ${best.toFixed(0)} MB/s (target ≥1000: ${meets(best >= 1000)})`);
}
