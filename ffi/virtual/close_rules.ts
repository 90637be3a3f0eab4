/**
 * What ends a track or a session on sequential media (reference/mmc.md 3.11–3.14, 4.1–4.8):
 * the effects of SYNCHRONIZE CACHE (CD TAO tracks, CD SAO sessions and DVD-R DAO discs end
 * there), CLOSE TRACK/SESSION per close function and medium, and RESERVE TRACK.
 *
 * Layout of what follows a closed track or session:
 * - CD TAO: tracks shorter than 300 blocks are padded to 300 (LB-write minsize rule), the 2
 *   run-out blocks count in the track; the next track starts after a 150-block pregap; a new
 *   session starts 11,400 blocks after the first session's end and 6,900 after later ones.
 * - DVD-R/-RW: tracks end on 16-block boundaries, the next track starts 16 link blocks
 *   later, the next session 28,688 blocks after the border (captures in `disc_state.ts`).
 * - DVD+R: 16-block boundaries, no link blocks. A new session starts
 *   {@linkcode DVD_PLUS_SESSION_GAP} blocks later (a model value: no capture was found).
 * - BD-R SRM: 32-block (cluster) boundaries.
 *
 * @module
 */

import {
  CD_PREGAP,
  CD_RUN_OUT,
  CD_SESSION_GAP,
  discSpec,
  type DiscState,
  DVD_MINUS_BORDER,
  DVD_MINUS_LINK,
  growingTrack,
  openSession,
  recordingKind,
  roundUp,
  type TrackRecord,
} from "./disc_state.ts";
import { recordedEnd } from "./disc_views.ts";
import type { QuirkName } from "./drive_config.ts";
import { SENSE, SenseError } from "./sense_error.ts";
import type { WriteParameters } from "./write_parameters.ts";

/** DVD+R: blocks between a closed session and the next one (model value). */
export const DVD_PLUS_SESSION_GAP = 0x3000;
/** CD tracks are at least 4 s long. */
export const CD_MIN_TRACK = 300;

/** What the close rules need. */
export interface CloseContext {
  /** The disc. */
  disc: DiscState;
  /** Current page 05 (multi-session bits). */
  params: WriteParameters;
  /** Quirks in force. */
  quirks: ReadonlySet<QuirkName>;
}

const isPlusR = (d: DiscState) => d.profile === 0x001b || d.profile === 0x002b;
const isMinusR = (d: DiscState) => d.profile === 0x0011 || d.profile === 0x0014;

function endTrack(disc: DiscState, t: TrackRecord): void {
  if (t.closed) return;
  const cls = discSpec(disc).mediaClass;
  let size: number;
  if (t.reserved || t.writeType === "sao") size = t.size!;
  else if (cls === "cd") size = Math.max(t.recorded, CD_MIN_TRACK) + CD_RUN_OUT;
  else size = roundUp(t.recorded, discSpec(disc).blocking);
  t.size = size;
  t.closed = true;
  if (t.reserved || t.writeType === "sao") return;
  let next = t.start + size;
  if (cls === "cd") next += CD_PREGAP;
  else if (isMinusR(disc)) next += DVD_MINUS_LINK;
  disc.nextStart = Math.max(disc.nextStart, next);
}

/**
 * Effects of SYNCHRONIZE CACHE once the buffer is on the disc.
 *
 * @param ctx Disc and page 05.
 */
export function flushEffects(ctx: CloseContext): void {
  const { disc } = ctx;
  delete disc.inFlight;
  if (recordingKind(disc) !== "sequential" || ctx.params.testWrite) return;
  const cls = discSpec(disc).mediaClass;
  const growing = growingTrack(disc);
  if (cls === "cd" && growing?.writeType === "tao" && growing.recorded > 0) endTrack(disc, growing);
  if (disc.cue && disc.cue.next >= disc.cue.leadOut) {
    const leadOut = disc.cue.leadOut;
    delete disc.cue;
    for (const t of disc.tracks) endTrack(disc, t);
    disc.nextStart = leadOut;
    closeOpenSession(ctx, ctx.params.multiSession === 3);
  }
  const dao = disc.tracks.find((t) => t.writeType === "dao" && !t.closed);
  if (dao && dao.recorded >= dao.size!) {
    endTrack(disc, dao);
    closeOpenSession(ctx, false);
  }
}

function sessionEnd(disc: DiscState, session: number): number {
  let end = 0;
  for (const t of disc.tracks) if (t.session === session) end = Math.max(end, t.start + t.size!);
  return end;
}

function closeOpenSession(ctx: CloseContext, appendable: boolean): void {
  const { disc } = ctx;
  const session = openSession(disc);
  if (!session) return;
  for (const t of disc.tracks) if (t.session === session.number) endTrack(disc, t);
  session.closed = true;
  const end = sessionEnd(disc, session.number);
  const cls = discSpec(disc).mediaClass;
  let next = end;
  if (cls === "cd") next += CD_SESSION_GAP[session.number === 1 ? 0 : 1];
  else if (isMinusR(disc)) next += DVD_MINUS_BORDER;
  else if (isPlusR(disc)) next += DVD_PLUS_SESSION_GAP;
  else next = roundUp(end, discSpec(disc).blocking);
  const room = disc.capacity - next - (cls === "cd" ? CD_RUN_OUT + CD_MIN_TRACK : 0);
  if (!appendable || room <= 0) {
    disc.finalized = true;
    return;
  }
  disc.nextStart = next;
  disc.sessions.push({ number: session.number + 1, closed: false });
}

/** The ROM profile a closed write-once disc shows with quirk `close-shows-rom`. */
const ROM_PROFILE = { cd: 0x0008, dvd: 0x0010, bd: 0x0040 } as const;

/**
 * Whether the drive shows a recordable disc as read-only media (quirk `close-shows-rom`,
 * after a close).
 *
 * @param disc The disc.
 * @returns True when the profile is a ROM one but the medium is recordable.
 */
export function shownAsRom(disc: DiscState): boolean {
  return recordingKind(disc) === "rom" && discSpec(disc).kind !== "rom";
}

/**
 * Quirk `close-shows-rom` (tgt 1.0.85's MMC device, tests/guest/TGT_FINDINGS.md): a close of
 * a write-once disc that holds data closes the whole disc, and the drive shows it from then
 * on in the ROM profile of its class, with its recorded blocks as the capacity.
 */
function closeAsRom(ctx: CloseContext): void {
  const { disc } = ctx;
  const spec = discSpec(disc);
  const end = recordedEnd(disc);
  if (!ctx.quirks.has("close-shows-rom") || spec.erasable || end === 0) return;
  for (const t of disc.tracks) endTrack(disc, t);
  const open = openSession(disc);
  if (open && disc.tracks.some((t) => t.session === open.number)) open.closed = true;
  else if (open) disc.sessions.pop();
  disc.finalized = true;
  disc.capacity = end;
  disc.profile = ROM_PROFILE[spec.mediaClass];
}

/**
 * CLOSE TRACK/SESSION with close function 001b (close track).
 *
 * @param ctx Disc, page 05, quirks.
 * @param number Logical track number from CDB bytes 4–5.
 * @throws {SenseError} 5/24/00 for a track that cannot be closed or a medium without
 *   tracks; 5/2C/00 with quirk `cd-close-track-error` on CD.
 */
export function closeTrack(ctx: CloseContext, number: number): void {
  const { disc } = ctx;
  if (shownAsRom(disc)) return; // quirk close-shows-rom: GOOD, nothing to do
  if (recordingKind(disc) !== "sequential" || disc.finalized) {
    throw new SenseError(SENSE.invalidFieldInCdb, "CLOSE TRACK: no open track on this medium");
  }
  if (discSpec(disc).mediaClass === "cd" && ctx.quirks.has("cd-close-track-error")) {
    throw new SenseError(SENSE.commandSequenceError, "CLOSE TRACK on CD (drive quirk)");
  }
  const t = disc.tracks.find((t) => t.number === number);
  if (!t) {
    if (number === disc.tracks.length + 1) return; // the empty invisible track: nothing to close
    throw new SenseError(SENSE.invalidFieldInCdb, `CLOSE TRACK: there is no track ${number}`);
  }
  endTrack(disc, t);
  closeAsRom(ctx);
}

/**
 * CLOSE TRACK/SESSION with a session close or finalize function.
 *
 * @param ctx Disc, page 05, quirks.
 * @param fn Close function (CDB byte 2 bits 2..0): 000b stop BG format, 010b close session,
 *   011b close session (DVD+RW compatible), 101b finalize minimal radius, 110b finalize.
 * @throws {SenseError} 5/24/00 for a function the medium does not take; 5/2C/00 when there
 *   is nothing to close.
 */
export function closeSession(ctx: CloseContext, fn: number): void {
  const { disc } = ctx;
  if (shownAsRom(disc)) return; // quirk close-shows-rom: GOOD, nothing to do
  const kind = recordingKind(disc);
  const bad: (why: string) => never = (why) => {
    throw new SenseError(
      SENSE.invalidFieldInCdb,
      `CLOSE function ${fn.toString(2).padStart(3, "0")}b: ${why}`,
    );
  };
  if (kind === "overwrite") {
    if (disc.profile === 0x001a && [0, 2, 3].includes(fn)) {
      if (disc.format.state === "running") disc.format.state = "suspended";
      return;
    }
    if (disc.profile === 0x0013 && fn === 2) {
      if (disc.format.state === "intermediate") disc.format.state = "formatted";
      return;
    }
    bad("not valid for this medium");
  }
  if (kind === "rom") bad("the medium is not recordable");
  if (fn === 0 || fn === 3 || fn === 4 || fn === 7) bad("not valid for this medium");
  if ((fn === 5) && !isPlusR(disc)) bad("finalize with minimal radius is for DVD+R only");
  if (fn === 6 && !isPlusR(disc) && disc.profile !== 0x0041) bad("finalize is for DVD+R and BD-R");
  if (fn === 6 && disc.profile === 0x002b && ctx.quirks.has("dl-finalize-101")) {
    bad("this drive finalizes DVD+R DL only with 101b");
  }
  if (fn === 2 && disc.pow && ctx.quirks.has("pow-close-5-24")) {
    bad("the BD-R is formatted with POW");
  }
  if (disc.finalized) {
    throw new SenseError(SENSE.commandSequenceError, "CLOSE SESSION: the disc is already closed");
  }
  const session = openSession(disc)!;
  const inSession = disc.tracks.some((t) => t.session === session.number);
  if (!inSession) {
    if (disc.tracks.length === 0) {
      throw new SenseError(SENSE.commandSequenceError, "CLOSE SESSION: nothing is recorded");
    }
    if (fn === 5 || fn === 6 || ctx.params.multiSession !== 3) disc.finalized = true;
    if (disc.finalized) disc.sessions.pop();
    return;
  }
  const finalize = fn === 5 || fn === 6;
  const appendable = isPlusR(disc) || disc.profile === 0x0041
    ? !finalize
    : ctx.params.multiSession === 3;
  closeOpenSession(ctx, appendable);
  closeAsRom(ctx);
}

/**
 * RESERVE TRACK (53h, ARSV = 0): a fixed-size track at the NWA.
 *
 * @param ctx Disc, page 05, quirks.
 * @param size Reservation size in blocks.
 * @throws {SenseError} 5/2C/00 when the invisible track is not blank or DAO is asked on a
 *   written disc; 5/24/00 for size 0 or more than the free blocks.
 */
export function reserveTrack(ctx: CloseContext, size: number): void {
  const { disc, params } = ctx;
  if (recordingKind(disc) !== "sequential" || disc.finalized || !openSession(disc)) {
    throw new SenseError(
      SENSE.commandSequenceError,
      "RESERVE TRACK: the medium takes no reservations",
    );
  }
  const g = growingTrack(disc);
  if (g && g.recorded > 0) {
    throw new SenseError(
      SENSE.commandSequenceError,
      `RESERVE TRACK: track ${g.number} is being written`,
    );
  }
  const cls = discSpec(disc).mediaClass;
  const dao = isMinusR(disc) && params.writeType === 2;
  if (dao && (disc.tracks.length > 0 || disc.sessions.length > 1)) {
    throw new SenseError(SENSE.commandSequenceError, "RESERVE TRACK for DAO needs a blank disc");
  }
  const blocks = dao || cls === "cd" ? size : roundUp(size, discSpec(disc).blocking);
  const free = disc.capacity - disc.nextStart - (cls === "cd" ? CD_RUN_OUT : 0);
  if (size === 0 || blocks > free) {
    throw new SenseError(
      SENSE.invalidFieldInCdb,
      `RESERVE TRACK of ${size} blocks: ${free} blocks are free`,
    );
  }
  const start = disc.nextStart;
  disc.tracks.push({
    number: disc.tracks.length + 1,
    session: openSession(disc)!.number,
    start,
    recorded: 0,
    size: blocks,
    reserved: true,
    closed: false,
    damage: "none",
    audio: false,
    writeType: dao
      ? "dao"
      : cls === "cd"
      ? "tao"
      : isMinusR(disc)
      ? "incremental"
      : cls === "bd"
      ? "srm"
      : "plus",
  });
  let next = start + blocks;
  if (cls === "cd") next += CD_RUN_OUT + CD_PREGAP;
  else if (isMinusR(disc) && !dao) next += DVD_MINUS_LINK;
  disc.nextStart = next;
}
