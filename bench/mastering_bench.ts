/**
 * The mastering section: kiln against `xorriso -as mkisofs`, `genisoimage` and the I/O floor
 * on one corpus, in the same run, in rounds that shuffle the order of the tools (seeded, so
 * every run of the bench uses the same orders), `runs` samples each, after one untimed
 * warm-up `tar` (warm page cache: the corpus is read from memory).
 *
 * Shuffled, not rotated: on the build machine a run right after certain others took up to
 * twice its usual system time (the kernel still busy with the last image, written and
 * deleted), and a rotation keeps each row after the same neighbour in every round, so one
 * row could be slow in all its samples; with the order shuffled, the median drops it.
 *
 * Rows come in groups compared like for like:
 * - "no sync": kiln `--no-sync` (when the CLI has it) against the peers and the floor as
 *   they are (none of them syncs);
 * - "+sync": kiln as it is (it fdatasyncs its image before the rename) against each peer and
 *   the floor followed by `sync -d OUT`, inside the timed span;
 * - "udf" (small and tree corpora): kiln `--udf` against `genisoimage -udf`, both ways.
 *
 * The kiln/this ratio divides kiln's median time by the row's, within the group (< 1: kiln is
 * faster). Against the floor the verdict pairs the samples instead: each floor row runs back
 * to back with kiln's rows of its group and of the matching UDF group (in turn before and
 * after them), and the verdict takes the median of the rounds' ratios, with their range. On
 * a disk both are bound by its rate, which drifts by tens of percent within minutes: with
 * every row shuffled apart, three rounds of the same code gave the big files with sync 84 %
 * of `cat` in one run and 96 % in the next (2026-12-08). kiln's times include Deno's
 * start-up, printed by `run.ts`. After the rounds each kiln row runs again with `--json` (`kiln_phases.ts`): its scan, plan and write times, and
 * the verdict's "why" line, the share of kiln's time before the copy starts. The UDF groups are
 * judged against the tar floor of the matching group (tar writes the same bytes either way).
 *
 * @module
 */

import { join } from "node:path";
import type { Corpus } from "./corpus.ts";
import { measure, type Sample } from "./measure.ts";
import { type KilnPhases, kilnPhases, oneThreadShare } from "./kiln_phases.ts";
import { Prng } from "./prng.ts";
import {
  fmtMBps,
  fmtMiB,
  fmtRatio,
  fmtSeconds,
  median,
  meets,
  printTable,
  printTitle,
  printVerdict,
  progress,
} from "./report.ts";
import {
  catCommand,
  genisoimageCommand,
  kilnCommand,
  REPO_ROOT,
  tarCommand,
  xorrisoCommand,
} from "./tools.ts";

/** What {@linkcode masteringBench} measures. */
export interface MasteringOptions {
  /** Section title, e.g. "small files". */
  readonly title: string;
  /** Which targets the verdict checks. */
  readonly kind: "small" | "big" | "tree";
  /** The corpus. */
  readonly corpus: Corpus;
  /** Where the outputs go. */
  readonly work: string;
  /** Samples per row. */
  readonly runs: number;
  /** Whether kiln's CLI has `--no-sync`. */
  readonly noSync: boolean;
}

interface Row {
  readonly group: string;
  readonly name: string;
  readonly kiln: boolean;
  readonly argv: string[];
  readonly sync: boolean;
  readonly samples: Sample[];
}

/** Median seconds and peak RSS of a row. */
export interface RowResult {
  /** Group. */
  readonly group: string;
  /** Tool and variant. */
  readonly name: string;
  /** Median seconds. */
  readonly seconds: number;
  /** Largest peak RSS over the samples, MiB. */
  readonly rssMiB: number;
}

function rows(o: MasteringOptions, out: string): Row[] {
  const src = o.corpus.dir;
  const big = o.kind === "big";
  const geniso = big ? ["-allow-limited-size", "-udf"] : [];
  const floorName = big ? "cat > FILE (floor)" : "tar cf (floor)";
  const floor = big ? catCommand(o.corpus.paths, out) : tarCommand(src, out);
  const list: Omit<Row, "samples">[] = [];
  const add = (group: string, name: string, argv: string[], sync = false, kiln = false) =>
    list.push({ group, name, argv, sync, kiln });
  if (o.noSync) {
    add("no sync", "kiln --no-sync", kilnCommand(src, out, { noSync: true }), false, true);
  }
  add("no sync", "xorriso -as mkisofs -R -J", xorrisoCommand(src, out));
  add("no sync", `genisoimage -R -J${big ? " (*)" : ""}`, genisoimageCommand(src, out, geniso));
  add("no sync", floorName, floor);
  add("+sync", "kiln (fdatasync)", kilnCommand(src, out), false, true);
  add("+sync", "xorriso +sync", xorrisoCommand(src, out), true);
  add("+sync", `genisoimage +sync${big ? " (*)" : ""}`, genisoimageCommand(src, out, geniso), true);
  add("+sync", `${floorName} +sync`, floor, true);
  if (!big) {
    if (o.noSync) {
      add(
        "udf no sync",
        "kiln --udf --no-sync",
        kilnCommand(src, out, { udf: true, noSync: true }),
        false,
        true,
      );
      add("udf no sync", "genisoimage -R -J -udf", genisoimageCommand(src, out, ["-udf"]));
    }
    add("udf +sync", "kiln --udf (fdatasync)", kilnCommand(src, out, { udf: true }), false, true);
    add("udf +sync", "genisoimage -udf +sync", genisoimageCommand(src, out, ["-udf"]), true);
  }
  return list.map((r) => ({ ...r, samples: [] }));
}

/**
 * Runs the section and prints its table and verdict.
 *
 * @param o Corpus, runs, work folder, whether `--no-sync` exists.
 * @returns The row medians.
 */
export async function masteringBench(o: MasteringOptions): Promise<RowResult[]> {
  const out = join(o.work, "out.img");
  const list = rows(o, out);
  progress(`${o.title}: warm-up tar of ${o.corpus.dir}`);
  await measure(tarCommand(o.corpus.dir, out), { out });
  const prng = new Prng(0x6b696c6e);
  const units = pairedUnits(list);
  for (let round = 0; round < o.runs; round++) {
    for (let i = units.length - 1; i > 0; i--) {
      const j = prng.below(i + 1);
      [units[i], units[j]] = [units[j]!, units[i]!];
    }
    // Within a unit, kiln before its floor in one round and after it in the next.
    const order = units.flatMap((u) => round % 2 === 0 ? u : [...u].reverse());
    for (const i of order) {
      const row = list[i]!;
      progress(`${o.title}: round ${round + 1}/${o.runs}: ${row.name}`);
      row.samples.push(await measure(row.argv, { out, sync: row.sync, cwd: REPO_ROOT }));
    }
  }
  await Deno.remove(out).catch(() => {});
  const results = list.map((r) => ({
    group: r.group,
    name: r.name,
    kiln: r.kiln,
    seconds: median(r.samples.map((s) => s.seconds)),
    rssMiB: Math.max(...r.samples.map((s) => s.rssMiB)),
  }));
  const kilnOf = (group: string) =>
    results.find((r) => r.group === group && r.kiln)?.seconds ?? NaN;
  printTitle(
    `${o.title}: ${o.corpus.files} files, ${(o.corpus.bytes / 2 ** 20).toFixed(0)} MiB, ` +
      `median of ${o.runs}, warm cache`,
  );
  printTable(
    ["group", "tool", "median s", "throughput", "peak RSS", "kiln/this"],
    results.map((r) => [
      r.group,
      r.name,
      fmtSeconds(r.seconds),
      fmtMBps(o.corpus.bytes, r.seconds),
      fmtMiB(r.rssMiB),
      r.kiln ? "" : fmtRatio(kilnOf(r.group) / r.seconds),
    ]),
    2,
  );
  if (!o.noSync) {
    console.log("note: kiln has no --no-sync yet; the kiln row of 'no sync' is skipped");
  }
  if (o.kind === "big") {
    console.log("(*) genisoimage cannot record a file of 4 GiB or more in ISO 9660; it gets");
    console.log("    -allow-limited-size -udf (the file's true size only in UDF)");
  }
  // The no-sync rows when the CLI has them: the flush would only add to the write.
  const split = list.filter((r) => r.kiln && (!o.noSync || r.group.includes("no sync")));
  const phases = await kilnPhases(split, o.runs, out, REPO_ROOT);
  printVerdict(verdict(o, list, results, kilnOf, phases));
  return results.map(({ group, name, seconds, rssMiB }) => ({ group, name, seconds, rssMiB }));
}

/**
 * The rows in units that run back to back: each floor row between kiln's rows of its group
 * and of the matching UDF group (on a disk both are bound by its rate, which drifts by tens
 * of percent within minutes), every other row alone.
 */
function pairedUnits(list: readonly Row[]): number[][] {
  const taken = new Set<number>();
  const units: number[][] = [];
  const kilnAt = (group: string) => list.findIndex((k) => k.kiln && k.group === group);
  list.forEach((r, i) => {
    if (!r.name.includes("floor")) return;
    const unit = [kilnAt(r.group), i, kilnAt(`udf ${r.group}`)].filter((k) => k >= 0);
    unit.forEach((k) => taken.add(k));
    units.push(unit);
  });
  list.forEach((_, i) => taken.has(i) || units.push([i]));
  return units;
}

/**
 * kiln's time over the floor's, round by round (the two ran back to back): the median and
 * the range.
 */
function pairedRatios(kiln: Row, floor: Row): { median: number; min: number; max: number } {
  const r = kiln.samples.map((s, i) => s.seconds / floor.samples[i]!.seconds);
  return { median: median(r), min: Math.min(...r), max: Math.max(...r) };
}

function verdict(
  o: MasteringOptions,
  list: readonly Row[],
  results: readonly (RowResult & { kiln: boolean })[],
  kilnOf: (group: string) => number,
  phases: ReadonlyMap<string, KilnPhases>,
): string {
  const rss = Math.max(...results.filter((r) => r.kiln).map((r) => r.rssMiB));
  const rssText = `kiln peak RSS ${rss.toFixed(0)} MiB (target ≤256: ${meets(rss <= 256)})`;
  const parts: string[] = [];
  for (const group of ["no sync", "+sync", "udf no sync", "udf +sync"]) {
    const k = kilnOf(group);
    const kilnRow = list.find((r) => r.kiln && r.group === group);
    // The UDF groups have no floor row of their own: tar writes the same bytes either way.
    const floorRow = list.find((r) =>
      r.group === group.replace("udf ", "") && r.name.includes("floor")
    );
    if (!Number.isFinite(k) || !kilnRow || !floorRow) continue;
    const inGroup = results.filter((r) => r.group === group);
    const geniso = inGroup.find((r) => r.name.startsWith("genisoimage"))!.seconds;
    // Against the floor: the median of the rounds' ratios (kiln and the floor back to back).
    const p = pairedRatios(kilnRow, floorRow);
    if (o.kind === "big") {
      const pct = (x: number) => (100 / x).toFixed(0);
      parts.push(
        `${group}: kiln at ${pct(p.median)}% of the copy floor's throughput (rounds ` +
          `${pct(p.max)}–${pct(p.min)}%; target ≥95%: ${meets(1 / p.median >= 0.95)})`,
      );
    } else {
      parts.push(
        `${group}: kiln ${(k / geniso).toFixed(2)}x genisoimage (target ≤0.5x: ${
          meets(k / geniso <= 0.5)
        }), ${p.median.toFixed(2)}x tar (rounds ${p.min.toFixed(2)}–${
          p.max.toFixed(2)
        }x; target ≤1.5x: ${meets(p.median <= 1.5)})`,
      );
    }
  }
  const why = [...phases].map(([name, p]) =>
    `${name}: ${(100 * oneThreadShare(p)).toFixed(0)}% of its time before any file is ` +
    `copied or after (scan ${p.scan.toFixed(3)} s; start-up and exit ` +
    `${(p.wall - p.scan - p.plan - p.write).toFixed(3)} s); the plan (${p.plan.toFixed(3)} s) ` +
    `runs beside the copy`
  );
  return `${o.title}: ${parts.join("; ")}; ${rssText}` +
    (why.length ? `\nwhy: ${why.join("; ")}` : "");
}
