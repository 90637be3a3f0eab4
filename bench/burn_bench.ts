/**
 * The burn section's library run: the small corpus mastered with `addFromDisk` and
 * `masterImage` (BD defaults: ISO 9660, Joliet, Rock Ridge and UDF 2.50), then `burn()` to a
 * blank `virtual:` BD-R at timeScale 0 (no modelled drive speed), without verify, with the
 * disc file in each given folder. MB/s counts the image's bytes over the burn's wall time,
 * which includes validating, the host ring buffer reading the corpus, the WRITE(10) commands
 * and the closing SYNCHRONIZE CACHE (an fdatasync of the disc file); the writing columns
 * count only the "writing" action of the progress events (first writing event to the next
 * action), which leaves out the fixed set-up and finalizing costs.
 *
 * @module
 */

import { join } from "node:path";
import { addFromDisk, burn, FileTree, masterImage, mediaDefaults, openDrive } from "../mod.ts";
import type { Corpus } from "./corpus.ts";
import { fmtMBps, fmtSeconds, median, printTable, printTitle, progress } from "./report.ts";

/** What {@linkcode burnBench} measures. */
export interface BurnBenchOptions {
  /** The corpus to master and burn. */
  readonly corpus: Corpus;
  /** Folders for the disc file. */
  readonly dirs: readonly string[];
  /** Samples per folder. */
  readonly runs: number;
}

/**
 * Runs the library burn and prints its table.
 *
 * @param o Corpus, folders, runs.
 * @returns The best median MB/s of the writing action.
 */
export async function burnBench(o: BurnBenchOptions): Promise<number> {
  const rows: string[][] = [];
  let best = 0;
  for (const dir of o.dirs) {
    const master: number[] = [];
    const times: number[] = [];
    const writing: number[] = [];
    let bytes = 0;
    for (let i = 0; i < o.runs; i++) {
      progress(`burn(): ${dir}: round ${i + 1}/${o.runs}`);
      const folder = await Deno.makeTempDir({ prefix: "kiln-burnbench-", dir });
      try {
        const t0 = performance.now();
        const tree = new FileTree();
        await addFromDisk(tree, o.corpus.dir);
        const image = masterImage(tree, mediaDefaults("bd").options);
        const t1 = performance.now();
        await using recorder = await openDrive(
          `virtual:${join(folder, "disc.img")}?media=bd-r&timeScale=0`,
        );
        let start = NaN;
        let end = NaN;
        const result = await burn(recorder, image, {
          verify: "none",
          onProgress: (p) => {
            if (p.action === "writing" && Number.isNaN(start)) start = p.elapsedMs;
            if (p.action !== "writing" && !Number.isNaN(start) && Number.isNaN(end)) {
              end = p.elapsedMs;
            }
          },
        });
        const t2 = performance.now();
        bytes = result.imageSectors * 2048;
        master.push((t1 - t0) / 1000);
        times.push((t2 - t1) / 1000);
        writing.push((end - start) / 1000);
      } finally {
        await Deno.remove(folder, { recursive: true });
      }
    }
    const s = median(times);
    const w = median(writing);
    best = Math.max(best, bytes / 1e6 / w);
    rows.push([
      dir,
      (bytes / 2 ** 20).toFixed(0),
      fmtSeconds(median(master)),
      fmtSeconds(s),
      fmtMBps(bytes, s),
      fmtSeconds(w),
      fmtMBps(bytes, w),
    ]);
  }
  printTitle(
    `burn() of the small corpus (${o.corpus.files} files) to a virtual BD-R, timeScale 0, ` +
      `median of ${o.runs}`,
  );
  printTable([
    "disc file in",
    "image MiB",
    "master s",
    "burn s",
    "burn MB/s",
    "writing s",
    "writing MB/s",
  ], rows);
  return best;
}
