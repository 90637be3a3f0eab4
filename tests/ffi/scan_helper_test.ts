import assert from "node:assert/strict";
import { join } from "node:path";
import { scanHelper } from "../../ffi/linux/scan_helper.ts";
import { openStatxReader } from "../../ffi/linux/statx_reader.ts";
import { addFromDisk, FileTree, InvalidInputError } from "../../src/iso.ts";
import { inTempDir } from "../_helpers/data_area_jobs.ts";
import { expectError } from "../_helpers/expect_error.ts";

const linux = Deno.build.os === "linux";

/** Wait until the helper has settled folder `id` (read or failed), for at most 10 s. */
async function settled(h: ReturnType<typeof scanHelper>, id: number): Promise<string> {
  for (let t = 0; t < 1000; t++) {
    const state = h.stateOf(id);
    if (state === "read" || state === "failed") return state;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`folder ${id} still ${h.stateOf(id)} after 10 s`);
}

Deno.test({
  name: "the scan helper reads offered folders: names sorted, each entry as lstat gives it",
  ignore: !linux,
  fn: () =>
    inTempDir(async (dir) => {
      const folders: string[] = [];
      for (let f = 0; f < 12; f++) {
        const folder = join(dir, `d${f}`);
        await Deno.mkdir(join(folder, "sub"), { recursive: true });
        for (const [k, name] of ["b", "a", "é€", "Z", "a b", "10", "9"].entries()) {
          await Deno.writeFile(join(folder, name), new Uint8Array(k * 1000 + f));
        }
        await Deno.symlink("a", join(folder, "link"));
        folders.push(folder);
      }
      await Deno.mkdir(join(dir, "empty"));
      folders.push(join(dir, "empty"));
      const reader = openStatxReader()!;
      const h = scanHelper("libc.so.6", { startAfter: 0 });
      try {
        h.seen(0);
        assert.ok(h.running);
        const ids = folders.map((f) => h.offer(f));
        assert.deepEqual(ids, folders.map((_, i) => i));
        for (const [i, folder] of folders.entries()) {
          assert.equal(await settled(h, i), "read", folder);
          const got = h.take(i)!;
          const want = [...Deno.readDirSync(folder)].map((e) => e.name).sort();
          assert.deepEqual(got.names, want);
          got.names.forEach((name, k) => {
            assert.deepEqual(got.stat(k), reader.lstat(join(folder, name)), name);
          });
        }
      } finally {
        h.close();
      }
      assert.ok(!h.running);
    }),
});

Deno.test({
  name: "the scan helper leaves to the scan a folder it cannot read, and one the scan took first",
  ignore: !linux,
  fn: () =>
    inTempDir(async (dir) => {
      // A name that is not UTF-8: the scan has its own rule for it (see add_from_disk.ts).
      const py = await new Deno.Command("/usr/bin/python3", {
        args: [
          "-c",
          "import os,sys; open(os.path.join(sys.argv[1].encode(), b'x\\xff'), 'w').close()",
          dir,
        ],
      }).output();
      assert.ok(py.success, new TextDecoder().decode(py.stderr));
      const h = scanHelper("libc.so.6", { startAfter: 0 });
      try {
        h.seen(0);
        const bad = h.offer(dir);
        const missing = h.offer(join(dir, "no such folder"));
        assert.equal(await settled(h, bad), "failed");
        assert.equal(await settled(h, missing), "failed");
        assert.equal(h.take(bad), undefined);
        assert.equal(h.take(missing), undefined);
        // Offered while the helper is busy elsewhere or not: whoever claims it first reads it.
        const again = h.offer(dir);
        const taken = h.take(again);
        assert.ok(taken === undefined || h.stateOf(again) !== "taken");
      } finally {
        h.close();
      }
      // Closed: nothing is offered or taken.
      assert.equal(h.offer(dir), -1);
      assert.equal(h.take(0), undefined);
    }),
});

Deno.test({
  name:
    "addFromDisk() with the helper: a tree of 4,000 files reads as lstat has it; a bad name still fails",
  ignore: !linux,
  fn: () =>
    inTempDir(async (dir) => {
      const src = join(dir, "src");
      for (let f = 0; f < 200; f++) {
        const folder = join(src, `p${f % 10}`, `f${f}`);
        await Deno.mkdir(folder, { recursive: true });
        for (let k = 0; k < 20; k++) {
          await Deno.writeFile(join(folder, `n${k}`), new Uint8Array((f * 7 + k) % 300));
        }
      }
      const tree = new FileTree();
      const summary = await addFromDisk(tree, src);
      assert.equal(summary.files, 4000);
      assert.equal(summary.directories, 210);
      // Every entry as Deno.lstatSync gives it.
      for (let f = 0; f < 200; f++) {
        const image = `/p${f % 10}/f${f}`;
        assert.equal(tree.get(image)?.kind, "directory", image);
        for (let k = 0; k < 20; k++) {
          const file = tree.get(`${image}/n${k}`);
          const info = Deno.lstatSync(join(src, image, `n${k}`));
          assert.ok(file?.kind === "file", `${image}/n${k}`);
          assert.equal(file.size, info.size);
          assert.equal(file.meta.mode, info.mode! & 0o7777);
          assert.equal(file.meta.uid, info.uid);
          assert.equal(file.meta.mtime?.getTime(), info.mtime?.getTime());
        }
      }
      // A folder the scan cannot read still fails with the scan's own error, helper or not.
      const py = await new Deno.Command("/usr/bin/python3", {
        args: [
          "-c",
          "import os,sys; open(os.path.join(sys.argv[1].encode(), b'x\\xff'), 'w').close()",
          join(src, "p9", "f199"),
        ],
      }).output();
      assert.ok(py.success);
      await expectError(addFromDisk(new FileTree(), src), InvalidInputError, "not valid UTF-8");
    }),
});
