/**
 * Image defaults per media class, in the spirit of IMAPI2FS's
 * `ChooseImageDefaultsForMediaType`: which file systems to create, and how many 2048-byte
 * sectors the media holds, so an image that cannot fit is refused before it is written.
 *
 * kiln's choices (IMAPI's documentation does not list its own):
 * - CD: ISO 9660 + Joliet + Rock Ridge, as CD readers everywhere expect.
 * - DVD: the same plus a UDF 1.02 bridge, the revision DVD players and every OS read.
 * - BD: the same plus UDF 2.50, the Blu-ray revision (metadata partition with a mirror).
 * Capacities are the usual single-layer sizes (CD-R 80 min, DVD±R 4.7 GB, BD-R 25 GB).
 *
 * @module
 */

import { InvalidInputError } from "./errors.ts";
import type { MasterOptions } from "./master_options.ts";

/** Media classes. */
export type MediaClass = "cd" | "dvd" | "bd";

/** Defaults for one media class. */
export interface MediaDefaults {
  /** Options to start from. */
  readonly options: MasterOptions;
  /** 2048-byte sectors the media holds. */
  readonly capacitySectors: number;
}

const DEFAULTS: Record<MediaClass, MediaDefaults> = {
  cd: { options: { joliet: true, rockRidge: true, udf: false }, capacitySectors: 359_847 },
  dvd: {
    options: { joliet: true, rockRidge: true, udf: true, udfRevision: "1.02" },
    capacitySectors: 2_295_104,
  },
  bd: {
    options: { joliet: true, rockRidge: true, udf: true, udfRevision: "2.50" },
    capacitySectors: 12_219_392,
  },
};

/**
 * The defaults for a media class.
 *
 * @param media "cd", "dvd" or "bd".
 * @returns Options and capacity.
 * @example
 * ```ts
 * import { mediaDefaults } from "./media_defaults.ts";
 * if (mediaDefaults("dvd").options.udfRevision !== "1.02") throw new Error();
 * ```
 */
export function mediaDefaults(media: MediaClass): MediaDefaults {
  const d = DEFAULTS[media];
  if (!d) {
    throw new InvalidInputError(
      `Cannot choose defaults for media ${JSON.stringify(media)}: use cd, dvd or bd`,
    );
  }
  return d;
}

/**
 * Refuse an image larger than the media.
 *
 * @param sectors The image's sectors.
 * @param media The media class.
 * @throws {InvalidInputError} Saying by how much it is too large.
 */
export function assertFitsMedia(sectors: number, media: MediaClass): void {
  const { capacitySectors } = mediaDefaults(media);
  if (sectors > capacitySectors) {
    const mb = (n: number) => ((n * 2048) / 1e6).toFixed(1);
    throw new InvalidInputError(
      `Cannot fit the image on a ${media.toUpperCase()}: it needs ${sectors} sectors (${
        mb(sectors)
      } MB), the media holds ${capacitySectors} (${mb(capacitySectors)} MB)`,
    );
  }
}
