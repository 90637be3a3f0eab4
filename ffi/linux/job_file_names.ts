/**
 * A data-area job's file names, as the thread opens them: each file's name (NUL-terminated
 * UTF-8) in one shared buffer in job order, the folders it opens them in, and the two
 * sparse tables that find both for an index. What it replaced, a start per name and a
 * folder per file (8 bytes a file, 8 MiB for a million files on top of the names), is
 * found again by walking: the copiers take their files in index order within a block
 * (`take` in `data_area_worker.ts`), so the next name starts after the last one's NUL, and
 * a block's first name is found from the mark before it (at most
 * {@linkcode NAME_MARK_EVERY} − 1 names to step over).
 *
 * {@linkcode jobFileLocator} must stay self-contained (no outside names): its source text is
 * part of the thread's code (`data_area_writer.ts`).
 *
 * @module
 */

import type { PlacedFiles } from "../../src/stream/data_area.ts";

/** Every this-many names, the start of one is kept (`nameMarks`). */
export const NAME_MARK_EVERY = 64;

/** The job's names and folders, in shared memory that the thread reads in place. */
export interface JobFileNames {
  /**
   * The files' names in their folders (or whole paths, for files with no folder), in job
   * order: NUL-terminated UTF-8, one after another.
   */
  readonly names: Uint8Array<SharedArrayBuffer>;
  /** Where name `k × nameMarkEvery` starts in `names`, for each k. */
  readonly nameMarks: Uint32Array | Float64Array;
  /** {@linkcode NAME_MARK_EVERY}. */
  readonly nameMarkEvery: number;
  /**
   * The runs of files that share a folder, in job order: pairs of the run's first index
   * and its folder (an index into `folderStarts`, or -1: the names are whole paths).
   */
  readonly folderRuns: Int32Array;
  /** The folders' paths, NUL-terminated UTF-8, one after another. */
  readonly folders: Uint8Array<SharedArrayBuffer>;
  /** Where each folder's path starts in `folders`. */
  readonly folderStarts: Uint32Array | Float64Array;
}

/**
 * Strings as NUL-terminated UTF-8, one after another in one shared buffer, and where every
 * `every`-th starts. One pass: the buffer starts at `guess` bytes and grows by half when
 * the strings need more (asking for each string twice, to size the buffer first, cost as
 * much as the writing).
 *
 * @param count How many strings.
 * @param text String `index`, asked for once each, in order.
 * @param every Keep the start of every this-many strings.
 * @param guess Bytes to start with.
 * @returns The bytes and the kept starts.
 */
function cStrings(
  count: number,
  text: (index: number) => string,
  every: number,
  guess: number,
): { bytes: Uint8Array<SharedArrayBuffer>; starts: Uint32Array | Float64Array } {
  const encoder = new TextEncoder();
  let bytes = new Uint8Array(new SharedArrayBuffer(Math.max(16, guess)));
  const marks = Math.ceil(count / every);
  // Starts as 32-bit numbers (half the memory) until one needs more.
  let starts: Uint32Array | Float64Array = new Uint32Array(
    new SharedArrayBuffer(Math.max(8, marks * 4)),
    0,
    marks,
  );
  const grow = (need: number) => {
    const bigger = new Uint8Array(
      new SharedArrayBuffer(Math.max(Math.ceil(bytes.length * 1.5), bytes.length + need)),
    );
    bigger.set(bytes);
    bytes = bigger;
  };
  let at = 0;
  for (let i = 0; i < count; i++) {
    const s = text(i);
    if (i % every === 0) {
      if (at >= 2 ** 32 && starts instanceof Uint32Array) {
        const wide = new Float64Array(new SharedArrayBuffer(Math.max(8, marks * 8)), 0, marks);
        wide.set(starts);
        starts = wide;
      }
      starts[i / every] = at;
    }
    if (at + s.length + 1 > bytes.length) grow(s.length + 1);
    // ASCII (most names) byte by byte: a call into the encoder per name costs more.
    let k = 0;
    for (; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x80 || c === 0) break;
      bytes[at + k] = c;
    }
    if (k === s.length) {
      at += k;
      bytes[at++] = 0;
      continue;
    }
    // A NUL would end the name early and shift every name after it (they are found by walking).
    if (s.includes("\0")) {
      throw new RangeError(`A data-area job's name holds NUL: ${JSON.stringify(s)}`);
    }
    for (;;) {
      const { read, written } = encoder.encodeInto(s, bytes.subarray(at, bytes.length - 1));
      if (read === s.length) {
        at += written;
        break;
      }
      grow(s.length * 3 + 1);
    }
    bytes[at++] = 0;
  }
  return { bytes, starts };
}

/**
 * Each file's name and its folder, the folders listed once each (a folder's files share
 * its path string, so the lookup hashes it once per run); files whose folder is not known
 * keep their whole path as the name.
 *
 * @param files The job's files.
 * @returns The tables.
 * @throws {RangeError} When a name or folder holds NUL (`PlanPlacedFiles` hands none over).
 */
export function jobFileNames(files: PlacedFiles): JobFileNames {
  const index = new Map<string, number>();
  const list: string[] = [];
  const folder = files.folder?.bind(files);
  const name = files.name?.bind(files);
  const runs: number[] = [];
  let last = "";
  let lastFolder = -2;
  for (let i = 0; i < files.length; i++) {
    const f = folder && name ? folder(i) : "";
    if (f === last && lastFolder !== -2) continue;
    let k = -1;
    if (f !== "") {
      k = index.get(f) ?? -1;
      if (k < 0) index.set(f, k = list.push(f) - 1);
    }
    if (k !== lastFolder) runs.push(i, k);
    last = f;
    lastFolder = k;
  }
  const folderRuns = new Int32Array(new SharedArrayBuffer(Math.max(8, runs.length * 4)));
  folderRuns.set(runs);
  const names = cStrings(
    files.length,
    (i) => folder && name && folder(i) !== "" ? name(i) : files.path(i),
    NAME_MARK_EVERY,
    // Names and their NULs; with no count of the names, whole paths of about 64 bytes.
    files.length + (files.nameUnits ?? files.length * 64),
  );
  const folders = cStrings(list.length, (k) => list[k]!, 1, list.length * 64);
  return {
    names: names.bytes,
    nameMarks: names.starts,
    nameMarkEvery: NAME_MARK_EVERY,
    folderRuns: folderRuns.subarray(0, runs.length),
    folders: folders.bytes,
    folderStarts: folders.starts,
  };
}

/** Where a job file's name and folder are (see {@linkcode jobFileLocator}). */
export interface JobFileLocator {
  /**
   * Find file `index`: then `name` and `folder` are its.
   *
   * @param index A job index.
   */
  at(index: number): void;
  /** Where the name starts in `names`. */
  name: number;
  /** Its folder (an index into `folderStarts`), or -1: the name is a whole path. */
  folder: number;
}

/**
 * A finder of job files' names and folders (self-contained: see the module comment): the
 * next index after the last costs a step to the next NUL, any other a walk from the mark
 * before it and a binary search of the folder runs.
 *
 * @param t The job's tables.
 * @returns The locator.
 */
export function jobFileLocator(t: JobFileNames): JobFileLocator {
  const runs = t.folderRuns;
  let index = -2; // no file found yet: the next one is not "the one after"
  let run = 0; // the pair's position in `runs`
  /** Whether the run whose pair is at `r` holds file `i`. */
  const inRun = (r: number, i: number) =>
    runs[r]! <= i && (r + 2 >= runs.length || runs[r + 2]! > i);
  const loc: JobFileLocator = {
    name: 0,
    folder: -1,
    at(i: number): void {
      if (i === index) return;
      let name = loc.name;
      if (i === index + 1) {
        name = t.names.indexOf(0, name) + 1;
      } else {
        const mark = Math.floor(i / t.nameMarkEvery);
        name = t.nameMarks[mark]!;
        for (let k = mark * t.nameMarkEvery; k < i; k++) name = t.names.indexOf(0, name) + 1;
      }
      if (!inRun(run, i)) {
        if (run + 2 < runs.length && inRun(run + 2, i)) {
          run += 2;
        } else {
          let lo = 0;
          let hi = runs.length / 2 - 1;
          while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (runs[mid * 2]! <= i) lo = mid;
            else hi = mid - 1;
          }
          run = lo * 2;
        }
      }
      index = i;
      loc.name = name;
      loc.folder = runs[run + 1]!;
    },
  };
  return loc;
}
