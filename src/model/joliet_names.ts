/**
 * Joliet names: UCS-2 big-endian identifiers of at most 64 characters, without the
 * characters Joliet forbids (`* / : ; ? \` and controls), unique within a directory.
 *
 * Facts: Joliet specification (Microsoft, 1995) section "Joliet Supplementary Volume
 * Descriptor"; identifiers are limited to 64 UCS-2 characters; records are ordered by
 * the identifier's UCS-2 code units. Files carry no `;1` version here, as mkisofs and
 * xorriso write them.
 *
 * @module
 */

import { InvalidInputError } from "./errors.ts";
import { byName } from "./by_name.ts";

/** The longest Joliet identifier, in UCS-2 characters. */
export const JOLIET_MAX_CHARS = 64;

/** Why a name was adapted for Joliet. */
export interface JolietAdaptation {
  /** The true name. */
  readonly name: string;
  /** What Joliet records instead. */
  readonly joliet: string;
  /** What was changed. */
  readonly reason: string;
}

/** Whether a name holds a character that {@linkcode sanitize} replaces (or may: surrogates). */
function needsSanitizing(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff)) return true;
    // * / : ; ? \
    if (c === 0x2a || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3f || c === 0x5c) {
      return true;
    }
  }
  return false;
}

function sanitize(name: string): [string, string | undefined] {
  let reason: string | undefined;
  let out = "";
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0xffff) {
      out += "_";
      reason = "characters outside UCS-2 replaced by _";
    } else if (cp < 0x20 || "*/:;?\\".includes(ch)) {
      out += "_";
      reason = "characters Joliet forbids replaced by _";
    } else out += ch;
  }
  return [out, reason];
}

function shorten(name: string, limit: number, directory: boolean): string {
  if (name.length <= limit) return name;
  const dot = directory ? -1 : name.lastIndexOf(".");
  const ext = dot > 0 && name.length - dot <= 12 ? name.slice(dot) : "";
  return name.slice(0, limit - ext.length) + ext;
}

/**
 * True when every name can be its own identifier: none needs a character replaced or is
 * too long, and no two are alike (names in strictly ascending order are all different; a
 * folder scan gives them so). Most folders are like that, and need no set of names.
 */
function allAsTheyAre(names: readonly { name: string }[]): boolean {
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!.name;
    if (name.length > JOLIET_MAX_CHARS || needsSanitizing(name)) return false;
    if (i > 0 && !(names[i - 1]!.name < name)) return false;
  }
  return true;
}

/**
 * Map one directory's child names to unique Joliet identifiers.
 *
 * @param names True names and whether each is a directory.
 * @param strict Throw instead of adapting a name.
 * @param where Path of the directory, for messages.
 * @returns Identifiers (index-aligned) and the list of adaptations made.
 * @example
 * ```ts
 * import { mapJolietNames } from "./joliet_names.ts";
 * const { names } = mapJolietNames([{ name: "a:b.txt", directory: false }], false, "/");
 * if (names[0] !== "a_b.txt") throw new Error(names[0]);
 * ```
 */
export function mapJolietNames(
  names: readonly { name: string; directory: boolean }[],
  strict: boolean,
  where: string,
): { names: string[]; adaptations: JolietAdaptation[] } {
  if (allAsTheyAre(names)) return { names: names.map((n) => n.name), adaptations: [] };
  const order = byName(names);
  const used = new Set<string>();
  const out: string[] = new Array(names.length);
  const adaptations: JolietAdaptation[] = [];
  for (const i of order) {
    const { name, directory } = names[i]!;
    // Most names need nothing: no copy, no pair made for them.
    let clean = name;
    let reason: string | undefined;
    if (needsSanitizing(name)) [clean, reason] = sanitize(name);
    let id = shorten(clean, JOLIET_MAX_CHARS, directory);
    if (id !== clean) reason = `longer than ${JOLIET_MAX_CHARS} characters, shortened`;
    for (let n = 1; used.has(id); n++) {
      const tail = `~${n}`;
      const dot = directory ? -1 : id.lastIndexOf(".");
      const ext = dot > 0 ? id.slice(dot) : "";
      const stem = dot > 0 ? id.slice(0, dot) : id;
      id = shorten(
        stem.slice(0, JOLIET_MAX_CHARS - ext.length - tail.length) + tail + ext,
        JOLIET_MAX_CHARS,
        directory,
      );
      reason = "name collided after adaptation, numbered";
    }
    if (reason !== undefined) {
      const path = `${where === "/" ? "" : where}/${name}`;
      if (strict) {
        throw new InvalidInputError(
          `Cannot represent "${path}" in the Joliet tree: ${reason} (got ${
            JSON.stringify(id)
          }); rename it, or allow adapted names`,
          { path },
        );
      }
      adaptations.push({ name: path, joliet: id, reason });
    }
    used.add(id);
    out[i] = id;
  }
  return { names: out, adaptations };
}

/**
 * Compare Joliet identifiers by UCS-2 code units (ECMA-119 9.3 applied to UCS-2).
 *
 * @param a An identifier.
 * @param b Another identifier.
 * @returns Negative, zero or positive.
 * @example
 * ```ts
 * import { compareJolietIdentifiers } from "./joliet_names.ts";
 * if (compareJolietIdentifiers("README", "hello.txt") >= 0) throw new Error("order");
 * ```
 */
export function compareJolietIdentifiers(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
