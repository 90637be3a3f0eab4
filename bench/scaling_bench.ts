/**
 * The scaling section: time per file and peak RSS of kiln and genisoimage at 1k, 10k, 100k
 * (and, with a larger `--max-files`, 1M) files of 0–2 KiB in folders of 20, so the data stays
 * small and the per-file costs show. kiln runs `--no-sync` when the CLI has it (the data is
 * tiny either way), with and without UDF (UDF adds a file entry and a place per file: the
 * memory aim holds for both). kiln's µs/file is also given with Deno's start-up subtracted.
 *
 * @module
 */

import { join } from "node:path";
import { smallCorpus } from "./corpus.ts";
import { measure, type Sample } from "./measure.ts";
import {
  fmtMiB,
  fmtSeconds,
  median,
  meets,
  printTable,
  printTitle,
  printVerdict,
  progress,
} from "./report.ts";
import { genisoimageCommand, kilnCommand, REPO_ROOT } from "./tools.ts";

/** What {@linkcode scalingBench} measures. */
export interface ScalingOptions {
  /** The work folder (corpora and outputs). */
  readonly work: string;
  /** Largest file count (1k, 10k, ... up to this). */
  readonly maxFiles: number;
  /** Samples per point. */
  readonly runs: number;
  /** Whether kiln's CLI has `--no-sync`. */
  readonly noSync: boolean;
  /** Median seconds of an empty `deno run`. */
  readonly startupSeconds: number;
}

/**
 * Runs the section and prints its table and verdict.
 *
 * @param o Work folder, sizes, runs, start-up time.
 */
export async function scalingBench(o: ScalingOptions): Promise<void> {
  const counts = [1_000, 10_000, 100_000, 1_000_000].filter((n) => n <= o.maxFiles);
  const out = join(o.work, "out.img");
  const table: string[][] = [];
  /** kiln's µs per file at each count (start-up subtracted), without and with UDF. */
  const kilnPerFile: number[][] = [[], []];
  let kilnRss = 0;
  for (const n of counts) {
    progress(`scaling: corpus of ${n} files`);
    const corpus = await smallCorpus(
      o.work,
      { files: n, folders: Math.ceil(n / 20), maxBytes: 2048 },
      (d) => progress(`scaling: ${d}/${n} files written`),
    );
    const sync = o.noSync ? " --no-sync" : "";
    const tools: [string, string[], Sample[]][] = [
      [`kiln${sync}`, kilnCommand(corpus.dir, out, { noSync: o.noSync }), []],
      [`kiln --udf${sync}`, kilnCommand(corpus.dir, out, { noSync: o.noSync, udf: true }), []],
      ["genisoimage -R -J", genisoimageCommand(corpus.dir, out), []],
    ];
    for (let round = 0; round < o.runs; round++) {
      for (let i = 0; i < tools.length; i++) {
        const [name, argv, samples] = tools[(i + round) % tools.length]!;
        progress(`scaling: ${n} files, round ${round + 1}/${o.runs}: ${name}`);
        samples.push(await measure(argv, { out, cwd: REPO_ROOT }));
      }
    }
    for (const [name, , samples] of tools) {
      const s = median(samples.map((x) => x.seconds));
      const rss = Math.max(...samples.map((x) => x.rssMiB));
      const isKiln = name.startsWith("kiln");
      const net = isKiln ? ((s - o.startupSeconds) / n) * 1e6 : NaN;
      if (isKiln) {
        kilnPerFile[name.includes("--udf") ? 1 : 0]!.push(net);
        kilnRss = Math.max(kilnRss, rss);
      }
      table.push([
        String(n),
        name,
        fmtSeconds(s),
        ((s / n) * 1e6).toFixed(1),
        isKiln ? net.toFixed(1) : "",
        fmtMiB(rss),
      ]);
    }
  }
  await Deno.remove(out).catch(() => {});
  printTitle(`scaling: files of 0–2 KiB, 20 per folder, median of ${o.runs}, warm cache`);
  printTable(["files", "tool", "median s", "µs/file", "µs/file − start-up", "peak RSS"], table, 2);
  // The smallest count is dominated by fixed costs, so flatness is judged from the second.
  const from = counts.length >= 3 ? 1 : 0;
  const growth = (perFile: number[]) => {
    const first = perFile[from]!;
    const last = perFile.at(-1)!;
    return `${first.toFixed(1)} at ${counts[from]} → ${last.toFixed(1)} at ${counts.at(-1)} ` +
      `files (${(last / first).toFixed(2)}x: ${meets(last / first <= 1.25)})`;
  };
  printVerdict(
    `scaling: kiln µs/file (start-up subtracted; target flat, met if within 1.25x) ` +
      `${growth(kilnPerFile[0]!)}, with UDF ${growth(kilnPerFile[1]!)}; peak RSS ` +
      `${kilnRss.toFixed(0)} MiB with or without UDF (target ≤256: ${meets(kilnRss <= 256)})`,
  );
}
