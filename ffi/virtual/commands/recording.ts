/**
 * SYNCHRONIZE CACHE, CLOSE TRACK/SESSION, RESERVE TRACK and BLANK (reference/mmc.md
 * 3.11–3.13, 3.16) on top of the close and erase rules, with their modelled durations:
 *
 * - SYNCHRONIZE CACHE: the buffer's contents at the write speed; busy 2/04/08. At the end
 *   the data file is flushed to the host's storage (fdatasync) and the sidecar written.
 * - CLOSE TRACK: 2 s. CLOSE SESSION: CD lead-in (4500 blocks) and lead-out (6750 blocks
 *   after the first session, 2250 after later ones) at the write speed; DVD-R the 28,688
 *   border blocks; DVD+R 3 s, finalize 30 s; BD-R 2 s, finalize 10 s; busy 2/04/07
 *   (Pioneer BDR-203 4.2).
 * - BLANK: minimal 30 s, full one pass over the disc at the write speed; busy 2/04/07
 *   (Pioneer BDR-203 4.1). RESERVE TRACK has no Immed bit and completes at once.
 *
 * @module
 */

import { parseBlankCdb } from "../../../src/mmc/commands/blank.ts";
import { parseCloseTrackSessionCdb } from "../../../src/mmc/commands/close_track_session.ts";
import { parseReserveTrackCdb } from "../../../src/mmc/commands/reserve_track.ts";
import { parseSynchronizeCacheCdb } from "../../../src/mmc/commands/synchronize_cache.ts";
import { closeSession, closeTrack, flushEffects, reserveTrack } from "../close_rules.ts";
import { discSpec, openSession } from "../disc_state.ts";
import { blank } from "../erase_rules.ts";
import { SENSE, SenseError } from "../sense_error.ts";
import { cdbFields, type CommandEntry } from "./command_entry.ts";
import { recordingMs, runLong } from "./long_operation.ts";

const synchronizeCache: CommandEntry = {
  opcode: 0x35,
  name: "SYNCHRONIZE CACHE",
  direction: "none",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  async run(ctx) {
    const f = cdbFields(parseSynchronizeCacheCdb, ctx.req.cdb);
    const { drive } = ctx;
    const ms = drive.time.flushTime() + 200;
    const wc = drive.writeContext();
    drive.store.sync();
    flushEffects(wc);
    drive.dirty = true;
    await runLong(
      ctx,
      "SYNCHRONIZE CACHE",
      drive.busyCode(SENSE.longWriteInProgress),
      ms,
      f.immed,
      () => drive.time.flushed(),
    );
  },
};

function closeMs(ctx: Parameters<CommandEntry["run"]>[0], fn: number): number {
  const { drive } = ctx;
  const disc = drive.loaded!;
  const speed = drive.writeSpeed();
  const cls = discSpec(disc).mediaClass;
  if (fn === 1) return 2000;
  if (cls === "cd") {
    const first = (openSession(disc)?.number ?? 1) === 1;
    return recordingMs(4500 + (first ? 6750 : 2250), speed, 2352);
  }
  if (disc.profile === 0x0011 || disc.profile === 0x0014) return recordingMs(28_688, speed);
  if (cls === "bd") return fn === 6 ? 10_000 : 2000;
  if (disc.profile === 0x001a) return fn === 0 ? 1000 : 5000;
  return fn === 5 || fn === 6 ? 30_000 : 3000;
}

const closeTrackSession: CommandEntry = {
  opcode: 0x5b,
  name: "CLOSE TRACK/SESSION",
  direction: "none",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  async run(ctx) {
    const f = cdbFields(parseCloseTrackSessionCdb, ctx.req.cdb);
    const { drive } = ctx;
    const ms = closeMs(ctx, f.closeFunction);
    const wc = drive.writeContext();
    if (wc.disc.writeProtected) {
      throw new SenseError(SENSE.writeProtected, "CLOSE: the medium is write protected");
    }
    if (f.closeFunction === 1) closeTrack(wc, f.trackNumber);
    else closeSession(wc, f.closeFunction);
    drive.dirty = true;
    await runLong(
      ctx,
      "CLOSE TRACK/SESSION",
      drive.busyCode(SENSE.operationInProgress),
      ms,
      f.immed,
    );
  },
};

const reserve: CommandEntry = {
  opcode: 0x53,
  name: "RESERVE TRACK",
  direction: "none",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields(parseReserveTrackCdb, req.cdb);
    if (f.arsv) {
      throw new SenseError(
        SENSE.invalidFieldInCdb,
        "RESERVE TRACK: address reservations are not supported",
        {
          fieldPointer: { inCdb: true, byte: 1, bit: 0 },
        },
      );
    }
    const wc = drive.writeContext();
    if (wc.disc.writeProtected) {
      throw new SenseError(SENSE.writeProtected, "RESERVE TRACK: the medium is write protected");
    }
    reserveTrack(wc, f.reservationSize);
    drive.dirty = true;
  },
};

const blankCommand: CommandEntry = {
  opcode: 0xa1,
  name: "BLANK",
  direction: "none",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  async run(ctx) {
    const f = cdbFields(parseBlankCdb, ctx.req.cdb);
    const { drive } = ctx;
    const disc = drive.loaded!;
    const fullPass = recordingMs(
      discSpec(disc).capacity,
      drive.writeSpeed(),
      discSpec(disc).mediaClass === "cd" ? 2352 : 2048,
    );
    const out = blank(disc, f.blankingType);
    if (out.clearsData) drive.store.truncate(0);
    drive.dirty = true;
    drive.applySpeed();
    await runLong(
      ctx,
      "BLANK",
      drive.busyCode(SENSE.operationInProgress),
      out.surface >= 1 ? fullPass : 30_000,
      f.immed,
    );
  },
};

/** The commands of this file. */
export const recordingCommands: readonly CommandEntry[] = [
  synchronizeCache,
  closeTrackSession,
  reserve,
  blankCommand,
];
