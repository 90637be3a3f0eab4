import assert from "node:assert/strict";
import { join } from "node:path";
import {
  FileTree,
  InvalidInputError,
  masterImage,
  type MasterOptions,
  writeTreeImageFile,
} from "../../src/iso.ts";
import { addFromDisk } from "../../src/source/add_from_disk.ts";
import { placeEarlyData } from "../../src/layout/early_data.ts";
import { resolveMasterOptions } from "../../src/model/master_options.ts";
import { EarlyPlacedFiles } from "../../src/stream/early_placed_files.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { assertSameBytes } from "../_helpers/assert.ts";
import { pseudoRandomBytes, put } from "../_helpers/fixture_tree.ts";
import { xorrisoTree } from "../_helpers/xorriso_reader.ts";
import { assertSameTree, folderTree, listDir } from "../_helpers/tree.ts";

/**
 * 1,600 files in 40 folders (more than a data-area thread's threshold, so the copy runs on
 * a thread from before the plan), empty files, a 70 KB one last, a big hard-linked pair,
 * a symlink.
 */
async function source(dir: string): Promise<string> {
  const src = join(dir, "src");
  for (let f = 0; f < 40; f++) {
    for (let i = 0; i < 40; i++) {
      const name = `d${f}/${i % 7 === 0 ? "Upper" : "lower"}-${i}.dat`;
      await put(
        dir,
        `src/${name}`,
        pseudoRandomBytes((f * 40 + i) % 5 === 0 ? 0 : 100 + i * 37, f * 40 + i),
      );
    }
  }
  // A file of 64 KiB or more after 1,200 smaller ones: the job's sizes widen midway.
  await put(dir, "src/d39/zz-wide.bin", pseudoRandomBytes(70_000, 8));
  await put(dir, "src/big.bin", pseudoRandomBytes(3 << 20, 9));
  await Deno.link(join(src, "big.bin"), join(src, "d3/big-link.bin"));
  await Deno.symlink("big.bin", join(src, "link"));
  return src;
}

async function scanned(src: string): Promise<FileTree> {
  const tree = new FileTree();
  await addFromDisk(tree, src);
  tree.addFile("/memory.txt", new TextEncoder().encode("in memory\n"));
  return tree;
}

for (const options of [{}, { udf: true }, { udf: true, udfRevision: "2.50" }] as MasterOptions[]) {
  Deno.test(`writeTreeImageFile() writes what masterImage() streams, copying while it plans (${JSON.stringify(options)})`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const src = await source(dir);
      const tree = await scanned(src);
      const opts = { ...options, time: new Date(0) };
      // The files with data are placed first (not the hard-linked pair), and a job can open
      // each of them.
      const early = placeEarlyData(tree.root, resolveMasterOptions(opts))!;
      assert.equal(early.files, 1600 - 320 + 1);
      assert.ok(EarlyPlacedFiles.of(early));
      let planned = 0;
      const out = join(dir, "o.iso");
      const { image, bytes } = await writeTreeImageFile(tree, out, opts, {
        onPlanned: (i) => planned = i.size,
      });
      assert.equal(bytes, image.size);
      assert.equal(planned, image.size);
      const streamed = new Uint8Array(
        await new Response(masterImage(tree, opts).stream()).arrayBuffer(),
      );
      assertSameBytes(await Deno.readFile(out), streamed, out);
      // And an independent reader finds every file where the source has it.
      const got = await xorrisoTree(out);
      assert.equal(got.get("/memory.txt")?.size, 10);
      got.delete("/memory.txt");
      assertSameTree(await folderTree(src), got, "xorriso");
      assert.deepEqual(await listDir(dir), ["o.iso", "src"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

/** The Worker threads of this process (Deno names them `worker-N`). */
function workerThreads(): number {
  let n = 0;
  for (const t of Deno.readDirSync("/proc/self/task")) {
    let name: string;
    try {
      name = Deno.readTextFileSync(`/proc/self/task/${t.name}/comm`);
    } catch (err) {
      // The thread ended between the listing and the read: it runs no more.
      if (err instanceof Deno.errors.NotFound) continue;
      throw err;
    }
    if (name.startsWith("worker-")) n++;
  }
  return n;
}

/** Wait up to `ms` for this process to have no Worker thread; the count left. */
async function workersGone(ms: number): Promise<number> {
  const until = Date.now() + ms;
  while (workerThreads() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return workerThreads();
}

Deno.test("writeTreeImageFile() refused while its copy runs leaves no file and stops the thread", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const src = await source(dir);
    // The job's first file: 8 GiB (sparse), which the thread copies in pieces for seconds
    // (about 30 on the build machine) unless it is stopped; a stopped thread is gone well
    // within one. What fails here is a call that returns with the thread still copying
    // (no stop and no wait for it). A call that waits for the whole copy without stopping it
    // passes, only slower: how soon it returns is a time, which tests do not assert.
    const big = await Deno.open(join(src, "0-huge.bin"), { write: true, create: true });
    await big.truncate(8 * 2 ** 30);
    big.close();
    // A name UDF cannot hold whole (255 bytes: with its compression id, 256), refused when
    // the tree is planned, after the copy of the scanned files has started.
    await put(dir, `src/${"n".repeat(255)}`, "x");
    const tree = await scanned(src);
    assert.equal(await workersGone(2000), 0, "a Worker before the call");
    await expectError(
      writeTreeImageFile(tree, join(dir, "o.iso"), { udf: true, strictNames: true }),
      InvalidInputError,
      "n".repeat(40),
    );
    assert.equal(await workersGone(1000), 0, "the data-area thread still runs");
    assert.deepEqual(await listDir(dir), ["src"]);
    // A look at the plan that throws stops it the same way.
    await expectError(
      writeTreeImageFile(tree, join(dir, "o.iso"), {}, {
        onPlanned: () => {
          throw new InvalidInputError("too big for the disc");
        },
      }),
      InvalidInputError,
      "too big for the disc",
    );
    assert.equal(await workersGone(1000), 0, "the data-area thread still runs");
    assert.deepEqual(await listDir(dir), ["src"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeTreeImageFile() names a scanned file that vanished before the thread copied it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const src = await source(dir);
    const tree = await scanned(src);
    const gone = join(src, "d20", "lower-1.dat");
    await Deno.remove(gone);
    const err = await expectError(
      writeTreeImageFile(tree, join(dir, "o.iso")),
      InvalidInputError,
      "lower-1.dat",
      "removed",
    );
    assert.equal(err.path, gone);
    assert.deepEqual(await listDir(dir), ["src"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
