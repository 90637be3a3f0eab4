/**
 * Master a tree straight into an image file, copying the scanned files while the tree is
 * planned: the plain files of folder scans come first in the file data at blocks only their
 * sizes decide (`placeEarlyData`), so a data-area thread starts writing them into the
 * temporary file before the names, records and directories are planned, and the emit pass
 * takes that job over (`ImageSink.startedJob`). The image is the one `masterImage` plans
 * for the same tree and options, byte for byte.
 *
 * @module
 */

import type { FileTree } from "../model/file_tree.ts";
import { type MasterOptions, resolveMasterOptions } from "../model/master_options.ts";
import { placeEarlyData } from "../layout/early_data.ts";
import { dataAreaThread } from "../stream/data_area_thread.ts";
import { EarlyPlacedFiles } from "../stream/early_placed_files.ts";
import { writeImageAtomically, type WriteImageFileOptions } from "../stream/write_image_file.ts";
import { type MasteredImage, masterResolved } from "./master_image.ts";

/**
 * Most files whose copy starts before the plan. A job's tables (about 25 bytes a file: the
 * names, sizes and offsets) and its thread (about 14 MiB) then live through the plan's
 * peak: at a million files with UDF the plan ended at 239–246 MiB with the job running,
 * 185–197 without it (2026-12-08). Bigger trees start it after the plan, as
 * `writeImageFile` does.
 */
export const EARLY_JOB_MAX_FILES = 250_000;

/** Options for {@linkcode writeTreeImageFile}. */
export interface WriteTreeImageFileOptions extends WriteImageFileOptions {
  /**
   * Called with the planned image before any of its structures is written (the copy of
   * the files may have started); throw to stop: no file is made.
   */
  onPlanned?: (image: MasteredImage) => void;
}

/** What {@linkcode writeTreeImageFile} made. */
export interface TreeImageFile {
  /** The planned image. */
  readonly image: MasteredImage;
  /** Bytes written. */
  readonly bytes: number;
}

/**
 * Master a tree into an image file, atomically (see `writeImageFile`).
 *
 * @param tree The content.
 * @param path Destination path.
 * @param options Volume ids, level, Joliet, Rock Ridge, UDF, timestamps, boot, order.
 * @param fileOptions Cancellation, progress, durability, and a look at the plan.
 * @returns The image and the bytes written.
 * @throws {InvalidInputError} For options or names the image cannot hold, or a source
 *   that fails while it is read.
 * @throws {ImageWriteError} When the destination cannot be written.
 * @example Master a folder into an image file
 * ```ts
 * import { addFromDisk, FileTree } from "../iso.ts";
 * import { writeTreeImageFile } from "./write_tree_image_file.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "hi");
 * const tree = new FileTree();
 * await addFromDisk(tree, dir);
 * const { image, bytes } = await writeTreeImageFile(tree, `${dir}.iso`, { volumeId: "A" });
 * await Deno.remove(dir, { recursive: true });
 * await Deno.remove(`${dir}.iso`);
 * if (bytes !== image.size || image.report.files !== 1) throw new Error("not written");
 * ```
 */
export async function writeTreeImageFile(
  tree: FileTree,
  path: string,
  options: MasterOptions = {},
  fileOptions: WriteTreeImageFileOptions = {},
): Promise<TreeImageFile> {
  const resolved = resolveMasterOptions(options);
  const early = placeEarlyData(tree.root, resolved);
  let image: MasteredImage | undefined;
  const bytes = await writeImageAtomically(path, fileOptions, async (temp) => {
    const placer = await dataAreaThread(temp);
    const soon = early && early.files <= EARLY_JOB_MAX_FILES;
    const files = soon && placer ? EarlyPlacedFiles.of(early) : undefined;
    const job = files ? placer!.start(files, { sync: fileOptions.sync ?? true }) : undefined;
    // Observed once the emit pass takes the job over (or stopped below).
    job?.done.catch(() => {});
    try {
      image = masterResolved(tree, resolved, early);
      fileOptions.onPlanned?.(image);
    } catch (err) {
      job?.stop();
      await job?.done.catch(() => {});
      throw err;
    }
    return { image, placer, ...(job && files ? { startedJob: { job, files } } : {}) };
  });
  return { image: image!, bytes };
}
