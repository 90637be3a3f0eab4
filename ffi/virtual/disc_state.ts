/**
 * The state of the disc in the virtual drive (reference/mmc.md 6.1 "Disc"): profile,
 * sessions, tracks, next writable address, formatting, write protection. A plain JSON value,
 * so the sidecar stores it as is; the rules in `write_rules.ts`, `close_rules.ts` and
 * `erase_rules.ts` change it, and `disc_views.ts` derives what READ DISC INFORMATION, READ
 * TRACK INFORMATION, READ TOC and READ CAPACITY report.
 *
 * The invisible track (MMC-5 6.27: the incomplete track at the end of an appendable disc)
 * is not stored: it starts at `nextStart` and owns the free space until it is written,
 * reserved or the disc is finalized.
 *
 * @module
 */

import {
  type MediaName,
  type MediaSpec,
  mediaSpec,
  type RecordingKind,
} from "./media_catalogue.ts";

/** How a track was (or is being) recorded. */
export type TrackWriteType = "tao" | "sao" | "packet" | "incremental" | "dao" | "plus" | "srm";

/** One materialized track: written to, reserved, or closed. */
export interface TrackRecord {
  /** Logical track number (1-based across the disc). */
  number: number;
  /** Session it belongs to. */
  session: number;
  /** Logical track start address. */
  start: number;
  /** Blocks recorded from `start` (the NWA is `start + recorded`). */
  recorded: number;
  /** Fixed size once reserved or closed; absent while the track can grow. */
  size?: number;
  /** RESERVE TRACK made it. */
  reserved: boolean;
  /** Closed (CLOSE TRACK, a TAO flush, a session close or finalization). */
  closed: boolean;
  /** Damage after an interrupted write (MMC-5 6.27.3.7): writable or not. */
  damage: "none" | "writable" | "unwritable";
  /** CD-DA track (2352-byte blocks). */
  audio: boolean;
  /** Recording method. */
  writeType: TrackWriteType;
}

/** One session. */
export interface SessionRecord {
  /** Session number (1-based). */
  number: number;
  /** Closed (lead-in/lead-out or border written). */
  closed: boolean;
}

/** Formatting of overwritable media and BD-R. */
export interface FormatStatus {
  /**
   * `unformatted`; `formatted` (complete); DVD+RW background format `running` or
   * `suspended` (READ DISC INFORMATION BG format 2 / 1); DVD-RW `intermediate` after a quick
   * format until CLOSE SESSION.
   */
  state: "unformatted" | "formatted" | "running" | "suspended" | "intermediate";
  /** Format type last used (FORMAT UNIT byte 8 bits 7..2), or -1. */
  type: number;
}

/** The CD SAO layout announced by SEND CUE SHEET. */
export interface CueLayout {
  /** Track starts (index 01) and whether each is audio. */
  tracks: { number: number; start: number; audio: boolean }[];
  /** Lead-out start LBA. */
  leadOut: number;
  /** Next LBA the host must write (starts at the first pregap, usually -150). */
  next: number;
}

/** The disc. */
export interface DiscState {
  /** The medium's catalogue name. */
  media: Exclude<MediaName, "none">;
  /** Current MMC profile (DVD-RW switches between 13h and 14h). */
  profile: number;
  /**
   * User-data capacity in blocks: sequential media the end of the last possible track (CD:
   * the last possible lead-out), overwritable media the formatted size.
   */
  capacity: number;
  /** No further session can be added. */
  finalized: boolean;
  /** Sessions; the last one is open unless the disc is finalized. */
  sessions: SessionRecord[];
  /** Materialized tracks in order. */
  tracks: TrackRecord[];
  /** Start of the invisible track. */
  nextStart: number;
  /** Formatting. */
  format: FormatStatus;
  /** The medium is write protected (cartridge tab, persistent write protection, or the `wp` key). */
  writeProtected: boolean;
  /** DVD-RW: incremental recording possible (feature 0021h current); false after a minimal blank. */
  incremental: boolean;
  /** BD-R formatted with Pseudo-OverWrite (feature 0038h current). */
  pow: boolean;
  /** Overwritable media: 1 + the highest LBA written. */
  written: number;
  /** CD SAO: the layout of the session being written. */
  cue?: CueLayout;
  /**
   * A write burst since the last flush: the track number (sequential media) or 0. A
   * sidecar that still carries it was left by a drive that lost power.
   */
  inFlight?: number;
}

/** Blocks a CD TAO track ends with (run-out), counted in its size (mmc.md 3.8, 4.1). */
export const CD_RUN_OUT = 2;
/** CD pregap before each TAO track after the first (2 s). */
export const CD_PREGAP = 150;
/** CD: lead-out + lead-in + pregap after the first session / after later ones (LB-cook). */
export const CD_SESSION_GAP = [11_400, 6_900] as const;
/**
 * DVD-R/-RW: blocks between a closed session's last track and the next session's first
 * track (border-out + border-in), as seen in three dvd+rw-mediainfo captures
 * (145680→174368, 132800→161488, 65264→93952).
 */
export const DVD_MINUS_BORDER = 28_688;
/** DVD-R/-RW incremental: link blocks before each new track (captures: 12272→12288 …). */
export const DVD_MINUS_LINK = 16;

/**
 * Create the state of a blank (or, for pressed and pre-formatted media, a fresh) disc.
 *
 * @param media The medium.
 * @param romBlocks Pressed media: blocks of the image the disc carries.
 * @returns The new disc.
 */
export function createDisc(media: Exclude<MediaName, "none">, romBlocks = 0): DiscState {
  const spec = mediaSpec(media);
  const disc: DiscState = {
    media,
    profile: spec.profile,
    // CD: the ATIP last possible lead-out; a TAO track's 2 run-out blocks come off it.
    capacity: spec.kind === "rom"
      ? romBlocks
      : spec.mediaClass === "cd"
      ? spec.leadOut
      : spec.capacity,
    finalized: spec.kind === "rom",
    sessions: [{ number: 1, closed: spec.kind === "rom" }],
    tracks: [],
    nextStart: 0,
    format: { state: "unformatted", type: -1 },
    writeProtected: false,
    incremental: true,
    pow: false,
    written: 0,
  };
  if (spec.kind === "rom") {
    disc.tracks.push({
      number: 1,
      session: 1,
      start: 0,
      recorded: romBlocks,
      size: romBlocks,
      reserved: false,
      closed: true,
      damage: "none",
      audio: false,
      writeType: "dao",
    });
    disc.nextStart = romBlocks;
  }
  // DVD-RAM is sold formatted; "dvd-rw-ro" names a DVD-RW already in restricted overwrite.
  if (media === "dvd-ram" || media === "dvd-rw-ro") {
    disc.format = { state: "formatted", type: media === "dvd-ram" ? 0x00 : 0x10 };
  }
  return disc;
}

/**
 * The catalogue entry of the disc's physical medium.
 *
 * @param disc The disc.
 * @returns Its media description.
 */
export function discSpec(disc: DiscState): MediaSpec {
  return mediaSpec(disc.media);
}

/**
 * How the disc records now: a DVD-RW in profile 13h is overwritable, in 14h sequential.
 *
 * @param disc The disc.
 * @returns The recording model.
 */
export function recordingKind(disc: DiscState): RecordingKind {
  switch (disc.profile) {
    case 0x0008:
    case 0x0010:
    case 0x0040:
      return "rom";
    case 0x0012:
    case 0x0013:
    case 0x001a:
    case 0x0043:
      return "overwrite";
    default:
      return "sequential";
  }
}

/**
 * The open (last, not closed) session, or undefined on a finalized disc.
 *
 * @param disc The disc.
 * @returns The session.
 */
export function openSession(disc: DiscState): SessionRecord | undefined {
  const last = disc.sessions[disc.sessions.length - 1];
  return last && !last.closed ? last : undefined;
}

/**
 * The track that can still grow (written to but not closed and not reserved).
 *
 * @param disc The disc.
 * @returns The track, if any.
 */
export function growingTrack(disc: DiscState): TrackRecord | undefined {
  return disc.tracks.find((t) => !t.closed && !t.reserved);
}

/**
 * Round up to a multiple.
 *
 * @param n Number.
 * @param m Multiple (≥ 1).
 * @returns The rounded number.
 */
export function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}
