/**
 * READ TOC/PMA/ATIP (43h; reference/mmc.md 3.8). The format comes from byte 2, or from
 * byte 9 bits 7..6 when byte 2 is 0 (old hosts).
 *
 * - Format 0 (TOC) and 1 (session information): the tracks of closed sessions on CD (the
 *   open session is only in the PMA), recorded tracks on DVD/BD, with the lead-out (AAh) at
 *   the end of the readable area. A disc with nothing readable answers 5/24/00, as a blank
 *   CD-RW does (udftools #33).
 * - Format 2 (full TOC): CD only; A0h/A1h/A2h and track points per closed session, and B0h
 *   (next program area, last possible lead-out) while the disc is appendable.
 * - Format 4 (ATIP): recordable CDs only; pressed media answer 5/24/00.
 * - Other formats (3 PMA, 5 CD-TEXT): 5/24/00.
 *
 * @module
 */

import {
  buildReadTocResponse,
  buildReadTocSessionInfoResponse,
  effectiveTocFormat,
  leadOutTrack,
  parseReadTocCdb,
  type TocTrack,
} from "../../../src/mmc/commands/read_toc.ts";
import {
  buildReadTocAtipResponse,
  buildReadTocFullTocResponse,
  type FullTocEntry,
  TocPoint,
} from "../../../src/mmc/commands/read_toc_full.ts";
import { lbaToMsf } from "../../../src/mmc/msf.ts";
import { discSpec, type DiscState, recordingKind, type TrackRecord } from "../disc_state.ts";
import { readableBlocks } from "../disc_views.ts";
import { SENSE, SenseError } from "../sense_error.ts";
import { cdbFields, type CommandEntry, fit } from "./command_entry.ts";

/** Tracks a reader sees: on CD those of closed sessions, elsewhere every recorded track. */
function visibleTracks(disc: DiscState): TrackRecord[] {
  if (recordingKind(disc) === "overwrite") {
    // formatted overwritable media: one track over the formatted size (the "fabricated TOC"
    // of DVD+RW and DVD-RAM captures: track 1 at 0, lead-out at the capacity)
    if (disc.format.state === "unformatted") return [];
    const c = disc.capacity;
    return [{
      number: 1,
      session: 1,
      start: 0,
      recorded: c,
      size: c,
      reserved: false,
      closed: true,
      damage: "none",
      audio: false,
      writeType: "dao",
    }];
  }
  const cd = discSpec(disc).mediaClass === "cd";
  return disc.tracks.filter((t) =>
    t.recorded > 0 && (!cd || disc.sessions[t.session - 1]?.closed === true)
  );
}

function tocTrack(t: TrackRecord): TocTrack {
  return { adr: 1, control: t.audio ? 0 : 4, track: t.number, lba: t.start };
}

function invalid(why: string, byte = 2): never {
  throw new SenseError(SENSE.invalidFieldInCdb, `READ TOC/PMA/ATIP: ${why}`, {
    fieldPointer: { inCdb: true, byte },
  });
}

function fullToc(disc: DiscState, tracks: TrackRecord[]): FullTocEntry[] {
  const entries: FullTocEntry[] = [];
  const sessions = [...new Set(tracks.map((t) => t.session))];
  const entry = (
    session: number,
    control: number,
    point: number,
    pm: number[],
    adr = 1,
    ms = [0, 0, 0],
  ) =>
    entries.push({
      session,
      adr,
      control,
      tno: 0,
      point,
      min: ms[0]!,
      sec: ms[1]!,
      frame: ms[2]!,
      zero: 0,
      pmin: pm[0]!,
      psec: pm[1]!,
      pframe: pm[2]!,
    });
  const msf = (lba: number) => {
    const m = lbaToMsf(lba);
    return [m.m, m.s, m.f];
  };
  for (const s of sessions) {
    const inS = tracks.filter((t) => t.session === s);
    const first = inS[0]!;
    const last = inS[inS.length - 1]!;
    const control = first.audio ? 0 : 4;
    entry(s, control, TocPoint.firstTrack, [first.number, 0, 0]);
    entry(s, control, TocPoint.lastTrack, [last.number, 0, 0]);
    entry(s, control, TocPoint.leadOut, msf(last.start + last.size!));
    for (const t of inS) entry(s, t.audio ? 0 : 4, t.number, msf(t.start));
    const appendable = !disc.finalized && s === sessions[sessions.length - 1];
    if (appendable) {
      entry(
        s,
        control,
        TocPoint.nextProgramArea,
        msf(discSpec(disc).leadOut),
        5,
        msf(disc.nextStart),
      );
    }
  }
  return entries;
}

const readToc: CommandEntry = {
  opcode: 0x43,
  name: "READ TOC/PMA/ATIP",
  direction: "in",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields(parseReadTocCdb, req.cdb);
    const disc = drive.loaded!;
    const spec = discSpec(disc);
    const format = effectiveTocFormat(f);
    if (format === 4) {
      if (spec.mediaClass !== "cd" || spec.kind === "rom") invalid("no ATIP on this medium");
      const atip = buildReadTocAtipResponse({
        writingPower: 4,
        ddcd: false,
        referenceSpeed: 1,
        unrestrictedUse: true,
        rewritable: spec.erasable,
        discSubType: 0,
        leadInStart: lbaToMsf(spec.leadIn),
        leadOutStart: lbaToMsf(spec.leadOut),
      });
      return fit(atip, f.allocationLength);
    }
    if (format > 2) invalid(`format ${format} is not supported`);
    const tracks = visibleTracks(disc);
    if (tracks.length === 0) invalid("the disc has no readable track");
    if (format === 2) {
      if (spec.mediaClass !== "cd") invalid("the full TOC is for CD media");
      const sessions = tracks.map((t) => t.session);
      return fit(
        buildReadTocFullTocResponse({
          firstSession: Math.min(...sessions),
          lastSession: Math.max(...sessions),
          entries: fullToc(disc, tracks),
        }),
        f.allocationLength,
      );
    }
    const leadOut: TocTrack = {
      adr: 1,
      control: tracks[0]!.audio ? 0 : 4,
      track: leadOutTrack,
      lba: readableBlocks(disc),
    };
    if (format === 1) {
      const lastSession = Math.max(...tracks.map((t) => t.session));
      const first = tracks.find((t) => t.session === lastSession)!;
      return fit(
        buildReadTocSessionInfoResponse({
          firstSession: 1,
          lastSession,
          firstTrackInLastSession: tocTrack(first),
        }, f.msf),
        f.allocationLength,
      );
    }
    const from = f.trackSession;
    const lastNumber = tracks[tracks.length - 1]!.number;
    if (from > lastNumber && from !== leadOutTrack) invalid(`track ${from} does not exist`, 6);
    const listed = from === leadOutTrack
      ? []
      : tracks.filter((t) => t.number >= from).map(tocTrack);
    return fit(
      buildReadTocResponse({
        firstTrack: tracks[0]!.number,
        lastTrack: lastNumber,
        tracks: [...listed, leadOut],
      }, f.msf),
      f.allocationLength,
    );
  },
};

/** The commands of this file. */
export const tocCommands: readonly CommandEntry[] = [readToc];
