/**
 * Trees for comparison: what a folder on disk holds, and what a reader says an image
 * holds, in one normalized shape. Used by every image test.
 */

import { join } from "node:path";

/** One node as a reader sees it. */
export interface Entry {
  type: "file" | "dir" | "symlink";
  size?: number;
  sha256?: string;
  target?: string;
  /** Permission bits, when the view records them (Rock Ridge). */
  mode?: number;
}

/** Nodes by absolute path ("/a/b"); the root itself is not included. */
export type Tree = Map<string, Entry>;

/** SHA-256 of bytes as hex. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Walk a folder without following symlinks.
 *
 * @param dir The folder.
 * @param withModes Record permission bits.
 * @returns Its tree.
 */
export async function folderTree(dir: string, withModes = true): Promise<Tree> {
  const tree: Tree = new Map();
  const walk = async (abs: string, rel: string) => {
    for await (const e of Deno.readDir(abs)) {
      const path = `${rel}/${e.name}`;
      const full = join(abs, e.name);
      const st = await Deno.lstat(full);
      const mode = withModes ? (st.mode ?? 0) & 0o7777 : undefined;
      const m = mode === undefined ? {} : { mode };
      if (st.isSymlink) tree.set(path, { type: "symlink", target: await Deno.readLink(full) });
      else if (st.isDirectory) {
        tree.set(path, { type: "dir", ...m });
        await walk(full, path);
      } else {tree.set(path, {
          type: "file",
          size: st.size,
          sha256: await sha256(await Deno.readFile(full)),
          ...m,
        });}
    }
  };
  await walk(dir, "");
  return tree;
}

/** Options for {@linkcode compareTrees}. */
export interface CompareOptions {
  /** Do not compare permission bits. */
  ignoreModes?: boolean;
}

/**
 * Differences between an expected and an actual tree, one line each.
 *
 * @param expected What should be there.
 * @param actual What a reader found.
 * @param options What to ignore.
 * @returns Lines; empty when the trees agree.
 */
export function compareTrees(expected: Tree, actual: Tree, options: CompareOptions = {}): string[] {
  const out: string[] = [];
  for (const [path, e] of expected) {
    const a = actual.get(path);
    if (!a) {
      out.push(`missing ${e.type} ${path}`);
      continue;
    }
    if (a.type !== e.type) out.push(`${path}: type ${a.type}, expected ${e.type}`);
    else if (e.type === "file" && (a.size !== e.size || a.sha256 !== e.sha256)) {
      out.push(
        `${path}: ${a.size} bytes sha256 ${a.sha256?.slice(0, 12)}, expected ${e.size} bytes ${
          e.sha256?.slice(0, 12)
        }`,
      );
    } else if (e.type === "symlink" && a.target !== e.target) {
      out.push(`${path}: target ${a.target}, expected ${e.target}`);
    }
    if (!options.ignoreModes && e.mode !== undefined && a.mode !== undefined && a.mode !== e.mode) {
      out.push(`${path}: mode ${a.mode.toString(8)}, expected ${e.mode.toString(8)}`);
    }
  }
  for (const [path, a] of actual) if (!expected.has(path)) out.push(`unexpected ${a.type} ${path}`);
  return out;
}

/**
 * Throw when the trees differ, listing up to 50 differences.
 *
 * @param expected What should be there.
 * @param actual What a reader found.
 * @param label Which reader and view.
 * @param options What to ignore.
 */
export function assertSameTree(
  expected: Tree,
  actual: Tree,
  label: string,
  options: CompareOptions = {},
): void {
  const diffs = compareTrees(expected, actual, options);
  if (diffs.length > 0) {
    throw new Error(`${label}: ${diffs.length} differences\n  ${diffs.slice(0, 50).join("\n  ")}`);
  }
  if (expected.size === 0) {
    throw new Error(`${label}: the expected tree is empty; the comparison would prove nothing`);
  }
}

/**
 * The names in a folder, sorted: what a failed write must leave as it was.
 *
 * @param dir The folder.
 * @returns Its entries' names.
 */
export async function listDir(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}
