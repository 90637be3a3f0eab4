/**
 * Small zeroed byte arrays carved out of shared slabs. A fresh `Uint8Array` costs its own
 * `ArrayBuffer`, which V8 allocates and tracks far more slowly than a view: mastering 50,000
 * files makes millions of records of a few dozen bytes (SUSP entries, identifiers,
 * timestamps), and giving each its own buffer was most of the time spent building them.
 *
 * Every range is handed out once, so each array starts zeroed and never shares bytes with
 * another; a slab lives as long as any array cut from it. Arrays have a non-zero
 * `byteOffset`: views over them must pass it (`new DataView(b.buffer, b.byteOffset, …)`).
 *
 * @module
 */

/**
 * Bytes per slab. Small, so that a slab is filled and let go before the young generation
 * is collected twice: one that lives that long is promoted, and then waits for a full
 * collection with the garbage arrays in it (64 KiB slabs kept 35 MiB of them alive while a
 * million files' directories were written). 4 KiB costs no measurable time.
 */
const SLAB_SIZE = 4 * 1024;
/** Requests above this size get their own buffer (a slab would waste too much of itself). */
const MAX_SMALL = 512;

let slab = new Uint8Array(SLAB_SIZE);
let used = 0;

/**
 * A zeroed array of `length` bytes.
 *
 * @param length Byte length.
 * @returns A new array that shares no bytes with any other.
 * @example
 * ```ts
 * import { smallBytes } from "./small_bytes.ts";
 * const a = smallBytes(4);
 * a[0] = 1;
 * if (smallBytes(4).join() !== "0,0,0,0") throw new Error("not zeroed");
 * ```
 */
export function smallBytes(length: number): Uint8Array {
  if (length > MAX_SMALL) return new Uint8Array(length);
  if (used + length > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    used = 0;
  }
  const out = slab.subarray(used, used + length);
  used += length;
  return out;
}
