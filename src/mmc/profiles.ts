/**
 * MMC profiles: what kind of medium the drive sees (the current profile of GET
 * CONFIGURATION) and what media the drive supports (feature 0000h). MMC-5 5.3.1;
 * reference/mmc.md 3.4.
 *
 * `writable` means a burner can record on it; `rewritable` that it can be erased or
 * overwritten; `sequential` that data goes at the next writable address of an open track
 * (CD-R, DVD-R, DVD+R, BD-R SRM); `randomWritable` that any aligned LBA may be written
 * (DVD-RAM, DVD+RW, DVD-RW restricted overwrite, BD-R RRM, BD-RE).
 *
 * @module
 */

import type { MediaClass } from "../model/media_defaults.ts";

/** Profile numbers (MMC-5 5.3.1). */
export const Profile = {
  none: 0x0000,
  nonRemovableDisk: 0x0001,
  removableDisk: 0x0002,
  magnetoOptical: 0x0003,
  opticalWriteOnce: 0x0004,
  asMo: 0x0005,
  cdRom: 0x0008,
  cdR: 0x0009,
  cdRw: 0x000a,
  dvdRom: 0x0010,
  dvdR: 0x0011,
  dvdRam: 0x0012,
  dvdRwRestrictedOverwrite: 0x0013,
  dvdRwSequential: 0x0014,
  dvdRDl: 0x0015,
  dvdRDlLayerJump: 0x0016,
  dvdRwDl: 0x0017,
  dvdDownload: 0x0018,
  dvdPlusRw: 0x001a,
  dvdPlusR: 0x001b,
  dvdPlusRwDl: 0x002a,
  dvdPlusRDl: 0x002b,
  bdRom: 0x0040,
  bdRSrm: 0x0041,
  bdRRrm: 0x0042,
  bdRe: 0x0043,
  hdDvdRom: 0x0050,
  hdDvdR: 0x0051,
  hdDvdRam: 0x0052,
  hdDvdRw: 0x0053,
  hdDvdRDl: 0x0058,
  hdDvdRwDl: 0x005a,
  nonConforming: 0xffff,
} as const;

/** What kiln knows about one profile. */
export interface ProfileInfo {
  /** Profile number. */
  readonly number: number;
  /** Name, e.g. "DVD+R DL". */
  readonly name: string;
  /** Media class ("other" for non-optical, HD DVD and unknown profiles). */
  readonly media: MediaClass | "other";
  /** A burner can record on it. */
  readonly writable: boolean;
  /** It can be blanked, formatted or overwritten. */
  readonly rewritable: boolean;
  /** Written at the next writable address of an open track. */
  readonly sequential: boolean;
  /** Any (aligned) LBA may be written. */
  readonly randomWritable: boolean;
}

type Flags = "" | "w" | "ws" | "wrs" | "wr" | "wrR" | "wR";

function info(number: number, name: string, media: ProfileInfo["media"], flags: Flags) {
  return {
    number,
    name,
    media,
    writable: flags.includes("w"),
    rewritable: flags.includes("r"),
    sequential: flags.includes("s"),
    randomWritable: flags.includes("R"),
  };
}

/** Every profile of MMC-5 5.3.1 (plus DVD-RW DL and DVD-Download of MMC-6). */
export const profiles: readonly ProfileInfo[] = [
  info(0x0000, "no current profile", "other", ""),
  info(0x0001, "non-removable disk", "other", ""),
  info(0x0002, "removable disk", "other", ""),
  info(0x0003, "MO erasable", "other", ""),
  info(0x0004, "optical write once", "other", ""),
  info(0x0005, "AS-MO", "other", ""),
  info(0x0008, "CD-ROM", "cd", ""),
  info(0x0009, "CD-R", "cd", "ws"),
  info(0x000a, "CD-RW", "cd", "wrs"),
  info(0x0010, "DVD-ROM", "dvd", ""),
  info(0x0011, "DVD-R sequential recording", "dvd", "ws"),
  info(0x0012, "DVD-RAM", "dvd", "wrR"),
  info(0x0013, "DVD-RW restricted overwrite", "dvd", "wrR"),
  info(0x0014, "DVD-RW sequential recording", "dvd", "wrs"),
  info(0x0015, "DVD-R DL sequential recording", "dvd", "ws"),
  info(0x0016, "DVD-R DL layer jump recording", "dvd", "ws"),
  info(0x0017, "DVD-RW DL", "dvd", "wrs"),
  info(0x0018, "DVD-Download disc recording", "dvd", "ws"),
  info(0x001a, "DVD+RW", "dvd", "wrR"),
  info(0x001b, "DVD+R", "dvd", "ws"),
  info(0x002a, "DVD+RW DL", "dvd", "wrR"),
  info(0x002b, "DVD+R DL", "dvd", "ws"),
  info(0x0040, "BD-ROM", "bd", ""),
  info(0x0041, "BD-R sequential recording", "bd", "ws"),
  info(0x0042, "BD-R random recording", "bd", "wR"),
  info(0x0043, "BD-RE", "bd", "wrR"),
  info(0x0050, "HD DVD-ROM", "other", ""),
  info(0x0051, "HD DVD-R", "other", "ws"),
  info(0x0052, "HD DVD-RAM", "other", "wrR"),
  info(0x0053, "HD DVD-RW", "other", "wrR"),
  info(0x0058, "HD DVD-R DL", "other", "ws"),
  info(0x005a, "HD DVD-RW DL", "other", "wrR"),
  info(0xffff, "non-conforming", "other", ""),
];

const byNumber = new Map(profiles.map((p) => [p.number, p]));

/**
 * What kiln knows about a profile number.
 *
 * @param number The profile number.
 * @returns Its info; an unknown number gives a read-only "other" entry named by number.
 * @example
 * ```ts
 * import { profileInfo } from "./profiles.ts";
 * const p = profileInfo(0x0041);
 * if (p.media !== "bd" || !p.sequential) throw new Error();
 * ```
 */
export function profileInfo(number: number): ProfileInfo {
  return byNumber.get(number) ??
    info(number, `profile ${number.toString(16).toUpperCase().padStart(4, "0")}h`, "other", "");
}
