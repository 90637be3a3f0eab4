/**
 * ISO 9660 file identifiers: d-character mapping per interchange level, collision
 * resolution, and the ordering of directory records.
 *
 * Rules (ECMA-119):
 * - 7.4.1 / 7.4.2: d-characters are `A-Z`, `0-9` and `_`.
 * - 7.5.1: a file identifier is `NAME.EXT;1`; the separator `.` is always present.
 *   Level 1 (10.1): name ≤ 8, extension ≤ 3. Levels 2 and 3 (10.2): name + extension ≤ 30.
 * - 7.6.3: a directory identifier has no extension or version; level 1 ≤ 8, else ≤ 31.
 * - 9.3: records in a directory are ordered by name (padded with spaces), then extension,
 *   then version, descending.
 *
 * Names are mapped the way users of mkisofs expect: diacritics dropped, letters upper-cased,
 * anything else becomes `_`; a collision gets a numeric tail on the name part.
 *
 * @module
 */

import type { IsoLevel } from "./master_options.ts";
import { byName } from "./by_name.ts";

/** One name to map. */
export interface NameRequest {
  /** The true name. */
  readonly name: string;
  /** Directories get directory identifiers (no extension, no version). */
  readonly directory: boolean;
}

/** Is this UTF-16 unit a d-character (ECMA-119 7.4.1: `A-Z`, `0-9`, `_`)? */
function isDChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

/** ASCII text as d-characters: `a-z` upper-cased, anything else `_`. */
function asciiToDChars(text: string): string {
  const upper = text.toUpperCase(); // one native pass; for ASCII only a-z change
  let out = "";
  let from = 0; // start of the run of units kept as they are
  for (let i = 0; i < upper.length; i++) {
    if (isDChar(upper.charCodeAt(i))) continue;
    out += `${upper.slice(from, i)}_`;
    from = i + 1;
  }
  return from === 0 ? upper : out + upper.slice(from);
}

function toDChars(text: string): string {
  // ASCII needs no decomposition: NFD and dropping combining marks change nothing. A loop,
  // not two regular expressions: a million names cost 3 GB of allocations that way.
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
  if (ascii) return asciiToDChars(text);
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase().replace(
    /[^A-Z0-9_]/g,
    "_",
  );
}

interface Parts {
  base: string;
  ext: string;
}

function fileParts(name: string, level: IsoLevel): Parts {
  const dot = name.lastIndexOf(".");
  let base = dot > 0 ? name.slice(0, dot) : name;
  let ext = dot > 0 ? name.slice(dot + 1) : "";
  base = toDChars(base);
  ext = toDChars(ext);
  if (level === 1) return { base: base.slice(0, 8), ext: ext.slice(0, 3) };
  ext = ext.slice(0, Math.min(ext.length, 12));
  return { base: base.slice(0, 30 - ext.length), ext };
}

function baseLimit(directory: boolean, level: IsoLevel, ext: string): number {
  if (level === 1) return 8;
  return directory ? 31 : 30 - ext.length;
}

function identifier(parts: Parts, directory: boolean): string {
  return directory ? parts.base : `${parts.base}.${parts.ext};1`;
}

/**
 * Map the names of one directory's children to unique ISO 9660 identifiers.
 *
 * @param requests The children, in any order.
 * @param level Interchange level.
 * @returns Identifiers, index-aligned with `requests` (files carry `;1`).
 * @example
 * ```ts
 * import { mapIsoNames } from "./iso_names.ts";
 * const ids = mapIsoNames([{ name: "read me.txt", directory: false }, { name: "src", directory: true }], 1);
 * if (ids.join() !== "READ_ME.TXT;1,SRC") throw new Error(ids.join());
 * ```
 */
export function mapIsoNames(requests: readonly NameRequest[], level: IsoLevel): string[] {
  return mapIsoNamesOf(requests, level).ids;
}

/**
 * {@linkcode mapIsoNames}, saying also whether every name got its natural identifier
 * ({@linkcode naturalIsoId}): a plan then needs to keep none of them.
 *
 * @param requests The children, in any order.
 * @param level Interchange level.
 * @returns The identifiers, and true when each is its name's natural one.
 */
export function mapIsoNamesOf(
  requests: readonly NameRequest[],
  level: IsoLevel,
): { ids: string[]; natural: boolean } {
  const parts = requests.map((req) => partsOf(req, level));
  const natural = parts.map((p, i) => identifier(p, requests[i]!.directory));
  // No two alike (the usual case): each name keeps its identifier, and no set is needed.
  if (allDifferent(natural)) return { ids: natural, natural: true };
  const used = new Set<string>();
  // The last tail each mapped identifier took: a name that maps to it again goes on from
  // there, so that a folder of names alike in their first 8 characters (level 1) or 30 is
  // linear, not quadratic (every smaller tail is taken already: the set only grows).
  const lastTail = new Map<string, number>();
  const out: string[] = new Array(requests.length);
  for (const i of byName(requests)) {
    const directory = requests[i]!.directory;
    const { base, ext } = parts[i]!;
    let id = natural[i]!;
    if (used.has(id)) {
      let n = lastTail.get(natural[i]!) ?? 0;
      do {
        const tail = String(++n);
        const limit = baseLimit(directory, level, ext);
        id = identifier(
          { base: base.slice(0, Math.max(0, limit - tail.length)) + tail, ext },
          directory,
        );
      } while (used.has(id));
      lastTail.set(natural[i]!, n);
    }
    used.add(id);
    out[i] = id;
  }
  return { ids: out, natural: false };
}

/**
 * The identifier a name maps to when no other name of its directory maps to the same
 * ({@linkcode mapIsoNames} gives it then).
 *
 * @param name The true name.
 * @param directory Directories get directory identifiers (no extension, no version).
 * @param level Interchange level.
 * @returns The identifier.
 */
export function naturalIsoId(name: string, directory: boolean, level: IsoLevel): string {
  return identifier(partsOf({ name, directory }, level), directory);
}

/** An ASCII unit as the d-character {@linkcode toDChars} makes of it. */
function dCharOf(c: number): number {
  if (c >= 0x61 && c <= 0x7a) return c - 0x20;
  return isDChar(c) ? c : 0x5f;
}

/**
 * The natural identifier of a file's ASCII name ({@linkcode naturalIsoId}) as bytes,
 * without making it as a string: its length, and its bytes when `out` is given. A plan that
 * keeps no identifier for a file whose name maps to it plainly (most) calls this for each
 * record it sizes and writes.
 *
 * @param name The file's true name.
 * @param level Interchange level.
 * @param out Where to write the identifier; its length is returned only when omitted.
 * @param at Where in `out` the identifier starts.
 * @returns The identifier's length in bytes, or -1 when the name is not all ASCII (use
 *   {@linkcode naturalIsoId}).
 */
export function naturalFileIdBytes(
  name: string,
  level: IsoLevel,
  out?: Uint8Array,
  at = 0,
): number {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) >= 0x80) return -1;
  const dot = name.lastIndexOf(".");
  const baseEnd = dot > 0 ? dot : name.length;
  const extStart = dot > 0 ? dot + 1 : name.length;
  // fileParts: level 1 keeps 8 + 3, others an extension of up to 12 and 30 in all.
  const ext = Math.min(name.length - extStart, level === 1 ? 3 : 12);
  const base = Math.min(baseEnd, level === 1 ? 8 : 30 - ext);
  if (base === 0 && ext === 0) { // partsOf: an empty identifier becomes "_"
    if (out) out.set([0x5f, 0x2e, 0x3b, 0x31], at);
    return 4;
  }
  if (out) {
    for (let i = 0; i < base; i++) out[at++] = dCharOf(name.charCodeAt(i));
    out[at++] = 0x2e;
    for (let i = 0; i < ext; i++) out[at++] = dCharOf(name.charCodeAt(extStart + i));
    out[at++] = 0x3b;
    out[at] = 0x31;
  }
  return base + ext + 3;
}

function partsOf(req: NameRequest, level: IsoLevel): Parts {
  const parts: Parts = req.directory
    ? { base: toDChars(req.name).slice(0, level === 1 ? 8 : 31), ext: "" } // "." becomes "_"
    : fileParts(req.name, level);
  if (parts.base === "" && parts.ext === "") parts.base = "_";
  return parts;
}

/** True when no two identifiers are the same (sorted, a duplicate is next to its twin). */
function allDifferent(ids: readonly string[]): boolean {
  if (ids.length < 2) return true;
  const sorted = ids.slice().sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i - 1] === sorted[i]) return false;
  return true;
}

/**
 * Compare `a[i0, i1)` with `b[j0, j1)` as if the shorter were padded with spaces (ECMA-119
 * 9.3), reading characters in place: a sort of a directory's records calls this about
 * n log n times, and the split and padded copies it once made were most of a plan's garbage.
 */
function comparePadded(a: string, i0: number, i1: number, b: string, j0: number, j1: number) {
  const n = Math.max(i1 - i0, j1 - j0);
  for (let k = 0; k < n; k++) {
    const x = i0 + k < i1 ? a.charCodeAt(i0 + k) : 0x20;
    const y = j0 + k < j1 ? b.charCodeAt(j0 + k) : 0x20;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The version number after `;` at `semi` (0 when absent or empty, NaN when not digits). */
function versionOf(id: string, semi: number): number {
  if (semi < 0) return 0;
  let v = 0;
  for (let i = semi + 1; i < id.length; i++) {
    const c = id.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Compare two ISO 9660 identifiers in the order of ECMA-119 9.3.
 *
 * @param a An identifier such as `A.TXT;1`.
 * @param b Another identifier.
 * @returns Negative, zero or positive.
 * @example
 * ```ts
 * import { compareIsoIdentifiers } from "./iso_names.ts";
 * if (compareIsoIdentifiers("A.TXT;1", "A_B.TXT;1") >= 0) throw new Error("order");
 * ```
 */
export function compareIsoIdentifiers(a: string, b: string): number {
  const as = a.lastIndexOf(";");
  const bs = b.lastIndexOf(";");
  const aBody = as >= 0 ? as : a.length;
  const bBody = bs >= 0 ? bs : b.length;
  const ad = aBody > 0 ? a.lastIndexOf(".", aBody - 1) : -1;
  const bd = bBody > 0 ? b.lastIndexOf(".", bBody - 1) : -1;
  const aName = ad >= 0 ? ad : aBody;
  const bName = bd >= 0 ? bd : bBody;
  return comparePadded(a, 0, aName, b, 0, bName) ||
    comparePadded(a, ad >= 0 ? ad + 1 : aBody, aBody, b, bd >= 0 ? bd + 1 : bBody, bBody) ||
    versionOf(b, bs) - versionOf(a, as);
}
