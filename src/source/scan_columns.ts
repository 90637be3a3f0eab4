/**
 * A folder scan's metadata as columns: one row per entry found, in scan order, with its
 * size, permissions, owner and times in typed arrays.
 *
 * Why columns: as objects, a million scanned files took about 166 bytes each (an entry of
 * nine 8-byte fields, its name string, its slot in the folder's array, the growth room of
 * that array). A row here takes 34 bytes (three times, a 32-bit size, where the name starts
and a 16-bit owner: see `Chunk`), in chunks of {@linkcode ScanColumns.CHUNK_ROWS}
 * rows (so the columns grow without copying, and an unfilled chunk is the only room spare).
 * The name is kept by the folder ({@linkcode ScannedFolder}); the row only says where it
 * starts in the folder's names.
 *
 * @module
 */

import type { SourceStat } from "./source_stat.ts";

/** Rows per chunk: 2^14, about 550 KiB of columns. */
const CHUNK_BITS = 14;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const ROW_MASK = CHUNK_ROWS - 1;
/** Slots of the shared `Date`s (direct-mapped on the time's low bits). */
const DATE_SLOTS = 256;
/** A size column value that says "look in the chunk's big sizes": 2^32 - 1. */
const BIG = 0xffff_ffff;

/**
 * One chunk of rows: every column a view of one buffer. Owner and permissions are one
 * 16-bit number a row, an index into the chunk's own table of the (uid, gid, mode) it saw:
 * a chunk has no more rows than 2^16, so the table always fits, and a tree has few owners.
 */
class Chunk {
  /** Modification, access and status change times in ms since 1970 (NaN: unknown), 3 a row. */
  readonly times: Float64Array;
  /** Size in bytes; {@linkcode BIG} for 2^32 - 1 and more, kept in `big`. */
  readonly size: Uint32Array;
  /** Where the entry's name starts in its folder's names. */
  readonly nameStart: Uint32Array;
  /** The row's entry in `uid`, `gid` and `mode`. */
  readonly owner: Uint16Array;
  /** Owner user ids, by owner entry. */
  readonly uid: number[] = [];
  /** Owner group ids, by owner entry. */
  readonly gid: number[] = [];
  /** Permission bits (`mode & 0o7777`), by owner entry. */
  readonly mode: number[] = [];
  /** Owner entries by `uid:gid:mode`, while rows are appended. */
  readonly ownerOf = new Map<string, number>();
  /** Sizes of 2^32 - 1 bytes and more, by row in the chunk. */
  big: Map<number, number> | undefined;

  constructor() {
    const n = CHUNK_ROWS;
    const buffer = new ArrayBuffer(n * (24 + 4 + 4 + 2));
    this.times = new Float64Array(buffer, 0, 3 * n);
    this.size = new Uint32Array(buffer, 24 * n, n);
    this.nameStart = new Uint32Array(buffer, 28 * n, n);
    this.owner = new Uint16Array(buffer, 32 * n, n);
  }

  /** The owner entry of (uid, gid, mode), added when new. */
  ownerEntry(uid: number, gid: number, mode: number, last: number): number {
    // Rows next to each other mostly share their owner: no key is made for them.
    if (last >= 0 && this.uid[last] === uid && this.gid[last] === gid && this.mode[last] === mode) {
      return last;
    }
    const key = `${uid}:${gid}:${mode}`;
    let entry = this.ownerOf.get(key);
    if (entry === undefined) {
      entry = this.uid.length;
      this.uid.push(uid);
      this.gid.push(gid);
      this.mode.push(mode);
      this.ownerOf.set(key, entry);
    }
    return entry;
  }
}

/** The time columns, by the order in which they sit in a row. */
export type TimeColumn = 0 | 1 | 2;
/** Modification time. */
export const MTIME: TimeColumn = 0;
/** Access time. */
export const ATIME: TimeColumn = 1;
/** Status change time. */
export const CTIME: TimeColumn = 2;

/**
 * The rows of one scan. Rows are only appended; a row's values never change.
 *
 * @example
 * ```ts
 * import { MTIME, ScanColumns } from "./scan_columns.ts";
 * const columns = new ScanColumns();
 * const st = {
 *   kind: "file", size: 5, mode: 0o100644, uid: 1, gid: 2, nlink: 1, dev: 0, ino: 0,
 *   mtimeMs: 1000, atimeMs: undefined, ctimeMs: 1000,
 * } as const;
 * const row = columns.append(st, 0);
 * if (columns.size(row) !== 5 || columns.time(row, MTIME) !== 1000) throw new Error("row");
 * ```
 */
export class ScanColumns {
  /** Rows a chunk holds. */
  static readonly CHUNK_ROWS: number = CHUNK_ROWS;
  readonly #chunks: Chunk[] = [];
  /** {@linkcode ScanColumns.date}'s `Date`s, each in the slot of its time's low bits. */
  readonly #dates: (Date | undefined)[] = new Array(DATE_SLOTS).fill(undefined);
  #rows = 0;
  /** The owner entry of the last row appended (-1 at a chunk's start). */
  #lastOwner = -1;

  /** Rows appended so far (the next row's number). */
  get rows(): number {
    return this.#rows;
  }

  /**
   * Append one entry's row.
   *
   * @param st Its metadata.
   * @param nameStart Where its name starts in its folder's names.
   * @returns The row's number.
   */
  append(st: SourceStat, nameStart: number): number {
    const row = this.#rows++;
    const i = row & ROW_MASK;
    if (i === 0) {
      this.#chunks.at(-1)?.ownerOf.clear(); // a full chunk gets no more owners
      this.#chunks.push(new Chunk());
      this.#lastOwner = -1;
    }
    const c = this.#chunks[row >>> CHUNK_BITS]!;
    c.times[3 * i] = st.mtimeMs ?? NaN;
    c.times[3 * i + 1] = st.atimeMs ?? NaN;
    c.times[3 * i + 2] = st.ctimeMs ?? NaN;
    if (st.size < BIG) c.size[i] = st.size;
    else {
      c.size[i] = BIG;
      (c.big ??= new Map()).set(i, st.size);
    }
    c.nameStart[i] = nameStart;
    c.owner[i] = this.#lastOwner = c.ownerEntry(st.uid, st.gid, st.mode & 0o7777, this.#lastOwner);
    return row;
  }

  #chunk(row: number): Chunk {
    return this.#chunks[row >>> CHUNK_BITS]!;
  }

  /**
   * @param row A row.
   * @returns Its size in bytes.
   */
  size(row: number): number {
    const c = this.#chunk(row);
    const size = c.size[row & ROW_MASK]!;
    return size === BIG ? c.big!.get(row & ROW_MASK)! : size;
  }

  /**
   * @param row A row.
   * @returns Its permission bits.
   */
  mode(row: number): number {
    const c = this.#chunk(row);
    return c.mode[c.owner[row & ROW_MASK]!]!;
  }

  /**
   * @param row A row.
   * @returns Its owner user id.
   */
  uid(row: number): number {
    const c = this.#chunk(row);
    return c.uid[c.owner[row & ROW_MASK]!]!;
  }

  /**
   * @param row A row.
   * @returns Its owner group id.
   */
  gid(row: number): number {
    const c = this.#chunk(row);
    return c.gid[c.owner[row & ROW_MASK]!]!;
  }

  /**
   * @param row A row.
   * @param which {@linkcode MTIME}, {@linkcode ATIME} or {@linkcode CTIME}.
   * @returns The time in ms since 1970, or NaN when the reader did not give it.
   */
  time(row: number, which: TimeColumn): number {
    return this.#chunk(row).times[3 * (row & ROW_MASK) + which]!;
  }

  /**
   * A row's time as a `Date` shared with the rows of the same time that were asked for
   * recently: a tree has few distinct times, and the image's records ask for each file's
   * times once per view. A `Date` changed by whoever holds it is not given out again (each
   * hit is checked against the row's time), but it is shared: treat it as read-only.
   *
   * @param row A row.
   * @param which {@linkcode MTIME}, {@linkcode ATIME} or {@linkcode CTIME}.
   * @returns The time, or undefined when the reader did not give it.
   */
  date(row: number, which: TimeColumn): Date | undefined {
    const ms = this.time(row, which);
    if (Number.isNaN(ms)) return undefined;
    const slot = ms & (DATE_SLOTS - 1); // ToInt32 keeps the low bits of any time
    const cached = this.#dates[slot];
    if (cached !== undefined && cached.getTime() === ms) return cached;
    const date = new Date(ms);
    this.#dates[slot] = date;
    return date;
  }

  /**
   * @param row A row.
   * @returns Where its name starts in its folder's names.
   */
  nameStart(row: number): number {
    return this.#chunk(row).nameStart[row & ROW_MASK]!;
  }
}
