/**
 * The state of the disc in the virtual drive (reference/mmc.md 6.1 "Disc"): profile,
 * sessions, tracks, next writable address, formatting, write protection. A plain JSON value,
 * so the sidecar stores it as is; the rules in `write_rules.ts`, `close_rules.ts` and
 * `erase_rules.ts` change it, and the queries here derive what READ DISC INFORMATION, READ
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

/** What READ TRACK INFORMATION reports for one track (stored or invisible). */
export interface TrackView {
  /** Track number. */
  number: number;
  /** Session number. */
  session: number;
  /** Logical track start. */
  start: number;
  /** Logical track size. */
  size: number;
  /** Next writable address, when valid. */
  nwa: number | undefined;
  /** Free blocks. */
  free: number;
  /** Last recorded address, when valid. */
  lra: number | undefined;
  /** Nothing recorded. */
  blank: boolean;
  /** Reserved track. */
  reserved: boolean;
  /** The invisible (incomplete, last) track. */
  invisible: boolean;
  /** Damage bit. */
  damaged: boolean;
  /** CD-DA. */
  audio: boolean;
  /** Packet/incremental bit. */
  packet: boolean;
  /** Fixed packet bit. */
  fixedPacket: boolean;
  /** Fixed packet size (blocking factor). */
  packetSize: number;
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

function runOut(disc: DiscState): number {
  return discSpec(disc).mediaClass === "cd" ? CD_RUN_OUT : 0;
}

function viewOf(disc: DiscState, t: TrackRecord): TrackView {
  const growing = !t.closed && !t.reserved;
  const size = t.size ?? Math.max(0, disc.capacity - t.start - runOut(disc));
  const writable = !t.closed && t.damage !== "unwritable" && t.recorded < size;
  const blocking = discSpec(disc).blocking;
  return {
    number: t.number,
    session: t.session,
    start: t.start,
    size,
    nwa: writable ? t.start + t.recorded : undefined,
    free: t.closed ? 0 : size - t.recorded,
    lra: t.recorded > 0 ? t.start + t.recorded - 1 : undefined,
    blank: t.recorded === 0,
    reserved: t.reserved,
    invisible: growing,
    damaged: t.damage !== "none",
    audio: t.audio,
    packet: t.writeType === "incremental" || t.writeType === "packet" || t.writeType === "plus" ||
      t.writeType === "srm",
    fixedPacket: t.writeType === "incremental" || t.writeType === "plus",
    packetSize: t.writeType === "incremental" || t.writeType === "plus" ? blocking : 0,
  };
}

/**
 * The invisible track as READ TRACK INFORMATION shows it, when the disc can take one.
 *
 * @param disc The disc.
 * @returns The view, or undefined (finalized, full, or a growing track already exists).
 */
export function invisibleTrack(disc: DiscState): TrackView | undefined {
  const growing = growingTrack(disc);
  if (growing) return viewOf(disc, growing);
  const session = openSession(disc);
  if (!session || recordingKind(disc) !== "sequential") return undefined;
  const free = disc.capacity - disc.nextStart - runOut(disc);
  if (free <= 0) return undefined;
  const kind = discSpec(disc).mediaClass;
  return {
    number: disc.tracks.length + 1,
    session: session.number,
    start: disc.nextStart,
    size: free,
    nwa: disc.nextStart,
    free,
    lra: undefined,
    blank: true,
    reserved: false,
    invisible: true,
    damaged: false,
    audio: false,
    packet: kind !== "cd",
    fixedPacket: kind === "dvd" && disc.profile !== 0x001b && disc.profile !== 0x002b,
    packetSize: kind === "dvd" ? 16 : 0,
  };
}

/**
 * Every track READ TRACK INFORMATION can address, in order, the invisible one last.
 *
 * @param disc The disc.
 * @returns Track views.
 */
export function trackViews(disc: DiscState): TrackView[] {
  if (recordingKind(disc) === "overwrite") return [overwriteTrack(disc)];
  const views = disc.tracks.map((t) => viewOf(disc, t));
  const inv = invisibleTrack(disc);
  if (inv && !growingTrack(disc)) views.push(inv);
  return views;
}

/**
 * The single track of formatted overwritable media (DVD+RW capture: track 1 "complete
 * incremental", fixed packet 16, free 0, size = formatted size; blank when never written).
 *
 * @param disc The disc.
 * @returns Its view.
 */
export function overwriteTrack(disc: DiscState): TrackView {
  const formatted = disc.format.state !== "unformatted";
  return {
    number: 1,
    session: 1,
    start: 0,
    size: disc.capacity,
    nwa: formatted ? undefined : 0,
    free: formatted ? 0 : disc.capacity,
    lra: disc.written > 0 ? disc.written - 1 : undefined,
    blank: !formatted,
    reserved: false,
    invisible: !formatted,
    damaged: false,
    audio: false,
    packet: true,
    fixedPacket: true,
    packetSize: discSpec(disc).blocking,
  };
}

/** READ DISC INFORMATION disc status (MMC-5 6.22.3.1.4). */
export type DiscStatus = 0 | 1 | 2 | 3;

/**
 * Disc status: 0 blank, 1 appendable, 2 complete, 3 others (DVD-RAM).
 *
 * @param disc The disc.
 * @returns The status code.
 */
export function discStatus(disc: DiscState): DiscStatus {
  const kind = recordingKind(disc);
  if (kind === "rom") return 2;
  if (kind === "overwrite") {
    if (disc.profile === 0x0012) return 3;
    if (disc.format.state === "unformatted") return 0;
    return disc.format.state === "intermediate" ? 1 : 2;
  }
  if (disc.finalized) return 2;
  // a formatted, unwritten BD-R reports "appendable, one empty session" (mmc.md 3.5)
  const formatted = disc.format.state === "formatted";
  if (disc.tracks.length === 0 && disc.sessions.length === 1 && !formatted) return 0;
  return 1;
}

/**
 * State of the last session: 0 empty, 1 incomplete, 2 damaged, 3 complete.
 *
 * @param disc The disc.
 * @returns The code.
 */
export function lastSessionState(disc: DiscState): 0 | 1 | 2 | 3 {
  const status = discStatus(disc);
  if (status === 2 || status === 3) return 3;
  if (status === 0) return 0;
  if (recordingKind(disc) === "overwrite") return 1;
  const session = openSession(disc);
  const tracks = disc.tracks.filter((t) => t.session === session?.number);
  if (tracks.some((t) => t.damage !== "none")) return 2;
  return tracks.length === 0 ? 0 : 1;
}

/**
 * The last readable LBA + 1 for READ CAPACITY: the formatted size on overwritable media,
 * the lead-out of the last closed session on CD (drives report the last complete session), the
 * last recorded block on DVD/BD sequential media (dvd+rw-mediainfo captures of appendable
 * DVD-R/RW), 0 on a blank or unformatted disc (Pioneer BDR-203 4.17).
 *
 * @param disc The disc.
 * @returns Block count (0: nothing readable).
 */
export function readableBlocks(disc: DiscState): number {
  const kind = recordingKind(disc);
  if (kind === "rom") return disc.capacity;
  if (kind === "overwrite") return disc.format.state === "unformatted" ? 0 : disc.capacity;
  const cd = discSpec(disc).mediaClass === "cd";
  let end = 0;
  for (const t of disc.tracks) {
    const session = disc.sessions[t.session - 1];
    if (cd && !session?.closed) continue;
    // CD: up to the lead-out, the 2 run-out blocks of a TAO track included (the unreadable
    // blocks behind the well-known "TAO read-ahead" errors)
    if (cd && t.size !== undefined) end = Math.max(end, t.start + t.size);
    else if (t.recorded > 0) end = Math.max(end, t.start + t.recorded);
  }
  return end;
}

/**
 * Whether a block holds recorded data that READ(10) can return.
 *
 * @param disc The disc.
 * @param lba Block address.
 * @returns The track holding it, or undefined when the block is unrecorded.
 */
export function recordedTrack(disc: DiscState, lba: number): TrackRecord | undefined {
  return disc.tracks.find((t) => lba >= t.start && lba < t.start + t.recorded);
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
