import assert from "node:assert/strict";
import { join } from "node:path";
import { openStatxReader } from "../../ffi/linux/statx_reader.ts";
import { denoStatReader, type SourceStatReader } from "../../src/source/source_stat.ts";

const linux = Deno.build.os === "linux";

function outcome(reader: SourceStatReader, path: string): unknown {
  try {
    return reader.lstat(path);
  } catch (err) {
    return { error: (err as Error).constructor.name, message: (err as Error).message };
  }
}

async function touch(path: string, iso: string): Promise<void> {
  const r = await new Deno.Command("touch", { args: ["-h", "-d", iso, path] }).output();
  if (!r.success) throw new Error(`touch ${path}: ${new TextDecoder().decode(r.stderr)}`);
}

Deno.test({
  name: "the statx reader gives what Deno.lstatSync gives: kinds, sizes, ids, times, links, errors",
  ignore: !linux,
  async fn() {
    const statx = openStatxReader();
    assert.ok(statx, "statx is available on this kernel and C library");
    const dir = await Deno.makeTempDir();
    try {
      const at = (name: string) => join(dir, name);
      await Deno.writeFile(at("file"), new Uint8Array(12345));
      await Deno.writeFile(at("empty"), new Uint8Array(0));
      await Deno.mkdir(at("folder"));
      await Deno.symlink("file", at("link"));
      await Deno.link(at("file"), at("hard"));
      await Deno.writeFile(at("old"), new Uint8Array(1));
      await Deno.writeFile(at("new"), new Uint8Array(1));
      await Deno.writeFile(at("late"), new Uint8Array(1));
      // Before 1970 with a fraction (Deno truncates towards zero), a fraction, and after 2038.
      await touch(at("old"), "1960-01-01 00:00:00.123456789 UTC");
      await touch(at("new"), "2001-02-03 04:05:06.987654321 UTC");
      await touch(at("late"), "2107-05-06 07:08:09.5 UTC");
      await touch(at("link"), "1999-12-31 23:59:59.999 UTC");
      const fifo = await new Deno.Command("mkfifo", { args: [at("fifo")] }).output();
      assert.ok(fifo.success);
      const paths = [
        "file",
        "empty",
        "folder",
        "link",
        "hard",
        "old",
        "new",
        "late",
        "fifo",
        "missing",
        "file/below", // ENOTDIR
        "link/below",
        "",
      ].map(at);
      for (const path of [...paths, "/", "/dev/null", "/proc/self"]) {
        assert.deepEqual(outcome(statx!, path), outcome(denoStatReader, path), path);
      }
      // By name in an opened folder: the same values and the same errors, naming the path.
      const folder = statx!.openFolder!(dir);
      assert.ok(folder !== undefined);
      try {
        for (const name of ["file", "empty", "folder", "link", "hard", "old", "fifo", "missing"]) {
          const byName = ((): unknown => {
            try {
              return statx!.lstatIn!(folder, name, at(name));
            } catch (err) {
              return { error: (err as Error).constructor.name, message: (err as Error).message };
            }
          })();
          assert.deepEqual(byName, outcome(denoStatReader, at(name)), `${name} in its folder`);
        }
        assert.throws(() => statx!.lstatIn!(folder, "a\0b", at("a\0b")), TypeError);
      } finally {
        statx!.closeFolder!(folder);
      }
      assert.equal(statx!.openFolder!(at("missing")), undefined);
      const notFolder = statx!.openFolder!(at("file"));
      assert.ok(notFolder !== undefined, "O_PATH opens a file too");
      try {
        assert.throws(
          () => statx!.lstatIn!(notFolder, "below", at("file/below")),
          /lstat '.*file\/below'/,
        );
      } finally {
        statx!.closeFolder!(notFolder);
      }
      const seen = statx!.lstat(at("hard"));
      assert.equal(seen.nlink, 2);
      assert.equal(seen.kind, "file");
      assert.equal(statx!.lstat(at("link")).kind, "symlink");
      assert.equal(statx!.lstat(at("fifo")).kind, "other");
      assert.equal(statx!.lstat(at("old")).mtimeMs, -315619199876);
      assert.throws(() => statx!.lstat(`${dir}/a\0b`), TypeError);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
