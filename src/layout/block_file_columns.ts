/**
 * What the plan decides for the files of one directory's block of children (a folder
 * scan's), kept by position in the block rather than on an object per file: their extents
 * in a typed array, their ISO 9660 identifiers in one string when they are not simply
 * their names' ({@linkcode naturalIsoId}: no two names of the folder map alike, the usual
 * case, and then none is kept), and the few Joliet identifiers that are not the file's
 * name. A million planned files save about 70 bytes each this way (an identifier string's
 * header and characters, three object fields). The numbers of every folder live in one
 * {@linkcode PlanFileNumbers} for the whole plan: a typed array per folder cost its own
 * buffer and two objects (about 300 bytes for 50,000 folders).
 *
 * @module
 */

import { InternalError } from "../model/errors.ts";
import type { IsoLevel } from "../model/master_options.ts";
import { naturalFileIdBytes, naturalIsoId } from "../model/iso_names.ts";
import { smallBytes } from "../records/small_bytes.ts";

/** Rows per chunk of a {@linkcode PlanColumn}. */
const CHUNK_ROWS = 16_384;

/** 32-bit numbers by row, in chunks of {@linkcode CHUNK_ROWS} rows, grown without copying. */
export class PlanColumn {
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
      this.#chunks.push(new Uint32Array(CHUNK_ROWS));
    }
    return first;
  }

  /**
   * @param row The row.
   * @returns Its number.
   */
  get(row: number): number {
    return this.#chunks[Math.floor(row / CHUNK_ROWS)]![row % CHUNK_ROWS]!;
  }

  /**
   * @param row The row.
   * @param value The number (below 2^32).
   */
  set(row: number, value: number): void {
    this.#chunks[Math.floor(row / CHUNK_ROWS)]![row % CHUNK_ROWS] = value;
  }
}

/** The numbers of every block of a plan. */
export class PlanFileNumbers {
  /** Each file's extent. */
  readonly extents: PlanColumn = new PlanColumn();
  /** Where each kept identifier ends in its block's string (blocks that keep them only). */
  readonly idEnds: PlanColumn = new PlanColumn();
  /** Every directory's children in ISO record order (see `PlannedDirectoryNode`). */
  readonly childOrder: PlanColumn = new PlanColumn();
}

/** What a block's columns read its files' names from (a folder scan's block). */
export interface BlockNames {
  /**
   * @param index A position in the block.
   * @returns The name there.
   */
  nameAt(index: number): string;
}

/** The plan's columns for a block of children, by position in the block. */
export class BlockFileColumns {
  /** The ISO identifiers while they are set; joined by {@linkcode BlockFileColumns.seal}. */
  #parts: string[] | undefined;
  /** The identifiers kept, joined; undefined when every one is its name's natural one. */
  #ids: string | undefined = "";
  readonly #numbers: PlanFileNumbers;
  /** This block's first row in the extents. */
  readonly #first: number;
  /** Its first row in the identifier ends, when it keeps its identifiers. */
  #firstId = 0;
  readonly #names: BlockNames;
  readonly #level: IsoLevel;
  #joliet: Map<number, string> | undefined;

  /**
   * Columns for a block.
   *
   * @param size Positions in the block.
   * @param numbers The plan's numbers, where the block's rows are reserved.
   * @param names The block's names (for identifiers not kept).
   * @param level The interchange level the identifiers are mapped at.
   */
  constructor(size: number, numbers: PlanFileNumbers, names: BlockNames, level: IsoLevel) {
    this.#numbers = numbers;
    this.#first = numbers.extents.reserve(size);
    this.#names = names;
    this.#level = level;
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

  /**
   * Keep the identifiers in one string, or none of them; they are read from there on.
   *
   * @param natural True when each identifier set is its name's natural one
   *   ({@linkcode naturalIsoId}, as `mapIsoNamesOf` says): then none is kept.
   */
  seal(natural: boolean): void {
    const parts = this.#parts;
    if (!parts) return;
    this.#parts = undefined;
    if (natural) {
      this.#ids = undefined;
      return;
    }
    const ends = this.#numbers.idEnds;
    this.#firstId = ends.reserve(parts.length);
    let end = 0;
    for (let i = 0; i < parts.length; i++) ends.set(this.#firstId + i, end += parts[i]!.length);
    this.#ids = parts.join("");
  }

  #idStart(index: number): number {
    return index === 0 ? 0 : this.#numbers.idEnds.get(this.#firstId + index - 1);
  }

  /**
   * The ISO identifier of a position.
   *
   * @param index Position in the block.
   * @returns The identifier ("" when none was set).
   */
  isoId(index: number): string {
    if (this.#parts) return this.#parts[index]!;
    if (this.#ids === undefined) return naturalIsoId(this.#names.nameAt(index), false, this.#level);
    return this.#ids.slice(this.#idStart(index), this.#numbers.idEnds.get(this.#firstId + index));
  }

  /**
   * The length of a position's ISO identifier, made from its name when it is not kept.
   *
   * @param index Position in the block.
   * @returns Its length in bytes (d-characters are one byte each).
   */
  isoIdLength(index: number): number {
    if (this.#parts || this.#ids !== undefined) {
      return this.#parts
        ? this.#parts[index]!.length
        : this.#numbers.idEnds.get(this.#firstId + index) - this.#idStart(index);
    }
    const n = naturalFileIdBytes(this.#names.nameAt(index), this.#level);
    return n >= 0 ? n : this.isoId(index).length;
  }

  /**
   * A position's ISO identifier as recorded (d-characters, one byte each).
   *
   * @param index Position in the block.
   * @returns The bytes, in a slab shared with other small arrays (`smallBytes`).
   */
  isoIdBytes(index: number): Uint8Array {
    if (this.#ids === undefined && !this.#parts) {
      const name = this.#names.nameAt(index);
      const n = naturalFileIdBytes(name, this.#level);
      if (n >= 0) {
        const out = smallBytes(n);
        naturalFileIdBytes(name, this.#level, out);
        return out;
      }
    }
    const id = this.isoId(index);
    const out = smallBytes(id.length);
    for (let i = 0; i < id.length; i++) out[i] = id.charCodeAt(i);
    return out;
  }

  /**
   * Write a position's ISO identifier as recorded (what {@linkcode isoIdBytes} returns).
   *
   * @param index Position in the block.
   * @param out Where to write it (room for 255 bytes from `at`).
   * @param at Offset in `out`.
   * @returns Its length in bytes.
   */
  writeIsoId(index: number, out: Uint8Array, at: number): number {
    if (this.#ids === undefined && !this.#parts) {
      const n = naturalFileIdBytes(this.#names.nameAt(index), this.#level, out, at);
      if (n >= 0) return n;
    }
    const id = this.isoId(index);
    for (let i = 0; i < id.length; i++) out[at + i] = id.charCodeAt(i);
    return id.length;
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
    return this.#numbers.extents.get(this.#first + index);
  }

  /**
   * Set the first logical block of a position's data.
   *
   * @param index Position in the block.
   * @param lba The extent (below 2^32, as ECMA-119 9.1.3 records it).
   */
  setExtent(index: number, lba: number): void {
    this.#numbers.extents.set(this.#first + index, lba);
  }
}
