/**
 * What the plan decides for the files of one directory's block of children (a folder
 * scan's), kept by position in the block rather than on an object per file: their ISO 9660
 * identifiers in one string, their extents in a typed array, and the few Joliet
 * identifiers that are not the file's name. A million planned files save about 50 bytes
 * each this way (an identifier string's header, three object fields). The numbers of every
 * folder live in one {@linkcode PlanFileNumbers} for the whole plan: a typed array per
 * folder cost its own buffer and two objects (about 300 bytes for 50,000 folders).
 *
 * @module
 */

import { InternalError } from "../model/errors.ts";

/** Rows per chunk of {@linkcode PlanFileNumbers}. */
const CHUNK_ROWS = 16_384;

/**
 * Two 32-bit numbers (an identifier's end, an extent) for each file of every block in a
 * plan, in chunks of {@linkcode CHUNK_ROWS} rows, grown without copying.
 */
export class PlanFileNumbers {
  readonly #chunks: Uint32Array[] = [];
  #rows = 0;

  /**
   * Reserve rows for a block.
   *
   * @param count Rows.
   * @returns The first row.
   */
  reserve(count: number): number {
    const first = this.#rows;
    this.#rows += count;
    while (this.#chunks.length * CHUNK_ROWS < this.#rows) {
      this.#chunks.push(new Uint32Array(2 * CHUNK_ROWS));
    }
    return first;
  }

  /**
   * A number of a row.
   *
   * @param row The row.
   * @param column 0 (identifier end) or 1 (extent).
   * @returns The number.
   */
  get(row: number, column: 0 | 1): number {
    return this.#chunks[Math.floor(row / CHUNK_ROWS)]![2 * (row % CHUNK_ROWS) + column]!;
  }

  /**
   * Set a number of a row.
   *
   * @param row The row.
   * @param column 0 (identifier end) or 1 (extent).
   * @param value The number (below 2^32).
   */
  set(row: number, column: 0 | 1, value: number): void {
    this.#chunks[Math.floor(row / CHUNK_ROWS)]![2 * (row % CHUNK_ROWS) + column] = value;
  }
}

/** The plan's columns for a block of children, by position in the block. */
export class BlockFileColumns {
  /** The ISO identifiers while they are set; joined by {@linkcode BlockFileColumns.seal}. */
  #parts: string[] | undefined;
  #ids = "";
  /** End of each identifier in `#ids` (column 0) and each extent (column 1). */
  readonly #numbers: PlanFileNumbers;
  /** This block's first row in `#numbers`. */
  readonly #first: number;
  #joliet: Map<number, string> | undefined;

  /**
   * Columns for a block.
   *
   * @param size Positions in the block.
   * @param numbers The plan's numbers, where the block's rows are reserved.
   */
  constructor(size: number, numbers: PlanFileNumbers) {
    this.#numbers = numbers;
    this.#first = numbers.reserve(size);
    this.#parts = new Array<string>(size).fill("");
  }

  /**
   * Set the ISO identifier of a position (before {@linkcode BlockFileColumns.seal}).
   *
   * @param index Position in the block.
   * @param id The identifier.
   */
  setIsoId(index: number, id: string): void {
    if (!this.#parts) throw new InternalError("ISO identifier set after the columns were sealed");
    this.#parts[index] = id;
  }

  /** Join the identifiers into one string; they are read from it from now on. */
  seal(): void {
    const parts = this.#parts;
    if (!parts) return;
    let end = 0;
    for (let i = 0; i < parts.length; i++) {
      this.#numbers.set(this.#first + i, 0, end += parts[i]!.length);
    }
    this.#ids = parts.join("");
    this.#parts = undefined;
  }

  /**
   * The ISO identifier of a position.
   *
   * @param index Position in the block.
   * @returns The identifier ("" when none was set).
   */
  isoId(index: number): string {
    if (this.#parts) return this.#parts[index]!;
    const start = index === 0 ? 0 : this.#numbers.get(this.#first + index - 1, 0);
    return this.#ids.slice(start, this.#numbers.get(this.#first + index, 0));
  }

  /**
   * The Joliet identifier of a position, when it is not the file's name.
   *
   * @param index Position in the block.
   * @returns The identifier, or undefined for the name.
   */
  jolietId(index: number): string | undefined {
    return this.#joliet?.get(index);
  }

  /**
   * Record that a position's Joliet identifier is not its name.
   *
   * @param index Position in the block.
   * @param id The identifier, or undefined for the name.
   */
  setJolietId(index: number, id: string | undefined): void {
    if (id === undefined) this.#joliet?.delete(index);
    else (this.#joliet ??= new Map()).set(index, id);
  }

  /**
   * The first logical block of a position's data.
   *
   * @param index Position in the block.
   * @returns The extent (0 until the layout sets it).
   */
  extent(index: number): number {
    return this.#numbers.get(this.#first + index, 1);
  }

  /**
   * Set the first logical block of a position's data.
   *
   * @param index Position in the block.
   * @param lba The extent (below 2^32, as ECMA-119 9.1.3 records it).
   */
  setExtent(index: number, lba: number): void {
    this.#numbers.set(this.#first + index, 1, lba);
  }
}
