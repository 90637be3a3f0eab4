/**
 * Runs one command under GNU time (`/usr/bin/time -f`) and returns its wall-clock seconds and
 * peak resident set size. Before each sample the output file is removed and a plain `sync`
 * (not timed) flushes what earlier samples left dirty, so no sample pays for another's
 * write-back. With `sync: true` the sample also runs `sync -d OUT` (coreutils: fdatasync of
 * that one file) after the command, and the time counts it: that is the "+sync" variant that
 * matches kiln's default durability (kiln fdatasyncs its image before renaming it).
 *
 * @module
 */

/** One timed run. */
export interface Sample {
  /** Wall-clock seconds, including the `sync -d` when asked for. */
  readonly seconds: number;
  /** Peak resident set size of the command (largest process of its tree), MiB. */
  readonly rssMiB: number;
}

/** How to run a sample. */
export interface MeasureOptions {
  /** The file the command writes: removed first; the target of `sync -d`. */
  readonly out?: string;
  /** fdatasync `out` after the command, inside the timed span. */
  readonly sync?: boolean;
  /** Working folder of the command. */
  readonly cwd?: string;
}

const RSS_TAG = "kiln-bench-rss=";

async function run(cmd: string, args: string[], cwd?: string): Promise<Deno.CommandOutput> {
  return await new Deno.Command(cmd, {
    args,
    stdout: "null",
    stderr: "piped",
    ...(cwd ? { cwd } : {}),
  }).output();
}

/**
 * Runs `argv` once and measures it.
 *
 * @param argv The command and its arguments.
 * @param options Output file, sync, working folder.
 * @returns Seconds and peak RSS.
 * @throws Error naming the command and its stderr when it fails.
 */
export async function measure(
  argv: readonly string[],
  options: MeasureOptions = {},
): Promise<Sample> {
  if (options.out) await Deno.remove(options.out).catch(() => {});
  await run("sync", []);
  const t0 = performance.now();
  const r = await run("/usr/bin/time", ["-f", `${RSS_TAG}%M`, ...argv], options.cwd);
  if (r.success && options.sync && options.out) {
    const s = await run("sync", ["-d", options.out]);
    if (!s.success) throw new Error(`sync -d ${options.out} failed`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const err = new TextDecoder().decode(r.stderr);
  if (!r.success) {
    throw new Error(`${argv.join(" ").slice(0, 300)} failed:\n${err.slice(-2000)}`);
  }
  const line = err.split("\n").findLast((l) => l.startsWith(RSS_TAG)) ?? "";
  return { seconds, rssMiB: Number(line.slice(RSS_TAG.length)) / 1024 };
}
