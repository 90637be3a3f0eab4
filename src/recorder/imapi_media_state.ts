/**
 * IMAPI2's `IMAPI_FORMAT2_DATA_MEDIA_STATE` flags, which every `MediaState`
 * carries (`imapiState`) so that code written against IDiscFormat2Data's
 * `CurrentMediaStatus` reads the same answer.
 *
 * @module
 */

/** IMAPI2's `IMAPI_FORMAT2_DATA_MEDIA_STATE` flag values (imapi2.h). */
export const ImapiMediaState = {
  /** `_OVERWRITE_ONLY`: written at any address, no sessions. */
  overwriteOnly: 0x1,
  /** `_BLANK`: never written, or erased. */
  blank: 0x2,
  /** `_APPENDABLE`: another session can be added. */
  appendable: 0x4,
  /** `_DAMAGED`. */
  damaged: 0x400,
  /** `_ERASE_REQUIRED`: rewritable media that must be erased before writing. */
  eraseRequired: 0x800,
  /** `_NON_EMPTY_SESSION`: the last session is open and holds data. */
  nonEmptySession: 0x1000,
  /** `_WRITE_PROTECTED`. */
  writeProtected: 0x2000,
  /** `_FINALIZED`: closed, nothing can be added. */
  finalized: 0x4000,
  /** `_UNSUPPORTED_MEDIA`. */
  unsupportedMedia: 0x8000,
} as const;
