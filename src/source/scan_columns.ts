/**
 * A folder scan's metadata as columns: one row per entry found, in scan order, with its
 * size, permissions, owner and times in typed arrays.
 *
 * Why columns: as objects, a million scanned files took about 166 bytes each (an entry of
 * nine 8-byte fields, its name string, its slot in the folder's array, the growth room of
 * that array). A row here takes 46 bytes, in chunks of {@linkcode ScanColumns.CHUNK_ROWS}
 * rows (so the columns grow without copying, and an unfilled chunk is the only room spare).
 * The name is kept by the folder ({@linkcode ScannedFolder}); the row only says where it
 * starts in the folder's names.
 *
 * @module
 */

import type { SourceStat } from "./source_stat.ts";

/** Rows per chunk: 2^14, about 740 KiB of columns. */
const CHUNK_BITS = 14;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const ROW_MASK = CHUNK_ROWS - 1;

/** One chunk of rows: every column a view of one buffer. */
class Chunk {
  /** Size in bytes. */
  readonly size: Float64Array;
  /** Modification, access and status change times in ms since 1970 (NaN: unknown), 3 a row. */
  readonly times: Float64Array;
  /** Owner user id and group id, 2 a row. */
  readonly owner: Uint32Array;
  /** Where the entry's name starts in its folder's names. */
  readonly nameStart: Uint32Array;
  /** Permission bits (`mode & 0o7777`). */
  readonly mode: Uint16Array;

  constructor() {
    const n = CHUNK_ROWS;
    const buffer = new ArrayBuffer(n * (8 + 24 + 8 + 4 + 2));
    this.size = new Float64Array(buffer, 0, n);
    this.times = new Float64Array(buffer, 8 * n, 3 * n);
    this.owner = new Uint32Array(buffer, 32 * n, 2 * n);
    this.nameStart = new Uint32Array(buffer, 40 * n, n);
    this.mode = new Uint16Array(buffer, 44 * n, n);
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
  #rows = 0;

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
    if (i === 0) this.#chunks.push(new Chunk());
    const c = this.#chunks[row >>> CHUNK_BITS]!;
    c.size[i] = st.size;
    c.times[3 * i] = st.mtimeMs ?? NaN;
    c.times[3 * i + 1] = st.atimeMs ?? NaN;
    c.times[3 * i + 2] = st.ctimeMs ?? NaN;
    c.owner[2 * i] = st.uid;
    c.owner[2 * i + 1] = st.gid;
    c.nameStart[i] = nameStart;
    c.mode[i] = st.mode & 0o7777;
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
    return this.#chunk(row).size[row & ROW_MASK]!;
  }

  /**
   * @param row A row.
   * @returns Its permission bits.
   */
  mode(row: number): number {
    return this.#chunk(row).mode[row & ROW_MASK]!;
  }

  /**
   * @param row A row.
   * @returns Its owner user id.
   */
  uid(row: number): number {
    return this.#chunk(row).owner[2 * (row & ROW_MASK)]!;
  }

  /**
   * @param row A row.
   * @returns Its owner group id.
   */
  gid(row: number): number {
    return this.#chunk(row).owner[2 * (row & ROW_MASK) + 1]!;
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
   * @param row A row.
   * @returns Where its name starts in its folder's names.
   */
  nameStart(row: number): number {
    return this.#chunk(row).nameStart[row & ROW_MASK]!;
  }
}
