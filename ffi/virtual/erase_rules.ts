/**
 * BLANK, FORMAT UNIT and READ FORMAT CAPACITIES per medium (reference/mmc.md 3.16–3.18,
 * 4.4, 4.6–4.9).
 *
 * - BLANK: CD-RW and DVD-RW only (Pioneer BDR-203 4.1), types 000b full and 001b minimal.
 *   Other media answer 5/30/06 (an iHBS212 answered 05/30/06 to a quick blank of BD-R and
 *   CD-R, udftools #67). A DVD-RW ends sequential (profile 14h); after a minimal blank only
 *   DAO is possible (feature 0021h not current; LB-cook, myce report).
 * - FORMAT UNIT: DVD+RW 26h (background format, the disc is writable at once; Restart bit
 *   resumes a suspended one); DVD-RW 00h/10h full, 15h quick (intermediate state until CLOSE
 *   SESSION), 11h/13h grow; DVD-RAM 00h/01h; BD-RE 00h, 30h (sub-types 00b quick reformat,
 *   01b no certification, 10b full, 11b quick certification), 31h; BD-R 00h/32h on a blank
 *   disc, sub-type 00b SRM+POW or 01b SRM without POW (10b RRM is not offered). Media that
 *   cannot be formatted answer 5/30/06; a descriptor the drive does not offer 5/26/00.
 *
 * @module
 */

import { createDisc, discSpec, type DiscState, recordingKind } from "./disc_state.ts";
import { type FormatOffer, mediaSpec } from "./media_catalogue.ts";
import { SENSE, SenseError } from "./sense_error.ts";

/** What an erase changes beyond the disc state. */
export interface EraseOutcome {
  /** The backing file's user data is gone (truncate it). */
  clearsData: boolean;
  /** How long the operation takes at 1x real time, as a share of a full-surface pass (0..1). */
  surface: number;
}

/**
 * BLANK (A1h).
 *
 * @param disc The disc (changed in place).
 * @param type Blanking type (CDB byte 1 bits 2..0).
 * @returns What else happens.
 * @throws {SenseError} 7/27/00 write protected; 5/30/06 not blankable; 5/24/00 a type the
 *   drive does not support.
 */
export function blank(disc: DiscState, type: number): EraseOutcome {
  if (disc.writeProtected) {
    throw new SenseError(SENSE.writeProtected, "BLANK: the medium is write protected");
  }
  const physical = disc.media === "dvd-rw-ro" ? "dvd-rw" : disc.media;
  if (physical !== "cd-rw" && physical !== "dvd-rw") {
    throw new SenseError(
      SENSE.cannotFormatIncompatible,
      `BLANK: ${discSpec(disc).title} cannot be blanked`,
    );
  }
  if (type !== 0 && type !== 1) {
    throw new SenseError(
      SENSE.invalidFieldInCdb,
      `BLANK: blanking type ${type.toString(2)}b is not supported`,
    );
  }
  Object.assign(disc, createDisc(physical), {
    writeProtected: disc.writeProtected,
    media: disc.media,
  });
  delete disc.cue;
  delete disc.inFlight;
  disc.profile = mediaSpec(physical).profile;
  disc.format = { state: "unformatted", type: -1 };
  disc.incremental = type === 0;
  return { clearsData: true, surface: type === 0 ? 1 : 0.02 };
}

/** A decoded FORMAT UNIT request (CDB plus the format descriptor). */
export interface FormatRequest {
  /** Format descriptor type (byte 8 bits 7..2). */
  type: number;
  /** Sub-type (byte 8 bits 1..0). */
  subtype: number;
  /** Number of blocks (bytes 4–7). */
  blocks: number;
  /** Type dependent parameter (bytes 9–11). */
  param: number;
}

function offers(disc: DiscState): readonly FormatOffer[] {
  return mediaSpec(disc.media).formats;
}

function notOffered(req: FormatRequest): never {
  throw new SenseError(
    SENSE.invalidFieldInParameters,
    `FORMAT UNIT: format type ${
      req.type.toString(16).padStart(2, "0")
    }h sub-type ${req.subtype} for ${req.blocks} blocks is not offered`,
  );
}

/**
 * FORMAT UNIT (04h) with one format descriptor.
 *
 * @param disc The disc (changed in place).
 * @param req The format asked for.
 * @returns What else happens; `surface` 0 for a background format (DVD+RW).
 * @throws {SenseError} As listed in the module doc.
 */
export function format(disc: DiscState, req: FormatRequest): EraseOutcome {
  if (disc.writeProtected) {
    throw new SenseError(SENSE.writeProtected, "FORMAT UNIT: the medium is write protected");
  }
  const physical = disc.media === "dvd-rw-ro" ? "dvd-rw" : disc.media;
  const list = offers(disc);
  const matches = (t: number) => list.some((o) => o.type === t);
  switch (physical) {
    case "dvd+rw": {
      if (req.type !== 0x26) notOffered(req);
      const restart = (req.param & 1) === 1;
      if (restart && disc.format.state === "suspended") {
        disc.format.state = "running";
        return { clearsData: false, surface: 0 };
      }
      disc.format = { state: "running", type: 0x26 };
      disc.written = 0;
      return { clearsData: true, surface: 0 };
    }
    case "dvd-rw": {
      const grow = req.type === 0x11 || req.type === 0x13;
      if (![0x00, 0x10, 0x15].includes(req.type) && !grow) notOffered(req);
      if (grow && disc.profile !== 0x0013) notOffered(req);
      if (req.blocks > mediaSpec("dvd-rw").capacity && req.blocks !== 0xffffffff) notOffered(req);
      if (grow) {
        disc.format = { state: "formatted", type: req.type };
        return { clearsData: false, surface: 0.02 };
      }
      const fresh = createDisc("dvd-rw");
      Object.assign(disc, fresh, { writeProtected: disc.writeProtected, media: disc.media });
      delete disc.cue;
      delete disc.inFlight;
      disc.profile = 0x0013;
      disc.format = { state: req.type === 0x15 ? "intermediate" : "formatted", type: req.type };
      return { clearsData: true, surface: req.type === 0x15 ? 0.02 : 1 };
    }
    case "dvd-ram":
    case "bd-re": {
      const offer = list.find((o) =>
        o.type === req.type && (o.blocks === req.blocks || req.type === 0x30)
      );
      if (!offer) notOffered(req);
      let blocks = offer.blocks;
      if (req.type === 0x30) {
        const sizes = list.filter((o) => o.type === 0x30).map((o) => o.blocks);
        if (req.blocks < Math.min(...sizes) || req.blocks > Math.max(...sizes)) notOffered(req);
        blocks = req.blocks;
      }
      const quick = physical === "bd-re" && req.type === 0x30 && req.subtype === 0;
      disc.format = { state: "formatted", type: req.type };
      disc.capacity = blocks;
      if (!quick) disc.written = 0;
      const certify = physical === "dvd-ram" || (req.type === 0x30 && req.subtype >= 2);
      return { clearsData: !quick, surface: certify ? 1 : 0.02 };
    }
    case "bd-r": {
      if (!matches(req.type) || (req.type !== 0x00 && req.type !== 0x32)) notOffered(req);
      if (req.subtype > 1) notOffered(req);
      if (disc.tracks.length > 0 || disc.format.state !== "unformatted") {
        throw new SenseError(SENSE.commandSequenceError, "FORMAT UNIT: the BD-R is not blank");
      }
      const offer = list.find((o) =>
        o.type === req.type && (req.type === 0 || o.blocks === req.blocks)
      );
      if (!offer) notOffered(req);
      disc.capacity = offer.blocks;
      disc.pow = req.subtype === 0;
      disc.format = { state: "formatted", type: req.type };
      return { clearsData: false, surface: 0.02 };
    }
    default:
      throw new SenseError(
        SENSE.cannotFormatIncompatible,
        `FORMAT UNIT: ${discSpec(disc).title} cannot be formatted`,
      );
  }
}

/** READ FORMAT CAPACITIES answer (MMC-5 6.24.3). */
export interface FormatCapacities {
  /** Current/maximum capacity in blocks. */
  blocks: number;
  /** Descriptor type: 1 unformatted, 2 formatted, 3 no media or unknown. */
  descriptorType: 1 | 2 | 3;
  /** Block length of the current descriptor. */
  blockLength: number;
  /** Formattable capacity descriptors. */
  formats: readonly FormatOffer[];
}

/**
 * What READ FORMAT CAPACITIES reports for the loaded disc (no disc: type 3, no formats).
 *
 * @param disc The disc, or undefined for an empty tray.
 * @returns The capacity list.
 */
export function formatCapacities(disc: DiscState | undefined): FormatCapacities {
  if (!disc) return { blocks: 0, descriptorType: 3, blockLength: 2048, formats: [] };
  const spec = mediaSpec(disc.media);
  const kind = recordingKind(disc);
  let formats = spec.formats;
  if (disc.profile === 0x0013 && disc.format.state === "formatted") {
    formats = [...formats, { type: 0x13, subtype: 0, blocks: disc.capacity, param: 0x10 }];
  }
  if (disc.media === "bd-r" && (disc.tracks.length > 0 || disc.format.state !== "unformatted")) {
    formats = [];
  }
  if (kind === "overwrite") {
    if (disc.format.state === "intermediate") {
      return { blocks: disc.capacity, descriptorType: 3, blockLength: 2048, formats: spec.formats };
    }
    const formatted = disc.format.state !== "unformatted";
    return {
      blocks: formatted ? disc.capacity : spec.unformatted,
      descriptorType: formatted ? 2 : 1,
      blockLength: 2048,
      formats,
    };
  }
  if (kind === "rom") {
    return { blocks: disc.capacity, descriptorType: 2, blockLength: 2048, formats: [] };
  }
  const formatted = disc.format.state === "formatted";
  return {
    blocks: formatted ? disc.capacity : spec.unformatted,
    descriptorType: formatted ? 2 : 1,
    blockLength: 2048,
    formats,
  };
}
