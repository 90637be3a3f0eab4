/**
 * A small deterministic PRNG (xorshift32) for the bench corpora: the same seed gives the same
 * sizes and bytes on every machine and every run, so corpora can be rebuilt or reused.
 *
 * @module
 */

/** xorshift32 (Marsaglia 2003): 32-bit state, period 2^32 − 1. */
export class Prng {
  #state: number;

  /**
   * @param seed Any integer; 0 is replaced by a fixed non-zero value.
   */
  constructor(seed: number) {
    this.#state = seed >>> 0 || 0x9e3779b9;
  }

  /**
   * @returns The next 32-bit unsigned value.
   */
  next(): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state;
  }

  /**
   * @param n Exclusive upper bound (at most 2^32).
   * @returns An integer in [0, n).
   */
  below(n: number): number {
    return Math.floor((this.next() / 0x1_0000_0000) * n);
  }

  /**
   * Fills `out` with pseudo-random bytes, four at a time.
   *
   * @param out The buffer to fill.
   * @returns `out`.
   */
  fill(out: Uint8Array): Uint8Array {
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    let i = 0;
    for (; i + 4 <= out.length; i += 4) view.setUint32(i, this.next(), true);
    for (; i < out.length; i++) out[i] = this.next() & 0xff;
    return out;
  }
}
