/**
 * What the host sees of the disc state (reference/mmc.md 3.5–3.7): the tracks READ TRACK
 * INFORMATION reports (the invisible one included), disc status and last-session state for
 * READ DISC INFORMATION, the readable extent for READ CAPACITY and READ(10).
 *
 * @module
 */

import {
  CD_RUN_OUT,
  discSpec,
  type DiscState,
  growingTrack,
  openSession,
  recordingKind,
  type TrackRecord,
} from "./disc_state.ts";

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
 * One past the last recorded block of sequential media (0 when nothing is recorded).
 *
 * @param disc The disc.
 * @returns Block count.
 */
export function recordedEnd(disc: DiscState): number {
  let end = 0;
  for (const t of disc.tracks) if (t.recorded > 0) end = Math.max(end, t.start + t.recorded);
  return end;
}
