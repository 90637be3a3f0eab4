/**
 * File entries of files (ECMA-167 4/14.9, or 4/14.17 for UDF 2.50/2.60) written by the WASM
 * core many at a time: a row of numbers per file here, the blocks in one call there
 * (`wasm/assembly/ecma167.ts`). What `icbEntry` writes field by field, the same bytes.
 *
 * Why: a tree has an entry for each file, and the entries of 50,000 files took 75 ms of
 * the main thread written one by one in TypeScript, about half of it in the field writes
 * and the tag's CRC; the main thread's metadata is what the data-area thread waits on
 * before the two share the copying.
 *
 * Where each field sits is taken from the field tables (the layout record the core reads),
 * checked against the widths the core writes when the layout is made.
 *
 * @module
 */

import { InternalError } from "../model/errors.ts";
import type { FieldSpec, FieldType } from "../records/field_table.ts";
import {
  FILE_ENTRY_AD_OFFSET,
  fileEntryTable,
  SHORT_AD_LENGTH,
  TagId,
  tagTable,
} from "../records/ecma167.ts";
import {
  EXTENDED_FILE_ENTRY_AD_OFFSET,
  extendedFileEntryTable,
} from "../records/extended_file_entry.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import { bytes, coreExports, ensureWorkArea } from "../../wasm/core.ts";
import { entryTemplate, type Icb, MAX_AD_EXTENT } from "./udf_icb.ts";

/** Bytes of one row (the core's row layout). */
const ROW = 80;
/** Slots of the layout record. */
const LAYOUT_SLOTS = 19;
/** The layout's value for a field the kind of entry does not have. */
const NONE = 0xffff_ffff;
/** A row's partition reference for short_ads. */
const SHORT_ADS = 0xffff_ffff;
/** Bytes of a long allocation descriptor (ECMA-167 4/14.14.2). */
const LONG_AD_LENGTH = 16;

/** A field's offset, once its type is the one the core writes there. */
function at(f: FieldSpec | undefined, type: FieldType, size?: number): number {
  if (!f) return NONE;
  if (f.type !== type || f.bits !== undefined || (size !== undefined && f.size !== size)) {
    throw new InternalError(
      `The WASM file entry writer puts a ${type} at offset ${f.offset}, the table a ${f.type}`,
    );
  }
  return f.offset;
}

/** The layout record of a kind of entry (see `wasm/assembly/ecma167.ts`). */
function layoutOf(extended: boolean, version: number): Uint32Array {
  const t = tagTable;
  // The core writes the tag at its fixed offsets (ECMA-167 3/7.2).
  if (
    at(t.identifier, "u16le") !== 0 || at(t.version, "u16le") !== 2 ||
    at(t.checksum, "u8") !== 4 || at(t.crc, "u16le") !== 8 ||
    at(t.crcLength, "u16le") !== 10 || at(t.location, "u32le") !== 12
  ) throw new InternalError("The WASM file entry writer's tag offsets differ from the table");
  const f = extended ? extendedFileEntryTable : fileEntryTable;
  const e = extended ? extendedFileEntryTable : undefined;
  const adOffset = extended ? EXTENDED_FILE_ENTRY_AD_OFFSET : FILE_ENTRY_AD_OFFSET;
  return Uint32Array.of(
    at(f.fileType, "u8"),
    at(f.icbFlags, "u16le"),
    at(f.uid, "u32le"),
    at(f.gid, "u32le"),
    at(f.permissions, "u32le"),
    at(f.linkCount, "u16le"),
    at(f.informationLength, "u64le"),
    at(e?.objectSize, "u64le"),
    at(f.blocksRecorded, "u64le"),
    at(f.accessTime, "bytes", 12),
    at(f.modificationTime, "bytes", 12),
    at(e?.creationTime, "bytes", 12),
    at(f.attributeTime, "bytes", 12),
    at(f.uniqueId, "u64le"),
    at(f.adLength, "u32le"),
    adOffset,
    extended ? TagId.extendedFileEntry : TagId.fileEntry,
    version,
    MAX_AD_EXTENT,
  );
}

/** File entries of files, gathered as rows and written in one call. */
export class FileEntryRows {
  /** Rows one batch holds. */
  static readonly CAPACITY = 256;
  readonly #rows = new ArrayBuffer(FileEntryRows.CAPACITY * ROW);
  readonly #f64 = new Float64Array(this.#rows);
  readonly #u32 = new Uint32Array(this.#rows);
  readonly #layout: Uint32Array;
  readonly #template: Uint8Array;
  readonly #adOffset: number;
  #count = 0;

  /**
   * @param extended Extended file entries (UDF 2.50 and 2.60 as kiln writes them).
   * @param version Descriptor version of the tags (2 or 3).
   */
  constructor(extended: boolean, version: number) {
    this.#layout = layoutOf(extended, version);
    if (this.#layout.length !== LAYOUT_SLOTS) throw new InternalError("file entry layout");
    this.#template = entryTemplate(extended);
    this.#adOffset = extended ? EXTENDED_FILE_ENTRY_AD_OFFSET : FILE_ENTRY_AD_OFFSET;
    // The core copies the template up to the allocation descriptors (layout slot 15).
    if (this.#template.length !== this.#adOffset) throw new InternalError("file entry template");
  }

  /** Rows gathered since the last {@linkcode FileEntryRows.writeInto}. */
  get length(): number {
    return this.#count;
  }

  #next(): number {
    if (this.#count === FileEntryRows.CAPACITY) {
      throw new InternalError(`More than ${FileEntryRows.CAPACITY} file entries in one batch`);
    }
    const r = this.#count++ * ROW;
    this.#u32.fill(0, r / 4, (r + ROW) / 4);
    return r;
  }

  /**
   * Gather one entry whose bytes are a run of blocks (not embedded).
   *
   * @param icb The entry's fields.
   * @throws {InternalError} For embedded data, another extent limit, or descriptors that
   *   would not fit the block.
   */
  add(icb: Icb): void {
    const body = icb.body;
    if ("embedded" in body || (body.maxExtent ?? MAX_AD_EXTENT) !== MAX_AD_EXTENT) {
      throw new InternalError(`UDF entry at block ${icb.location} is not a plain file's`);
    }
    const adLength = body.partition === undefined ? SHORT_AD_LENGTH : LONG_AD_LENGTH;
    if (this.#adOffset + Math.ceil(body.length / MAX_AD_EXTENT) * adLength > SECTOR_SIZE) {
      throw new InternalError(`UDF entry at block ${icb.location} outgrew its block`);
    }
    const r = this.#next();
    const u = this.#u32;
    const w = r / 4;
    u[w] = icb.location;
    u[w + 1] = icb.fileType;
    u[w + 2] = icb.uid;
    u[w + 3] = icb.gid;
    u[w + 4] = icb.permissions;
    u[w + 5] = icb.links;
    u[w + 6] = body.block;
    u[w + 7] = body.partition ?? SHORT_ADS;
    const d = r / 8;
    const f = this.#f64;
    f[d + 4] = body.length;
    f[d + 5] = icb.uniqueId;
    f[d + 6] = icb.times[0].getTime();
    f[d + 7] = icb.times[1].getTime();
    f[d + 8] = icb.times[2].getTime();
  }

  /** Gather a block the core leaves zero (an entry the caller writes itself). */
  skip(): void {
    this.#u32[this.#next() / 4 + 18] = 1;
  }

  /**
   * Write the gathered rows' blocks, one after another, and start a new batch.
   *
   * @param out Destination.
   * @param offset Where the first block goes in `out`.
   */
  writeInto(out: Uint8Array, offset: number): void {
    const n = this.#count;
    if (n === 0) return;
    const rowBytes = n * ROW;
    const layoutBytes = LAYOUT_SLOTS * 4;
    const size = rowBytes + layoutBytes + this.#template.length + n * SECTOR_SIZE;
    // Synchronous from here to the copy out: nothing else uses the work area meanwhile.
    const base = ensureWorkArea(size + 16);
    const mem = bytes();
    const rows = base;
    const layout = rows + rowBytes;
    const template = layout + layoutBytes;
    const blocks = (template + this.#template.length + 15) & ~15;
    mem.set(new Uint8Array(this.#rows, 0, rowBytes), rows);
    mem.set(new Uint8Array(this.#layout.buffer), layout);
    mem.set(this.#template, template);
    coreExports().fileEntries(blocks, rows, n, layout, template);
    out.set(mem.subarray(blocks, blocks + n * SECTOR_SIZE), offset);
    this.#count = 0;
  }
}
