import assert from "node:assert/strict";
import { listDir } from "../_helpers/tree.ts";
import { join } from "node:path";
import { FileTree, InvalidInputError, masterImage, writeImageFile } from "../../src/iso.ts";
import { addFromDisk } from "../../src/source/add_from_disk.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { assertSameBytes } from "../_helpers/assert.ts";
import { pseudoRandomBytes, put } from "../_helpers/fixture_tree.ts";
import { runCli } from "../_helpers/run_cli.ts";

const ffi = Deno.build.os === "linux" && Deno.permissions.querySync({ name: "ffi" }).state ===
    "granted";

async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A source folder with large files (kernel copies), small ones and an odd size. */
async function source(dir: string): Promise<string> {
  const src = join(dir, "src");
  await put(dir, "src/a.bin", pseudoRandomBytes(3 << 20, 1));
  await put(dir, "src/b/odd.bin", pseudoRandomBytes((1 << 20) + 777, 2));
  await put(dir, "src/b/small.txt", "small");
  await put(dir, "src/c.bin", pseudoRandomBytes(100_000, 3));
  return src;
}

async function imageOf(src: string) {
  const tree = new FileTree();
  await addFromDisk(tree, src);
  return masterImage(tree, { time: new Date(0), udf: true });
}

Deno.test("writeImageFile() writes the bytes image.stream() yields, with sync on and off", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const image = await imageOf(await source(dir));
    const streamed = new Uint8Array(await new Response(image.stream()).arrayBuffer());
    for (const sync of [true, false]) {
      const out = join(dir, `o-${sync}.iso`);
      assert.equal(await writeImageFile(image, out, { sync }), image.size);
      assertSameBytes(await Deno.readFile(out), streamed, out);
    }
    assert.deepEqual(await listDir(dir), ["o-false.iso", "o-true.iso", "src"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeImageFile() reports progress up to the full size, in order", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const image = await imageOf(await source(dir));
    const seen: number[] = [];
    await writeImageFile(image, join(dir, "o.iso"), {
      onProgress: (p) => seen.push(p.bytesDone),
    });
    assert.equal(seen.at(-1), image.size);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! >= seen[i - 1]!);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeImageFile() names a large source that grew, shrank or vanished, and leaves no file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const change of ["grow", "shrink", "remove"]) {
      const src = await source(dir);
      const image = await imageOf(src);
      const path = join(src, "a.bin");
      if (change === "grow") await Deno.writeFile(path, new Uint8Array(10), { append: true });
      else if (change === "shrink") await Deno.truncate(path, 2 << 20);
      else await Deno.remove(path);
      const err = await expectError(
        writeImageFile(image, join(dir, "out.iso")),
        InvalidInputError,
        "changed size",
        "a.bin",
        change === "grow" ? "grew" : change === "shrink" ? "shrank" : "removed",
      );
      assert.equal(err.path, path);
      assert.deepEqual(await listDir(dir), ["src"]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeImageFile() names a small source that grew or shrank by one byte", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const change of ["grow", "shrink"]) {
      const src = await source(dir);
      const image = await imageOf(src);
      const path = join(src, "b/small.txt");
      await Deno.writeTextFile(path, change === "grow" ? "small!" : "smal");
      await expectError(
        writeImageFile(image, join(dir, "out.iso")),
        InvalidInputError,
        "small.txt",
        change === "grow" ? "grew" : "shrank",
      );
      assert.deepEqual(await listDir(dir), ["src"]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("image.writeTo() writes the bytes image.stream() yields, with its progress", async () => {
  const tree = new FileTree();
  tree.addFile("/a", pseudoRandomBytes(5000, 4));
  tree.addFile("/b/c", pseudoRandomBytes(70_000, 5));
  const image = masterImage(tree, { time: new Date(0), udf: true });
  const streamed = new Uint8Array(await new Response(image.stream()).arrayBuffer());
  const parts: Uint8Array[] = [];
  const done: number[] = [];
  await image.writeTo({ write: (b) => Promise.resolve(void parts.push(b.slice())) }, {
    chunkSize: 8192,
    onProgress: (p) => done.push(p.bytesDone),
  });
  assertSameBytes(new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer()), streamed);
  assert.equal(done.at(-1), image.size);
  assert.deepEqual(done, [...done].sort((x, y) => x - y));
});

Deno.test({
  name:
    "kiln image with and without --allow-ffi (data-area thread and statx or not) writes identical images",
  ignore: !ffi,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const src = await source(dir);
      const env = { SOURCE_DATE_EPOCH: "1700000000" };
      const plain = await runCli(["image", src, "-o", join(dir, "plain.iso"), "-q"], env);
      assert.equal(plain.code, 0, plain.stderr);
      const withFfi = await runCli(["image", src, "-o", join(dir, "ffi.iso"), "-q"], env, dir, [
        "--allow-read",
        "--allow-write",
        "--allow-env",
        "--allow-ffi",
      ]);
      assert.equal(withFfi.code, 0, withFfi.stderr);
      const noSync = await runCli(
        ["image", src, "-o", join(dir, "nosync.iso"), "-q", "--no-sync"],
        env,
      );
      assert.equal(noSync.code, 0, noSync.stderr);
      const hash = await sha256(join(dir, "plain.iso"));
      assert.equal(await sha256(join(dir, "ffi.iso")), hash);
      assert.equal(await sha256(join(dir, "nosync.iso")), hash);
      assert.deepEqual(await listDir(dir), ["ffi.iso", "nosync.iso", "plain.iso", "src"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("kiln image --help documents --no-sync", async () => {
  const r = await runCli(["image", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--no-sync\s+do not flush the image to disk/);
});

const shm = (() => {
  try {
    return Deno.statSync("/dev/shm").isDirectory;
  } catch {
    return false;
  }
})();

Deno.test({
  name:
    "writeImageFile() from another file system (tmpfs: EXDEV) reads and writes the files itself",
  ignore: !shm,
  fn: async () => {
    const from = await Deno.makeTempDir({ dir: "/dev/shm" });
    const to = await Deno.makeTempDir();
    try {
      const image = await imageOf(await source(from));
      const streamed = new Uint8Array(await new Response(image.stream()).arrayBuffer());
      await writeImageFile(image, join(to, "o.iso"));
      assertSameBytes(await Deno.readFile(join(to, "o.iso")), streamed);
    } finally {
      await Deno.remove(from, { recursive: true });
      await Deno.remove(to, { recursive: true });
    }
  },
});
