/**
 * The drive's current Write Parameters mode page (05h, MMC-5 7.5; reference/mmc.md 3.9) as
 * a value, its power-on defaults, and the checks a MODE SELECT must pass. The byte layout is
 * the MMC layer's; this module only decides what the drive accepts.
 *
 * Defaults follow the Pioneer BDR-203 Command Reference (4.12.2.5): BUFE 1, LS_V 1, link
 * size 10h (DVD) or 7 (CD), write type 0 (packet/incremental), test write 0, FP 0.
 * Accepted values (a MODE SELECT outside them ends with 5/26/00 INVALID FIELD IN PARAMETER
 * LIST, as drives reject a bad page 05 — see the cdrwtool reports in udftools #33):
 * - write type: CD 0 packet, 1 TAO, 2 SAO (RAW 3 is not offered: feature 002Eh RAW = 0);
 *   DVD-R/-RW sequential 0 incremental, 2 DAO; other media ignore page 05 (MMC-5 7.5.3).
 * - multi-session 00b, 01b, 11b (10b is reserved).
 * - data block type: CD 0 (2352 raw audio), 8 (Mode 1), 10 (Mode 2 Form 1); DVD 8 only.
 * - LS_V = 1 needs link size 7 (CD) or 16 (DVD); FP = 1 on DVD needs packet size 16.
 * - quirk `page05-strict` (Panasonic LF-D310, mmc.md 6 #15): DVD-R incremental also needs
 *   track mode 5, FP = 1 and packet size 16.
 *
 * @module
 */

import type { WriteParameters } from "../../src/mmc/write_parameters_page.ts";

import type { MediaClass } from "./media_catalogue.ts";
import { SENSE, SenseError } from "./sense_error.ts";

/** The page as the MMC layer's field table describes it (`src/mmc/write_parameters_page.ts`). */
export type { WriteParameters };

/** Page length the drive reports for page 05 (MMC-3/5: 32h). */
export const PAGE05_LENGTH = 0x32;

/**
 * The power-on (and post-reset) page 05.
 *
 * @param mediaClass Class of the loaded medium (CD gets link size 7).
 * @returns Fresh parameters.
 */
export function defaultWriteParameters(mediaClass: MediaClass | undefined): WriteParameters {
  const cd = mediaClass === "cd";
  return {
    savable: false,
    pageCode: 0x05,
    pageLength: PAGE05_LENGTH,
    bufe: true,
    linkSizeValid: true,
    testWrite: false,
    writeType: 0,
    multiSession: 0,
    fixedPacket: false,
    copy: false,
    trackMode: cd ? 4 : 5,
    dataBlockType: 8,
    linkSize: cd ? 7 : 16,
    hostApplicationCode: 0,
    sessionFormat: 0,
    packetSize: cd ? 0 : 16,
    audioPauseLength: 150,
    mediaCatalogNumber: new Uint8Array(16),
    isrc: new Uint8Array(16),
    subHeader: new Uint8Array(4),
    vendorSpecific: new Uint8Array(4),
  };
}

/** What page 05 validation depends on. */
export interface PageContext {
  /** The medium's class, or undefined with an empty tray. */
  mediaClass: MediaClass | undefined;
  /** Current profile (0 with no medium). */
  profile: number;
  /** `page05-strict` quirk. */
  strict: boolean;
}

const DVD_MINUS_PROFILES = new Set([0x0011, 0x0014]);

function bad(why: string): never {
  throw new SenseError(SENSE.invalidFieldInParameters, `MODE SELECT page 05: ${why}`);
}

/**
 * Check a page 05 sent with MODE SELECT against what the drive supports for the loaded
 * medium. Media that ignore page 05 (DVD+R, DVD+RW, DVD-RAM, DVD-RW restricted overwrite, BD;
 * MMC-5 7.5.3, Pioneer BDR-203 4.12.2.5) take any values of the generic fields.
 *
 * @param p The page as sent.
 * @param ctx The medium.
 * @throws {SenseError} 5/26/00 for a value the drive does not take.
 */
export function validateWriteParameters(p: WriteParameters, ctx: PageContext): void {
  if (p.multiSession === 2) bad("multi-session 10b is reserved");
  if (p.writeType > 4) bad(`write type ${p.writeType} is reserved`);
  const cd = ctx.mediaClass === "cd";
  const dvdMinus = DVD_MINUS_PROFILES.has(ctx.profile);
  if (cd) {
    if (p.writeType === 3) bad("RAW recording is not supported by this drive");
    if (p.writeType === 4) bad("layer jump recording needs DVD-R DL media");
    if (![0, 8, 10].includes(p.dataBlockType)) {
      bad(`data block type ${p.dataBlockType} is not supported (0, 8 or 10)`);
    }
    if (p.linkSizeValid && p.linkSize !== 7) bad(`link size ${p.linkSize} on CD (must be 7)`);
    if (p.fixedPacket && p.writeType === 0 && p.packetSize === 0) bad("fixed packets of size 0");
  } else if (dvdMinus) {
    if (p.writeType !== 0 && p.writeType !== 2) {
      bad(`write type ${p.writeType} on DVD-R/-RW (0 incremental or 2 DAO)`);
    }
    if (p.dataBlockType !== 8) bad(`data block type ${p.dataBlockType} on DVD (must be 8)`);
    if (p.linkSizeValid && p.linkSize !== 16) bad(`link size ${p.linkSize} on DVD (must be 16)`);
    if (p.fixedPacket && p.packetSize !== 16) {
      bad(`packet size ${p.packetSize} on DVD (must be 16)`);
    }
    if (
      ctx.strict && p.writeType === 0 &&
      (p.trackMode !== 5 || !p.fixedPacket || p.packetSize !== 16)
    ) {
      bad("incremental DVD-R recording needs track mode 5 and fixed packets of 16 (strict drive)");
    }
  }
}

/**
 * Block size of a WRITE for the loaded medium and page 05: 2352 for CD-DA, else 2048.
 *
 * @param p Current page 05.
 * @param mediaClass Medium class.
 * @returns Bytes per block.
 */
export function writeBlockSize(p: WriteParameters, mediaClass: MediaClass): number {
  return mediaClass === "cd" && p.dataBlockType === 0 ? 2352 : 2048;
}
