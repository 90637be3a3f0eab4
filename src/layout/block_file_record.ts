/**
 * The directory record of a file that a plan keeps only as a row of its directory's block
 * (no object of its own, see `PlannedDirectoryNode`), staged straight into the WASM core's
 * work area: its identifier, and with Rock Ridge its RR, PX, TF and NM entries (RRIP 4.1),
 * from the block and the plan's columns. It is the record `childRecords`
 * (`directory_records.ts`) gives for such a file, byte for byte, without the planned file,
 * its entry, the entries' arrays and the record's object that path makes (on 50,000 small
 * files, most of the emit pass's own time).
 *
 * A file whose record does not fit this path (its entries do not fit in the record or its
 * name not in the staging room, it needs sections) is left to the general one.
 *
 * @module
 */

import type { NodeMeta } from "../model/file_tree.ts";
import { directoryRecordLength } from "../records/ecma119.ts";
import {
  PosixType,
  PX_LENGTH,
  RR_LENGTH,
  TF_LENGTH,
  writeNmEntryAround,
  writePxEntry,
  writeRrEntry,
  writeTfEntry,
} from "../records/susp_rrip.ts";
import type { BlockFileColumns } from "./block_file_columns.ts";
import { MAX_SINGLE_EXTENT, type RecordContext, type View } from "./directory_records.ts";
import { type PlannedDirectory, type RowBlock, rowBlockOf } from "./plan_tree.ts";
import { timesOf } from "./system_use.ts";

/** RR flags of a file's record in its directory: PX, NM and TF recorded (as `rockRidgeEntries`). */
const FILE_RR_FLAGS = 0x01 | 0x80 | 0x08;

/** One file record, staged: its identifier at `base`, its system use at `base + 256`. */
export interface StagedFileRecord {
  /** Identifier bytes. */
  idLength: number;
  /** System use bytes. */
  suLength: number;
  /** First logical block of the data. */
  extent: number;
  /** Bytes of data. */
  dataLength: number;
  /** File flags (none: one section, a file). */
  readonly flags: 0;
  /** The recording date. */
  time: Date;
}

/** Bytes of the entries before NM, and of NM's own fields (RRIP 4.1.4). */
const HEAD = RR_LENGTH + PX_LENGTH + TF_LENGTH;
const NM_FIELDS = 5;

/** Stages the records of one directory's block files. */
export class BlockFileRecords {
  readonly #view: View;
  readonly #ctx: RecordContext;
  readonly #block: RowBlock;
  readonly #columns: BlockFileColumns;
  readonly #meta: NodeMeta = { mode: 0, uid: 0, gid: 0 };
  readonly #encoder = new TextEncoder();
  readonly #staged: StagedFileRecord = {
    idLength: 0,
    suLength: 0,
    extent: 0,
    dataLength: 0,
    flags: 0,
    time: new Date(0),
  };

  /**
   * The stager of a directory, when its block can tell its files' sizes and metadata.
   *
   * @param dir The directory.
   * @param view The tree.
   * @param ctx Rock Ridge and time settings.
   * @returns The stager, or undefined for the general path.
   */
  static of(dir: PlannedDirectory, view: View, ctx: RecordContext): BlockFileRecords | undefined {
    const block = rowBlockOf(dir);
    return block ? new BlockFileRecords(view, ctx, block, dir.blockFiles!) : undefined;
  }

  private constructor(
    view: View,
    ctx: RecordContext,
    block: RowBlock,
    columns: BlockFileColumns,
  ) {
    this.#view = view;
    this.#ctx = ctx;
    this.#block = block;
    this.#columns = columns;
  }

  /**
   * Stage the record of the block file at a position.
   *
   * @param position The file's position in the block.
   * @param mem The WASM core's memory.
   * @param base Where to stage: the identifier at `base`, the system use at `base + 256`.
   * @returns What was staged (the same object at each call), or undefined when the file's
   *   record needs the general path.
   */
  stage(position: number, mem: Uint8Array, base: number): StagedFileRecord | undefined {
    const size = this.#block.sizeAt(position);
    if (size > MAX_SINGLE_EXTENT) return undefined;
    const name = this.#block.nameAt(position);
    const s = this.#staged;
    if (this.#view === "iso") {
      s.idLength = this.#columns.writeIsoId(position, mem, base);
    } else {
      const id = this.#columns.jolietId(position) ?? name;
      if (2 * id.length > 255) return undefined;
      for (let i = 0; i < id.length; i++) { // UCS-2, big-endian (Joliet 2.0)
        const c = id.charCodeAt(i);
        mem[base + 2 * i] = c >> 8;
        mem[base + 2 * i + 1] = c & 0xff;
      }
      s.idLength = 2 * id.length;
    }
    const meta = this.#meta;
    this.#block.metaAt(position, meta);
    const [m, a, c] = timesOf(meta.mtime, meta.atime, meta.ctime, this.#ctx.times);
    s.time = m;
    s.extent = this.#columns.extent(position);
    s.dataLength = size;
    s.suLength = 0;
    if (this.#view !== "iso" || !this.#ctx.rockRidge) return s;
    // The name first, where its NM entry puts it, in what is left of the field's 255 bytes
    // (less than one NM entry holds: a name this path takes needs one).
    const nameBytes = this.#utf8(name, mem, base + 256 + HEAD + NM_FIELDS, 255 - HEAD - NM_FIELDS);
    if (nameBytes < 0) return undefined;
    const suLength = HEAD + NM_FIELDS + nameBytes;
    if (suLength > 255 - directoryRecordLength(s.idLength, 0)) return undefined;
    let at = base + 256;
    at += writeRrEntry(mem, at, FILE_RR_FLAGS);
    at += writePxEntry(mem, at, PosixType.file | (meta.mode & 0o7777), 1, meta.uid, meta.gid);
    at += writeTfEntry(mem, at, m, a, c);
    writeNmEntryAround(mem, at, nameBytes);
    s.suLength = suLength;
    return s;
  }

  /** Write a name's UTF-8 bytes in at most `room` bytes; their count, or -1 past the room. */
  #utf8(name: string, mem: Uint8Array, at: number, room: number): number {
    if (name.length > room) return -1;
    let k = 0;
    for (; k < name.length; k++) {
      const c = name.charCodeAt(k);
      if (c >= 0x80) break;
      mem[at + k] = c;
    }
    if (k === name.length) return k;
    const { read, written } = this.#encoder.encodeInto(name, mem.subarray(at, at + room));
    return read === name.length ? written : -1;
  }
}
