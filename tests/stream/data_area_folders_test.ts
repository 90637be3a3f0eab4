import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type PlacedFile,
  PlacedFileError,
  type PlacedFiles,
  placedFilesOf,
} from "../../src/stream/data_area.ts";
import { openDataAreaWriter, type ThreadThreshold } from "../../ffi/linux/data_area_writer.ts";
import { pseudoRandomBytes } from "../_helpers/fixture_tree.ts";
import { assertSameBytes } from "../_helpers/assert.ts";
import { expectedImage, linuxTest, MODES, padded } from "../_helpers/data_area_jobs.ts";

/**
 * Files in three folders, the folders visited a, b, a, c (so a folder is opened again after
 * another), one of them with a non-ASCII name, laid out one after another.
 */
async function folderFiles(dir: string): Promise<PlacedFile[]> {
  const order = ["a", "a", "b", "a", "c/é 日", "c/é 日", "b"];
  const files: PlacedFile[] = [];
  let at = 2048;
  for (const [i, folder] of order.entries()) {
    await Deno.mkdir(join(dir, folder), { recursive: true });
    const path = join(dir, folder, `f${i}`);
    const size = i === 2 ? (2 << 20) + 1 : 100 + i * 3000; // one large file, copied by the kernel
    await Deno.writeFile(path, pseudoRandomBytes(size, 30 + i));
    files.push({ path, size, at });
    at += padded(size);
  }
  return files;
}

/** `placedFilesOf(files)` with the folder known for the files at even indexes only. */
function someFolders(files: readonly PlacedFile[]): PlacedFiles {
  const all = placedFilesOf(files);
  return {
    ...all,
    folder: (i) => i % 2 === 0 ? all.folder!(i) : "",
    name: (i) => i % 2 === 0 ? all.name!(i) : all.path(i),
  };
}

/** The same files with no `folder` and `name` accessors: whole paths only. */
function pathsOnly({ length, path, size, at }: PlacedFiles): PlacedFiles {
  return { length, path, size, at };
}

async function run(
  files: PlacedFiles,
  dest: string,
  threshold: ThreadThreshold,
): Promise<PlacedFileError | undefined> {
  const job = openDataAreaWriter(dest, threshold)!.start(files, { sync: false });
  return await job.done.then(() => undefined, (e) => e);
}

for (const [mode, threshold] of MODES) {
  linuxTest(
    `openDataAreaWriter() on ${mode} opens each file by name in its folder, or by its whole path`,
    async (dir) => {
      const files = await folderFiles(join(dir, "src"));
      const last = files.at(-1)!;
      const expected = await expectedImage(files, last.at + padded(last.size) + 2048);
      const views: [string, PlacedFiles][] = [
        ["folders", placedFilesOf(files)],
        ["some folders", someFolders(files)],
        ["no folder accessors", pathsOnly(placedFilesOf(files))],
      ];
      for (const [what, view] of views) {
        const dest = join(dir, "out.img");
        await Deno.writeFile(dest, new Uint8Array(expected.length).fill(0xee));
        assert.equal(await run(view, dest, threshold), undefined, what);
        assertSameBytes(await Deno.readFile(dest), expected, `${what}: ${dest}`);
      }
    },
  );

  linuxTest(
    `openDataAreaWriter() on ${mode} names the file whose folder is gone or is not a folder`,
    async (dir) => {
      const files = await folderFiles(join(dir, "src"));
      const dest = join(dir, "out.img");
      await Deno.writeFile(dest, new Uint8Array(0));
      // The files of b (indexes 2 and 6): the first one the job meets is index 2.
      await Deno.remove(join(dir, "src", "b"), { recursive: true });
      const gone = await run(placedFilesOf(files), dest, threshold);
      assert.ok(gone instanceof PlacedFileError, String(gone));
      assert.equal(gone.failure, "removed");
      assert.equal(gone.index, 2);
      assert.ok(gone.message.includes(files[2]!.path) && gone.message.includes("gone"));
      await Deno.writeTextFile(join(dir, "src", "b"), "a file where the folder was");
      const notFolder = await run(placedFilesOf(files), dest, threshold);
      assert.ok(notFolder instanceof PlacedFileError, String(notFolder));
      assert.equal(notFolder.failure, "read");
      assert.equal(notFolder.index, 2);
      assert.match(notFolder.message, /ENOTDIR/);
      assert.ok(notFolder.message.includes(files[2]!.path), notFolder.message);
    },
  );
}
