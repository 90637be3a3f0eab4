/**
 * Deterministic bench corpora, built on demand in a work folder outside the repository and
 * reused when a marker file next to the corpus records the same parameters:
 *
 * - {@linkcode smallCorpus}: many small files (default 50,000 of 0–16 KiB in 2,500 folders);
 * - {@linkcode bigCorpus}: a few big files (default 1, 1, 1 and 4.5 GiB: the last is over
 *   4 GiB, so ISO 9660 level 3 needs several extents for it);
 * - {@linkcode treeCorpus}: a copy (`cp -a`) of a real tree such as /usr/share, optionally
 *   capped by taking its top-level entries in name order until the cap is reached.
 *
 * Sizes and bytes come from {@linkcode Prng}, so every machine builds the same corpus.
 *
 * @module
 */

import { join } from "node:path";
import { Prng } from "./prng.ts";

/** A built corpus. */
export interface Corpus {
  /** The folder to master. */
  readonly dir: string;
  /** Regular files in it. */
  readonly files: number;
  /** Bytes of file data in it. */
  readonly bytes: number;
  /** Big corpora: the files in order (what the copy floor concatenates); otherwise empty. */
  readonly paths: readonly string[];
}

/** Parameters of {@linkcode smallCorpus}. */
export interface SmallCorpusOptions {
  /** Number of files. */
  readonly files: number;
  /** Number of leaf folders the files are spread over (in groups of 50 under parents). */
  readonly folders: number;
  /** Largest file size in bytes; sizes are uniform in [0, maxBytes]. */
  readonly maxBytes: number;
  /** PRNG seed. */
  readonly seed?: number;
}

const MARKER = ".kiln-bench-corpus.json";
const POOL_BYTES = 16 << 20;

/** The corpus in `dir` if its marker records `params`, else undefined (and `dir` is removed). */
async function reuse(dir: string, params: unknown): Promise<Corpus | undefined> {
  try {
    const marker = JSON.parse(await Deno.readTextFile(`${dir}${MARKER}`));
    if (JSON.stringify(marker.params) === JSON.stringify(params)) return marker.corpus as Corpus;
  } catch {
    // No marker or an unreadable one: build again.
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  return undefined;
}

async function mark(dir: string, params: unknown, corpus: Corpus): Promise<Corpus> {
  await Deno.writeTextFile(`${dir}${MARKER}`, JSON.stringify({ params, corpus }));
  return corpus;
}

/**
 * Builds (or reuses) `count` small files of pseudo-random size and content.
 *
 * @param work The work folder; the corpus goes to a subfolder named after the parameters.
 * @param options Count, folders, largest size, seed.
 * @param onProgress Called now and then with the files written so far.
 * @returns The corpus.
 */
export async function smallCorpus(
  work: string,
  options: SmallCorpusOptions,
  onProgress?: (done: number) => void,
): Promise<Corpus> {
  const params = { kind: "small", seed: 1, ...options };
  const dir = join(work, `small-${options.files}x${options.maxBytes}`);
  const found = await reuse(dir, params);
  if (found) return found;
  const rng = new Prng(params.seed);
  const pool = rng.fill(new Uint8Array(POOL_BYTES));
  const perFolder = Math.max(1, Math.ceil(options.files / options.folders));
  let bytes = 0;
  for (let i = 0; i < options.files; i++) {
    const folder = Math.floor(i / perFolder);
    const sub = join(dir, `p${Math.floor(folder / 50)}`, `f${folder}`);
    if (i % perFolder === 0) Deno.mkdirSync(sub, { recursive: true });
    const size = rng.below(options.maxBytes + 1);
    const at = rng.below(POOL_BYTES - size);
    const path = join(sub, `file-${i}.dat`);
    Deno.writeFileSync(path, pool.subarray(at, at + size));
    bytes += size;
    if (onProgress && i % 10_000 === 9_999) onProgress(i + 1);
  }
  return await mark(dir, params, { dir, files: options.files, bytes, paths: [] });
}

/**
 * Builds (or reuses) big files of the given sizes in GiB (fractions allowed, rounded down to
 * whole 2 KiB blocks), named big-0.bin, big-1.bin, ...
 *
 * @param work The work folder.
 * @param sizesGiB One size per file.
 * @param onProgress Called after each GiB written.
 * @returns The corpus.
 */
export async function bigCorpus(
  work: string,
  sizesGiB: readonly number[],
  onProgress?: (gibDone: number) => void,
): Promise<Corpus> {
  const params = { kind: "big", seed: 2, sizesGiB };
  const dir = join(work, `big-${sizesGiB.join("_")}`);
  const found = await reuse(dir, params);
  if (found) return found;
  await Deno.mkdir(dir, { recursive: true });
  const rng = new Prng(params.seed);
  const pool = rng.fill(new Uint8Array(POOL_BYTES));
  const chunk = 4 << 20;
  const paths: string[] = [];
  let bytes = 0;
  let done = 0;
  for (const [i, gib] of sizesGiB.entries()) {
    const size = Math.floor((gib * 2 ** 30) / 2048) * 2048;
    const path = join(dir, `big-${i}.bin`);
    using f = await Deno.open(path, { write: true, create: true, truncate: true });
    for (let left = size; left > 0;) {
      const n = Math.min(chunk, left);
      const at = rng.below(POOL_BYTES - n);
      let off = 0;
      while (off < n) off += await f.write(pool.subarray(at + off, at + n));
      left -= n;
      done += n;
      if (onProgress && done % 2 ** 30 < chunk) onProgress(done / 2 ** 30);
    }
    paths.push(path);
    bytes += size;
  }
  return await mark(dir, params, { dir, files: sizesGiB.length, bytes, paths });
}

/** Parameters of {@linkcode treeCorpus}. */
export interface TreeCorpusOptions {
  /** The real tree to copy. */
  readonly source: string;
  /** Stop adding top-level entries once this many MiB are copied (0: no cap). */
  readonly capMiB: number;
}

/** Regular files and their bytes under `dir`, walked without following symlinks. */
async function census(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const walk = async (d: string) => {
    const names = [];
    for await (const e of Deno.readDir(d)) names.push(e);
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of names) {
      const p = join(d, e.name);
      if (e.isDirectory) await walk(p);
      else if (e.isFile) {
        files++;
        bytes += (await Deno.lstat(p)).size;
      }
    }
  };
  await walk(dir);
  return { files, bytes };
}

/**
 * Copies (or reuses a copy of) a real tree with `cp -a`, entries it cannot read left out.
 *
 * @param work The work folder.
 * @param options Source and cap.
 * @returns The corpus.
 */
export async function treeCorpus(work: string, options: TreeCorpusOptions): Promise<Corpus> {
  const params = { kind: "tree", ...options };
  const dir = join(work, `tree-${options.source.replaceAll("/", "_")}-${options.capMiB}`);
  const found = await reuse(dir, params);
  if (found) return found;
  await Deno.mkdir(dir, { recursive: true });
  const top = [];
  for await (const e of Deno.readDir(options.source)) top.push(e.name);
  top.sort();
  let copied = 0;
  for (const name of top) {
    if (options.capMiB > 0 && copied >= options.capMiB * 2 ** 20) break;
    // Unreadable parts are left out (cp fails for them); the census counts what came.
    await new Deno.Command("cp", {
      args: ["-a", join(options.source, name), dir],
      stdout: "null",
      stderr: "null",
    }).output();
    const du = await new Deno.Command("du", { args: ["-sb", join(dir, name)] }).output();
    copied += Number(new TextDecoder().decode(du.stdout).split("\t")[0]) || 0;
  }
  const { files, bytes } = await census(dir);
  return await mark(dir, params, { dir, files, bytes, paths: [] });
}
