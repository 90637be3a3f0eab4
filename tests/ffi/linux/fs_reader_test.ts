/**
 * The libc file reader: its struct layouts against gcc, and the same answers as Deno's
 * file API on ordinary files, links and folders (and on /sys, which Deno itself refuses
 * without --allow-all).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { cConstants } from "../../_helpers/c_layout.ts";
import { denoFsReader, FS_READER_LAYOUTS, libcFsReader } from "../../../ffi/linux/fs_reader.ts";

Deno.test({
  name: "FS_READER_LAYOUTS match gcc's struct dirent and struct stat for this machine",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const got = await cConstants(
      "gcc",
      "#include <stddef.h>\n#include <dirent.h>\n#include <sys/stat.h>",
      [
        "offsetof(struct dirent, d_name)",
        "offsetof(struct dirent, d_type)",
        "sizeof(struct stat)",
        "offsetof(struct stat, st_gid)",
        "sizeof(((struct stat *)0)->st_gid)",
      ],
    );
    const stat = FS_READER_LAYOUTS.stat[Deno.build.arch]!;
    assert.deepEqual(got, [
      FS_READER_LAYOUTS.direntNameOffset,
      FS_READER_LAYOUTS.direntTypeOffset,
      stat.size,
      stat.fields.stGid!.offset,
      stat.fields.stGid!.size,
    ]);
  },
});

Deno.test({
  name: "libcFsReader() reads texts, folders, links and groups like Deno's file API",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const libc = libcFsReader();
    const deno = denoFsReader();
    try {
      const big = "x".repeat(200_000) + "\n";
      await Deno.writeTextFile(join(dir, "big"), big);
      await Deno.writeTextFile(join(dir, "small"), "5\n");
      await Deno.mkdir(join(dir, "sub"));
      await Deno.symlink("../../x/0:0:0:0", join(dir, "link"));
      for (const fs of [libc, deno]) {
        assert.equal(await fs.readText(join(dir, "big")), big);
        assert.equal(await fs.readText(join(dir, "small")), "5\n");
        assert.equal(await fs.readText(join(dir, "none")), undefined);
        assert.equal(await fs.readText(join(dir, "small/x")), undefined);
        assert.deepEqual((await fs.readDir(dir))!.sort(), ["big", "link", "small", "sub"]);
        assert.equal(await fs.readDir(join(dir, "none")), undefined);
        assert.equal(await fs.readLink(join(dir, "link")), "../../x/0:0:0:0");
        assert.equal(await fs.readLink(join(dir, "small")), undefined);
        assert.equal(
          await fs.groupOf(join(dir, "small")),
          (await Deno.stat(join(dir, "small"))).gid,
        );
      }
      // Deno asks --allow-all for /sys; libc reads it with --allow-ffi.
      assert.ok(((await libc.readDir("/sys/class")) ?? []).length > 0);
    } finally {
      libc.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
