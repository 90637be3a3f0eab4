/**
 * Emit directory extents and path tables. The records are serialized by the WASM core
 * (`dirRecord`, `pathTableRecord`) in its work area: identifiers and system use bytes are
 * staged there, the core writes the record, and the finished extent is copied out once.
 *
 * @module
 */

import { bytes, coreExports as core, ensureWorkArea } from "../../wasm/core.ts";
import { InternalError } from "../model/errors.ts";
import { directoryRecordLength, SECTOR_SIZE } from "../records/ecma119.ts";
import { utcFields } from "../records/utc_fields.ts";
import { BlockFileRecords } from "./block_file_record.ts";
import {
  childRecords,
  dotRecords,
  identifierBytes,
  type RecordSpec,
  type View,
} from "./directory_records.ts";
import type { ImagePlan } from "./layout_plan.ts";
import type { PlannedDirectory } from "./plan_tree.ts";
import { ceFor } from "./system_use.ts";

/** Staging room for one identifier (≤ 255 bytes) and one system use field (≤ 255 bytes). */
const STAGING = 512;

function serialize(
  base: number,
  at: number,
  rec: RecordSpec,
  su: readonly Uint8Array[],
  suLength: number,
): number {
  const mem = bytes();
  mem.set(rec.identifier, base);
  let p = base + 256;
  for (const e of su) {
    mem.set(e, p);
    p += e.length;
  }
  return record(base, at, rec, rec.identifier.length, suLength);
}

/** The core writes a record whose identifier and system use are staged at `base`. */
function record(
  base: number,
  at: number,
  rec: { extent: number; dataLength: number; flags: number; time: Date },
  idLength: number,
  suLength: number,
): number {
  const t = utcFields(rec.time);
  const len = core().dirRecord(
    at,
    rec.extent,
    rec.dataLength,
    rec.flags,
    base,
    idLength,
    base + 256,
    suLength,
    t.year,
    t.month,
    t.day,
    t.hours,
    t.minutes,
    t.seconds,
    0,
  );
  if (len !== directoryRecordLength(idLength, suLength)) {
    throw new InternalError(
      `directory record of ${idLength}+${suLength} bytes came out as ${len} bytes`,
    );
  }
  return len;
}

/**
 * Write the 34-byte root directory record of a volume descriptor (ECMA-119 8.4.18).
 *
 * @param buf Destination.
 * @param at Offset in `buf`.
 * @param plan The image plan.
 * @param root The root directory.
 * @param view The tree the descriptor belongs to.
 */
export function writeRootRecord(
  buf: Uint8Array,
  at: number,
  plan: ImagePlan,
  root: PlannedDirectory,
  view: View,
): void {
  const first = dotRecords(root, view, { ...plan.records, rockRidge: false }).next();
  if (first.done) throw new InternalError("the root directory has no '.' record");
  const base = ensureWorkArea(STAGING + 64);
  const len = serialize(base, base + STAGING, first.value, [], 0);
  buf.set(bytes().subarray(base + STAGING, base + STAGING + len), at);
}

/** Where continuation areas are written while directories are emitted. */
export interface ContinuationSink {
  /** Index of the next area in `plan.continuationAreas`. */
  next: number;
  /** The continuation region's bytes. */
  readonly region: Uint8Array;
}

/**
 * Emit one directory extent.
 *
 * @param dir The directory.
 * @param view The tree.
 * @param plan The image plan.
 * @param sink Continuation areas (ISO tree with Rock Ridge).
 * @param into Gives a buffer of at least the bytes asked for (the caller reuses one).
 * @returns The extent's bytes (its planned size), in the buffer `into` gave.
 */
export function emitDirectory(
  dir: PlannedDirectory,
  view: View,
  plan: ImagePlan,
  sink: ContinuationSink,
  into: (size: number) => Uint8Array,
): Uint8Array {
  const size = view === "iso" ? dir.isoSize : dir.jolietSize;
  const base = ensureWorkArea(STAGING + size);
  const out = base + STAGING;
  bytes().fill(0, out, out + size);
  let used = 0;
  /** Where the next record of `len` bytes goes (never across a sector, ECMA-119 6.8.1.1). */
  const place = (len: number): number => {
    if ((used % SECTOR_SIZE) + len > SECTOR_SIZE) used += SECTOR_SIZE - (used % SECTOR_SIZE);
    if (used + len > size) {
      throw new InternalError(`directory ${dir.path} outgrew its planned ${size} bytes`);
    }
    return out + used;
  };
  const general = (rec: RecordSpec): void => {
    const split = rec.systemUse;
    let inline: Uint8Array[] = [];
    if (split) {
      inline = split.inline;
      const chain = split.areas.map((entries, i) => {
        const pos = plan.continuationAreas[sink.next + i];
        if (!pos) {
          throw new InternalError(
            `continuation area ${sink.next + i} of ${dir.path} was not planned`,
          );
        }
        return { entries, pos };
      });
      sink.next += chain.length;
      if (chain.length > 0) inline = [...inline, ceFor(plan.continuationLba, chain[0]!.pos)];
      chain.forEach(({ entries, pos }, i) => {
        let p = pos.block * SECTOR_SIZE + pos.offset;
        const all = i + 1 < chain.length
          ? [...entries, ceFor(plan.continuationLba, chain[i + 1]!.pos)]
          : entries;
        for (const e of all) {
          sink.region.set(e, p);
          p += e.length;
        }
      });
    }
    const suLength = inline.reduce((n, e) => n + e.length, 0);
    const at = place(directoryRecordLength(rec.identifier.length, suLength));
    used += serialize(base, at, rec, inline, suLength);
  };
  const ctx = plan.records;
  for (const rec of dotRecords(dir, view, ctx)) general(rec);
  // Files of the block with no object are staged from the columns (see block_file_record.ts).
  const blockFiles = BlockFileRecords.of(dir, view, ctx);
  const iso = view === "iso";
  const count = iso ? dir.isoChildCount : dir.jolietChildCount;
  for (let j = 0; j < count; j++) {
    const k = iso ? j : dir.jolietPositionAt(j);
    const p = blockFiles ? dir.blockPositionAt(k) : -1;
    const staged = p >= 0 ? blockFiles!.stage(p, bytes(), base) : undefined;
    if (staged) {
      const at = place(directoryRecordLength(staged.idLength, staged.suLength));
      used += record(base, at, staged, staged.idLength, staged.suLength);
      continue;
    }
    for (const rec of childRecords(dir.isoChildAt(k), view, ctx)) general(rec);
  }
  const result = into(size).subarray(0, size);
  result.set(bytes().subarray(out, out + size));
  return result;
}

/**
 * Emit a path table (ECMA-119 9.4), padded to whole sectors.
 *
 * @param dirs Directories in path-table order.
 * @param view The tree.
 * @param bigEndian Type M (true) or type L (false).
 * @param size Planned size in bytes.
 * @returns The table's sectors.
 */
export function emitPathTable(
  dirs: readonly PlannedDirectory[],
  view: View,
  bigEndian: boolean,
  size: number,
): Uint8Array {
  const padded = Math.ceil(size / SECTOR_SIZE) * SECTOR_SIZE;
  const base = ensureWorkArea(STAGING + padded);
  const out = base + STAGING;
  bytes().fill(0, out, out + padded);
  let used = 0;
  for (const d of dirs) {
    const id = d.parent === d ? new Uint8Array([0]) : identifierBytes(d, view);
    bytes().set(id, base);
    const extent = view === "iso" ? d.isoExtent : d.jolietExtent;
    const parent = view === "iso" ? d.parent.isoNumber : d.parent.jolietNumber;
    used += core().pathTableRecord(out + used, extent, parent, base, id.length, bigEndian ? 1 : 0);
  }
  if (used !== size) {
    throw new InternalError(`path table came out as ${used} bytes, planned ${size}`);
  }
  return bytes().slice(out, out + padded);
}
