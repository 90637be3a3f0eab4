/**
 * Where kiln's time goes: after the timed rounds, the mastering section runs each kiln row
 * again with `--json`, whose result gives the seconds of the scan, the plan and the write
 * (`src/cli/image_command.ts`), and prints their medians beside the run's wall time. The
 * scan runs before any file is copied; the data-area thread starts copying the scanned
 * files when the plan starts (`writeTreeImageFile`, trees of up to 250,000 files), so the
 * share of start-up, scan and exit says how much of kiln's time the copy cannot overlap:
 * the reason a target is missed, printed with the verdict.
 *
 * These runs are not in the table's medians (the table's samples are timed from outside,
 * Deno's start-up and exit included); they only split kiln's time.
 *
 * @module
 */

import { median, printTable, printTitle, progress } from "./report.ts";

/** The phases of one `kiln image --json` run, in seconds. */
export interface KilnPhases {
  /** Wall time measured from outside (start-up and exit included). */
  readonly wall: number;
  /** Reading the source folders (`addFromDisk`). */
  readonly scan: number;
  /** Names, order and blocks (`masterImage`). */
  readonly plan: number;
  /** Metadata and data written (the copy thread works only here), and the flush. */
  readonly write: number;
}

/** A kiln row to split. */
export interface PhaseRow {
  /** Row name, as in the table. */
  readonly name: string;
  /** Its command line (it must be `kiln image`). */
  readonly argv: readonly string[];
}

async function once(argv: readonly string[], out: string, cwd: string): Promise<KilnPhases> {
  await Deno.remove(out).catch(() => {});
  const t0 = performance.now();
  const r = await new Deno.Command(argv[0]!, {
    args: [...argv.slice(1), "--json"],
    stdout: "piped",
    stderr: "piped",
    cwd,
  }).output();
  const wall = (performance.now() - t0) / 1000;
  if (!r.success) {
    throw new Error(`${argv.join(" ")} --json failed:\n${new TextDecoder().decode(r.stderr)}`);
  }
  const text = new TextDecoder().decode(r.stdout);
  let phases: Partial<KilnPhases> | undefined;
  try {
    phases = (JSON.parse(text) as { phases?: Partial<KilnPhases> }).phases;
  } catch (cause) {
    throw new Error(`kiln --json printed no JSON: ${text.slice(0, 200)}`, { cause });
  }
  const { scan, plan, write } = phases ?? {};
  if (typeof scan !== "number" || typeof plan !== "number" || typeof write !== "number") {
    throw new Error(`kiln --json gave no phases: ${text.slice(0, 200)}`);
  }
  return { wall, scan, plan, write };
}

/**
 * Run each row `runs` times with `--json` and print the median phases.
 *
 * @param rows The kiln rows.
 * @param runs Runs per row.
 * @param out The image file (removed before each run).
 * @param cwd Where kiln runs.
 * @returns Each row's median phases, by row name.
 */
export async function kilnPhases(
  rows: readonly PhaseRow[],
  runs: number,
  out: string,
  cwd: string,
): Promise<Map<string, KilnPhases>> {
  const result = new Map<string, KilnPhases>();
  for (const row of rows) {
    const samples: KilnPhases[] = [];
    for (let i = 0; i < runs; i++) {
      progress(`phases: ${row.name} ${i + 1}/${runs}`);
      samples.push(await once(row.argv, out, cwd));
    }
    const m = (key: keyof KilnPhases) => median(samples.map((s) => s[key]));
    result.set(row.name, { wall: m("wall"), scan: m("scan"), plan: m("plan"), write: m("write") });
  }
  await Deno.remove(out).catch(() => {});
  printTitle(`where kiln's time goes (kiln image --json, median of ${runs})`);
  const s = (x: number) => x.toFixed(3);
  printTable(
    ["tool", "wall s", "start+exit", "scan", "plan", "write", "before copy"],
    [...result].map(([name, p]) => [
      name,
      s(p.wall),
      s(p.wall - p.scan - p.plan - p.write),
      s(p.scan),
      s(p.plan),
      s(p.write),
      `${(100 * oneThreadShare(p)).toFixed(0)}%`,
    ]),
    2,
  );
  return result;
}

/**
 * The share of a run's wall time before any file is copied, and after: start-up, the scan
 * and exit (the plan runs beside the copy).
 *
 * @param p The phases.
 * @returns A fraction of the wall time.
 */
export function oneThreadShare(p: KilnPhases): number {
  return (p.wall - p.plan - p.write) / p.wall;
}
