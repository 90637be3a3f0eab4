/**
 * Write speeds: the list a drive supports for the loaded disc (IMAPI2's
 * `SupportedWriteSpeeds` / `SupportedWriteSpeedDescriptors`), built from GET PERFORMANCE
 * type 03h descriptors or, when the drive fails or answers nonsense, from the write speed
 * descriptors of mode page 2Ah (mmc.md §3.19, §3.9), and the choice of one speed for a
 * burn. Pure.
 *
 * Drive quirks handled (mmc.md §6 knob 10): empty lists, zero speeds (Lite-On), CD speeds
 * listed for DVD media (NEC), duplicates, unsorted lists.
 *
 * @module
 */

import { InvalidInputError } from "../model/errors.ts";
import type { MediaClass } from "../model/media_defaults.ts";

/** 1× in kB/s (1000 bytes) per media class: CD 176.4, DVD 1385, BD 4495.5. */
export const ONE_X_KBPS: Readonly<Record<MediaClass, number>> = {
  cd: 176.4,
  dvd: 1385,
  bd: 4495.5,
};

/** One supported write speed. */
export interface WriteSpeed {
  /** Speed in kB/s (1000 bytes per second), as MMC reports it. */
  readonly kBps: number;
  /** The same as a multiple of 1× for the media class ("16x"), rounded to one decimal. */
  readonly multiple: number;
  /** Sectors of 2048 bytes per second. */
  readonly sectorsPerSecond: number;
  /** Constant angular velocity (CAV: the speed is reached at the outer edge) or CLV. */
  readonly rotation: "clv" | "cav";
  /** Where it came from. */
  readonly source: "get-performance" | "mode-page-2a";
}

/** A raw speed descriptor (GET PERFORMANCE 03h or page 2Ah). */
export interface RawSpeedDescriptor {
  /** Write speed in kB/s. */
  readonly writeKBps: number;
  /** Rotation control: 0 CLV, 1 CAV. */
  readonly rotationControl: number;
}

function multipleOf(kBps: number, media: MediaClass): number {
  return Math.round((kBps / ONE_X_KBPS[media]) * 10) / 10;
}

/**
 * Turn raw descriptors into a clean list, fastest first.
 *
 * @param descriptors GET PERFORMANCE type 03h write speeds, or page 2Ah descriptors.
 * @param media The loaded disc's class (to drop CD speeds reported for a DVD or BD).
 * @param source Which command they came from.
 * @returns Distinct, plausible speeds, fastest first.
 * @example
 * ```ts
 * import { normalizeWriteSpeeds } from "./write_speeds.ts";
 * const list = normalizeWriteSpeeds(
 *   [{ writeKBps: 5540, rotationControl: 0 }, { writeKBps: 0, rotationControl: 0 },
 *    { writeKBps: 11080, rotationControl: 1 }, { writeKBps: 5540, rotationControl: 0 }],
 *   "dvd", "get-performance");
 * if (list.map((s) => s.multiple).join() !== "8,4") throw new Error();
 * ```
 */
export function normalizeWriteSpeeds(
  descriptors: readonly RawSpeedDescriptor[],
  media: MediaClass,
  source: WriteSpeed["source"],
): WriteSpeed[] {
  const oneX = ONE_X_KBPS[media];
  const seen = new Map<number, WriteSpeed>();
  for (const d of descriptors) {
    const kBps = d.writeKBps;
    // Below 0.9× of the class's 1× is a CD speed listed for a DVD or BD (NEC), or zero.
    if (!Number.isFinite(kBps) || kBps <= 0 || kBps < oneX * 0.9) continue;
    if (kBps > oneX * 64) continue; // no drive writes faster than 64×: garbage
    if (seen.has(kBps)) continue;
    seen.set(kBps, {
      kBps,
      multiple: multipleOf(kBps, media),
      sectorsPerSecond: (kBps * 1000) / 2048,
      rotation: d.rotationControl === 1 ? "cav" : "clv",
      source,
    });
  }
  return [...seen.values()].sort((a, b) => b.kBps - a.kBps);
}

/** A requested speed: "max", a multiple ("8x" / 8), or kB/s ("5540kB"). */
export type SpeedRequest = "max" | number | string;

/**
 * Parse a speed the user typed: `max`, `8x` or `8` (a multiple of 1×), `5540kB` (kB/s).
 *
 * @param text The text.
 * @param media The media class, for multiples.
 * @returns The speed in kB/s, or "max".
 * @throws {InvalidInputError} When it is not a speed.
 */
export function parseSpeed(text: SpeedRequest, media: MediaClass): number | "max" {
  if (text === "max") return "max";
  if (typeof text === "number") {
    if (!(text > 0)) throw new InvalidInputError(`Cannot use speed ${text}: it must be positive`);
    return text * ONE_X_KBPS[media];
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*(x|kb|kb\/s|kbps)?\s*$/i.exec(text);
  if (!m) {
    throw new InvalidInputError(
      `Cannot use speed ${
        JSON.stringify(text)
      }: give max, a multiple such as 8x, or kB/s such as 5540kB`,
    );
  }
  const n = Number(m[1]);
  if (!(n > 0)) {
    throw new InvalidInputError(`Cannot use speed ${JSON.stringify(text)}: it must be positive`);
  }
  return m[2] && m[2].toLowerCase() !== "x" ? n : n * ONE_X_KBPS[media];
}

/**
 * Choose the speed to burn at: the fastest supported speed not above the request (drives
 * round down the same way, mmc.md §6 knob 11), or the slowest supported one when the
 * request is below all of them. Without a list, the request itself (or "max").
 *
 * @param supported The drive's list (fastest first).
 * @param request kB/s or "max".
 * @returns kB/s to send, or "max" (0xFFFF / the streaming maximum).
 */
export function chooseWriteSpeed(
  supported: readonly WriteSpeed[],
  request: number | "max",
): number | "max" {
  if (supported.length === 0) return request;
  if (request === "max") return supported[0]!.kBps;
  const fit = supported.find((s) => s.kBps <= request * 1.01);
  return (fit ?? supported[supported.length - 1]!).kBps;
}
