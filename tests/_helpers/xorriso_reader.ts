/**
 * xorriso's view of an image: the Rock Ridge tree as xorriso extracts it (names, bytes,
 * modes, symlinks). Any WARNING or worse from xorriso about the image fails the read.
 */

import { folderTree, type Tree } from "./tree.ts";
import { runTool } from "./run_tool.ts";

/**
 * Extract an image with `xorriso -osirrox on -extract / DIR` and walk the result.
 *
 * @param iso Image path.
 * @returns The tree xorriso recorded.
 */
export async function xorrisoTree(iso: string): Promise<Tree> {
  const dir = await Deno.makeTempDir({ prefix: "kiln-xorriso-" });
  try {
    const r = await runTool("xorriso", [
      "-abort_on",
      "NEVER",
      "-return_with",
      "WARNING",
      "32",
      "-report_about",
      "WARNING",
      "-osirrox",
      "on",
      "-indev",
      iso,
      "-extract",
      "/",
      `${dir}/x`,
    ]);
    const complaints = r.stderr.split("\n").filter((l) =>
      /: (WARNING|SORRY|FAILURE|FATAL|MISHAP)/.test(l)
    );
    if (r.code !== 0 || complaints.length > 0) {
      throw new Error(
        `xorriso rejected ${iso} (exit ${r.code}):\n${complaints.join("\n") || r.stderr}`,
      );
    }
    return await folderTree(`${dir}/x`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * `xorriso -compare_r SRC /`: xorriso's own file-by-file comparison of a folder with the
 * image (content, type, and Rock Ridge attributes), which reports any mismatch.
 *
 * @param iso Image path.
 * @param source Folder the image was made from.
 */
export async function xorrisoCompare(iso: string, source: string): Promise<void> {
  const r = await runTool("xorriso", [
    "-abort_on",
    "NEVER",
    "-return_with",
    "SORRY",
    "32",
    "-indev",
    iso,
    "-compare_r",
    source,
    "/",
  ]);
  if (
    r.code !== 0 || !(r.text + r.stderr).includes("Both file objects match as far as expectable")
  ) {
    throw new Error(
      `xorriso -compare_r found differences in ${iso} (exit ${r.code}):\n${r.text}\n${r.stderr}`,
    );
  }
}
