/**
 * SEND CUE SHEET (5Dh) on the drive side: the session layout the drive takes from the cue
 * sheet entries (MMC-5 6.33.3; reference/mmc.md 3.14; entries decoded by the MMC layer's
 * `send_cue_sheet.ts`) for CD SAO.
 *
 * Accepted: data forms 00h (CD-DA), 01h (audio pause), 10h (Mode 1 data), 14h (data pause)
 * and the CD-TEXT lead-in forms 41h/54h; entries in non-decreasing MSF order, a lead-in entry
 * (TNO 0) first and the lead-out (AAh) last; every track at least 300 blocks. Anything else
 * ends with 5/26/00; a list that is not a multiple of 8 bytes with 5/1A/00.
 *
 * @module
 */

import { parseCueSheet as parseCueEntries } from "../../src/mmc/commands/send_cue_sheet.ts";
import { type CueLayout, discSpec, type DiscState, recordingKind } from "./disc_state.ts";
import { SENSE, SenseError } from "./sense_error.ts";

const FORMS = new Set([0x00, 0x01, 0x10, 0x14, 0x41, 0x54]);

function bad(why: string): never {
  throw new SenseError(SENSE.invalidFieldInParameters, `SEND CUE SHEET: ${why}`);
}

/**
 * Read a cue sheet into a session layout.
 *
 * @param bytes The parameter list.
 * @param capacity Blocks available on the disc.
 * @returns The layout (with `next` at the first entry after the lead-in).
 * @throws {SenseError} 5/1A/00 for a length not a multiple of 8; 5/26/00 for entries the
 *   drive does not take.
 */
export function parseCueSheet(bytes: Uint8Array, capacity: number): CueLayout {
  if (bytes.length === 0 || bytes.length % 8 !== 0) {
    throw new SenseError(
      SENSE.parameterListLength,
      `SEND CUE SHEET: ${bytes.length} bytes is not a whole number of entries`,
    );
  }
  const entries = parseCueEntries(bytes);
  const timed = entries.filter((e) => e.adr === 1);
  const first = timed[0];
  const last = timed[timed.length - 1];
  if (!first || first.track !== 0) bad("the first entry must be the lead-in (TNO 00)");
  if (!last || last.track !== 0xaa) bad("the last entry must be the lead-out (TNO AAh)");
  let prev = -Infinity;
  const tracks: CueLayout["tracks"] = [];
  let firstWrite: number | undefined;
  for (const e of timed) {
    if (!FORMS.has(e.dataForm)) bad(`data form ${e.dataForm.toString(16)}h is not supported`);
    if (e.sec > 59 || e.frame > 74) bad(`MSF ${e.min}:${e.sec}:${e.frame} is not valid`);
    const lba = (e.min * 60 + e.sec) * 75 + e.frame - 150;
    if (lba < prev) bad("entries must be in increasing time order");
    prev = lba;
    if (e.track === 0 || e.track === 0xaa) continue;
    if (e.track > 99) bad(`track number ${e.track} is not valid`);
    firstWrite ??= lba;
    if (e.index === 1) {
      tracks.push({ number: e.track, start: lba, audio: (e.control & 4) === 0 });
    }
  }
  const leadOut = (last.min * 60 + last.sec) * 75 + last.frame - 150;
  if (tracks.length === 0) bad("no track has an index 01 entry");
  if (tracks[0]!.start - firstWrite! < 150) bad("the first track needs a 2 s pregap");
  for (let i = 0; i < tracks.length; i++) {
    const end = tracks[i + 1]?.start ?? leadOut;
    if (end - tracks[i]!.start < 300) bad(`track ${tracks[i]!.number} is shorter than 300 blocks`);
  }
  if (leadOut > capacity) bad(`the lead-out at ${leadOut} is past the disc capacity ${capacity}`);
  return { tracks, leadOut, next: firstWrite! };
}

/**
 * Take a cue sheet: the disc must be a blank CD (or an appendable one with quirk
 * `sao-appendable`) and page 05 must say SAO.
 *
 * @param disc The disc (changed in place: the SAO tracks are created).
 * @param layout The parsed cue sheet.
 * @param writeType Page 05 write type.
 * @param allowAppendable Quirk `sao-appendable`.
 * @throws {SenseError} 5/2C/00 when the state does not allow SAO.
 */
export function applyCueSheet(
  disc: DiscState,
  layout: CueLayout,
  writeType: number,
  allowAppendable: boolean,
): void {
  if (
    discSpec(disc).mediaClass !== "cd" || recordingKind(disc) !== "sequential" || disc.finalized
  ) {
    throw new SenseError(SENSE.commandSequenceError, "SEND CUE SHEET needs a recordable CD");
  }
  if (writeType !== 2) {
    throw new SenseError(
      SENSE.commandSequenceError,
      "SEND CUE SHEET needs write type SAO in page 05",
    );
  }
  const blank = disc.tracks.length === 0 && disc.sessions.length === 1;
  if (!blank && !allowAppendable) {
    throw new SenseError(SENSE.commandSequenceError, "SEND CUE SHEET: SAO needs a blank disc");
  }
  if (disc.tracks.some((t) => !t.closed)) {
    throw new SenseError(SENSE.commandSequenceError, "SEND CUE SHEET: a track is still open");
  }
  if (layout.next < disc.nextStart - 150) {
    throw new SenseError(
      SENSE.invalidFieldInParameters,
      "SEND CUE SHEET: the session starts before the next writable address",
    );
  }
  const session = disc.sessions[disc.sessions.length - 1]!.number;
  layout.tracks.forEach((t, i) => {
    const end = layout.tracks[i + 1]?.start ?? layout.leadOut;
    disc.tracks.push({
      number: disc.tracks.length + 1,
      session,
      start: t.start,
      recorded: 0,
      size: end - t.start,
      reserved: false,
      closed: false,
      damage: "none",
      audio: t.audio,
      writeType: "sao",
    });
  });
  disc.cue = layout;
}
