/**
 * READ CAPACITY, READ DISC INFORMATION and READ TRACK INFORMATION, derived from the disc
 * state (reference/mmc.md 3.5–3.7).
 *
 * - READ CAPACITY: last readable LBA (0 on a blank or unformatted disc, Pioneer BDR-203
 *   4.17), block length 2048.
 * - READ DISC INFORMATION: data type 0 only (others 5/24/00). CD lead-in/lead-out as MSF in
 *   bytes 17–19 / 21–23 (ATIP values on a blank disc), other media LBAs; both FFFFFFFFh on a
 *   complete disc (Pioneer BDR-203 4.18).
 * - READ TRACK INFORMATION: by LBA, track or session number; track FFh (the invisible track)
 *   only on CD and DVD+R (MMC-5 6.27, mmc.md 3.6), else 5/24/00. Quirks `nwa-150` and
 *   `rti-full-5-24`.
 *
 * @module
 */

import {
  buildReadCapacityResponse,
  parseReadCapacityCdb,
} from "../../../src/mmc/commands/read_capacity.ts";
import {
  buildReadDiscInformationResponse,
  parseReadDiscInformationCdb,
} from "../../../src/mmc/commands/read_disc_information.ts";
import {
  buildReadTrackInformationResponse,
  parseReadTrackInformationCdb,
  TrackAddressType,
} from "../../../src/mmc/commands/read_track_information.ts";
import { lbaToMsf } from "../../../src/mmc/msf.ts";
import { discSpec, type DiscState, recordingKind } from "../disc_state.ts";
import {
  discStatus,
  lastSessionState,
  readableBlocks,
  type TrackView,
  trackViews,
} from "../disc_views.ts";
import type { DriveModel } from "../drive_model.ts";
import { SENSE, SenseError } from "../sense_error.ts";
import { cdbFields, type CommandEntry, fit } from "./command_entry.ts";

const COMPLETE = 0xffffffff;

function msfField(lba: number): number {
  const m = lbaToMsf(lba);
  return (m.m << 16) | (m.s << 8) | m.f;
}

/** Background format status of READ DISC INFORMATION byte 7 (DVD+RW). */
function bgStatus(disc: DiscState): number {
  if (disc.profile !== 0x001a) return 0;
  return {
    unformatted: 0,
    suspended: 1,
    running: 2,
    formatted: 3,
    intermediate: 0,
  }[disc.format.state];
}

/**
 * Disc information values for the loaded disc.
 *
 * @param disc The disc.
 * @returns The fields of the standard disc information.
 */
export function discInformation(
  disc: DiscState,
): Parameters<typeof buildReadDiscInformationResponse>[0] {
  const spec = discSpec(disc);
  const views = trackViews(disc);
  const status = discStatus(disc);
  const cd = spec.mediaClass === "cd";
  const last = views[views.length - 1];
  const lastSession = last?.session ?? 1;
  const firstInLast = views.find((v) => v.session === lastSession)?.number ?? 1;
  const kind = recordingKind(disc);
  let leadIn: number;
  let leadOut: number;
  if (status === 2 || kind === "rom") {
    [leadIn, leadOut] = [COMPLETE, COMPLETE];
  } else if (cd) {
    const first = disc.sessions.length === 1;
    leadIn = msfField(first ? spec.leadIn : disc.nextStart - 150 - 4500);
    leadOut = msfField(spec.leadOut);
  } else {
    leadIn = kind === "overwrite" ? 0 : last?.start ?? 0;
    leadOut = disc.capacity;
  }
  return {
    erasable: spec.erasable,
    lastSessionState: lastSessionState(disc),
    discStatus: status,
    firstTrack: 1,
    sessions: Math.max(1, disc.sessions.length),
    firstTrackInLastSession: firstInLast,
    lastTrackInLastSession: last?.number ?? 1,
    unrestrictedUse: cd,
    bgFormatStatus: bgStatus(disc),
    discType: 0,
    lastSessionLeadIn: leadIn,
    lastPossibleLeadOut: leadOut,
  };
}

function trackMode(disc: DiscState, v: TrackView): number {
  if (v.audio) return 0;
  if (discSpec(disc).mediaClass === "cd") return v.packet ? 7 : 4;
  return disc.profile === 0x0011 || disc.profile === 0x0014 ? 5 : 4;
}

/**
 * The track READ TRACK INFORMATION addresses.
 *
 * @param drive The drive (for quirks).
 * @param type Address/number type.
 * @param address LBA, track or session number.
 * @returns The track.
 * @throws {SenseError} 5/24/00 for an address that names no track.
 */
export function addressedTrack(drive: DriveModel, type: number, address: number): TrackView {
  const disc = drive.loaded!;
  const views = trackViews(disc);
  const none: (why: string) => never = (why) => {
    throw new SenseError(SENSE.invalidFieldInCdb, `READ TRACK INFORMATION: ${why}`, {
      fieldPointer: { inCdb: true, byte: 2 },
    });
  };
  if (drive.config.quirks.has("rti-full-5-24") && discStatus(disc) === 2) none("the disc is full");
  let v: TrackView | undefined;
  if (type === TrackAddressType.lba) {
    const lba = address | 0;
    v = views.find((t) => lba >= t.start && lba < t.start + t.size);
  } else if (type === TrackAddressType.track) {
    if (address === 0xff) {
      const plusOrCd = discSpec(disc).mediaClass === "cd" || disc.profile === 0x001b ||
        disc.profile === 0x002b;
      if (!plusOrCd) none("track FFh is valid only on CD and DVD+R");
      v = views.find((t) => t.invisible) ?? views[views.length - 1];
    } else v = views.find((t) => t.number === address);
  } else if (type === TrackAddressType.session) {
    v = views.find((t) => t.session === address);
  } else none(`address type ${type} is reserved`);
  if (!v) none(`no track at ${type === 0 ? "LBA" : type === 1 ? "track" : "session"} ${address}`);
  return v;
}

const readCapacity: CommandEntry = {
  opcode: 0x25,
  name: "READ CAPACITY",
  direction: "in",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    cdbFields(parseReadCapacityCdb, req.cdb);
    const blocks = readableBlocks(drive.loaded!);
    return buildReadCapacityResponse({ lastLba: Math.max(0, blocks - 1), blockLength: 2048 });
  },
};

const readDiscInformation: CommandEntry = {
  opcode: 0x51,
  name: "READ DISC INFORMATION",
  direction: "in",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields(parseReadDiscInformationCdb, req.cdb);
    if (f.dataType !== 0) {
      throw new SenseError(
        SENSE.invalidFieldInCdb,
        `READ DISC INFORMATION: data type ${f.dataType} is not supported`,
        {
          fieldPointer: { inCdb: true, byte: 1, bit: 2 },
        },
      );
    }
    return fit(
      buildReadDiscInformationResponse(discInformation(drive.loaded!)),
      f.allocationLength,
    );
  },
};

const readTrackInformation: CommandEntry = {
  opcode: 0x52,
  name: "READ TRACK INFORMATION",
  direction: "in",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields(parseReadTrackInformationCdb, req.cdb);
    const disc = drive.loaded!;
    const v = addressedTrack(drive, f.addressType, f.address);
    let nwa = v.nwa;
    if (
      nwa === v.start && v.invisible && discStatus(disc) === 0 && drive.config.quirks.has("nwa-150")
    ) {
      nwa = -150;
    }
    const reply = buildReadTrackInformationResponse({
      track: v.number,
      session: v.session,
      damage: v.damaged,
      trackMode: trackMode(disc, v),
      reserved: v.reserved,
      blank: v.blank,
      packet: v.packet,
      fixedPacket: v.fixedPacket,
      dataMode: v.blank || v.audio ? 0xf : 1,
      lraValid: v.lra !== undefined,
      nwaValid: nwa !== undefined,
      trackStart: v.start,
      nextWritableAddress: nwa ?? 0,
      freeBlocks: v.free,
      fixedPacketSize: v.packetSize,
      trackSize: v.size,
      lastRecordedAddress: v.lra ?? 0,
    });
    return fit(reply, f.allocationLength);
  },
};

/** The commands of this file. */
export const discInfoCommands: readonly CommandEntry[] = [
  readCapacity,
  readDiscInformation,
  readTrackInformation,
];
