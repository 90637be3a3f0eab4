/**
 * The write recipe for one burn, decided before any command that changes the disc: where
 * the data goes, how it is chunked and padded, what the Write Parameters page says, what
 * is reserved, formatted and closed afterwards (mmc.md §4.1–4.9). Pure: the burn engine
 * carries the plan out; tests check the plan per media.
 *
 * Closing follows IMAPI2's `ForceMediaToBeClosed`: by default a disc that can take
 * another session is left appendable; with `close: true` it is finalized. Overwritable
 * media have no sessions and are never "closed".
 *
 * @module
 */

import { InternalError } from "../model/errors.ts";
import type { MediaState } from "./media_state.ts";
import { mediaKind, type WriteRecipe } from "./media_type.ts";
import { NotEnoughSpaceError, UnsuitableMediaError } from "./recorder_errors.ts";

/** Write Parameters mode page 05h values (mmc.md §3.9), for the media that take one. */
export interface WriteParameters {
  /** 0 packet/incremental, 1 TAO, 2 SAO/DAO. */
  readonly writeType: number;
  /** Multi-session field: 0 (close the disc at CLOSE SESSION) or 3 (next session allowed). */
  readonly multiSession: number;
  /** Track mode: 4 CD data, 5 DVD. */
  readonly trackMode: number;
  /** Data block type: 8 = Mode 1, 2048 bytes. */
  readonly dataBlockType: number;
  /** Fixed packets (DVD-R incremental, restricted overwrite). */
  readonly fixedPacket: boolean;
  /** Packet size in blocks (16 for DVD fixed packets, else 0). */
  readonly packetSize: number;
  /** Link size valid and the link size (DVD-R incremental: 16). */
  readonly linkSize: number | undefined;
  /** Buffer-underrun-free recording. */
  readonly bufe: boolean;
  /** Audio pause length (CD: 150). */
  readonly audioPause: number;
}

/** One CLOSE TRACK/SESSION (mmc.md §3.12). */
export interface CloseStep {
  /** Close function: 0 stop background format, 1 track, 2 session, 5 finalize (minimal radius), 6 finalize. */
  readonly closeFunction: 0 | 1 | 2 | 5 | 6;
  /** Logical track number (close track), else 0. */
  readonly track: number;
  /** For messages: "close track 3". */
  readonly what: string;
}

/** Formatting needed before writing. */
export interface FormatNeed {
  /** Why ("DVD+RW was never formatted"). */
  readonly reason: string;
  /** Restart an interrupted DVD+RW background format (format 26h with Restart). */
  readonly restart: boolean;
}

/** What one burn does. */
export interface BurnPlan {
  /** The recipe of mmc.md §4. */
  readonly recipe: WriteRecipe;
  /** Human name of the recipe ("DVD+R, one session per burn"). */
  readonly description: string;
  /** First LBA written. */
  readonly startLba: number;
  /** Sectors of the image. */
  readonly imageSectors: number;
  /** Sectors written: the image plus padding (last chunk, CD minimum track, alignment). */
  readonly writeSectors: number;
  /** Sectors per WRITE(10): 16 (32 KiB) on CD/DVD, 32 (64 KiB) on BD. */
  readonly chunkSectors: number;
  /** WRITE addresses and lengths must be multiples of this (1, or 16 on DVD-RW RO). */
  readonly alignSectors: number;
  /** Mode page 05h, for CD, DVD-R/-RW and DVD-RW RO. */
  readonly writeParameters: WriteParameters | undefined;
  /** RESERVE TRACK of this many blocks first (DVD-R DAO). */
  readonly reserveSectors: number | undefined;
  /** Formatting before writing. */
  readonly format: FormatNeed | undefined;
  /** Speed command: SET CD SPEED (CD) or SET STREAMING (DVD, BD). */
  readonly speedCommand: "set-cd-speed" | "set-streaming";
  /** Track number the data goes into (for CLOSE TRACK). */
  readonly track: number;
  /** CLOSE steps after SYNCHRONIZE CACHE, in order. */
  readonly closeSteps: readonly CloseStep[];
  /** What the disc is after a successful burn. */
  readonly leaves: "appendable" | "closed" | "overwritable";
}

/** Drive capabilities the plan depends on (GET CONFIGURATION, current bits). */
export interface PlanCapabilities {
  /** Feature 0021h (Incremental Streaming Writable) is current: DVD-R/-RW incremental. */
  readonly incremental: boolean;
  /** Link size from feature 0021h, when listed and plausible. */
  readonly linkSize?: number;
  /** Feature 002Dh (CD Track at Once) is current. */
  readonly trackAtOnce: boolean;
}

/** Options of {@linkcode planBurn}. */
export interface PlanOptions {
  /** Finalize the disc (IMAPI `ForceMediaToBeClosed`). Default false. */
  readonly close?: boolean;
}

/** CD tracks hold at least 300 blocks (4 s), libburn pads shorter ones (mmc.md §3.14, §4.1). */
export const CD_MIN_TRACK_SECTORS = 300;

function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}

function page05(
  writeType: number,
  multi: boolean,
  trackMode: number,
  options: { fixedPacket?: boolean; linkSize?: number },
): WriteParameters {
  return {
    writeType,
    multiSession: multi ? 3 : 0,
    trackMode,
    dataBlockType: 8,
    fixedPacket: options.fixedPacket ?? false,
    packetSize: options.fixedPacket ? 16 : 0,
    linkSize: options.linkSize,
    bufe: true,
    audioPause: writeType === 1 ? 150 : 0,
  };
}

/**
 * Plan a burn of `imageSectors` sectors on the disc described by `state`.
 *
 * @param state The media state (from `Recorder.mediaState()`).
 * @param imageSectors Sectors of the image (2048 bytes each).
 * @param caps What the drive can do with this disc.
 * @param options `close` to finalize.
 * @returns The plan.
 * @throws {UnsuitableMediaError} When the disc cannot be written (no disc, closed, ROM, write-protected, damaged).
 * @throws {NotEnoughSpaceError} When the image does not fit, naming needed and free sectors.
 * @example
 * ```ts
 * import { planBurn } from "./burn_plan.ts";
 * import { classifyMedia } from "./media_state.ts";
 * const blank = classifyMedia({
 *   present: true, profile: 0x1b, writeProtected: false,
 *   disc: { erasable: false, discStatus: 0, lastSessionState: 0, sessions: 1, firstTrack: 1,
 *     lastTrackInLastSession: 1, bgFormatStatus: 0 },
 *   tracks: [{ number: 1, session: 1, start: 0, size: 2295104, free: 2295104, nwa: 0,
 *     blank: true, damage: false, reserved: false }],
 * });
 * const plan = planBurn(blank, 1000, { incremental: false, trackAtOnce: false });
 * if (plan.writeSectors !== 1008 || plan.leaves !== "appendable") throw new Error();
 * ```
 */
export function planBurn(
  state: MediaState,
  imageSectors: number,
  caps: PlanCapabilities,
  options: PlanOptions = {},
): BurnPlan {
  if (!state.writable) {
    throw new UnsuitableMediaError(
      `Cannot burn: ${state.notWritableReason ?? "the disc cannot be written"}`,
      { state },
    );
  }
  if (!Number.isInteger(imageSectors) || imageSectors <= 0) {
    throw new InternalError(`planBurn got ${imageSectors} image sectors`);
  }
  const kind = mediaKind(state.profile);
  const close = options.close === true;
  const start = state.nextWritableAddress ?? 0;
  const track = state.tracks.find((t) => t.open)?.number ??
    (state.tracks.at(-1)?.number ?? 0) + 1;
  const chunk = state.mediaClass === "bd" ? 32 : 16;
  let align = 1;
  let pad = chunk;
  let writeParameters: WriteParameters | undefined;
  let reserve: number | undefined;
  let format: FormatNeed | undefined;
  let closeSteps: CloseStep[] = [];
  let leaves: BurnPlan["leaves"] = close ? "closed" : "appendable";
  let description: string;
  const closeTrack: CloseStep = { closeFunction: 1, track, what: `close track ${track}` };
  const closeSession: CloseStep = { closeFunction: 2, track: 0, what: "close session" };

  switch (kind.recipe) {
    case "tao": {
      // §4.1: page 05 TAO, multi-session bits decide finalize vs appendable at CLOSE SESSION.
      if (!caps.trackAtOnce) {
        throw new UnsuitableMediaError(
          `Cannot burn: the drive does not offer track-at-once writing for this ${kind.media.toUpperCase()}`,
          { state },
        );
      }
      pad = 1;
      writeParameters = page05(1, !close, 4, {});
      closeSteps = [closeSession];
      description = `${kind.media.toUpperCase()}, track at once`;
      break;
    }
    case "dvd-minus": {
      const singleSession = kind.profile === 0x15; // DVD-R DL sequential: one session only
      if (caps.incremental) {
        // §4.3 incremental: fixed packets of 16, link size, close track then session.
        const multi = !close && !singleSession;
        writeParameters = page05(0, multi, 5, {
          fixedPacket: true,
          linkSize: caps.linkSize ?? 16,
        });
        closeSteps = [closeTrack, closeSession];
        if (!multi) leaves = "closed";
        description = `${kind.media.toUpperCase()}, incremental`;
      } else {
        // §4.3 DAO: only on a blank disc; RESERVE TRACK the exact size, no CLOSE; closes the disc.
        if (state.status !== "blank") {
          throw new UnsuitableMediaError(
            `Cannot burn: the ${kind.media.toUpperCase()} can only be written in DAO mode ` +
              "(no incremental recording after a quick blank) and DAO needs a blank disc",
            { state },
          );
        }
        pad = 1;
        writeParameters = page05(2, false, 5, {});
        leaves = "closed";
        description = `${kind.media.toUpperCase()}, disc at once`;
      }
      break;
    }
    case "restricted-overwrite": {
      // §4.4: 32 KiB-aligned random writes from LBA 0; page 05 packet, fixed 16.
      align = 16;
      writeParameters = page05(0, false, 5, { fixedPacket: true });
      leaves = "overwritable";
      description = "DVD-RW restricted overwrite";
      break;
    }
    case "dvd-plus-r": {
      // §4.5: no page 05; close track, then close session or finalize (101b).
      closeSteps = [
        closeTrack,
        close ? { closeFunction: 5, track: 0, what: "finalize the disc" } : closeSession,
      ];
      description = `${kind.media.toUpperCase()}, one session per burn`;
      break;
    }
    case "bd-r": {
      // §4.8: SRM; close track, then close session or finalize (110b).
      closeSteps = [
        closeTrack,
        close ? { closeFunction: 6, track: 0, what: "finalize the disc" } : closeSession,
      ];
      description = "BD-R sequential recording";
      break;
    }
    case "dvd-plus-rw": {
      // §4.6: format 26h if never formatted (background), restart if interrupted; after
      // the flush, end a background format we started with CLOSE 010b (libburn).
      if (state.format === "unformatted") {
        format = { reason: "the DVD+RW was never formatted", restart: false };
      } else if (state.format === "background-incomplete") {
        format = { reason: "the DVD+RW background format was interrupted", restart: true };
      }
      if (format) closeSteps = [closeSession];
      leaves = "overwritable";
      description = "DVD+RW";
      break;
    }
    case "dvd-ram": {
      align = 1;
      leaves = "overwritable";
      description = "DVD-RAM";
      break;
    }
    case "bd-re": {
      // §4.9: format first when unformatted; 64 KiB aligned writes; flush only.
      align = 32;
      if (state.format === "unformatted") {
        format = { reason: "the BD-RE is not formatted", restart: false };
      }
      leaves = "overwritable";
      description = "BD-RE";
      break;
    }
    default:
      throw new UnsuitableMediaError(
        `Cannot burn: kiln has no write recipe for ${kind.media}`,
        { state },
      );
  }
  if (start % align !== 0) {
    throw new InternalError(`next writable address ${start} is not aligned to ${align}`);
  }

  let writeSectors = roundUp(imageSectors, Math.max(pad, align));
  if (kind.recipe === "tao") writeSectors = Math.max(writeSectors, CD_MIN_TRACK_SECTORS);
  if (writeSectors > state.freeSectors) {
    throw new NotEnoughSpaceError(imageSectors, writeSectors, state);
  }
  if (kind.recipe === "dvd-minus" && writeParameters?.writeType === 2) reserve = writeSectors;
  return {
    recipe: kind.recipe,
    description,
    startLba: start,
    imageSectors,
    writeSectors,
    chunkSectors: chunk,
    alignSectors: align,
    writeParameters,
    reserveSectors: reserve,
    format,
    speedCommand: state.mediaClass === "cd" ? "set-cd-speed" : "set-streaming",
    track,
    closeSteps,
    leaves: kind.overwritable ? "overwritable" : leaves,
  };
}
