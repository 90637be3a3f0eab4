import { join } from "node:path";
import { makeRandomTree } from "../_helpers/fixture_tree.ts";
import { masterAndCheck } from "../_helpers/master_folder.ts";
import { THREAD_ABOVE } from "../../ffi/linux/data_area_writer.ts";

Deno.test("masterImage() of a 10,000-file directory reads back file by file in every reader", async () => {
  const source = await Deno.makeTempDir({ prefix: "kiln-10k-" });
  try {
    await Deno.mkdir(join(source, "many"));
    for (let i = 0; i < 10_000; i++) {
      await Deno.writeTextFile(
        join(source, "many", `file number ${i} with a longish name.txt`),
        `content of file ${i}\n`.repeat(i % 7),
      );
    }
    await masterAndCheck(source, {}, (built) => {
      if (built.image.report.files !== 10_000) throw new Error(`${built.image.report.files} files`);
    });
  } finally {
    await Deno.remove(source, { recursive: true });
  }
});

/**
 * Above THREAD_ABOVE files in many folders the data area is copied by its thread from the
 * front and the main thread from the back, each finding a file's name and folder by walking
 * the job's tables (`job_file_names.ts`): every file must come back whole in every reader.
 */
Deno.test("masterImage() of files in many folders, copied by two threads, reads back in every reader", async () => {
  const source = await Deno.makeTempDir({ prefix: "kiln-folders-" });
  try {
    const files = THREAD_ABOVE.files + 700;
    for (let i = 0; i < files; i++) {
      // Folders of 1 to 40 files, some names non-ASCII or long; a few files at the top.
      const folder = i % 97 === 0 ? "" : `d${Math.floor(i / 23) % 61}-${i % 3 ? "é" : "x"}`;
      const name = i % 5 === 0 ? `${"long name ".repeat(8)}${i}.bin` : `f${i}日.txt`;
      await Deno.mkdir(join(source, folder), { recursive: true });
      await Deno.writeTextFile(join(source, folder, name), `${i} `.repeat(i % 700));
    }
    await masterAndCheck(source, {}, (built) => {
      if (built.image.report.files !== files) throw new Error(`${built.image.report.files} files`);
    });
  } finally {
    await Deno.remove(source, { recursive: true });
  }
});

for (const seed of [1, 2, 3, 4, 5, 6]) {
  Deno.test(`masterImage() of random tree #${seed} reads back in every reader`, async () => {
    const source = await makeRandomTree(seed);
    try {
      await masterAndCheck(source, { isoLevel: ([1, 2, 3] as const)[seed % 3]! });
    } finally {
      await Deno.remove(source, { recursive: true });
    }
  });
}
