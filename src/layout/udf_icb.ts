/**
 * One UDF ICB: a file entry (ECMA-167 4/14.9) or, for UDF 2.50 and 2.60, an extended file
 * entry (4/14.17), with its allocation descriptors or embedded data.
 *
 * Why extended file entries from 2.50 on: UDF 2.50/2.60 2.3.6 allows either kind (what it
 * adds is that, with a metadata partition, every entry lives in the metadata partition),
 * so kiln follows the writers it can compare with. 7-Zip's UDF reader (UdfIn.cpp) reads
 * the metadata file of the Windows-made volumes it was written against as an extended file
 * entry with short_ads at byte 216, and udftools' mkudffs writes extended file entries for
 * every revision from 2.00 (`--noefe` turns them off). Revisions up to 2.01 keep plain file
 * entries, which every UDF reader accepts and pycdlib 1.12 requires.
 *
 * @module
 */

import { dataViewOf, writeFields, writeNumber } from "../records/field_table.ts";
import {
  compressedUnicode,
  FILE_ENTRY_AD_OFFSET,
  fileEntryTable,
  finishTag,
  longAdTable,
  regid,
  SHORT_AD_LENGTH,
  shortAdTable,
  TagId,
  writeTimestamp,
} from "../records/ecma167.ts";
import {
  EXTENDED_FILE_ENTRY_AD_OFFSET,
  extendedFileEntryTable,
} from "../records/extended_file_entry.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import { InternalError } from "../model/errors.ts";
import type { UdfPlan } from "./udf_plan.ts";

/** The largest extent one allocation descriptor may describe: 2^30 − 1 rounded down to blocks. */
export const MAX_AD_EXTENT = 0x3fff_f800;
/** Bytes of a long allocation descriptor (ECMA-167 4/14.14.2). */
const LONG_AD_LENGTH = 16;
/** UDF 2.1.5.3 implementation suffix: OS class 4 (UNIX), OS identifier 5 (Linux). */
export const IMPL_SUFFIX = [4, 5];
/** kiln's implementation identifier (written read-only into every descriptor that has one). */
export const IMPL_ID = regid("*kiln", IMPL_SUFFIX);

/** File types of the ICB tag (ECMA-167 4/14.6.6, UDF 2.3.5.2). */
export const FileType = {
  directory: 4,
  file: 5,
  symlink: 12,
  metadata: 250,
  metadataMirror: 251,
} as const;

/** Where an ICB's bytes are. */
export type IcbBody =
  /** Embedded in the entry (ECMA-167 4/14.6.8 allocation type 3). */
  | { readonly embedded: Uint8Array }
  | {
    /** Bytes, recorded in one run of blocks. */
    readonly length: number;
    /** First block of the run. */
    readonly block: number;
    /** Partition reference of the run when it is not the entry's own: long_ads. */
    readonly partition?: number;
    /** Bytes one descriptor may cover (default {@linkcode MAX_AD_EXTENT}). */
    readonly maxExtent?: number;
  };

/** The fields of one ICB. */
export interface Icb {
  /** ICB file type ({@linkcode FileType}). */
  readonly fileType: number;
  /** Owner. */
  readonly uid: number;
  /** Group. */
  readonly gid: number;
  /** UDF permission bits (ECMA-167 4/14.9.5). */
  readonly permissions: number;
  /** File link count. */
  readonly links: number;
  /** UDF unique id (UDF 3.2.1.1). */
  readonly uniqueId: number;
  /** Modification, access and attribute times; creation is the modification time. */
  readonly times: readonly [Date, Date, Date];
  /** Tag location: the entry's block in its partition. */
  readonly location: number;
  /** Where the bytes are. */
  readonly body: IcbBody;
}

/**
 * UDF permissions (ECMA-167 4/14.9.5) from POSIX mode bits: five bits per class (execute,
 * write, read, change attributes, delete), others in the low bits.
 *
 * @param mode POSIX mode.
 * @returns The permissions field.
 */
export function permissions(mode: number): number {
  let perm = 0;
  for (let i = 0; i < 3; i++) {
    let bits = (mode >> (3 * i)) & 7;
    if (bits & 2) bits |= 8 | 16; // write also grants change-attributes and delete (4/14.9.5)
    perm |= bits << (5 * i);
  }
  return perm;
}

/**
 * A symlink's target as path components (ECMA-167 4/14.16.1; UDF 2.3.12: identifiers in
 * OSTA compressed unicode with compression id 16, as file identifiers are written).
 *
 * @param target The POSIX target.
 * @returns The components, recorded embedded in the symlink's entry.
 */
export function symlinkComponents(target: string): Uint8Array {
  const parts: number[] = [];
  if (target.startsWith("/")) parts.push(2, 0, 0, 0);
  for (const c of target.split("/")) {
    if (c === "") continue;
    if (c === ".") parts.push(4, 0, 0, 0);
    else if (c === "..") parts.push(3, 0, 0, 0);
    else {
      const id = compressedUnicode(c, true);
      parts.push(5, id.length, 0, 0, ...id);
    }
  }
  return new Uint8Array(parts);
}

/**
 * Bytes an entry can embed: a block less the entry's fixed part (ECMA-167 4/14.9, 4/14.17).
 *
 * @param extended Extended file entries.
 * @returns The room for embedded data.
 */
export function embeddedRoom(extended: boolean): number {
  return SECTOR_SIZE - (extended ? EXTENDED_FILE_ENTRY_AD_OFFSET : FILE_ENTRY_AD_OFFSET);
}

/** Field values every entry kiln writes shares (ECMA-167 4/14.6, 4/14.9, 4/14.17). */
const SHARED_FIELDS = {
  strategyType: 4,
  maxEntries: 1,
  checkpoint: 1,
  implementationId: IMPL_ID,
  eaLength: 0,
};

/** The shared fields of each kind of entry, written once and copied into every entry. */
const templates = new Map<boolean, Uint8Array>();

/**
 * The fields every entry of a kind shares, from byte 0 to its allocation descriptors.
 *
 * @param extended Extended file entries.
 * @returns The bytes (shared: do not modify).
 */
export function entryTemplate(extended: boolean): Uint8Array {
  let t = templates.get(extended);
  if (!t) {
    t = new Uint8Array(extended ? EXTENDED_FILE_ENTRY_AD_OFFSET : FILE_ENTRY_AD_OFFSET);
    writeFields(t, 0, extended ? extendedFileEntryTable : fileEntryTable, SHARED_FIELDS);
    templates.set(extended, t);
  }
  return t;
}

/**
 * Write one ICB as a file entry or, when the plan says so, an extended file entry.
 *
 * @param u The UDF plan.
 * @param icb The entry's fields.
 * @param out Where to write the entry's block: zeroed bytes (default: a new block).
 * @param at Offset of the block in `out`.
 * @returns `out`.
 */
export function icbEntry(
  u: UdfPlan,
  icb: Icb,
  out: Uint8Array = new Uint8Array(SECTOR_SIZE),
  at = 0,
): Uint8Array {
  const extended = u.extendedEntries;
  const adOffset = extended ? EXTENDED_FILE_ENTRY_AD_OFFSET : FILE_ENTRY_AD_OFFSET;
  const body = icb.body;
  const view = dataViewOf(out);
  let ads = 0;
  let length: number;
  let blocks = 0;
  let adType: number;
  if ("embedded" in body) {
    if (body.embedded.length > embeddedRoom(extended)) {
      throw new InternalError(`UDF entry at block ${icb.location} cannot embed its data`);
    }
    out.set(body.embedded, at + adOffset);
    ads = length = body.embedded.length;
    adType = 3;
  } else {
    length = body.length;
    blocks = Math.ceil(length / SECTOR_SIZE);
    const long = body.partition !== undefined;
    const step = body.maxExtent ?? MAX_AD_EXTENT;
    const size = long ? LONG_AD_LENGTH : SHORT_AD_LENGTH;
    adType = long ? 1 : 0;
    if (adOffset + Math.ceil(length / step) * size > SECTOR_SIZE) {
      throw new InternalError(`UDF entry at block ${icb.location} outgrew its block`);
    }
    for (let done = 0; done < length; done += step, ads += size) {
      const extentLength = Math.min(step, length - done);
      const block = body.block + done / SECTOR_SIZE;
      const ad = at + adOffset + ads;
      if (long) {
        writeNumber(view, ad, longAdTable.length, extentLength);
        writeNumber(view, ad, longAdTable.block, block);
        writeNumber(view, ad, longAdTable.partition, body.partition);
      } else {
        writeNumber(view, ad, shortAdTable.length, extentLength);
        writeNumber(view, ad, shortAdTable.position, block);
      }
    }
  }
  const [m, a, c] = icb.times;
  out.set(entryTemplate(extended), at);
  // Field by field, not by name: a tree has an entry for every file.
  const table = extended ? extendedFileEntryTable : fileEntryTable;
  writeNumber(view, at, table.fileType, icb.fileType);
  writeNumber(view, at, table.icbFlags, adType);
  writeNumber(view, at, table.uid, icb.uid);
  writeNumber(view, at, table.gid, icb.gid);
  writeNumber(view, at, table.permissions, icb.permissions);
  writeNumber(view, at, table.linkCount, icb.links);
  writeNumber(view, at, table.informationLength, length);
  writeNumber(view, at, table.blocksRecorded, blocks);
  writeNumber(view, at, table.uniqueId, icb.uniqueId);
  writeNumber(view, at, table.adLength, ads);
  writeTimestamp(out, at + table.accessTime.offset, a);
  writeTimestamp(out, at + table.modificationTime.offset, m);
  writeTimestamp(out, at + table.attributeTime.offset, c);
  if (extended) {
    writeNumber(view, at, extendedFileEntryTable.objectSize, length);
    writeTimestamp(out, at + extendedFileEntryTable.creationTime.offset, m);
  }
  finishTag(
    out,
    at,
    extended ? TagId.extendedFileEntry : TagId.fileEntry,
    u.descriptorVersion,
    icb.location,
    adOffset - 16 + ads,
  );
  return out;
}
