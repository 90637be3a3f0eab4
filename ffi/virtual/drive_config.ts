/**
 * The virtual drive's fixed configuration: identity, speed cap, buffer size, time scale and
 * the drive quirks of reference/mmc.md section 6 it reproduces. The default is the clean
 * MMC behaviour; each quirk turns on one documented deviation of a real drive.
 *
 * @module
 */

/**
 * Every quirk, with the row of mmc.md section 6 it comes from (`tgt`: what Debian's tgt
 * 1.0.85 MMC device answered through a real kernel, tests/guest/TGT_FINDINGS.md).
 */
export const QUIRKS = {
  "nwa-150":
    "#1: READ TRACK INFORMATION on a blank disc reports NWA -150 (Pioneer BDR-205, LITE-ON)",
  "damage-writable":
    "#2: a track interrupted by power loss is Damage=1 NWA_V=1 (writable) instead of NWA_V=0",
  "rti-full-5-24":
    "#4: READ TRACK INFORMATION on a full or closed disc answers 5/24/00 (hp dvd200i)",
  "buffer-bogus":
    "#5: READ BUFFER CAPACITY reports more free bytes than the buffer holds (Pioneer)",
  "long-write-sense": "#6: a WRITE that does not fit the buffer gets 2/04/08 instead of waiting",
  "immed-fall-through":
    "#7: after an Immed operation TUR is GOOD at once; the next other command gets 2/04/07 (Pioneer)",
  "immed-ignored": "#7: the Immed bit is ignored; long operations complete before GOOD",
  "progress-request-sense": "#8: progress only in REQUEST SENSE, not in the TUR sense (hp dvd100i)",
  "progress-none": "#8: no progress indication at all",
  "busy-04-00": "#9: busy answers 2/04/00 (cause not reportable) instead of 04/04, 04/07, 04/08",
  "no-perf": "#10: GET PERFORMANCE type 03h returns no descriptors (LG GCA-4040N, length 0)",
  "perf-fails": "#10: GET PERFORMANCE fails with 5/24/00 (hosts fall back to page 2Ah)",
  "page2a-zero": "#10: page 2Ah write speed descriptors are all zero (Lite-On LDW-811S)",
  "streaming-range":
    "#12: SET STREAMING with End LBA past the capacity answers 5/21/00 (LG GSA-4081B)",
  "page05-strict":
    "#15: DVD-R incremental needs track mode 5 and packet size 16 (Panasonic LF-D310)",
  "cd-close-track-error": "#17: CLOSE TRACK on CD answers 5/2C/00 (LG GH22LS30)",
  "dl-finalize-101": "#18: DVD+R DL finalizes only with close function 101b; 110b gets 5/24/00",
  "pow-close-5-24": "#18: CLOSE SESSION on a POW-formatted BD-R answers 5/24/00 (Debian #713016)",
  "no-auto-format": "#22: a blank DVD+RW is not auto-formatted; WRITE gets 5/30/10 (LG GSA-4040B)",
  "sense-descriptor": "#30: sense data in descriptor format (72h) instead of fixed (70h)",
  "sao-appendable": "#32: CD SAO (SEND CUE SHEET) is accepted on an appendable CD",
  "close-shows-rom":
    "tgt: a close of a write-once disc closes it, which then shows the ROM profile (DVD-ROM), its recorded blocks as the capacity; later closes are GOOD and do nothing",
} as const;

/** A quirk name. */
export type QuirkName = keyof typeof QUIRKS;

/**
 * Whether a string names a quirk.
 *
 * @param name Candidate.
 * @returns True for a key of {@linkcode QUIRKS}.
 */
export function isQuirkName(name: string): name is QuirkName {
  return Object.hasOwn(QUIRKS, name);
}

/** INQUIRY identity (SPC-4 6.6.2: vendor 8, product 16, revision 4 ASCII characters). */
export interface DriveIdentity {
  /** T10 vendor identification. */
  vendor: string;
  /** Product identification. */
  product: string;
  /** Product revision level. */
  revision: string;
}

/** The default identity. */
export const DEFAULT_IDENTITY: DriveIdentity = {
  vendor: "KILN",
  product: "Virtual BD-RW",
  revision: "1.00",
};

/** Configuration that does not change while the drive is open. */
export interface DriveConfig {
  /** INQUIRY strings. */
  identity: DriveIdentity;
  /** Fastest write speed the drive offers, kB/s (undefined: the medium's fastest). */
  maxWriteSpeed: number | undefined;
  /** Drive buffer size in bytes (undefined: per medium, Pioneer BDR-203 4.16). */
  bufferBytes: number | undefined;
  /** Model time per real time: 1 real, 0 instant (busy still reported once). */
  timeScale: number;
  /** Quirks in force. */
  quirks: ReadonlySet<QuirkName>;
}

/**
 * A configuration with defaults filled in.
 *
 * @param partial Values to use.
 * @returns The configuration.
 */
export function driveConfig(partial: Partial<DriveConfig> = {}): DriveConfig {
  return {
    identity: partial.identity ?? DEFAULT_IDENTITY,
    maxWriteSpeed: partial.maxWriteSpeed,
    bufferBytes: partial.bufferBytes,
    timeScale: partial.timeScale ?? 1,
    quirks: partial.quirks ?? new Set(),
  };
}
