/**
 * CD addresses in minutes, seconds and frames (75 frames a second) and their LBAs:
 * `LBA = (M*60 + S)*75 + F - 150` for M < 90 and `- 450150` for M >= 90 (lead-in addresses,
 * which are negative). MMC-5 (LBA to MSF translation); reference/mmc.md 0.1.
 *
 * @module
 */

/** A CD address in minutes, seconds, frames. */
export interface Msf {
  /** Minutes (0-99). */
  readonly m: number;
  /** Seconds (0-59). */
  readonly s: number;
  /** Frames (0-74). */
  readonly f: number;
}

/**
 * The LBA of an MSF address.
 *
 * @param msf The address.
 * @returns The LBA (negative in the lead-in).
 * @example
 * ```ts
 * import { msfToLba } from "./msf.ts";
 * if (msfToLba({ m: 0, s: 2, f: 0 }) !== 0) throw new Error();
 * if (msfToLba({ m: 97, s: 26, f: 66 }) !== -11634) throw new Error();
 * ```
 */
export function msfToLba(msf: Msf): number {
  const frames = (msf.m * 60 + msf.s) * 75 + msf.f;
  return msf.m >= 90 ? frames - 450150 : frames - 150;
}

/**
 * The MSF address of an LBA.
 *
 * @param lba The LBA, from -45150 (lead-in, M = 90) up.
 * @returns The address.
 * @throws {RangeError} When the LBA has no MSF form.
 */
export function lbaToMsf(lba: number): Msf {
  let frames = lba >= -150 ? lba + 150 : lba + 450150;
  if (!Number.isInteger(lba) || frames < 0 || frames >= 100 * 60 * 75) {
    throw new RangeError(`Cannot express LBA ${lba} as minutes, seconds and frames`);
  }
  const f = frames % 75;
  frames = (frames - f) / 75;
  return { m: Math.floor(frames / 60), s: frames % 60, f };
}
