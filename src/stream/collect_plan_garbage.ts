/**
 * The garbage a big plan leaves, collected before its image is written, when the runtime
 * lets code ask for it (`--expose-gc`, in the `kiln`, `demo` and `compile` tasks).
 *
 * Why: V8 collects its old generation rarely, and what the plan left there otherwise lived
 * on into the write, where the data-area job's tables and thread join it. Why this kind of
 * collection: V8's default full collection (`gc()`) frees objects but keeps the pages they
 * were on committed, and its own collections during the plan leave freed pages pooled for 8
 * s (`--memory-pool-timeout`); the memory-reducing kind compacts the heap and gives both
 * back. A million files with UDF peaked at 249–304 MiB with no collection, at 243–252 with
 * `gc()` (296 in one run of 8: an incremental collection during the plan, 110 MiB committed
 * and 37 pooled after it), and at 232–237 with this one in 12 runs (2026-12-08); it takes
 * about 0.1 s of their 12 s. Smaller trees peak far lower (and `writeTreeImageFile` copies
 * them while they are planned), so they are left alone.
 *
 * @module
 */

/** Files of a plan above which its garbage is collected before it is written. */
export const COLLECT_ABOVE_FILES = 250_000;

/**
 * What V8's `gc` is asked for (V8 `src/extensions/gc-extension.h`): a full collection, now,
 * of the memory-reducing kind ("last-resort"). A V8 that does not know `flavor` makes it a
 * plain full collection.
 */
export interface GcOptions {
  /** A full collection. */
  readonly type: "major";
  /** Before the call returns. */
  readonly execution: "sync";
  /** Compact, and give empty pages back to the system. */
  readonly flavor: "last-resort";
}

/** The options {@linkcode collectPlanGarbage} passes. */
const OPTIONS: GcOptions = { type: "major", execution: "sync", flavor: "last-resort" };

/**
 * Collect the garbage of a plan of more than {@linkcode COLLECT_ABOVE_FILES} files, when
 * `globalThis.gc` is there; otherwise do nothing.
 *
 * @param files The plan's file count.
 * @returns True when it asked for a collection.
 */
export function collectPlanGarbage(files: number): boolean {
  if (files <= COLLECT_ABOVE_FILES) return false;
  const gc = (globalThis as { gc?: (options: GcOptions) => void }).gc;
  if (typeof gc !== "function") return false;
  gc(OPTIONS);
  return true;
}
