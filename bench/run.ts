/**
 * kiln's benchmark suite (issue 6), `deno task bench`: builds deterministic corpora outside
 * the repository, then runs the sections chosen with `--only` (default all) and prints one
 * table and one verdict line per section. Progress goes to stderr. No assertions and no exit
 * codes on targets: a person judges.
 *
 * Sections: `wasm` (WASM core vs TS CRCs), `small` (many small files), `scaling` (µs/file and
 * RSS at 1k…`--max-files`), `burn` (virtual recorder WRITE throughput, a library `burn()`, and
 * `kiln burn` in its own process for its peak RSS),
 * `tree` (a copy of a real tree), `big` (big files, one over 4 GiB).
 *
 *   deno task bench [--only small,big,tree,scaling,wasm,burn] [--runs 3] [--work DIR] [--keep]
 *     [--files 50000] [--folders 2500] [--max-kib 16] [--big-gib 1,1,1,4.5]
 *     [--tree /usr/share] [--tree-mib 0] [--max-files 100000] [--write-mib 1024]
 *
 * The work folder defaults to a new temp folder, removed at the end unless `--keep`; a
 * `--work DIR` is kept, and corpora found there with matching markers are reused.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { bigCorpus, type Corpus, smallCorpus, treeCorpus } from "./corpus.ts";
import { masteringBench } from "./mastering_bench.ts";
import { measure } from "./measure.ts";
import { fmtSeconds, median, meets, printVerdict, progress } from "./report.ts";
import { scalingBench } from "./scaling_bench.ts";
import { emptyDenoCommand, KILN_V8_FLAGS, kilnHasNoSync, kilnHelpCommand } from "./tools.ts";
import { virtualWriteBench } from "./virtual_write_bench.ts";
import { burnBench } from "./burn_bench.ts";
import { wasmBench } from "./wasm_bench.ts";

const SECTIONS = ["wasm", "small", "scaling", "burn", "tree", "big"] as const;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    only: { type: "string", default: SECTIONS.join(",") },
    runs: { type: "string", default: "3" },
    work: { type: "string" },
    keep: { type: "boolean", default: false },
    files: { type: "string", default: "50000" },
    folders: { type: "string", default: "2500" },
    "max-kib": { type: "string", default: "16" },
    "big-gib": { type: "string", default: "1,1,1,4.5" },
    tree: { type: "string", default: "/usr/share" },
    "tree-mib": { type: "string", default: "0" },
    "max-files": { type: "string", default: "100000" },
    "write-mib": { type: "string", default: "1024" },
  },
});
const only = new Set(values.only.split(",").map((s) => s.trim()));
for (const s of only) {
  if (!(SECTIONS as readonly string[]).includes(s)) {
    throw new RangeError(`Cannot run section "${s}": use ${SECTIONS.join(", ")}`);
  }
}
const runs = Math.max(1, Number(values.runs));
const files = Number(values.files);

async function version(cmd: string, args: string[]): Promise<string> {
  try {
    const r = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    const text = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
    return text.split("\n").find((l) => l.trim() !== "")?.trim() ?? "?";
  } catch {
    return "not found";
  }
}

async function header(work: string): Promise<{ noSync: boolean; startup: number }> {
  console.log("kiln bench (issue 6)");
  console.log(
    `date ${new Date().toISOString()}, ${navigator.hardwareConcurrency} CPUs, work ${work}`,
  );
  console.log(`deno ${Deno.version.deno}; ${await version("xorriso", ["-version"])}`);
  console.log(
    `${await version("genisoimage", ["-version"])}; ${await version("tar", ["--version"])}`,
  );
  progress("checking kiln image --help for --no-sync (also warms Deno's module cache)");
  const noSync = await kilnHasNoSync();
  const empty = await emptyDenoCommand(work);
  const samples = [];
  for (let i = 0; i < 5; i++) samples.push((await measure(empty)).seconds);
  const startup = median(samples);
  const help = [];
  for (let i = 0; i < 3; i++) help.push((await measure(kilnHelpCommand())).seconds);
  console.log(
    `kiln runs as \`deno run -A ${
      KILN_V8_FLAGS.map((f) => `${f} `).join("")
    }cli.ts image SRC -o OUT -q\` (as \`deno task kiln\`); its times include Deno start-up: ` +
      `an empty \`deno run\` takes ${fmtSeconds(startup)} s (median of 5), ` +
      `\`cli.ts --help\` (kiln's modules loaded) ${fmtSeconds(median(help))} s (median of 3).`,
  );
  console.log(
    "All timings are warm page cache (one untimed tar of each corpus first). kiln fdatasyncs " +
      "its image by default; peers do not, so each has a +sync row (`sync -d OUT` timed).",
  );
  console.log(`kiln image --no-sync: ${noSync ? "present" : "absent (those rows are skipped)"}`);
  return { noSync, startup };
}

async function section(name: string, body: () => Promise<void>): Promise<void> {
  if (!only.has(name)) return;
  const t0 = performance.now();
  try {
    await body();
  } catch (e) {
    console.log(`\n=== ${name}: FAILED ===\n${e instanceof Error ? e.stack ?? e.message : e}`);
  }
  progress(`${name} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

const work = values.work ?? await Deno.makeTempDir({ prefix: "kiln-bench-" });
await Deno.mkdir(work, { recursive: true });
const t0 = performance.now();
try {
  const { noSync, startup } = await header(work);
  let small: Corpus | undefined;
  const smallOnce = async () =>
    small ??= await smallCorpus(
      work,
      { files, folders: Number(values.folders), maxBytes: Number(values["max-kib"]) * 1024 },
      (d) => progress(`small corpus: ${d}/${files} files written`),
    );
  await section("wasm", wasmBench);
  await section("small", async () => {
    progress("small corpus: building (or reusing)");
    const corpus = await smallOnce();
    await masteringBench({ title: "small files", kind: "small", corpus, work, runs, noSync });
  });
  await section("scaling", async () => {
    await scalingBench({
      work,
      maxFiles: Number(values["max-files"]),
      runs,
      noSync,
      startupSeconds: startup,
    });
  });
  await section("burn", async () => {
    const dirs = ["/dev/shm", work];
    const writes = await virtualWriteBench({ mib: Number(values["write-mib"]), runs, dirs });
    const corpus = await smallOnce();
    const burned = await burnBench({ corpus, dirs, runs });
    const mbps = burned.imageFileMBps;
    printVerdict(
      `virtual burn: WRITE commands ${
        writes.toFixed(0)
      } MB/s on tmpfs, library burn() from an image file ` +
        `${mbps.toFixed(0)} MB/s, from a mastered tree ${burned.treeMBps.toFixed(0)} MB/s ` +
        `(target ≥1000 MB/s: commands ${meets(writes >= 1000)}, ` +
        `image file ${meets(mbps >= 1000)}, tree ${
          meets(burned.treeMBps >= 1000)
        }); kiln burn peak RSS ${burned.cliRssMiB.toFixed(0)} MiB (target ≤256: ${
          meets(burned.cliRssMiB <= 256)
        })`,
    );
  });
  await section("tree", async () => {
    progress(`tree corpus: cp -a ${values.tree}`);
    const corpus = await treeCorpus(work, {
      source: values.tree,
      capMiB: Number(values["tree-mib"]),
    });
    await masteringBench({
      title: `tree (${values.tree})`,
      kind: "tree",
      corpus,
      work,
      runs,
      noSync,
    });
  });
  await section("big", async () => {
    const sizes = values["big-gib"].split(",").map(Number);
    progress(`big corpus: ${sizes.join(" + ")} GiB`);
    const corpus = await bigCorpus(
      work,
      sizes,
      (g) => progress(`big corpus: ${g.toFixed(0)} GiB written`),
    );
    await masteringBench({ title: "big files", kind: "big", corpus, work, runs, noSync });
  });
} finally {
  if (!values.keep && values.work === undefined) await Deno.remove(work, { recursive: true });
  else console.log(`\nwork folder kept: ${work}`);
  console.log(`total ${((performance.now() - t0) / 1000 / 60).toFixed(1)} min`);
}
