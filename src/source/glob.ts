/**
 * Glob patterns for exclusions: `*` matches within one path component, `?` one character,
 * `**` any run of components, `[...]` a character class. Everything else is literal.
 *
 * @module
 */

/**
 * Convert a glob pattern to an anchored regular expression.
 *
 * @param pattern The glob.
 * @returns A RegExp matching whole names or relative paths.
 * @example
 * ```ts
 * import { globToRegExp } from "./glob.ts";
 * if (!globToRegExp("*.tmp").test("a.tmp") || globToRegExp("*.tmp").test("d/a.tmp")) throw new Error();
 * ```
 */
export function globToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*" && pattern[i + 1] === "*") {
      re += ".*";
      i++;
      if (pattern[i + 1] === "/") i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, "\\\\");
        re += `[${body.startsWith("!") ? "^" + body.slice(1) : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
