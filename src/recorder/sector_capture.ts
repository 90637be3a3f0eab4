/**
 * Keeps chosen sectors of an image as they stream past (in pieces of any size): their
 * SHA-256 digests (the quick-verify samples, so a burn's own verification needs no second
 * pass over the image) and the raw bytes of a few (the primary volume descriptor, to see
 * where the image was mastered for).
 *
 * @module
 */

import { createHash } from "node:crypto";

/** SHA-256 of one sector as lowercase hex. */
export function sectorDigest(sector: Uint8Array): string {
  return createHash("sha256").update(sector).digest("hex");
}

/** Collects sectors from a byte stream. */
export class SectorCapture {
  readonly #digestOf: ReadonlySet<number>;
  readonly #keepOf: ReadonlySet<number>;
  readonly #digests = new Map<number, string>();
  readonly #kept = new Map<number, Uint8Array>();
  #partial: Uint8Array | undefined;
  #partialIndex = -1;
  #partialFill = 0;

  /**
   * Create a capture.
   *
   * @param digestSectors Sectors whose digest to keep.
   * @param keepSectors Sectors whose bytes to keep.
   */
  constructor(digestSectors: Iterable<number>, keepSectors: Iterable<number> = []) {
    this.#digestOf = new Set(digestSectors);
    this.#keepOf = new Set(keepSectors);
  }

  /** Digests by sector number. */
  get digests(): ReadonlyMap<number, string> {
    return this.#digests;
  }

  /**
   * The bytes of a kept sector.
   *
   * @param sector Sector number.
   * @returns Its bytes, once it has streamed past.
   */
  kept(sector: number): Uint8Array | undefined {
    return this.#kept.get(sector);
  }

  #wanted(index: number): boolean {
    return this.#digestOf.has(index) || this.#keepOf.has(index);
  }

  #complete(index: number, sector: Uint8Array): void {
    if (this.#digestOf.has(index)) this.#digests.set(index, sectorDigest(sector));
    if (this.#keepOf.has(index)) this.#kept.set(index, sector.slice());
  }

  /**
   * Feed the next piece of the stream.
   *
   * @param bytes The piece.
   * @param offset Its offset in the image.
   */
  feed(bytes: Uint8Array, offset: number): void {
    let at = 0;
    while (at < bytes.length) {
      const pos = offset + at;
      const index = Math.floor(pos / 2048);
      const within = pos % 2048;
      const n = Math.min(2048 - within, bytes.length - at);
      if (this.#wanted(index)) {
        if (within === 0 && n === 2048) {
          this.#complete(index, bytes.subarray(at, at + 2048));
        } else {
          if (this.#partialIndex !== index) {
            this.#partial = new Uint8Array(2048);
            this.#partialIndex = index;
            this.#partialFill = 0;
          }
          this.#partial!.set(bytes.subarray(at, at + n), within);
          this.#partialFill += n;
          if (this.#partialFill === 2048) {
            this.#complete(index, this.#partial!);
            this.#partialIndex = -1;
          }
        }
      }
      at += n;
    }
  }
}
