/**
 * Which sectors a quick verification reads (IMAPI2's `IMAPI_BURN_VERIFICATION_QUICK`:
 * "a checksum comparison of a small set of disc sectors to stream bits"): the first and the
 * last sector, the volume descriptor area (sectors 16–31, where ISO 9660 and UDF keep
 * their descriptors), and a spread over the rest: one sector from each of `spread` equal
 * stretches, at a pseudo-random place inside it, seeded by the image size so that a burn
 * and a later `verify` of the same image pick the same sectors. Pure.
 *
 * @module
 */

/** Sectors of the volume descriptor area: 16 up to 31 (ECMA-119 8.1, ECMA-167 2/8.3). */
export const DESCRIPTOR_AREA = { first: 16, last: 31 } as const;

/** Default number of spread samples. */
export const DEFAULT_SPREAD = 32;

/**
 * The image-relative sector numbers a quick verification compares.
 *
 * @param sectors Sectors of the image.
 * @param spread Number of spread samples (default 32).
 * @returns Sorted, distinct sector numbers in [0, sectors).
 * @example
 * ```ts
 * import { quickSampleSectors } from "./verify_sample.ts";
 * const s = quickSampleSectors(1000);
 * if (s[0] !== 0 || s.at(-1) !== 999 || !s.includes(16)) throw new Error();
 * ```
 */
export function quickSampleSectors(sectors: number, spread = DEFAULT_SPREAD): number[] {
  if (sectors <= 0) return [];
  const picks = new Set<number>([0, sectors - 1]);
  for (let s = DESCRIPTOR_AREA.first; s <= DESCRIPTOR_AREA.last && s < sectors; s++) picks.add(s);
  let x = (sectors ^ 0x9e3779b9) >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const stretch = sectors / spread;
  for (let i = 0; i < spread; i++) {
    const from = Math.floor(i * stretch);
    const to = Math.max(from + 1, Math.floor((i + 1) * stretch));
    picks.add(Math.min(sectors - 1, from + (next() % (to - from))));
  }
  return [...picks].sort((a, b) => a - b);
}
