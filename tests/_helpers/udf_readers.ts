/**
 * UDF's independent readers: udfinfo (udftools) for the volume, udfclient for the files,
 * 7-Zip's UDF handler (`7zz -tudf`), libudfread (VideoLAN's reader, through
 * udfread_dump.py) and pycdlib's UDF view (in pycdlib_reader.ts).
 *
 * Metadata partitions (UDF 2.50/2.60): udfinfo 2.3, udfclient 0.8.11, 7-Zip 26 and
 * libudfread 1.1 read the file set through the metadata file; with its entry destroyed,
 * udfinfo and libudfread go on through the mirror (udf_metadata_test.ts checks both).
 * pycdlib 1.12 does not support them at all: it reads the file set at the physical
 * partition's first block, follows no partition reference and accepts only file entries
 * (tag 261), and before that its logical volume descriptor parser refuses any map table of
 * a type 1 and a 64-byte type 2 map ("Partition map goes beyond end of data"), comparing
 * each map's end with the bytes left after it. It refuses mkudffs' own UDF 2.50 volume the
 * same way (udf_metadata_test.ts shows it), so it reads only the ISO 9660 views of such
 * bridge images, with the UDF recognition sequence hidden (pycdlib_dump.py --hide-udf).
 *
 * Normalization and limits, each found on images of kiln and of mkudffs alike:
 * - udfclient prints names with characters outside 7-bit ASCII replaced ("Grüße" comes out
 *   as "Gr_e" plus "#" and a hash), and extracts symlinks as plain files holding the raw
 *   path components; {@linkcode udfclientScope} limits a comparison to what it can show.
 * - 7-Zip's UDF handler refuses a volume holding any symlink (it accepts only directory and
 *   file ICB types), so it is used on trees without symlinks.
 * - libudfread has no modes and lists a symlink as a regular file holding its path
 *   components (ECMA-167 4/14.16); {@linkcode udfreadScope} decodes them into the target.
 */

import { fileURLToPath } from "node:url";
import { type Entry, folderTree, type Tree } from "./tree.ts";
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

/** libudfread's view: the tree (symlinks as files) and the bytes of files up to 2048 bytes. */
export interface UdfreadView {
  tree: Tree;
  small: Map<string, Uint8Array>;
}

const UDFREAD_SCRIPT = fileURLToPath(new URL("./udfread_dump.py", import.meta.url));

/**
 * Read a UDF volume with libudfread (Debian's libudfread0, through udfread_dump.py).
 *
 * @param iso Image path.
 * @returns Its view.
 */
export async function udfreadView(iso: string): Promise<UdfreadView> {
  const r = await runTool("/usr/bin/python3", [UDFREAD_SCRIPT, iso]);
  if (r.code !== 0) throw new Error(`libudfread rejected ${iso} (exit ${r.code}):\n${r.stderr}`);
  const raw = JSON.parse(r.text) as Record<string, Entry & { data?: string }>;
  const tree: Tree = new Map();
  const small = new Map<string, Uint8Array>();
  for (const [path, { data, ...entry }] of Object.entries(raw)) {
    tree.set(path, entry);
    if (data !== undefined) {
      small.set(path, Uint8Array.from(data.match(/../g) ?? [], (h) => Number.parseInt(h, 16)));
    }
  }
  return { tree, small };
}

/**
 * Decode symlink path components (ECMA-167 4/14.16.1; UDF 2.3.12: identifiers in OSTA
 * compressed unicode, 2.1.1) into a POSIX path.
 *
 * @param bytes The components.
 * @returns The target.
 */
export function pathComponentsTarget(bytes: Uint8Array): string {
  const parts: string[] = [];
  let absolute = false;
  for (let p = 0; p < bytes.length;) {
    const type = bytes[p]!;
    const length = bytes[p + 1]!;
    const id = bytes.subarray(p + 4, p + 4 + length);
    p += 4 + length;
    if (type === 1 || type === 2) absolute = true;
    else if (type === 3) parts.push("..");
    else if (type === 4) parts.push(".");
    else if (type === 5) {
      let name = "";
      if (id[0] === 8) name = String.fromCharCode(...id.subarray(1));
      else if (id[0] === 16) {
        for (let i = 1; i + 1 < id.length; i += 2) {
          name += String.fromCharCode(id[i]! << 8 | id[i + 1]!);
        }
      } else throw new Error(`unknown compression id ${id[0]} in a path component`);
      parts.push(name);
    } else throw new Error(`unknown path component type ${type}`);
  }
  return (absolute ? "/" : "") + parts.join("/");
}

/**
 * What libudfread can be held to: every file and folder (no modes); symlinks are compared
 * by the target their path components decode to.
 *
 * @param expected The source tree.
 * @param view libudfread's view.
 * @returns Both trees, limited the same way.
 */
export function udfreadScope(expected: Tree, view: UdfreadView): { expected: Tree; actual: Tree } {
  const want: Tree = new Map();
  const got: Tree = new Map();
  for (const [path, e] of expected) {
    const { mode: _mode, ...rest } = e;
    want.set(path, rest);
  }
  for (const [path, e] of view.tree) {
    const bytes = view.small.get(path);
    if (expected.get(path)?.type === "symlink" && bytes && e.type === "file") {
      got.set(path, { type: "symlink", target: pathComponentsTarget(bytes) });
    } else got.set(path, e);
  }
  return { expected: want, actual: got };
}
