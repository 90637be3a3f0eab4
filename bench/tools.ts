/**
 * The command lines the mastering and scaling sections run: kiln's CLI under the Deno binary
 * of the current process, `xorriso -as mkisofs`, `genisoimage`, and the I/O floors (`tar cf`
 * of the tree, `cat` of the files into one). All write one output file.
 *
 * Peers get `-iso-level 3` because kiln defaults to level 3 (and xorriso refuses a file of
 * 4 GiB or more below it), and `-joliet-long` (Joliet names up to 103 characters) because
 * genisoimage otherwise stops on a real tree whose long names collide when cut to 64.
 * genisoimage cannot record a file of 4 GiB or more in ISO 9660 at all and gets
 * `-allow-limited-size -udf` for the big corpus (see `mastering_bench.ts`).
 *
 * @module
 */

import { fileURLToPath as fromFileUrl } from "node:url";

/** The repository root (kiln's CLI runs from there so it finds deno.json). */
export const REPO_ROOT: string = fromFileUrl(new URL("..", import.meta.url));
const CLI = fromFileUrl(new URL("../cli.ts", import.meta.url));

/**
 * The `--v8-flags` of deno.json's `kiln` task (the heap and JIT tuning the CLI runs with), so the
 * bench measures kiln the way `deno task kiln` runs it.
 */
export const KILN_V8_FLAGS: readonly string[] = (() => {
  const config = JSON.parse(
    Deno.readTextFileSync(fromFileUrl(new URL("../deno.json", import.meta.url))),
  ) as { tasks?: Record<string, string> };
  return (config.tasks?.kiln ?? "").split(/\s+/).filter((a) => a.startsWith("--v8-flags="));
})();

/** `deno run -A --no-lock [v8 flags] cli.ts ARGS`: kiln's CLI as `deno task kiln` runs it. */
function kilnCli(...args: string[]): string[] {
  return [Deno.execPath(), "run", "-A", "--no-lock", ...KILN_V8_FLAGS, CLI, ...args];
}

/** Options of {@linkcode kilnCommand}. */
export interface KilnFlags {
  /** Add `--udf`. */
  readonly udf?: boolean;
  /** Add `--no-sync` (only where the CLI has it; see {@linkcode kilnHasNoSync}). */
  readonly noSync?: boolean;
}

/**
 * @param src The folder to master.
 * @param out The image file.
 * @param flags UDF, no sync.
 * @returns `deno run -A [v8 flags] cli.ts image SRC -o OUT -q [--udf] [--no-sync]`.
 */
export function kilnCommand(src: string, out: string, flags: KilnFlags = {}): string[] {
  return kilnCli(
    "image",
    src,
    "-o",
    out,
    "-q",
    ...(flags.udf ? ["--udf"] : []),
    ...(flags.noSync ? ["--no-sync"] : []),
  );
}

/**
 * @param src The folder to burn.
 * @param drive The drive spec (`virtual:PATH?media=bd-r&timeScale=0`).
 * @returns `deno run -A [v8 flags] cli.ts burn SRC --drive DRIVE -q --verify none`.
 */
export function kilnBurnCommand(src: string, drive: string): string[] {
  return kilnCli("burn", src, "--drive", drive, "-q", "--verify", "none");
}

/**
 * @returns `deno run -A cli.ts --help`: Deno start-up plus loading kiln's modules.
 */
export function kilnHelpCommand(): string[] {
  return kilnCli("--help");
}

/**
 * Whether this kiln's `image` command has `--no-sync` (another change adds it).
 *
 * @returns True when `kiln image --help` mentions it.
 */
export async function kilnHasNoSync(): Promise<boolean> {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-lock", CLI, "image", "--help"],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
  return text.includes("--no-sync");
}

/** The mkisofs options both peers get: kiln's defaults (level 3, Rock Ridge, Joliet). */
const MKISOFS_OPTIONS = ["-quiet", "-iso-level", "3", "-R", "-J", "-joliet-long"] as const;

/**
 * @param src The folder.
 * @param out The image file.
 * @param extra Extra options (e.g. `-udf`).
 * @returns `xorriso -as mkisofs -quiet -iso-level 3 -R -J -joliet-long ... -o OUT SRC`.
 */
export function xorrisoCommand(src: string, out: string, extra: readonly string[] = []): string[] {
  return ["xorriso", "-as", "mkisofs", ...MKISOFS_OPTIONS, ...extra, "-o", out, src];
}

/**
 * @param src The folder.
 * @param out The image file.
 * @param extra Extra options (`-udf`, `-allow-limited-size`).
 * @returns `genisoimage -quiet -iso-level 3 -R -J -joliet-long ... -o OUT SRC`.
 */
export function genisoimageCommand(
  src: string,
  out: string,
  extra: readonly string[] = [],
): string[] {
  return ["genisoimage", ...MKISOFS_OPTIONS, ...extra, "-o", out, src];
}

/**
 * @param src The folder.
 * @param out The archive.
 * @returns `tar cf OUT -C SRC .`: the floor for many files (read all, write one stream).
 */
export function tarCommand(src: string, out: string): string[] {
  return ["tar", "cf", out, "-C", src, "."];
}

/**
 * @param paths The files, in order.
 * @param out The file they are concatenated into.
 * @returns `sh -c 'cat FILES > OUT'`: the copy floor for big files.
 */
export function catCommand(paths: readonly string[], out: string): string[] {
  return ["sh", "-c", 'o="$1"; shift; exec cat "$@" > "$o"', "sh", out, ...paths];
}

/**
 * @param work A folder for the empty script.
 * @returns `deno run` of an empty script: Deno's own start-up, which kiln's times include.
 */
export async function emptyDenoCommand(work: string): Promise<string[]> {
  const script = `${work}/empty.ts`;
  await Deno.writeTextFile(script, "\n");
  return [Deno.execPath(), "run", "-A", "--no-lock", script];
}
