import assert from "node:assert/strict";
import { join } from "node:path";
import { FolderNames } from "../../ffi/linux/dirent64.ts";
import { openStatxReader } from "../../ffi/linux/statx_reader.ts";

const linux = Deno.build.os === "linux";

function errorOf(run: () => unknown): { error: string; message: string } | undefined {
  try {
    run();
  } catch (err) {
    return { error: (err as Error).constructor.name, message: (err as Error).message };
  }
  return undefined;
}

Deno.test({
  name: "listFolder gives the names Deno.readDirSync gives, and the same errors",
  ignore: !linux,
  async fn() {
    const reader = openStatxReader();
    assert.ok(reader?.listFolder, "getdents64 is in this C library");
    const dir = await Deno.makeTempDir();
    try {
      const at = (name: string) => join(dir, name);
      // Long names, so that the records take several getdents64 calls of 64 KiB.
      const names = Array.from({ length: 1500 }, (_, i) => `${"n".repeat(120)}-${i}`);
      names.push("é ü.txt", "😀", ".hidden", "..x", "a", "with space", "\uFEFFbom");
      for (const n of names) await Deno.writeFile(at(n), new Uint8Array(0));
      await Deno.mkdir(at("sub"));
      await Deno.symlink("a", at("link"));
      // A name that is not UTF-8 (one byte 0xFF), made below Deno, which cannot name it.
      const py = await new Deno.Command("python3", {
        args: ["-c", "import os,sys; open(os.fsencode(sys.argv[1]) + b'/bad\\xff', 'w')", dir],
      }).output();
      assert.ok(py.success, new TextDecoder().decode(py.stderr));
      const listing = reader.listFolder(dir);
      try {
        const want = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
        assert.deepEqual([...listing.names].sort(), want);
        assert.ok(want.includes("bad\uFFFD") && want.length === names.length + 3);
        // The folder comes back open: entries are read by name in it.
        assert.equal(reader.lstatIn!(listing.folder, "sub", at("sub")).kind, "directory");
      } finally {
        reader.closeFolder!(listing.folder);
      }
      assert.deepEqual(reader.listFolder(at("sub")).names, []);
      const fifo = await new Deno.Command("mkfifo", { args: [at("fifo")] }).output();
      assert.ok(fifo.success);
      for (const path of [at("missing"), at("a"), at("link"), at("fifo"), at("missing/below")]) {
        const got = errorOf(() => reader.listFolder!(path));
        const want = errorOf(() => Deno.readDirSync(path).next());
        assert.ok(got && want, `${path} lists`);
        assert.equal(got.error, want.error, path);
        assert.equal(got.message, want.message, path);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** A linux_dirent64 record: inode, offset, length, type, name, NUL, padded to 8 bytes. */
function record(name: Uint8Array): Uint8Array {
  const length = Math.ceil((19 + name.length + 1) / 8) * 8;
  const r = new Uint8Array(length);
  new DataView(r.buffer).setUint16(16, length, true);
  r[18] = 8; // DT_REG
  r.set(name, 19);
  return r;
}

Deno.test("FolderNames takes names from dirent64 records, leaving out . and ..", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const parts = [".", "..", "a", "..b", "é", "x".repeat(255)].map((s) => record(enc(s)));
  const buf = new Uint8Array(parts.reduce((n, p) => n + p.length, 0) + 7);
  let at = 0;
  for (const p of parts) buf.set(p, (at += p.length) - p.length);
  const names = new FolderNames();
  names.add(buf, at);
  assert.deepEqual(names.take(), ["a", "..b", "é", "x".repeat(255)]);
  assert.deepEqual(names.take(), [], "take empties the collector");
  names.add(record(new Uint8Array([0x66, 0xff])), 24);
  assert.deepEqual(names.take(), ["f\uFFFD"]);
  // A record whose length runs past the filled bytes, or with no NUL, is refused.
  const short = record(enc("abc"));
  assert.throws(() => names.add(short, short.length - 8), RangeError);
  const noNul = record(enc("abcd"));
  noNul.fill(0x61, 19);
  assert.throws(() => names.add(noNul, noNul.length), RangeError);
  names.clear();
  assert.deepEqual(names.take(), []);
});
