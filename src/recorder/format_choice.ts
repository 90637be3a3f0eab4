/**
 * Which FORMAT UNIT descriptor to send, chosen from the drive's READ FORMAT CAPACITIES
 * list the way growisofs and dvd+rw-format do (mmc.md §3.17, §3.18, §4.6, §4.7, §4.9).
 * Pure.
 *
 * - DVD+RW: format type 26h with the offered block count; Restart (type-dependent bit 0)
 *   to resume an interrupted background format.
 * - BD-RE: type 30h (with spare areas), the descriptor with the most blocks (growisofs'
 *   default "minimal spare"); sub-type 10b full certification for a full erase, 00b quick
 *   reformat for a formatted disc, 01b (no certification) for a first format. Type 00h
 *   when the drive offers no 30h.
 * - DVD-RAM: type 00h, the largest; a quick erase sets DCRT (skip certification).
 *
 * @module
 */

import type { MediaState } from "./media_state.ts";
import { UnsuitableMediaError } from "./recorder_errors.ts";

/** One Formattable Capacity Descriptor (READ FORMAT CAPACITIES). */
export interface FormatDescriptor {
  /** Number of blocks. */
  readonly blocks: number;
  /** Format type (byte 4 bits 7..2). */
  readonly formatType: number;
  /** Type dependent parameter (bytes 5–7). */
  readonly typeDependent: number;
}

/** What to send with FORMAT UNIT. */
export interface FormatChoice {
  /** Format type. */
  readonly formatType: number;
  /** Format sub-type (BD, byte 8 bits 1..0). */
  readonly subtype: number;
  /** Number of blocks. */
  readonly blocks: number;
  /** Type dependent parameter (for 26h: bit 0 Restart; for 00h/30h: 0 or block length). */
  readonly typeDependent: number;
  /** Disable certification (DCRT), with CmpList for DVD-RAM. */
  readonly dcrt: boolean;
  /** For messages: "format 26h (DVD+RW basic format), 2295104 blocks". */
  readonly description: string;
}

/** Why a format is wanted. */
export type FormatPurpose = "burn" | "quick-erase" | "full-erase";

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, "0");
}

function largest(list: readonly FormatDescriptor[], type: number): FormatDescriptor | undefined {
  let best: FormatDescriptor | undefined;
  for (const d of list) {
    if (d.formatType === type && (!best || d.blocks > best.blocks)) best = d;
  }
  return best;
}

/**
 * Choose the format descriptor.
 *
 * @param state The media state (profile and format state).
 * @param offered The drive's Formattable Capacity Descriptors.
 * @param purpose Before a burn, or a quick or full erase.
 * @param restart Resume an interrupted DVD+RW background format.
 * @returns What to send.
 * @throws {UnsuitableMediaError} When the medium is not formatted this way, or the drive offers nothing usable.
 * @example
 * ```ts
 * import { chooseFormat } from "./format_choice.ts";
 * const choice = chooseFormat(
 *   { profile: 0x43, format: "unformatted", media: "bd-re" } as never,
 *   [{ blocks: 11826176, formatType: 0x00, typeDependent: 0x3000 },
 *    { blocks: 11826176, formatType: 0x30, typeDependent: 0x3000 },
 *    { blocks: 12088320, formatType: 0x30, typeDependent: 0x1000 },
 *    { blocks: 12219392, formatType: 0x31, typeDependent: 0x800 }], "burn");
 * if (choice.formatType !== 0x30 || choice.blocks !== 12088320 || choice.subtype !== 1) throw new Error();
 * ```
 */
export function chooseFormat(
  state: Pick<MediaState, "profile" | "format" | "media">,
  offered: readonly FormatDescriptor[],
  purpose: FormatPurpose,
  restart = false,
): FormatChoice {
  const none = (what: string) =>
    new UnsuitableMediaError(
      `Cannot format the ${state.media.toUpperCase()}: the drive offers no ${what} format`,
    );
  switch (state.profile) {
    case 0x1a: {
      const d = largest(offered, 0x26);
      const blocks = d?.blocks ?? 0xffffffff;
      return {
        formatType: 0x26,
        subtype: 0,
        blocks,
        typeDependent: restart ? 1 : 0,
        dcrt: false,
        description: `format 26h (DVD+RW basic format${restart ? ", restart" : ""}), ${
          blocks === 0xffffffff ? "maximum" : blocks
        } blocks`,
      };
    }
    case 0x43: {
      const spare = largest(offered, 0x30);
      const d = spare ?? largest(offered, 0x00);
      if (!d) throw none("BD-RE (30h or 00h)");
      const subtype = purpose === "full-erase"
        ? 2 // full certification
        : state.format === "formatted"
        ? 0 // quick reformat
        : 1; // no certification
      const names = [
        "quick reformat",
        "no certification",
        "full certification",
        "quick certification",
      ];
      return {
        formatType: d.formatType,
        subtype: d.formatType === 0x30 ? subtype : 0,
        blocks: d.blocks,
        typeDependent: d.typeDependent,
        dcrt: false,
        description: `format ${hex2(d.formatType)}h (BD-RE${
          d.formatType === 0x30 ? ` with spare areas, ${names[subtype]}` : ""
        }), ${d.blocks} blocks`,
      };
    }
    case 0x12: {
      const d = largest(offered, 0x00);
      if (!d) throw none("DVD-RAM (00h)");
      const quick = purpose !== "full-erase";
      return {
        formatType: 0x00,
        subtype: 0,
        blocks: d.blocks,
        typeDependent: d.typeDependent,
        dcrt: quick,
        description: `format 00h (DVD-RAM${
          quick ? ", no certification" : ", certified"
        }), ${d.blocks} blocks`,
      };
    }
    default:
      throw new UnsuitableMediaError(
        `Cannot format the ${state.media.toUpperCase()}: only DVD+RW, BD-RE and DVD-RAM are formatted (CD-RW and DVD-RW are blanked)`,
      );
  }
}
