/**
 * Helpers for the pure rule tests: a write context on a fresh disc and a sense formatter.
 */

import { createDisc } from "../../../ffi/virtual/disc_state.ts";
import type { QuirkName } from "../../../ffi/virtual/drive_config.ts";
import type { MediaName } from "../../../ffi/virtual/media_catalogue.ts";
import { SenseError } from "../../../ffi/virtual/sense_error.ts";
import {
  defaultWriteParameters,
  type WriteParameters,
} from "../../../ffi/virtual/write_parameters.ts";
import { commitWrite, planWrite, type WriteContext } from "../../../ffi/virtual/write_rules.ts";

/**
 * A context on a fresh disc.
 *
 * @param media Medium.
 * @param p Page 05 overrides.
 * @param quirks Quirks.
 * @returns The context.
 */
export function ctx(
  media: Exclude<MediaName, "none">,
  p: Partial<WriteParameters> = {},
  quirks: QuirkName[] = [],
): WriteContext {
  const cls = media.startsWith("cd") ? "cd" : media.startsWith("bd") ? "bd" : "dvd";
  return {
    disc: createDisc(media),
    params: { ...defaultWriteParameters(cls), ...p },
    quirks: new Set(quirks),
  };
}

/**
 * Run an action; return "ok" or the sense it ended with as "K/AS/AQ".
 *
 * @param fn The action.
 * @returns The outcome.
 */
export function outcome(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (e) {
    if (!(e instanceof SenseError)) throw e;
    const h = (n: number) => n.toString(16).toUpperCase().padStart(2, "0");
    return `${e.code.key}/${h(e.code.asc)}/${h(e.code.ascq)}`;
  }
}

/**
 * Write blocks through the rules.
 *
 * @param c Context.
 * @param lba First block.
 * @param blocks Count.
 * @param blockSize Bytes per block.
 * @returns "ok" or the sense.
 */
export function write(c: WriteContext, lba: number, blocks: number, blockSize = 2048): string {
  return outcome(() => commitWrite(c, planWrite(c, lba, blocks, blocks * blockSize)));
}
