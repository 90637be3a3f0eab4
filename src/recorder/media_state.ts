/**
 * What is in the drive, decided from what the drive reports: the current profile (GET
 * CONFIGURATION), READ DISC INFORMATION, READ TRACK INFORMATION of every track, READ
 * CAPACITY and READ FORMAT CAPACITIES. Pure: {@linkcode classifyMedia} takes the decoded
 * answers ({@linkcode MediaFacts}) and applies the rules libburn and growisofs use
 * (mmc.md §3.5, §3.6, §4.8) to say whether the disc is blank, appendable, closed,
 * overwritable or unusable, where the next session starts and how much space is left.
 *
 * The state also carries IMAPI2's `IMAPI_FORMAT2_DATA_MEDIA_STATE` flags
 * ({@linkcode ImapiMediaState}), so code written against IDiscFormat2Data's
 * `CurrentMediaStatus` reads the same answer.
 *
 * @module
 */

import type { MediaClass } from "../model/media_defaults.ts";
import { ImapiMediaState } from "./imapi_media_state.ts";
import { mediaKind, type PhysicalMedia } from "./media_type.ts";

export { ImapiMediaState } from "./imapi_media_state.ts";

/** READ DISC INFORMATION, decoded (mmc.md §3.5). */
export interface DiscFacts {
  /** Byte 2 bit 4: the disc can be blanked or rewritten. */
  readonly erasable: boolean;
  /** Byte 2 bits 1..0: 0 blank, 1 appendable, 2 complete, 3 others (random access). */
  readonly discStatus: number;
  /** Byte 2 bits 3..2: 0 empty, 1 incomplete, 2 reserved/damaged, 3 complete. */
  readonly lastSessionState: number;
  /** Number of sessions, the empty or open one included (a blank disc reports 1). */
  readonly sessions: number;
  /** Number of the first track on the disc. */
  readonly firstTrack: number;
  /** Last track in the last session (the invisible track on an appendable disc). */
  readonly lastTrackInLastSession: number;
  /** Byte 7 bits 1..0: background format status (DVD+RW). */
  readonly bgFormatStatus: number;
  /** Last possible lead-out start as an LBA (the disc's capacity), when reported. */
  readonly lastPossibleLeadOut?: number;
}

/** READ TRACK INFORMATION of one track, decoded (mmc.md §3.6). */
export interface TrackFacts {
  /** Logical track number. */
  readonly number: number;
  /** Session the track belongs to. */
  readonly session: number;
  /** Logical track start address. */
  readonly start: number;
  /** Logical track size in blocks. */
  readonly size: number;
  /** Free blocks. */
  readonly free: number;
  /** Next writable address, when NWA_V is set. */
  readonly nwa: number | undefined;
  /** Blank bit. */
  readonly blank: boolean;
  /** Damage bit. */
  readonly damage: boolean;
  /** Reserved-track bit. */
  readonly reserved: boolean;
}

/** Everything {@linkcode classifyMedia} looks at. */
export interface MediaFacts {
  /** A disc is in the drive (TEST UNIT READY did not report 2/3A/xx). */
  readonly present: boolean;
  /** Current profile; 0 when none. */
  readonly profile: number;
  /** READ DISC INFORMATION, when it succeeded. */
  readonly disc?: DiscFacts;
  /** READ TRACK INFORMATION of tracks first..last in the last session. */
  readonly tracks: readonly TrackFacts[];
  /** READ CAPACITY last LBA + 1 (0 when it failed or the disc is blank). */
  readonly capacity?: number;
  /** READ FORMAT CAPACITIES current descriptor: blocks and type (1 unformatted, 2 formatted, 3 none). */
  readonly formatCapacity?: { readonly blocks: number; readonly type: number };
  /** Writing is refused by the disc or drive (Write Protect feature 0004h, or DATA PROTECT seen). */
  readonly writeProtected: boolean;
  /** BD-R formatted for pseudo-overwrite (feature 0038h current). */
  readonly powFormatted?: boolean;
}

/** The disc's state, in one word. */
export type MediaStatus =
  | "no-media"
  | "blank"
  | "appendable"
  | "closed"
  | "overwritable"
  | "unsupported";

/** Formatting of an overwritable disc. */
export type FormatState =
  | "unformatted"
  | "background-incomplete"
  | "background-running"
  | "formatted";

/** One track as the state lists it. */
export interface TrackSummary {
  /** Track number. */
  readonly number: number;
  /** Session number. */
  readonly session: number;
  /** First LBA. */
  readonly start: number;
  /** Blocks recorded (for the open track, those written so far). */
  readonly sectors: number;
  /** Still writable (the invisible or an open track). */
  readonly open: boolean;
}

/** What is in the drive. */
export interface MediaState {
  /** Blank, appendable, closed, overwritable, no media or unsupported. */
  readonly status: MediaStatus;
  /** The kind of medium ("dvd+r"); "unknown" without a known profile. */
  readonly media: PhysicalMedia;
  /** The same as {@linkcode MediaState.media} (the name recorder_api.md uses). */
  readonly physicalType: PhysicalMedia;
  /** The current profile number. */
  readonly profile: number;
  /** CD, DVD or BD. */
  readonly mediaClass: MediaClass | undefined;
  /** The disc can be erased or rewritten. */
  readonly erasable: boolean;
  /** Writing is refused. */
  readonly writeProtected: boolean;
  /** A burn can start now. */
  readonly writable: boolean;
  /** Why not, when {@linkcode MediaState.writable} is false. */
  readonly notWritableReason: string | undefined;
  /** Nothing was ever written (or it was erased). */
  readonly blank: boolean;
  /** Sessions holding data. */
  readonly sessions: number;
  /** Tracks, the open or invisible one included. */
  readonly tracks: readonly TrackSummary[];
  /** Where the next burn starts (0 on overwritable media); undefined when it cannot. */
  readonly nextWritableAddress: number | undefined;
  /** Sectors a burn can still use. */
  readonly freeSectors: number;
  /** Sectors the disc holds in all (formatted size on overwritable media). */
  readonly totalSectors: number;
  /** Start of the last session holding data (IMAPI's StartAddressOfPreviousSession). */
  readonly lastSessionStart: number | undefined;
  /** The last session is still open (written but not closed). */
  readonly lastSessionOpen: boolean;
  /** A track was left damaged by an incomplete write. */
  readonly damaged: boolean;
  /** Formatting, for overwritable media. */
  readonly format: FormatState | undefined;
  /** IMAPI2 `IMAPI_FORMAT2_DATA_MEDIA_STATE` flags ({@linkcode ImapiMediaState}). */
  readonly imapiState: number;
}

const ROM_REASON: Partial<Record<PhysicalMedia, string>> = {
  "cd-rom": "a CD-ROM is pressed, read-only media",
  "dvd-rom": "a DVD-ROM is pressed, read-only media",
  "bd-rom": "a BD-ROM is pressed, read-only media",
};

function hex(n: number): string {
  return `0x${n.toString(16).padStart(4, "0")}`;
}

function formatState(disc: DiscFacts | undefined, facts: MediaFacts): FormatState {
  const profile = facts.profile;
  if (profile === 0x1a) {
    switch (disc?.bgFormatStatus ?? 0) {
      case 0:
        return facts.formatCapacity?.type === 2 ? "formatted" : "unformatted";
      case 1:
        return "background-incomplete";
      case 2:
        return "background-running";
      default:
        return "formatted";
    }
  }
  if (facts.formatCapacity?.type === 1) return "unformatted";
  return "formatted";
}

function overwritableState(facts: MediaFacts, base: Base): MediaState {
  const format = formatState(facts.disc, facts);
  const formatted = facts.capacity && facts.capacity > 0 && format !== "unformatted"
    ? facts.capacity
    : facts.formatCapacity?.blocks ?? facts.capacity ?? 0;
  const blank = format === "unformatted" || facts.disc?.discStatus === 0;
  return finish(base, {
    status: "overwritable",
    blank,
    sessions: blank ? 0 : 1,
    tracks: [],
    nextWritableAddress: 0,
    freeSectors: formatted,
    totalSectors: formatted,
    lastSessionStart: blank ? undefined : 0,
    lastSessionOpen: false,
    damaged: false,
    format,
  });
}

type Base = Pick<
  MediaState,
  "media" | "physicalType" | "profile" | "mediaClass" | "erasable" | "writeProtected"
>;
type Rest = Omit<MediaState, keyof Base | "writable" | "notWritableReason" | "imapiState">;

function finish(base: Base, rest: Rest, reason?: string): MediaState {
  let why = reason;
  if (!why && base.writeProtected) why = "the disc is write-protected";
  if (!why && rest.status === "closed") {
    why = base.erasable
      ? `the ${base.media.toUpperCase()} is closed; erase it first`
      : `the ${base.media.toUpperCase()} is closed (finalized): nothing more can be written`;
  }
  if (!why && rest.damaged && rest.nextWritableAddress === undefined) {
    why = "the last track was left incomplete by an interrupted write and cannot be appended to";
  }
  if (!why && rest.nextWritableAddress === undefined) {
    why = "the drive reports no next writable address";
  }
  if (!why && rest.freeSectors <= 0) why = "the disc is full";
  const F = ImapiMediaState;
  let flags = 0;
  if (rest.status === "no-media") flags = 0;
  else if (rest.status === "unsupported") flags = F.unsupportedMedia;
  else {
    if (rest.status === "overwritable") flags |= F.overwriteOnly;
    if (rest.blank) flags |= F.blank;
    if (rest.status === "appendable") flags |= F.appendable;
    if (rest.status === "closed") flags |= base.erasable ? F.eraseRequired : F.finalized;
    if (rest.damaged) flags |= F.damaged;
    if (rest.lastSessionOpen) flags |= F.nonEmptySession;
    if (base.writeProtected) flags |= F.writeProtected;
  }
  return {
    ...base,
    ...rest,
    writable: why === undefined,
    notWritableReason: why,
    imapiState: flags,
  };
}

const EMPTY: Omit<Rest, "status"> = {
  blank: false,
  sessions: 0,
  tracks: [],
  nextWritableAddress: undefined,
  freeSectors: 0,
  totalSectors: 0,
  lastSessionStart: undefined,
  lastSessionOpen: false,
  damaged: false,
  format: undefined,
};

/**
 * A disc in a profile kiln does not write (pressed, or a burned disc that a reader drive, or
 * tgt once it is closed, shows as a CD-ROM or DVD-ROM): nothing can be written, but what is
 * recorded is listed for reading back. Its size is the larger of READ CAPACITY and the end
 * of the last track READ TRACK INFORMATION reports (many drives answer only one of them).
 */
function readOnlyRest(facts: MediaFacts): Rest {
  const recorded = facts.tracks.filter((t) => !t.blank && t.size > 0);
  const total = Math.max(facts.capacity ?? 0, ...recorded.map((t) => t.start + t.size));
  const last = recorded.at(-1);
  return {
    ...EMPTY,
    status: "unsupported",
    sessions: last
      ? new Set(recorded.map((t) => t.session)).size
      : total > 0
      ? facts.disc?.sessions ?? 0
      : 0,
    tracks: recorded.map((t) => ({
      number: t.number,
      session: t.session,
      start: t.start,
      sectors: t.size,
      open: false,
    })),
    totalSectors: total,
    lastSessionStart: last ? recorded.find((t) => t.session === last.session)?.start : undefined,
  };
}

/**
 * Decide the media state from the drive's answers.
 *
 * Rules (libburn's and growisofs', mmc.md §3.5–3.6):
 * - ROM profiles are read-only; profiles kiln does not write are unsupported. Their
 *   recorded tracks and size are still listed (for verification by read-back).
 * - Overwritable profiles (DVD+RW, DVD-RW restricted overwrite, DVD-RAM, BD-RE) have no
 *   sessions to append: the next burn starts at LBA 0 and may use the formatted size.
 * - Sequential media follow the disc status (0 blank, 1 appendable, 2 closed). A BD-R
 *   formatted but unwritten (appendable, one empty session, READ CAPACITY 0) is blank. A
 *   POW-formatted BD-R is refused, as libburn does.
 * - The next writable address is the invisible track's NWA (clamped to the track start on
 *   a blank disc, where some drives report −150); Damage without NWA_V means the track
 *   cannot be continued.
 *
 * @param facts The decoded answers.
 * @returns The state.
 * @example
 * ```ts
 * import { classifyMedia } from "./media_state.ts";
 * const s = classifyMedia({ present: false, profile: 0, tracks: [], writeProtected: false });
 * if (s.status !== "no-media" || s.writable) throw new Error();
 * ```
 */
export function classifyMedia(facts: MediaFacts): MediaState {
  const kind = mediaKind(facts.profile);
  const disc = facts.disc;
  const base: Base = {
    media: kind.media,
    physicalType: kind.media,
    profile: facts.profile,
    mediaClass: kind.mediaClass,
    erasable: kind.rewritable || (disc?.erasable ?? false),
    writeProtected: facts.writeProtected,
  };
  if (!facts.present) return finish(base, { status: "no-media", ...EMPTY }, "there is no disc");
  if (kind.recipe === "none") {
    const reason = ROM_REASON[kind.media] ??
      `profile ${hex(facts.profile)} is not a medium kiln writes`;
    return finish(base, readOnlyRest(facts), reason);
  }
  if (facts.powFormatted) {
    return finish(
      base,
      { status: "unsupported", ...EMPTY },
      "the BD-R is formatted for pseudo-overwrite (POW), which kiln does not write",
    );
  }
  if (kind.overwritable) return overwritableState(facts, base);
  if (!disc) {
    return finish(base, { status: "unsupported", ...EMPTY }, "the drive gave no disc information");
  }

  const tracks = facts.tracks;
  const last = tracks.find((t) => t.number === disc.lastTrackInLastSession) ?? tracks.at(-1);
  const formattedEmptyBdr = facts.profile === 0x41 && disc.discStatus === 1 &&
    disc.lastSessionState === 0 && disc.sessions <= 1 && (facts.capacity ?? 0) === 0;
  const status: MediaStatus = disc.discStatus === 0 || formattedEmptyBdr
    ? "blank"
    : disc.discStatus === 1
    ? "appendable"
    : disc.discStatus === 2
    ? "closed"
    : "unsupported";
  if (status === "unsupported") {
    return finish(
      base,
      { status, ...EMPTY },
      `the drive reports disc status ${disc.discStatus} for sequential media`,
    );
  }
  const open = (t: TrackFacts) =>
    status !== "closed" && t === last && (t.blank || t.nwa !== undefined);
  const summaries: TrackSummary[] = tracks.map((t) => ({
    number: t.number,
    session: t.session,
    start: t.start,
    sectors: t.blank ? 0 : t.nwa !== undefined ? Math.max(0, t.nwa - t.start) : t.size,
    open: open(t),
  }));
  const withData = tracks.filter((t) => !t.blank);
  const lastData = withData.at(-1);
  const lastSessionStart = lastData
    ? tracks.find((t) => t.session === lastData.session)?.start
    : undefined;
  const sessions = new Set(withData.map((t) => t.session)).size;
  const lastSessionOpen = status === "appendable" && disc.lastSessionState === 1 &&
    !!last && !last.blank;

  let nwa: number | undefined;
  let free = 0;
  if (status !== "closed" && last) {
    nwa = last.nwa;
    if (nwa !== undefined && (status === "blank" || last.blank)) nwa = Math.max(nwa, last.start);
    free = nwa === undefined ? 0 : last.free;
  }
  const damaged = !!last && last.damage;
  if (status === "closed") nwa = undefined;
  const used = status === "closed"
    ? Math.max(facts.capacity ?? 0, ...tracks.map((t) => t.start + t.size))
    : 0;
  const total = status === "closed"
    ? used
    : nwa !== undefined
    ? nwa + free
    : disc.lastPossibleLeadOut ?? 0;
  return finish(base, {
    status,
    blank: status === "blank",
    sessions,
    tracks: summaries,
    nextWritableAddress: nwa,
    freeSectors: free,
    totalSectors: total,
    lastSessionStart,
    lastSessionOpen,
    damaged,
    format: undefined,
  });
}
