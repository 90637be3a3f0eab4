/**
 * A disc written through the virtual recorder is an image: master a folder with kiln, send
 * it with WRITE(10)s like a burner, and read the backing file with every oracle (xorriso,
 * pycdlib, isoinfo, 7-Zip) through check_image.ts.
 */

import { addFromDisk, FileTree, type MasteredImage, masterImage } from "../../../src/iso.ts";
import { buildWrite10Cdb } from "../../../src/mmc/commands/write10.ts";
import type { MediaName } from "../../../ffi/virtual/media_catalogue.ts";
import { checkImage } from "../../_helpers/check_image.ts";
import { pseudoRandomBytes, put } from "../../_helpers/fixture_tree.ts";
import { folderTree } from "../../_helpers/tree.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { ok, tempDrive } from "./_drive.ts";
import { close, flush, nextWritable, selectPage05 } from "./_recipe.ts";

async function sourceFolder(): Promise<string> {
  const src = await Deno.makeTempDir({ prefix: "kiln-vsrc-" });
  await put(src, "README.txt", "written through kiln's virtual recorder\n");
  await put(src, "docs/Änderungen und Notizen.txt", "UTF-8 names survive\n");
  await put(src, "data/blob.bin", pseudoRandomBytes(300_000, 7));
  await put(src, "data/deep/er/still/file.dat", pseudoRandomBytes(5000, 9));
  return src;
}

async function burn(
  media: Exclude<MediaName, "none">,
  image: MasteredImage,
  chunk: number,
  cd: boolean,
): Promise<string> {
  const t = await tempDrive({ media });
  const d = t.drive;
  try {
    if (cd) await selectPage05(d, { writeType: 1, trackMode: 4, multiSession: 0 });
    let lba = await nextWritable(d, cd || media === "dvd+r");
    assertEquals(lba, 0);
    const reader = image.stream({ chunkSize: chunk * 2048 }).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (let at = 0; at < value.length; at += chunk * 2048) {
        const part = value.subarray(at, Math.min(value.length, at + chunk * 2048));
        await ok(d, buildWrite10Cdb({ lba, transferLength: part.length / 2048 }), part);
        lba += part.length / 2048;
      }
    }
    assertEquals(lba, image.sectors);
    await flush(d);
    if (!cd) await close(d, 1, 1);
    await close(d, cd ? 2 : 6);
    const copy = `${t.dir}.iso`;
    await Deno.copyFile(t.path, copy);
    return copy;
  } finally {
    await t.cleanup();
  }
}

for (const [media, chunk, cd] of [["bd-r", 32, false], ["cd-r", 16, true]] as const) {
  Deno.test(`a ${media} written with WRITE(10) reads back as the mastered image (xorriso, pycdlib, isoinfo, 7-Zip)`, async () => {
    const src = await sourceFolder();
    let iso: string | undefined;
    try {
      const tree = new FileTree();
      await addFromDisk(tree, src);
      const image = masterImage(tree, {
        time: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
        volumeId: "VIRTUAL",
      });
      iso = await burn(media, image, chunk, cd);
      assertEquals((await Deno.stat(iso)).size, image.size);
      await checkImage(iso, await folderTree(src), image, {
        isoLevel: 3,
        joliet: true,
        rockRidge: true,
      });
    } finally {
      await Deno.remove(src, { recursive: true });
      if (iso) await Deno.remove(iso);
    }
  });
}
