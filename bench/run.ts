/**
 * Mastering benchmark: kiln against `xorriso -as mkisofs -R -J`, `genisoimage -R -J` and
 * the I/O floor (`tar cf` of the same tree to a file), on the same corpus in the same run,
 * alternating, `--runs` times each (default 3). Prints medians, peak RSS and ratios, then
 * runs the WASM-vs-reference checksum bench. No assertions: a person judges.
 *
 *   deno task bench [--files 20000] [--runs 3] [--big-mib 0]
 *
 * Corpora are built deterministically outside the repository (in the temp folder):
 * `--files` small files of 0–16 KiB in folders of 20; `--big-mib` adds one file of that
 * size for a data-bound run.
 */

import { parseArgs } from "node:util";
import { join } from "node:path";

const args = parseArgs({
  args: Deno.args,
  options: {
    files: { type: "string", default: "20000" },
    runs: { type: "string", default: "3" },
    "big-mib": { type: "string", default: "0" },
  },
});
const FILES = Number(args.values.files);
const RUNS = Number(args.values.runs);
const BIG_MIB = Number(args.values["big-mib"]);
const cli = new URL("../cli.ts", import.meta.url).pathname;

async function makeCorpus(dir: string): Promise<void> {
  let x = 12345;
  const rnd = () => (x = (x * 1103515245 + 12345) >>> 0);
  const buf = new Uint8Array(16384).map(() => rnd() & 0xff);
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `d${Math.floor(i / 400)}`, `s${Math.floor(i / 20)}`);
    if (i % 20 === 0) await Deno.mkdir(sub, { recursive: true });
    await Deno.writeFile(join(sub, `file-${i}.dat`), buf.subarray(0, rnd() % 16385));
  }
  if (BIG_MIB > 0) {
    const f = await Deno.open(join(dir, "big.bin"), { write: true, create: true });
    const chunk = new Uint8Array(1 << 20).map(() => rnd() & 0xff);
    for (let i = 0; i < BIG_MIB; i++) await f.write(chunk);
    f.close();
  }
}

interface Sample {
  seconds: number;
  rssMiB: number;
}

async function timed(cmd: string[], out: string): Promise<Sample> {
  await Deno.remove(out).catch(() => {});
  const t0 = performance.now();
  const r = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%M", ...cmd],
    stdout: "null",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - t0) / 1000;
  const err = new TextDecoder().decode(r.stderr).trim().split("\n");
  if (!r.success) throw new Error(`${cmd.join(" ")} failed:\n${err.join("\n")}`);
  return { seconds, rssMiB: Number(err.at(-1)) / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (import.meta.main) {
  const work = await Deno.makeTempDir({ prefix: "kiln-bench-" });
  try {
    const corpus = join(work, "corpus");
    console.log(
      `Building corpus: ${FILES} files of 0–16 KiB${BIG_MIB ? ` + one ${BIG_MIB} MiB file` : ""} …`,
    );
    await makeCorpus(corpus);
    const out = join(work, "out");
    const tools: Record<string, string[]> = {
      kiln: [Deno.execPath(), "run", "--no-lock", "-A", cli, "image", corpus, "-o", out, "-q"],
      "xorriso -as mkisofs -R -J": [
        "xorriso",
        "-as",
        "mkisofs",
        "-quiet",
        "-R",
        "-J",
        "-o",
        out,
        corpus,
      ],
      "genisoimage -R -J": ["genisoimage", "-quiet", "-R", "-J", "-o", out, corpus],
      "tar (floor)": ["tar", "cf", out, "-C", corpus, "."],
    };
    const samples: Record<string, Sample[]> = Object.fromEntries(
      Object.keys(tools).map((k) => [k, []]),
    );
    for (let run = 0; run < RUNS; run++) {
      for (const [name, cmd] of Object.entries(tools)) samples[name]!.push(await timed(cmd, out));
    }
    const med = (name: string) => median(samples[name]!.map((s) => s.seconds));
    console.log(
      `\n${"tool".padEnd(28)} ${"median s".padStart(9)} ${"peak RSS".padStart(10)}  kiln/tool`,
    );
    for (const name of Object.keys(tools)) {
      const rss = Math.max(...samples[name]!.map((s) => s.rssMiB));
      const ratio = name === "kiln" ? "" : (med("kiln") / med(name)).toFixed(2) + "x";
      console.log(
        `${name.padEnd(28)} ${med(name).toFixed(3).padStart(9)} ${
          (rss.toFixed(0) + " MiB").padStart(10)
        }  ${ratio}`,
      );
    }
    console.log("\n(kiln/tool < 1 means kiln is faster; the kiln time includes Deno start-up.)");
  } finally {
    await Deno.remove(work, { recursive: true });
  }
  console.log("\nWASM core vs TypeScript reference:");
  const bench = await new Deno.Command(Deno.execPath(), {
    args: ["bench", "--no-lock", new URL("./checksum_bench.ts", import.meta.url).pathname],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!bench.success) Deno.exit(1);
}
