/**
 * Source trees for image tests, made on disk in a temporary folder: a hand-picked tree with
 * the cases that break ISO writers, and seeded random trees for property tests.
 */

import { join } from "node:path";

/** Write a file, creating parent folders. */
export async function put(
  root: string,
  rel: string,
  data: string | Uint8Array,
  mode?: number,
): Promise<void> {
  const path = join(root, rel);
  await Deno.mkdir(join(path, ".."), { recursive: true });
  if (typeof data === "string") await Deno.writeTextFile(path, data);
  else await Deno.writeFile(path, data);
  if (mode !== undefined) await Deno.chmod(path, mode);
}

/** Deterministic pseudo-random bytes (xorshift32). */
export function pseudoRandomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * The tree every image feature is checked on: unicode and long names, ISO collisions,
 * empty files and folders, symlinks (relative, absolute, dangling, long), modes, a deep
 * tree of 12 levels, a multi-sector file.
 *
 * @returns Path of a new temporary folder holding it.
 */
export async function makeFeatureTree(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "kiln-src-" });
  await put(root, "hello.txt", "hello, world\n");
  await put(root, "Grüße ☃ und 日本語.txt", "unicode\n");
  await put(root, "emoji 😀 name.md", "non-BMP\n");
  await put(root, "a.txt", "lower\n");
  await put(root, "A.TXT", "upper\n");
  await put(root, "a;b:c?.txt", "joliet forbidden characters\n");
  await put(root, `${"long-name-".repeat(7)}end.txt`, "74 characters\n");
  await put(root, `${"x".repeat(200)}.bin`, "200 characters\n");
  await put(root, "empty", "");
  await Deno.mkdir(join(root, "empty dir"));
  await put(root, "private.key", "secret\n", 0o640);
  await put(root, "run.sh", "#!/bin/sh\necho hi\n", 0o755);
  await put(root, "data/big.bin", pseudoRandomBytes(3 * 1024 * 1024 + 123, 7));
  await put(root, "data/.hidden", "dotfile\n");
  await put(root, "data/no_ext", "no extension\n");
  let deep = "deep";
  for (let i = 1; i <= 12; i++) deep += `/level${i}`;
  await put(root, `${deep}/bottom.txt`, "twelve levels down\n");
  await Deno.symlink("hello.txt", join(root, "link-to-hello"));
  await Deno.symlink("/usr/share/doc", join(root, "absolute-link"));
  await Deno.symlink("../nowhere/./x", join(root, "data/dangling"));
  await Deno.symlink(`${"segment/".repeat(40)}target`, join(root, "long-link"));
  return root;
}

/**
 * A seeded random tree: nested folders, files of 0–20 000 bytes, names drawn from a
 * mix of ASCII, punctuation and unicode.
 *
 * @param seed Seed.
 * @returns Path of a new temporary folder holding it.
 */
export async function makeRandomTree(seed: number): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: `kiln-rand-${seed}-` });
  let x = seed * 2654435761 >>> 0 || 1;
  const rnd = (n: number) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
  const alphabet =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,+=()[]{}!@#$%&'~éßøÅ日本語Ωж";
  const name = () => {
    let s = "";
    const len = 1 + rnd(rnd(4) === 0 ? 90 : 12);
    for (let i = 0; i < len; i++) s += alphabet[rnd(alphabet.length)];
    return s === "." || s === ".." ? "dot" : s;
  };
  const dirs = [""];
  const count = 20 + rnd(60);
  for (let i = 0; i < count; i++) {
    const parent = dirs[rnd(dirs.length)]!;
    const rel = parent ? `${parent}/${name()}` : name();
    try {
      if (rnd(5) === 0) {
        await Deno.mkdir(join(root, rel));
        dirs.push(rel);
      } else {
        await Deno.writeFile(
          join(root, rel),
          pseudoRandomBytes(rnd(3) === 0 ? 0 : rnd(20_000), seed + i),
          { createNew: true },
        );
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    }
  }
  return root;
}
