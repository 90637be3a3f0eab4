/**
 * UDF file identifiers (ECMA-167 4/14.4.8, UDF 2.1.1): which text a name is recorded under
 * in a directory, shortened to fit the 255 bytes of L_FI and numbered where that collides.
 *
 * @module
 */

import { InvalidInputError } from "../model/errors.ts";
import type { PlannedNode } from "./plan_tree.ts";

/** The longest identifier a file identifier descriptor holds (L_FI is one byte). */
const MAX_IDENTIFIER = 255;

/** Bytes of `compressedUnicode(text, true)`: compression id 16, two bytes a UTF-16 unit. */
function wideLength(text: string): number {
  return text === "" ? 0 : 1 + 2 * text.length;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/**
 * The identifier of a name that UDF records as it is (one that fits), without a set of the
 * identifiers taken: a directory's names differ, so until one of them is shortened, none
 * collides and none needs numbering.
 *
 * @param name The name.
 * @returns What {@linkcode identifierFor} gives it, or undefined when it must be shortened.
 */
export function plainIdentifier(name: string): { text: string; narrow: boolean } | undefined {
  if (wideLength(name) <= MAX_IDENTIFIER) return { text: name, narrow: false };
  if (1 + name.length <= MAX_IDENTIFIER && isAscii(name)) return { text: name, narrow: true };
  return undefined;
}

/**
 * The identifier UDF records a name under, and whether with compression id 8 (`narrow`).
 *
 * File identifiers are written with compression id 16, as Windows writes them, so one
 * encoding runs along every path: readers that join a path's raw identifiers before
 * decoding (pycdlib 1.12's `full_path_from_dirrecord`) cannot find files below a folder
 * whose name uses the other encoding. ASCII names of 128–254 characters, which only fit
 * with compression id 8, keep it.
 *
 * @param name The name.
 * @param used Identifiers already taken in the directory (the result is added).
 * @param node The node (its path names it in an error).
 * @param strict Refuse a name UDF cannot hold instead of shortening it.
 * @returns The identifier text and its compression.
 * @throws {InvalidInputError} For a name used twice, or too long when strict.
 */
export function identifierFor(
  name: string,
  used: Set<string>,
  node: PlannedNode,
  strict: boolean,
): { text: string; narrow: boolean } {
  const plain = plainIdentifier(name);
  let text = name;
  if (plain?.narrow) {
    if (used.has(text)) {
      throw new InvalidInputError(`Cannot add "${node.path}" to UDF: its name is used twice`, {
        path: node.path,
      });
    }
    used.add(text);
    return plain;
  }
  const fits = (t: string) => wideLength(t) <= MAX_IDENTIFIER;
  if (!plain) {
    if (strict) {
      throw new InvalidInputError(
        `Cannot represent "${node.path}" in UDF: the name is longer than 127 characters (255 bytes of UTF-16)`,
        { path: node.path },
      );
    }
    const dot = text.lastIndexOf(".");
    const ext = dot > 0 && text.length - dot <= 12 ? text.slice(dot) : "";
    let stem = text.slice(0, text.length - ext.length);
    while (!fits(stem + ext)) stem = stem.slice(0, -1);
    text = stem + ext;
  }
  for (let n = 1; used.has(text); n++) text = `${text.slice(0, Math.max(1, text.length - 8))}~${n}`;
  used.add(text);
  return { text, narrow: false };
}
