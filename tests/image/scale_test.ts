import { join } from "node:path";
import { checkImage } from "../_helpers/check_image.ts";
import { makeRandomTree } from "../_helpers/fixture_tree.ts";
import { masterFolder } from "../_helpers/master_folder.ts";
import { folderTree } from "../_helpers/tree.ts";

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
    const built = await masterFolder(source);
    try {
      if (built.image.report.files !== 10_000) throw new Error(`${built.image.report.files} files`);
      await checkImage(built.iso, await folderTree(source), built.image, {
        isoLevel: 3,
        joliet: true,
        rockRidge: true,
      });
    } finally {
      await built.cleanup();
    }
  } finally {
    await Deno.remove(source, { recursive: true });
  }
});

for (const seed of [1, 2, 3, 4, 5, 6]) {
  Deno.test(`masterImage() of random tree #${seed} reads back in every reader`, async () => {
    const source = await makeRandomTree(seed);
    try {
      const isoLevel = ([1, 2, 3] as const)[seed % 3]!;
      const built = await masterFolder(source, { isoLevel });
      try {
        await checkImage(built.iso, await folderTree(source), built.image, {
          isoLevel,
          joliet: true,
          rockRidge: true,
        });
      } finally {
        await built.cleanup();
      }
    } finally {
      await Deno.remove(source, { recursive: true });
    }
  });
}
