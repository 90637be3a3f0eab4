/**
 * Master a folder the way the CLI does, into a temporary image file.
 */

import { checkImage } from "./check_image.ts";
import { folderTree } from "./tree.ts";
import {
  addFromDisk,
  FileTree,
  type MasteredImage,
  type MasterOptions,
  writeTreeImageFile,
} from "../../src/iso.ts";

/** A mastered image on disk. */
export interface BuiltImage {
  iso: string;
  image: MasteredImage;
  cleanup(): Promise<void>;
}

/**
 * Master `source` into a new temporary image.
 *
 * @param source Folder.
 * @param options Master options (time fixed to 2026-01-02 unless given).
 * @param fixTime Fix every timestamp (false: keep the sources' times).
 * @returns The image and its path.
 */
export async function masterFolder(
  source: string,
  options: MasterOptions = {},
  fixTime = true,
): Promise<BuiltImage> {
  const tree = new FileTree();
  await addFromDisk(tree, source);
  const dir = await Deno.makeTempDir({ prefix: "kiln-img-" });
  const iso = `${dir}/image.iso`;
  // As `kiln image` does: the scanned files copied while the tree is planned.
  const { image } = await writeTreeImageFile(
    tree,
    iso,
    fixTime ? { time: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), ...options } : options,
  );
  return { iso, image, cleanup: () => Deno.remove(dir, { recursive: true }) };
}

/**
 * Master a folder and read the image back with every reader (see `checkImage`), then
 * remove the image.
 *
 * @param source Folder.
 * @param options Master options; the features checked follow them (level 3, Joliet and Rock Ridge by default).
 * @param more Extra checks on the built image before it is removed.
 */
export async function masterAndCheck(
  source: string,
  options: MasterOptions = {},
  more?: (built: BuiltImage) => Promise<void> | void,
): Promise<void> {
  const built = await masterFolder(source, options);
  try {
    await more?.(built);
    await checkImage(built.iso, await folderTree(source), built.image, {
      isoLevel: options.isoLevel ?? 3,
      joliet: options.joliet ?? true,
      rockRidge: options.rockRidge ?? true,
    });
  } finally {
    await built.cleanup();
  }
}
