/**
 * isoinfo's view of an image (genisoimage's isoinfo): names, types, sizes and extents from
 * `isoinfo -l` in the ISO 9660, Joliet or Rock Ridge view. File bytes are taken from the
 * image at the extent isoinfo reports, and cross-checked against `isoinfo -x` extraction
 * for up to 40 files per image.
 *
 * Normalization: the ";1" version is stripped from ISO 9660 file names. isoinfo prints
 * Joliet names in ISO 8859-1 (it has no UTF-8 charset), turning characters above U+00FF
 * into "_"; {@linkcode latin1Joliet} applies the same mapping to expected names.
 */

import type { Entry, Tree } from "./tree.ts";
import { sha256 } from "./tree.ts";
import { runTool } from "./run_tool.ts";

const LINE =
  /^([-dlcbps][-rwxsStT]{9})\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\S+\s+\d+\s+\d+\s+\[\s*(\d+)\s+(\d+)\]\s\s(.*)$/;

/**
 * What isoinfo shows for a Joliet name (characters above U+00FF become "_").
 *
 * @param name The Joliet name.
 * @returns The name as isoinfo prints it.
 */
export function latin1Joliet(name: string): string {
  return [...name].map((c) => (c.codePointAt(0)! > 0xff ? "_" : c)).join("");
}

function modeOf(perm: string): number {
  let m = 0;
  const bits = perm.slice(1);
  for (let i = 0; i < 9; i++) if (bits[i] !== "-") m |= 1 << (8 - i);
  if ("sS".includes(bits[2]!)) m |= 0o4000;
  if ("sS".includes(bits[5]!)) m |= 0o2000;
  if ("tT".includes(bits[8]!)) m |= 0o1000;
  if (bits[2] === "S") m &= ~0o100;
  if (bits[5] === "S") m &= ~0o010;
  if (bits[8] === "T") m &= ~0o001;
  return m;
}

/**
 * Read one view of an image with isoinfo.
 *
 * @param iso Image path.
 * @param view "iso", "joliet" or "rr".
 * @returns The tree isoinfo reports.
 */
export async function isoinfoTree(iso: string, view: "iso" | "joliet" | "rr"): Promise<Tree> {
  const flags = view === "joliet" ? ["-J"] : view === "rr" ? ["-R"] : [];
  const r = await runTool("isoinfo", ["-i", iso, ...flags, "-l"]);
  if (r.code !== 0) throw new Error(`isoinfo -l failed on ${iso}:\n${r.stderr}`);
  const text = new TextDecoder(view === "joliet" ? "latin1" : "utf-8").decode(r.stdout);
  const image = await Deno.open(iso);
  const tree: Tree = new Map();
  const extractable: { path: string; rawPath: string; sha256: string }[] = [];
  try {
    let dir = "/";
    for (const line of text.split("\n")) {
      if (line.startsWith("Directory listing of ")) {
        dir = line.slice("Directory listing of ".length);
        continue;
      }
      const m = LINE.exec(line);
      if (!m) continue;
      const [, perm, , , , sizeText, extentText, , rest] = m;
      let name = rest!;
      let target: string | undefined;
      if (perm![0] === "l" && view === "rr") {
        const at = name.indexOf(" -> ");
        target = name.slice(at + 4);
        name = name.slice(0, at);
      } else if (name.endsWith(" ")) name = name.slice(0, -1);
      if (name === "." || name === "..") continue;
      const rawPath = dir + name;
      const key = view === "iso" && name.endsWith(";1") ? rawPath.slice(0, -2) : rawPath;
      const mode = view === "rr" ? { mode: modeOf(perm!) } : {};
      let entry: Entry;
      if (perm![0] === "d") entry = { type: "dir", ...mode };
      else if (target !== undefined) entry = { type: "symlink", target, ...mode };
      else {
        const size = Number(sizeText);
        const bytes = new Uint8Array(size);
        await image.seek(Number(extentText) * 2048, Deno.SeekMode.Start);
        let got = 0;
        while (got < size) {
          const n = await image.read(bytes.subarray(got));
          if (n === null) throw new Error(`isoinfo places ${key} past the end of ${iso}`);
          got += n;
        }
        entry = { type: "file", size, sha256: await sha256(bytes), ...mode };
        if (view !== "joliet" || /^[\x20-\x7e]*$/.test(rawPath)) {
          extractable.push({ path: key, rawPath, sha256: entry.sha256! });
        }
      }
      tree.set(key.replace(/\/$/, ""), entry);
    }
  } finally {
    image.close();
  }
  const step = Math.max(1, Math.floor(extractable.length / 40));
  for (let i = 0; i < extractable.length; i += step) {
    const f = extractable[i]!;
    const x = await runTool("isoinfo", ["-i", iso, ...flags, "-x", f.rawPath]);
    const got = await sha256(x.stdout);
    if (x.code !== 0 || got !== f.sha256) {
      throw new Error(
        `isoinfo -x ${f.rawPath} (${view}) gave different bytes than its listing's extent (exit ${x.code})`,
      );
    }
  }
  return tree;
}

/**
 * The primary volume descriptor as `isoinfo -d` reports it.
 *
 * @param iso Image path.
 * @returns Selected fields.
 */
export async function isoinfoVolume(iso: string): Promise<Record<string, string>> {
  const r = await runTool("isoinfo", ["-d", "-i", iso]);
  if (r.code !== 0) throw new Error(`isoinfo -d failed on ${iso}:\n${r.stderr}`);
  const out: Record<string, string> = {};
  for (const line of r.text.split("\n")) {
    const m = /^([^:]+):\s?(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
    else if (line.trim()) out[line.trim()] = "yes";
  }
  return out;
}
