/**
 * UDF's independent readers: udfinfo (udftools) for the volume, udfclient for the files,
 * 7-Zip's UDF handler (`7zz -tudf`), and pycdlib's UDF view (in pycdlib_reader.ts).
 *
 * Normalization and limits, each found on images of kiln and of mkudffs alike:
 * - udfclient prints names with characters outside 7-bit ASCII replaced ("Grüße" comes out
 *   as "Gr_e" plus "#" and a hash), and extracts symlinks as plain files holding the raw
 *   path components; {@linkcode udfclientScope} limits a comparison to what it can show.
 * - 7-Zip's UDF handler refuses a volume holding any symlink (it accepts only directory and
 *   file ICB types), so it is used on trees without symlinks.
 */

import { folderTree, type Tree } from "./tree.ts";
import { runTool } from "./run_tool.ts";

/**
 * `udfinfo IMAGE` as key/value pairs; fails on a non-zero exit.
 *
 * @param iso Image path.
 * @returns The fields udfinfo prints (udfrev, label, numfiles, numdirs, integrity, ...).
 */
export async function udfinfo(iso: string): Promise<Record<string, string>> {
  const r = await runTool("udfinfo", [iso]);
  if (r.code !== 0) throw new Error(`udfinfo rejected ${iso}:\n${r.stderr}`);
  const out: Record<string, string> = {};
  for (const line of r.text.split("\n")) {
    const at = line.indexOf("=");
    if (at > 0 && !line.startsWith("start=")) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

/**
 * Extract the UDF file set with udfclient (`-b 2048`, `mget` of the logical volume).
 *
 * @param iso Image path.
 * @returns What udfclient extracted (modes included; see the module notes for its limits).
 */
export async function udfclientTree(iso: string): Promise<Tree> {
  const dir = await Deno.makeTempDir({ prefix: "kiln-udfclient-" });
  try {
    const listed = await udfclient(iso, "ls");
    const volume = /^d\S+\s+\S+\s+\S+\s+\d+\s+(.+)$/m.exec(
      listed.split("Directory listing of /").at(-1) ?? "",
    )?.[1]?.trim();
    if (!volume) throw new Error(`udfclient found no logical volume in ${iso}:\n${listed}`);
    await udfclient(iso, `lcd ${dir}\nmget "${volume}"`);
    return await folderTree(`${dir}/${volume}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Run udfclient's command shell on an image with the given commands; returns its stdout. */
async function udfclient(iso: string, commands: string): Promise<string> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("udfclient", {
      args: ["-b", "2048", iso],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    })
      .spawn();
  } catch (cause) {
    throw new Error("udfclient is not installed: apt-get install udfclient", { cause });
  }
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(`${commands}\nquit\n`));
  await writer.close();
  const out = await child.output();
  if (!out.success) {
    throw new Error(`udfclient failed on ${iso}:\n${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout);
}

/**
 * Extract with 7-Zip's UDF handler (`7zz x -tudf`).
 *
 * @param iso Image path.
 * @returns The tree 7-Zip extracted (no modes).
 */
export async function sevenZipUdfTree(iso: string): Promise<Tree> {
  const dir = await Deno.makeTempDir({ prefix: "kiln-7zudf-" });
  try {
    const r = await runTool("7zz", ["x", "-tudf", "-y", "-bd", `-o${dir}/x`, iso]);
    if (r.code !== 0 || !r.text.includes("Type = Udf") || !r.text.includes("Everything is Ok")) {
      throw new Error(`7zz -tudf rejected ${iso} (exit ${r.code}):\n${r.text}\n${r.stderr}`);
    }
    await Deno.mkdir(`${dir}/x`, { recursive: true });
    return await folderTree(`${dir}/x`, false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * The part of a tree udfclient can be held to: files and folders with ASCII paths. From
 * udfclient's own tree it removes the symlinks (extracted as files) and the mangled forms of
 * non-ASCII names (they end in "#" and four hex digits before any extension).
 *
 * @param expected The source tree.
 * @param actual udfclient's tree.
 * @returns Both, limited.
 */
export function udfclientScope(expected: Tree, actual: Tree): { expected: Tree; actual: Tree } {
  const ascii = (p: string) => /^[\x20-\x7e]*$/.test(p);
  const mangled = (p: string) => p.split("/").some((c) => /#[0-9A-F]{4}(\.[^.]*)?$/.test(c));
  const links = new Set([...expected].filter(([, e]) => e.type === "symlink").map(([p]) => p));
  return {
    expected: new Map([...expected].filter(([p, e]) => ascii(p) && e.type !== "symlink")),
    actual: new Map([...actual].filter(([p]) => !links.has(p) && !mangled(p))),
  };
}
