/**
 * The one checker every image test uses: read an image back with every independent reader
 * for every view it has, and compare each with what the source folder holds.
 *
 * - Rock Ridge view (xorriso, pycdlib, isoinfo): the source tree exactly: names, bytes,
 *   modes, symlinks; plus `xorriso -compare_r` against the folder.
 * - Joliet view (pycdlib, isoinfo, 7-Zip): the source files and folders under the Joliet
 *   names kiln reported (no symlinks, no modes); names checked to be ≤ 64 UCS-2 units.
 * - ISO 9660 view (pycdlib, isoinfo; 7-Zip when there is no Joliet): the same content under
 *   the ISO names kiln reported, checked against the d-character rules of the level.
 */

import type { MasteredImage } from "../../src/iso.ts";
import { isoinfoTree, latin1Joliet } from "./isoinfo_reader.ts";
import { pycdlibTree } from "./pycdlib_reader.ts";
import { sevenZipTree } from "./sevenzip_reader.ts";
import { assertSameTree, type Entry, type Tree } from "./tree.ts";
import { xorrisoCompare, xorrisoTree } from "./xorriso_reader.ts";

/** What the image was built with. */
export interface ImageFeatures {
  joliet: boolean;
  rockRidge: boolean;
  isoLevel: 1 | 2 | 3;
  /**
   * The bridge's UDF volume has a metadata partition (UDF 2.50/2.60): pycdlib 1.12 cannot
   * open such an image, so it reads the ISO 9660 views with the UDF recognition sequence
   * hidden (see pycdlib_dump.py).
   */
  udfMetadataPartition?: boolean;
}

function mapTree(
  source: Tree,
  rename: Map<string, string | undefined>,
  keep: (e: Entry) => Entry | undefined,
): Tree {
  const out: Tree = new Map();
  for (const [path, entry] of source) {
    const to = rename.get(path);
    const kept = keep(entry);
    if (to !== undefined && kept) out.set(to, kept);
  }
  return out;
}

function checkIsoNames(tree: Tree, level: 1 | 2 | 3): void {
  for (const [path, entry] of tree) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    const ok = entry.type === "dir"
      ? (level === 1 ? /^[A-Z0-9_]{1,8}$/ : /^[A-Z0-9_]{1,31}$/).test(name)
      : level === 1
      ? /^[A-Z0-9_]{0,8}\.[A-Z0-9_]{0,3}$/.test(name)
      : /^[A-Z0-9_]*\.[A-Z0-9_]*$/.test(name) && name.length <= 31;
    if (!ok) {
      throw new Error(
        `ISO 9660 name ${JSON.stringify(name)} (${path}) breaks the level ${level} rules`,
      );
    }
  }
}

/**
 * Read an image with every reader and compare with its source folder tree.
 *
 * @param iso Image path.
 * @param source Tree of the source folder (see `folderTree`).
 * @param image The mastered image (for the names kiln chose).
 * @param features What the image has.
 * @param sourceDir The source folder, for `xorriso -compare_r` (omit when the image does not mirror one folder).
 */
export async function checkImage(
  iso: string,
  source: Tree,
  image: MasteredImage,
  features: ImageFeatures,
  sourceDir?: string,
): Promise<void> {
  const isoNames = new Map<string, string | undefined>();
  const jolietNames = new Map<string, string | undefined>();
  for (const e of image.entries()) {
    isoNames.set(e.path, e.isoPath.replace(/;1$/, ""));
    jolietNames.set(e.path, e.jolietPath);
  }
  const hide = features.udfMetadataPartition ?? false;
  const noMode = (e: Entry): Entry => {
    const { mode: _mode, ...rest } = e;
    return rest;
  };
  if (features.rockRidge) {
    assertSameTree(source, await xorrisoTree(iso), "xorriso (Rock Ridge)");
    assertSameTree(source, await pycdlibTree(iso, "rr", hide), "pycdlib (Rock Ridge)");
    assertSameTree(source, await isoinfoTree(iso, "rr"), "isoinfo (Rock Ridge)");
    if (sourceDir) await xorrisoCompare(iso, sourceDir);
  }
  const isoExpected = mapTree(source, isoNames, (e) => {
    if (e.type === "symlink") {
      return features.rockRidge ? { type: "file", size: 0, sha256: EMPTY_SHA256 } : undefined;
    }
    return noMode(e);
  });
  const pycIso = await pycdlibTree(iso, "iso", hide);
  checkIsoNames(pycIso, features.isoLevel);
  assertSameTree(isoExpected, pycIso, "pycdlib (ISO 9660)");
  assertSameTree(isoExpected, await isoinfoTree(iso, "iso"), "isoinfo (ISO 9660)");
  if (features.joliet) {
    const jolietExpected = mapTree(
      source,
      jolietNames,
      (e) => (e.type === "symlink" ? undefined : noMode(e)),
    );
    for (const path of jolietExpected.keys()) {
      for (const part of path.split("/")) {
        if (part.length > 64) throw new Error(`Joliet name over 64 characters: ${part}`);
      }
    }
    assertSameTree(jolietExpected, await pycdlibTree(iso, "joliet", hide), "pycdlib (Joliet)");
    const latin = new Map([...jolietExpected].map(([p, e]) => [latin1Joliet(p), e]));
    assertSameTree(latin, await isoinfoTree(iso, "joliet"), "isoinfo (Joliet, ISO 8859-1 names)");
    const seven = withoutTrailingDots(jolietExpected, await sevenZipTree(iso));
    assertSameTree(seven.expected, seven.actual, "7-Zip (Joliet)");
  } else if (features.rockRidge) {
    // Without Joliet, 7-Zip reads the Rock Ridge names and symlinks (not the modes).
    const { expected, actual } = sevenZipRockRidgeScope(source, await sevenZipTree(iso));
    const seven = withoutTrailingDots(expected, actual);
    assertSameTree(seven.expected, seven.actual, "7-Zip (Rock Ridge)");
  } else {
    // 7-Zip shows an ISO 9660 name without extension ("EMPTY.") without its dot.
    const isoSeven = new Map([...isoExpected].map(([p, e]) => [p.replace(/\.$/, ""), e]));
    assertSameTree(isoSeven, await sevenZipTree(iso), "7-Zip (ISO 9660)");
  }
}

/**
 * Ignored for 7-Zip: names ending in "." (Joliet or Rock Ridge). 7-Zip strips such dots the
 * Windows way, and inconsistently: a folder "a." comes out both as "a" (the item) and "a."
 * (the parent of its children). The image holds the names exactly; pycdlib, isoinfo and
 * xorriso see them.
 */
function withoutTrailingDots(expected: Tree, actual: Tree): { expected: Tree; actual: Tree } {
  const strip = (p: string) => p.split("/").map((c) => c.replace(/\.+$/, "")).join("/");
  const dotted = (p: string) => p.split("/").some((c) => c.endsWith("."));
  const skipped = new Set([...expected.keys()].filter(dotted).map(strip));
  return {
    expected: new Map([...expected].filter(([p]) => !dotted(p))),
    actual: new Map([...actual].filter(([p]) => !skipped.has(strip(p)))),
  };
}

/** Longest name or symlink target 7-Zip is compared on; see {@linkcode sevenZipRockRidgeScope}. */
const SEVEN_ZIP_INLINE = 80;

/**
 * The part of a Rock Ridge tree 7-Zip 26 can be held to. Ignored, with reasons:
 * - names and symlink targets longer than 80 bytes: 7-Zip does not follow SUSP CE
 *   continuation areas, so it sees only the part of a long NM or SL entry inside the
 *   directory record (it truncates xorriso's and genisoimage's images the same way;
 *   xorriso, isoinfo and pycdlib read the whole name);
 * - absolute symlinks: 7-Zip re-roots them under the extraction folder.
 */
function sevenZipRockRidgeScope(source: Tree, sevenZip: Tree): { expected: Tree; actual: Tree } {
  const utf8 = new TextEncoder();
  const longName = (p: string) =>
    p.split("/").some((c) => utf8.encode(c).length > SEVEN_ZIP_INLINE);
  const skipped = new Set<string>();
  const expected: Tree = new Map();
  for (const [p, e] of source) {
    const badLink = e.type === "symlink" &&
      (e.target!.startsWith("/") || utf8.encode(e.target!).length > SEVEN_ZIP_INLINE);
    if (longName(p) || badLink) skipped.add(p);
    else {
      const { mode: _mode, ...rest } = e;
      expected.set(p, rest);
    }
  }
  const actual = new Map([...sevenZip].filter(([p]) => !skipped.has(p) && !longName(p)));
  return { expected, actual };
}

/** SHA-256 of no bytes. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
