import { checkImage } from "../_helpers/check_image.ts";
import { makeFeatureTree } from "../_helpers/fixture_tree.ts";
import { masterFolder } from "../_helpers/master_folder.ts";
import { folderTree } from "../_helpers/tree.ts";

const source = await makeFeatureTree();
const expected = await folderTree(source);

for (const isoLevel of [1, 2, 3] as const) {
  for (
    const [joliet, rockRidge] of [[true, true], [false, true], [true, false], [
      false,
      false,
    ]] as const
  ) {
    Deno.test(`masterImage() level ${isoLevel}${joliet ? " + Joliet" : ""}${rockRidge ? " + Rock Ridge" : ""} reads back in every reader`, async () => {
      // Level 3 keeps the sources' times so xorriso -compare_r can check them too.
      const built = await masterFolder(source, { isoLevel, joliet, rockRidge }, isoLevel !== 3);
      try {
        await checkImage(
          built.iso,
          expected,
          built.image,
          { isoLevel, joliet, rockRidge },
          isoLevel === 3 ? source : undefined,
        );
      } finally {
        await built.cleanup();
      }
    });
  }
}

Deno.test({
  name: "feature tree cleanup",
  fn: () => Deno.remove(source, { recursive: true }),
});
