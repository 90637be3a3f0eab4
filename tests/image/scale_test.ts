import { join } from "node:path";
import { makeRandomTree } from "../_helpers/fixture_tree.ts";
import { masterAndCheck } from "../_helpers/master_folder.ts";

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
