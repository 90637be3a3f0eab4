/**
 * WRITE(10)/(12) rules per media class (reference/mmc.md 3.10, 4.1–4.9, 6.1): where a write
 * may go, what it changes on the disc, and the sense a real drive answers when it may not.
 *
 * Checks, in the order a drive makes them:
 * 1. write-protected medium → 7/27/00; pressed medium → 5/30/05.
 * 2. the transfer carries fewer bytes than blocks × block size → 5/24/00 (mmc.md 3.10).
 * 3. overwritable media: unformatted BD-RE (or DVD+RW with quirk `no-auto-format`) →
 *    5/30/10; past the formatted size → 5/21/00; DVD-RW restricted overwrite needs 32 KiB
 *    alignment (LB-cook) → 5/21/02 for the address, 5/24/00 for the length.
 * 4. sequential media: a finalized disc has no NWA → 5/21/02; an LBA past the disc → 5/21/00;
 *    DVD-RW incremental after a minimal blank → 5/64/00 (myce report, mmc.md 4.12); DAO and
 *    SAO without RESERVE TRACK / SEND CUE SHEET → 5/2C/00; an LBA other than the NWA →
 *    5/21/02; a write running past the track's free blocks → 5/63/00.
 * BD-R with POW also takes writes below the NWA (pseudo-overwrite, mmc.md 3.10).
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
  type TrackWriteType,
} from "./disc_state.ts";
import type { QuirkName } from "./drive_config.ts";
import { SENSE, SenseError } from "./sense_error.ts";
import { writeBlockSize, type WriteParameters } from "./write_parameters.ts";

/** What a write rule needs to know. */
export interface WriteContext {
  /** The disc. */
  disc: DiscState;
  /** Current page 05. */
  params: WriteParameters;
  /** Quirks in force. */
  quirks: ReadonlySet<QuirkName>;
}

/** A write the drive accepted, before it is applied. */
export interface WritePlan {
  /** First block. */
  lba: number;
  /** Block count. */
  blocks: number;
  /** Bytes per block. */
  blockSize: number;
  /** Blocks of the transfer that land in the user area (CD SAO pregap blocks do not). */
  skip: number;
  /** The track it extends (sequential media; absent: the invisible track, created on commit). */
  track: TrackRecord | undefined;
  /** Pseudo-overwrite below the NWA (BD-R POW): the NWA does not move. */
  overwrite: boolean;
  /** Test write: checked, not recorded. */
  simulated: boolean;
}

function fail(code: typeof SENSE[keyof typeof SENSE], why: string, lba: number): never {
  throw new SenseError(code, why, { information: lba >>> 0 });
}

/**
 * Decide whether the drive takes a WRITE.
 *
 * @param ctx Disc, page 05 and quirks.
 * @param lba First block (signed: CD SAO starts at -150).
 * @param blocks Transfer length in blocks.
 * @param bytes Bytes the host sent.
 * @returns The accepted write.
 * @throws {SenseError} With the condition a drive reports.
 */
export function planWrite(
  ctx: WriteContext,
  lba: number,
  blocks: number,
  bytes: number,
): WritePlan {
  const { disc, params } = ctx;
  const spec = discSpec(disc);
  const kind = recordingKind(disc);
  if (disc.writeProtected) fail(SENSE.writeProtected, "the medium is write protected", lba);
  if (kind === "rom") fail(SENSE.cannotWriteIncompatible, `${spec.title} is not recordable`, lba);
  const saoAudio = disc.cue !== undefined && params.writeType === 2 &&
    (disc.tracks.find((t) => t.writeType === "sao" && lba < t.start + t.size!) ??
        disc.tracks.at(-1))?.audio === true;
  const blockSize = saoAudio ? 2352 : writeBlockSize(params, spec.mediaClass);
  if (bytes < blocks * blockSize) {
    fail(
      SENSE.invalidFieldInCdb,
      `${blocks} blocks of ${blockSize} bytes need ${blocks * blockSize} bytes, got ${bytes}`,
      lba,
    );
  }
  const plan = {
    lba,
    blocks,
    blockSize,
    skip: 0,
    track: undefined,
    overwrite: false,
    simulated: params.testWrite && spec.mediaClass !== "bd" && kind === "sequential" &&
      disc.profile !== 0x001b && disc.profile !== 0x002b,
  };
  if (kind === "overwrite") return planOverwrite(ctx, plan);
  return planSequential(ctx, plan);
}

function planOverwrite(ctx: WriteContext, plan: WritePlan): WritePlan {
  const { disc } = ctx;
  const { lba, blocks } = plan;
  if (disc.format.state === "unformatted") {
    const autoFormats = disc.profile === 0x001a && !ctx.quirks.has("no-auto-format");
    if (!autoFormats) fail(SENSE.mediumNotFormatted, "the medium needs FORMAT UNIT first", lba);
  }
  if (lba < 0 || lba + blocks > disc.capacity) {
    fail(
      SENSE.lbaOutOfRange,
      `blocks ${lba}..${lba + blocks - 1} pass the formatted size ${disc.capacity}`,
      lba,
    );
  }
  if (disc.profile === 0x0013) {
    if (lba % 16 !== 0) {
      fail(SENSE.invalidAddressForWrite, `LBA ${lba} is not on a 32 KiB boundary`, lba);
    }
    if (blocks % 16 !== 0) {
      fail(SENSE.invalidFieldInCdb, `${blocks} blocks is not a multiple of 32 KiB`, lba);
    }
  }
  return plan;
}

function writeTypeOf(ctx: WriteContext): TrackWriteType {
  const { disc, params } = ctx;
  const cls = discSpec(disc).mediaClass;
  if (cls === "bd") return "srm";
  if (disc.profile === 0x001b || disc.profile === 0x002b) return "plus";
  if (cls === "cd") {
    return params.writeType === 1 ? "tao" : params.writeType === 2 ? "sao" : "packet";
  }
  return params.writeType === 2 ? "dao" : "incremental";
}

function planSequential(ctx: WriteContext, plan: WritePlan): WritePlan {
  const { disc, params } = ctx;
  const { lba, blocks } = plan;
  const cls = discSpec(disc).mediaClass;
  if (disc.finalized || !openSession(disc)) {
    fail(
      SENSE.invalidAddressForWrite,
      "the disc is closed: there is no next writable address",
      lba,
    );
  }
  const type = writeTypeOf(ctx);
  if (type === "sao") return planSao(ctx, plan);
  if (lba < 0 || lba >= disc.capacity) {
    fail(SENSE.lbaOutOfRange, `LBA ${lba} is outside the disc (0..${disc.capacity - 1})`, lba);
  }
  if (type === "incremental" && disc.profile === 0x0014 && !disc.incremental) {
    fail(
      SENSE.illegalModeForTrack,
      "incremental recording needs a fully blanked DVD-RW (only DAO after a minimal blank)",
      lba,
    );
  }
  const runOut = cls === "cd" ? CD_RUN_OUT : 0;
  const reserved = disc.tracks.find((t) =>
    t.reserved && !t.closed && t.damage !== "unwritable" && lba === t.start + t.recorded
  );
  if (type === "dao" && !reserved && !disc.tracks.some((t) => t.reserved && !t.closed)) {
    fail(SENSE.commandSequenceError, "DAO recording needs RESERVE TRACK first", lba);
  }
  if (reserved) {
    if (reserved.recorded + blocks > reserved.size!) {
      fail(
        SENSE.endOfUserArea,
        `the write passes the end of reserved track ${reserved.number}`,
        lba,
      );
    }
    return { ...plan, track: reserved };
  }
  const growing = growingTrack(disc);
  if (growing) {
    const nwa = growing.start + growing.recorded;
    if (disc.pow && lba >= growing.start && lba + blocks <= nwa) {
      return { ...plan, track: growing, overwrite: true };
    }
    if (growing.damage === "unwritable") {
      fail(SENSE.invalidAddressForWrite, `track ${growing.number} is damaged and has no NWA`, lba);
    }
    if (lba !== nwa) {
      fail(
        SENSE.invalidAddressForWrite,
        `WRITE at ${lba} while the next writable address is ${nwa}`,
        lba,
      );
    }
    if (lba + blocks > disc.capacity - runOut) {
      fail(
        SENSE.endOfUserArea,
        `the write passes the last writable block ${disc.capacity - runOut - 1}`,
        lba,
      );
    }
    return { ...plan, track: growing };
  }
  if (disc.pow) {
    const t = disc.tracks.find((t) => lba >= t.start && lba + blocks <= t.start + t.recorded);
    if (t) return { ...plan, track: t, overwrite: true };
  }
  if (lba !== disc.nextStart) {
    fail(
      SENSE.invalidAddressForWrite,
      `WRITE at ${lba} while the next writable address is ${disc.nextStart}`,
      lba,
    );
  }
  if (lba + blocks > disc.capacity - runOut) {
    fail(
      SENSE.endOfUserArea,
      `the write passes the last writable block ${disc.capacity - runOut - 1}`,
      lba,
    );
  }
  void params;
  return plan;
}

function planSao(ctx: WriteContext, plan: WritePlan): WritePlan {
  const cue = ctx.disc.cue;
  const { lba, blocks } = plan;
  if (!cue) fail(SENSE.commandSequenceError, "SAO recording needs SEND CUE SHEET first", lba);
  if (lba !== cue.next) {
    fail(
      SENSE.invalidAddressForWrite,
      `SAO WRITE at ${lba} while the drive expects ${cue.next}`,
      lba,
    );
  }
  if (lba + blocks > cue.leadOut) {
    fail(SENSE.endOfUserArea, `the write passes the lead-out at ${cue.leadOut}`, lba);
  }
  return { ...plan, skip: Math.max(0, Math.min(blocks, -lba)) };
}

/**
 * Apply an accepted write to the disc state (the data itself goes to the backing file).
 *
 * @param ctx Disc, page 05 and quirks.
 * @param plan The accepted write.
 * @returns The track written (sequential media).
 */
export function commitWrite(ctx: WriteContext, plan: WritePlan): TrackRecord | undefined {
  const { disc } = ctx;
  if (plan.simulated) return plan.track;
  if (recordingKind(disc) === "overwrite") {
    disc.written = Math.max(disc.written, plan.lba + plan.blocks);
    if (disc.format.state === "unformatted") disc.format = { state: "running", type: 0x26 };
    disc.inFlight ??= 0;
    return undefined;
  }
  const type = writeTypeOf(ctx);
  if (type === "sao") return commitSao(disc, plan);
  let track = plan.track;
  if (!track) {
    track = {
      number: disc.tracks.length + 1,
      session: openSession(disc)!.number,
      start: plan.lba,
      recorded: 0,
      reserved: false,
      closed: false,
      damage: "none",
      audio: discSpec(disc).mediaClass === "cd" && ctx.params.dataBlockType === 0,
      writeType: type,
    };
    disc.tracks.push(track);
  }
  if (!plan.overwrite) track.recorded += plan.blocks;
  disc.inFlight ??= track.number;
  return track;
}

function commitSao(disc: DiscState, plan: WritePlan): TrackRecord | undefined {
  const cue = disc.cue!;
  cue.next = plan.lba + plan.blocks;
  let last: TrackRecord | undefined;
  for (const t of disc.tracks) {
    if (t.writeType !== "sao" || t.closed) continue;
    const end = t.start + t.size!;
    const upto = Math.min(end, cue.next) - t.start;
    if (upto > t.recorded) t.recorded = upto;
    if (upto > 0) last = t;
  }
  disc.inFlight ??= last?.number ?? 0;
  return last;
}
