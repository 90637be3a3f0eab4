import { isImageFile, openImageFile } from "../../src/recorder/image_file.ts";
import { InvalidInputError } from "../../src/model/errors.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { masterFolder } from "../_helpers/master_folder.ts";
import { put } from "../_helpers/fixture_tree.ts";

Deno.test("openImageFile() streams the file again and again, and reads sectors at offsets", async () => {
  const src = await Deno.makeTempDir();
  await put(src, "a.txt", "a\n");
  const built = await masterFolder(src);
  try {
    const img = await openImageFile(built.iso);
    const bytes = await Deno.readFile(built.iso);
    for (let i = 0; i < 2; i++) {
      const got = new Uint8Array(await new Response(img.stream()).arrayBuffer());
      if (got.length !== bytes.length || got.some((b, j) => b !== bytes[j])) {
        throw new Error("stream");
      }
    }
    const s16 = await img.readSectors(16, 2);
    if (s16.length !== 4096 || s16.some((b, j) => b !== bytes[16 * 2048 + j])) {
      throw new Error("sectors");
    }
    if (img.sectors !== built.image.sectors) throw new Error("count");
    if (!(await isImageFile(built.iso))) throw new Error("not recognized");
    if (await isImageFile(`${src}/a.txt`)) throw new Error("a text file is an image");
  } finally {
    await built.cleanup();
    await Deno.remove(src, { recursive: true });
  }
});

Deno.test("openImageFile() refuses files that are not whole sectors, and missing files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/odd.iso`, new Uint8Array(3000));
    await expectError(
      openImageFile(`${dir}/odd.iso`),
      InvalidInputError,
      "(3000 bytes) is not a whole number",
    );
    await expectError(
      openImageFile(`${dir}/none.iso`),
      InvalidInputError,
      `Cannot burn image "${dir}/none.iso"`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
