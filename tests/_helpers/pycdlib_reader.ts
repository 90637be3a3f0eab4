/**
 * pycdlib's view of an image (Debian's python3-pycdlib, run by /usr/bin/python3).
 */

import { fileURLToPath } from "node:url";
import type { Entry, Tree } from "./tree.ts";
import { runTool } from "./run_tool.ts";

const SCRIPT = fileURLToPath(new URL("./pycdlib_dump.py", import.meta.url));

/**
 * Read one view of an image with pycdlib.
 *
 * @param iso Image path.
 * @param view "iso" (";1" stripped), "joliet", "rr" (with modes and symlinks) or "udf".
 * @returns The tree pycdlib reports.
 */
export async function pycdlibTree(
  iso: string,
  view: "iso" | "joliet" | "rr" | "udf",
): Promise<Tree> {
  const r = await runTool("/usr/bin/python3", [SCRIPT, iso, view]);
  if (r.code !== 0) throw new Error(`pycdlib rejected ${iso} (${view} view):\n${r.stderr}`);
  return new Map(Object.entries(JSON.parse(r.text) as Record<string, Entry>));
}
