/**
 * Errors of the recorder layer, each saying whose fault it is:
 *
 * - {@linkcode UnsuitableMediaError}: the disc in the drive cannot take the operation (no
 *   disc, a closed or pressed disc, write-protected media). Nothing was written.
 * - {@linkcode NotEnoughSpaceError}: the image does not fit; names needed and free sectors.
 *   Nothing was written.
 * - {@linkcode BurnError}: the drive failed during a burn; names the LBA and the sense,
 *   how far the burn got, and what state the disc was left in.
 * - {@linkcode BurnCancelledError}: the caller's AbortSignal stopped the burn; says what
 *   state the disc was left in.
 * - {@linkcode VerifyError}: what was read back differs from the image (first bad LBA) or
 *   could not be read.
 *
 * Drive failures keep the MMC layer's `ScsiCommandError` as `cause`.
 *
 * @module
 */

import type { MediaState } from "./media_state.ts";

function mb(sectors: number): string {
  return `${((sectors * 2048) / 1e6).toFixed(1)} MB`;
}

/** Describe a state for messages: "appendable (2 sessions, 1200 sectors free)". */
export function describeState(state: MediaState): string {
  const name = state.media === "unknown" ? "disc" : state.media.toUpperCase();
  switch (state.status) {
    case "no-media":
      return "no disc";
    case "unsupported":
      return `${name}, unsupported (${state.notWritableReason ?? "unknown"})`;
    case "overwritable":
      return `${name}, overwritable (${state.totalSectors} sectors)`;
    case "blank":
      return `${name}, blank (${state.freeSectors} sectors free)`;
    case "closed":
      return `${name}, closed (${state.sessions} session${state.sessions === 1 ? "" : "s"})`;
    case "appendable": {
      const notes = [
        `${state.sessions} session${state.sessions === 1 ? "" : "s"}`,
        ...(state.lastSessionOpen ? ["the last one still open"] : []),
        ...(state.damaged ? ["the last track damaged"] : []),
        `next writable address ${state.nextWritableAddress ?? "none"}`,
        `${state.freeSectors} sectors free`,
      ];
      return `${name}, appendable (${notes.join(", ")})`;
    }
  }
}

/** The disc in the drive cannot take the operation. Nothing was written. */
export class UnsuitableMediaError extends Error {
  /** The media state that was found. */
  readonly state: MediaState | undefined;
  /**
   * Create an unsuitable-media error.
   *
   * @param message What cannot be done and why.
   * @param options The state found, and a cause.
   */
  constructor(message: string, options: { state?: MediaState; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.state = options.state;
  }
  /** The error class name. */
  override name = "UnsuitableMediaError";
}

/** The image is larger than the free space. Nothing was written. */
export class NotEnoughSpaceError extends UnsuitableMediaError {
  /** Sectors the image needs (with padding). */
  readonly neededSectors: number;
  /** Sectors free on the disc. */
  readonly freeSectors: number;
  /**
   * Create a not-enough-space error; the message names both figures.
   *
   * @param imageSectors Sectors of the image.
   * @param neededSectors Sectors the burn would write (image plus padding).
   * @param state The media state.
   */
  constructor(imageSectors: number, neededSectors: number, state: MediaState) {
    const padded = neededSectors === imageSectors ? "" : ` (${neededSectors} with padding)`;
    super(
      `Cannot burn: the image needs ${imageSectors} sectors${padded} (${
        mb(neededSectors)
      }), the ${state.media.toUpperCase()} has ${state.freeSectors} free (${
        mb(state.freeSectors)
      }); nothing was written`,
      { state },
    );
    this.neededSectors = neededSectors;
    this.freeSectors = state.freeSectors;
  }
  /** The error class name. */
  override name = "NotEnoughSpaceError";
}

/** Where a failed or cancelled burn left things. */
export interface BurnStopInfo {
  /** The LBA of the failing command (WRITE) or where writing stopped. */
  readonly lba: number | undefined;
  /** Sectors written (and acknowledged) before the stop. */
  readonly sectorsWritten: number;
  /** Sectors the burn meant to write. */
  readonly totalSectors: number;
  /** The disc's state afterwards, when it could be read. */
  readonly stateAfter: MediaState | undefined;
  /** The underlying failure (a ScsiCommandError, TransportError, or the abort reason). */
  readonly cause?: unknown;
}

/** The drive failed during a burn. */
export class BurnError extends Error {
  /** The LBA named by the failure. */
  readonly lba: number | undefined;
  /** Sectors written before the failure. */
  readonly sectorsWritten: number;
  /** Sectors the burn meant to write. */
  readonly totalSectors: number;
  /** The disc's state afterwards. */
  readonly stateAfter: MediaState | undefined;
  /**
   * Create a burn error.
   *
   * @param message What failed, with the LBA and sense.
   * @param info Where the burn stopped.
   */
  constructor(message: string, info: BurnStopInfo) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.lba = info.lba;
    this.sectorsWritten = info.sectorsWritten;
    this.totalSectors = info.totalSectors;
    this.stateAfter = info.stateAfter;
  }
  /** The error class name. */
  override name = "BurnError";
}

/** The caller cancelled the burn. */
export class BurnCancelledError extends Error {
  /** Sectors written before the stop. */
  readonly sectorsWritten: number;
  /** Sectors the burn meant to write. */
  readonly totalSectors: number;
  /** The disc's state afterwards. */
  readonly stateAfter: MediaState | undefined;
  /**
   * Create a cancellation error.
   *
   * @param message What was done on the way out.
   * @param info Where the burn stopped; `cause` is the signal's reason.
   */
  constructor(message: string, info: BurnStopInfo) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.sectorsWritten = info.sectorsWritten;
    this.totalSectors = info.totalSectors;
    this.stateAfter = info.stateAfter;
  }
  /** The error class name. */
  override name = "BurnCancelledError";
}

/** What was read back is not the image. */
export class VerifyError extends Error {
  /** The first LBA that differs or could not be read. */
  readonly lba: number;
  /** "mismatch" (read, but different) or "unreadable". */
  readonly kind: "mismatch" | "unreadable";
  /**
   * Create a verification error.
   *
   * @param message What differs, naming the LBA.
   * @param options The LBA, the kind, and a cause (the read error).
   */
  constructor(
    message: string,
    options: { lba: number; kind: "mismatch" | "unreadable"; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.lba = options.lba;
    this.kind = options.kind;
  }
  /** The error class name. */
  override name = "VerifyError";
}
