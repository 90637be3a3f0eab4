/**
 * 7-Zip's view of an image. 7-Zip 26 reads the Joliet tree when an image has one, else the
 * Rock Ridge names and symlinks (not the modes), else the ISO 9660 tree. Symlinks are
 * extracted as symlinks (`-snl`), also those pointing outside the tree (`-snld`), which
 * 7-Zip otherwise refuses as "dangerous link path".
 */

import { folderTree, type Tree } from "./tree.ts";
import { runTool } from "./run_tool.ts";

/**
 * Extract with `7zz x` and walk the result; a warning or error from 7-Zip fails the read.
 *
 * @param iso Image path.
 * @returns The tree 7-Zip extracted (modes not compared).
 */
export async function sevenZipTree(iso: string): Promise<Tree> {
  const dir = await Deno.makeTempDir({ prefix: "kiln-7z-" });
  try {
    const r = await runTool("7zz", ["x", "-y", "-bd", "-snl", "-snld", `-o${dir}/x`, iso]);
    if (
      r.code !== 0 || !r.text.includes("Everything is Ok") ||
      /WARNING|ERROR/i.test(r.text.replace(/Everything is Ok/, ""))
    ) {
      throw new Error(`7zz rejected ${iso} (exit ${r.code}):\n${r.text}\n${r.stderr}`);
    }
    await Deno.mkdir(`${dir}/x`, { recursive: true });
    const tree = await folderTree(`${dir}/x`, false);
    // 7-Zip shows El Torito boot images as a virtual "[BOOT]" folder; it is not in the image's trees.
    return new Map([...tree].filter(([p]) => p !== "/[BOOT]" && !p.startsWith("/[BOOT]/")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
