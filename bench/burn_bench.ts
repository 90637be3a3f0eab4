/**
 * The burn section's library run: the small corpus mastered with `addFromDisk` and
 * `masterImage` (BD defaults: ISO 9660, Joliet, Rock Ridge and UDF 2.50), then `burn()` to a
 * blank `virtual:` BD-R at timeScale 0 (no modelled drive speed), without verify, with the
 * disc file in each given folder; once mastering on the fly and once from the same image
 * written to a file first (the recorder path without mastering; "prepare" is then only
 * opening the file). MB/s counts the image's bytes over the burn's wall time,
 * which includes validating, the data-area thread reading the corpus ahead into shared memory,
 * the host ring buffer, the WRITE(10) commands
 * and the closing SYNCHRONIZE CACHE (an fdatasync of the disc file); the writing columns
 * count only the "writing" action of the progress events (first writing event to the next
 * action), which leaves out the fixed set-up and finalizing costs. A third row burns the
 * corpus with the CLI (`kiln burn`) in its own process, whose peak RSS is the burn's memory
 * (the library rows run inside the bench's process).
 *
 * @module
 */

import { join } from "node:path";
import {
  addFromDisk,
  burn,
  type BurnSource,
  FileTree,
  masterImage,
  mediaDefaults,
  openDrive,
  openImageFile,
  writeImageFile,
} from "../mod.ts";
import type { Corpus } from "./corpus.ts";
import { measure } from "./measure.ts";
import { kilnBurnCommand, REPO_ROOT } from "./tools.ts";
import { fmtMBps, fmtMiB, fmtSeconds, median, printTable, printTitle, progress } from "./report.ts";

/** What {@linkcode burnBench} measures. */
export interface BurnBenchOptions {
  /** The corpus to master and burn. */
  readonly corpus: Corpus;
  /** Folders for the disc file. */
  readonly dirs: readonly string[];
  /** Samples per folder. */
  readonly runs: number;
}

/** One burn sample: seconds to prepare the source, the whole burn, its writing action. */
interface BurnSample {
  readonly bytes: number;
  readonly prepare: number;
  readonly burn: number;
  readonly writing: number;
}

/** Burn `source()` to a blank virtual BD-R in `folder`. */
async function burnOnce(
  folder: string,
  source: () => Promise<BurnSource>,
): Promise<BurnSample> {
  const t0 = performance.now();
  const image = await source();
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
      if (p.action !== "writing" && !Number.isNaN(start) && Number.isNaN(end)) end = p.elapsedMs;
    },
  });
  const t2 = performance.now();
  return {
    bytes: result.imageSectors * 2048,
    prepare: (t1 - t0) / 1000,
    burn: (t2 - t1) / 1000,
    writing: (end - start) / 1000,
  };
}

/** What {@linkcode burnBench} found. */
export interface BurnBenchResult {
  /** The best median MB/s of the writing action from an image file. */
  readonly imageFileMBps: number;
  /** The best median MB/s of the writing action from a tree mastered on the fly. */
  readonly treeMBps: number;
  /** The CLI burn's peak RSS, MiB (largest of its samples). */
  readonly cliRssMiB: number;
}

/**
 * Runs the library burn and prints its table: the tree mastered on the fly, and the same
 * image written to a file first (`openImageFile`), which measures the recorder path alone.
 *
 * @param o Corpus, folders, runs.
 * @returns The image-file throughput and the CLI's peak memory.
 */
export async function burnBench(o: BurnBenchOptions): Promise<BurnBenchResult> {
  const rows: string[][] = [];
  let best = 0;
  let bestTree = 0;
  let cliRss = 0;
  let imageBytes = 0;
  const tree = new FileTree();
  await addFromDisk(tree, o.corpus.dir);
  const options = mediaDefaults("bd").options;
  for (const dir of o.dirs) {
    const folder = await Deno.makeTempDir({ prefix: "kiln-burnbench-", dir });
    try {
      const iso = join(folder, "image.iso");
      await writeImageFile(masterImage(tree, options), iso, { sync: false });
      const sources: [string, () => Promise<BurnSource>][] = [
        ["mastered tree", async () => {
          const t = new FileTree();
          await addFromDisk(t, o.corpus.dir);
          return masterImage(t, options);
        }],
        ["image file", () => openImageFile(iso)],
      ];
      for (const [label, source] of sources) {
        const samples: BurnSample[] = [];
        for (let i = 0; i < o.runs; i++) {
          progress(`burn(): ${dir}: ${label}: round ${i + 1}/${o.runs}`);
          await Deno.remove(join(folder, "disc.img")).catch(() => {});
          await Deno.remove(join(folder, "disc.img.kiln-disc.json")).catch(() => {});
          samples.push(await burnOnce(folder, source));
        }
        const bytes = samples[0]!.bytes;
        imageBytes = bytes;
        const s = median(samples.map((x) => x.burn));
        const w = median(samples.map((x) => x.writing));
        if (label === "image file") best = Math.max(best, bytes / 1e6 / w);
        else bestTree = Math.max(bestTree, bytes / 1e6 / w);
        rows.push([
          dir,
          label,
          (bytes / 2 ** 20).toFixed(0),
          fmtSeconds(median(samples.map((x) => x.prepare))),
          fmtSeconds(s),
          fmtMBps(bytes, s),
          fmtSeconds(w),
          fmtMBps(bytes, w),
          "–",
        ]);
      }
      const cli: { seconds: number; rssMiB: number }[] = [];
      for (let i = 0; i < o.runs; i++) {
        progress(`burn(): ${dir}: kiln burn (CLI): round ${i + 1}/${o.runs}`);
        const disc = join(folder, "cli-disc.img");
        await Deno.remove(disc).catch(() => {});
        await Deno.remove(`${disc}.kiln-disc.json`).catch(() => {});
        const drive = `virtual:${disc}?media=bd-r&timeScale=0`;
        cli.push(await measure(kilnBurnCommand(o.corpus.dir, drive), { cwd: REPO_ROOT }));
      }
      const rss = Math.max(...cli.map((x) => x.rssMiB));
      cliRss = Math.max(cliRss, rss);
      const s = median(cli.map((x) => x.seconds));
      const mib = (imageBytes / 2 ** 20).toFixed(0);
      rows.push([
        dir,
        "kiln burn (CLI)",
        mib,
        "–",
        fmtSeconds(s),
        fmtMBps(imageBytes, s),
        "–",
        "–",
        fmtMiB(rss),
      ]);
    } finally {
      await Deno.remove(folder, { recursive: true });
    }
  }
  printTitle(
    `burn() of the small corpus (${o.corpus.files} files) to a virtual BD-R, timeScale 0, ` +
      `median of ${o.runs}`,
  );
  printTable([
    "disc file in",
    "source",
    "image MiB",
    "prepare s",
    "burn s",
    "burn MB/s",
    "writing s",
    "writing MB/s",
    "peak RSS",
  ], rows);
  return { imageFileMBps: best, treeMBps: bestTree, cliRssMiB: cliRss };
}
