/**
 * What the plan decides for the files of one directory's block of children (a folder
 * scan's), kept by position in the block rather than on an object per file: their ISO 9660
 * identifiers in one string, their extents in a typed array, and the few Joliet
 * identifiers that are not the file's name. A million planned files save about 50 bytes
 * each this way (an identifier string's header, three object fields).
 *
 * @module
 */

import { InternalError } from "../model/errors.ts";

/** The plan's columns for a block of children, by position in the block. */
export class BlockFileColumns {
  /** The ISO identifiers while they are set; joined by {@linkcode BlockFileColumns.seal}. */
  #parts: string[] | undefined;
  #ids = "";
  /** End of each identifier in `#ids`, then each extent: one array for both. */
  readonly #numbers: Uint32Array;
  readonly #size: number;
  #joliet: Map<number, string> | undefined;

  /**
   * Columns for a block.
   *
   * @param size Positions in the block.
   */
  constructor(size: number) {
    this.#size = size;
    this.#numbers = new Uint32Array(2 * size);
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
    for (let i = 0; i < parts.length; i++) this.#numbers[i] = end += parts[i]!.length;
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
    return this.#ids.slice(index === 0 ? 0 : this.#numbers[index - 1]!, this.#numbers[index]!);
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
    return this.#numbers[this.#size + index]!;
  }

  /**
   * Set the first logical block of a position's data.
   *
   * @param index Position in the block.
   * @param lba The extent (below 2^32, as ECMA-119 9.1.3 records it).
   */
  setExtent(index: number, lba: number): void {
    this.#numbers[this.#size + index] = lba;
  }
}
