/**
 * The recorder's vocabulary for discs: one name per kind of medium (the same names the
 * virtual recorder's `media=` takes), the MMC profile each one shows as (MMC-5 5.3.1,
 * mmc.md §3.4), and how it is written: which write recipe of mmc.md §4 applies.
 *
 * @module
 */

import type { MediaClass } from "../model/media_defaults.ts";

/** A kind of medium, as users name it. */
export type PhysicalMedia =
  | "cd-r"
  | "cd-rw"
  | "dvd-r"
  | "dvd-r-dl"
  | "dvd-rw"
  | "dvd-rw-ro"
  | "dvd+r"
  | "dvd+r-dl"
  | "dvd+rw"
  | "dvd-ram"
  | "bd-r"
  | "bd-re"
  | "cd-rom"
  | "dvd-rom"
  | "bd-rom"
  | "unknown";

/**
 * How a medium is written (mmc.md §4): `tao` CD track at once (§4.1), `dvd-minus`
 * DVD-R/-RW sequential (§4.3), `restricted-overwrite` DVD-RW RO (§4.4), `dvd-plus-r`
 * (§4.5), `dvd-plus-rw` (§4.6), `dvd-ram` (§4.7), `bd-r` SRM (§4.8), `bd-re` (§4.9),
 * `none` for read-only or unknown media.
 */
export type WriteRecipe =
  | "tao"
  | "dvd-minus"
  | "restricted-overwrite"
  | "dvd-plus-r"
  | "dvd-plus-rw"
  | "dvd-ram"
  | "bd-r"
  | "bd-re"
  | "none";

/** What kiln knows about one MMC profile. */
export interface MediaKind {
  /** The profile number (GET CONFIGURATION header bytes 6–7). */
  readonly profile: number;
  /** kiln's name for the medium. */
  readonly media: PhysicalMedia;
  /** CD, DVD or BD; undefined when unknown. */
  readonly mediaClass: MediaClass | undefined;
  /** Write recipe. */
  readonly recipe: WriteRecipe;
  /** Written at any LBA after formatting (no sessions to append). */
  readonly overwritable: boolean;
  /** Can be blanked or formatted again. */
  readonly rewritable: boolean;
}

const KINDS: readonly MediaKind[] = [
  { profile: 0x08, media: "cd-rom", mediaClass: "cd", recipe: "none" },
  { profile: 0x09, media: "cd-r", mediaClass: "cd", recipe: "tao" },
  { profile: 0x0a, media: "cd-rw", mediaClass: "cd", recipe: "tao", rewritable: true },
  { profile: 0x10, media: "dvd-rom", mediaClass: "dvd", recipe: "none" },
  { profile: 0x11, media: "dvd-r", mediaClass: "dvd", recipe: "dvd-minus" },
  {
    profile: 0x12,
    media: "dvd-ram",
    mediaClass: "dvd",
    recipe: "dvd-ram",
    overwritable: true,
    rewritable: true,
  },
  {
    profile: 0x13,
    media: "dvd-rw-ro",
    mediaClass: "dvd",
    recipe: "restricted-overwrite",
    overwritable: true,
    rewritable: true,
  },
  { profile: 0x14, media: "dvd-rw", mediaClass: "dvd", recipe: "dvd-minus", rewritable: true },
  { profile: 0x15, media: "dvd-r-dl", mediaClass: "dvd", recipe: "dvd-minus" },
  {
    profile: 0x1a,
    media: "dvd+rw",
    mediaClass: "dvd",
    recipe: "dvd-plus-rw",
    overwritable: true,
    rewritable: true,
  },
  { profile: 0x1b, media: "dvd+r", mediaClass: "dvd", recipe: "dvd-plus-r" },
  { profile: 0x2b, media: "dvd+r-dl", mediaClass: "dvd", recipe: "dvd-plus-r" },
  { profile: 0x40, media: "bd-rom", mediaClass: "bd", recipe: "none" },
  { profile: 0x41, media: "bd-r", mediaClass: "bd", recipe: "bd-r" },
  {
    profile: 0x43,
    media: "bd-re",
    mediaClass: "bd",
    recipe: "bd-re",
    overwritable: true,
    rewritable: true,
  },
].map((k) => ({ overwritable: false, rewritable: false, ...k }) as MediaKind);

const BY_PROFILE = new Map(KINDS.map((k) => [k.profile, k]));

/**
 * What kiln knows about a profile. Profiles kiln does not write (BD-R RRM 42h, HD DVD,
 * DVD+RW DL, DVD-R DL layer jump, non-conforming) come back as `unknown` with recipe
 * `none`, so they are refused before anything is written.
 *
 * @param profile The current profile number.
 * @returns The kind of medium.
 * @example
 * ```ts
 * import { mediaKind } from "./media_type.ts";
 * if (mediaKind(0x1b).media !== "dvd+r") throw new Error();
 * if (mediaKind(0x50).recipe !== "none") throw new Error();
 * ```
 */
export function mediaKind(profile: number): MediaKind {
  return BY_PROFILE.get(profile) ?? {
    profile,
    media: "unknown",
    mediaClass: profile >= 0x40 && profile < 0x50 ? "bd" : undefined,
    recipe: "none",
    overwritable: false,
    rewritable: false,
  };
}

/**
 * The profile a medium name shows as.
 *
 * @param media A medium name.
 * @returns Its profile number, or undefined for `unknown`.
 */
export function profileOfMedia(media: PhysicalMedia): number | undefined {
  return KINDS.find((k) => k.media === media)?.profile;
}

/** Every medium kiln writes, in the order tests and help texts list them. */
export const WRITABLE_MEDIA: readonly PhysicalMedia[] = KINDS.filter((k) => k.recipe !== "none")
  .map((k) => k.media);
