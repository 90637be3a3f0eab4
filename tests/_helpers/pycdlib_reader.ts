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
 * @param hideUdf Read the UDF recognition sequence as zeros, so pycdlib reads an ISO 9660
 *   view without parsing the UDF volume (pycdlib 1.12 cannot parse UDF 2.50/2.60 volumes;
 *   see pycdlib_dump.py and udf_readers.ts).
 * @returns The tree pycdlib reports.
 */
export async function pycdlibTree(
  iso: string,
  view: "iso" | "joliet" | "rr" | "udf",
  hideUdf = false,
): Promise<Tree> {
  if (hideUdf && view === "udf") throw new Error("pycdlib cannot read a hidden UDF view");
  const r = await runTool("/usr/bin/python3", [
    SCRIPT,
    iso,
    view,
    ...(hideUdf ? ["--hide-udf"] : []),
  ]);
  if (r.code !== 0) throw new Error(`pycdlib rejected ${iso} (${view} view):\n${r.stderr}`);
  return new Map(Object.entries(JSON.parse(r.text) as Record<string, Entry>));
}
