/**
 * `struct statx` (linux/stat.h), the record `statx(2)` fills, and what the disk scan reads
 * of it. Pure: bytes in, a {@linkcode SourceStat} out. The values match `Deno.lstatSync`'s
 * (see `src/source/source_stat.ts`). `struct statx` has one layout on every architecture,
 * unlike `struct stat`.
 *
 * @module
 */

import type { FieldTable } from "../../src/records/field_table.ts";
import type { SourceKind, SourceStat } from "../../src/source/source_stat.ts";

/** `struct statx` (linux/stat.h); each timestamp is `{ __s64 tv_sec; __u32 tv_nsec; }`. */
export const STATX_TABLE = {
  mask: { offset: 0, size: 4, type: "u32le", clause: "stx_mask: fields filled in" },
  nlink: { offset: 16, size: 4, type: "u32le", clause: "stx_nlink" },
  uid: { offset: 20, size: 4, type: "u32le", clause: "stx_uid" },
  gid: { offset: 24, size: 4, type: "u32le", clause: "stx_gid" },
  mode: { offset: 28, size: 2, type: "u16le", clause: "stx_mode: type and permissions" },
  ino: { offset: 32, size: 8, type: "u64le", clause: "stx_ino" },
  size: { offset: 40, size: 8, type: "u64le", clause: "stx_size" },
  atime: { offset: 64, size: 16, type: "bytes", clause: "stx_atime" },
  ctime: { offset: 96, size: 16, type: "bytes", clause: "stx_ctime" },
  mtime: { offset: 112, size: 16, type: "bytes", clause: "stx_mtime" },
  devMajor: { offset: 136, size: 4, type: "u32le", clause: "stx_dev_major" },
  devMinor: { offset: 140, size: 4, type: "u32le", clause: "stx_dev_minor" },
} as const satisfies FieldTable;

/** Bytes of `struct statx`. */
export const STATX_SIZE = 256;
/** `STATX_BASIC_STATS` and the mask bits read (linux/stat.h). */
const Statx = { basic: 0x7ff, atime: 0x20, mtime: 0x40, ctime: 0x80 } as const;
/** `STATX_BASIC_STATS`: the fields asked for. */
export const STATX_BASIC_STATS = Statx.basic;
/** `S_IFMT` and the file types (sys/stat.h). */
const S = { fmt: 0o170000, reg: 0o100000, dir: 0o040000, lnk: 0o120000 } as const;

const T = STATX_TABLE;

function kindOf(mode: number): SourceKind {
  switch (mode & S.fmt) {
    case S.reg:
      return "file";
    case S.dir:
      return "directory";
    case S.lnk:
      return "symlink";
    default:
      return "other";
  }
}

/**
 * A u64 as a number. Values below 2^30 come back as small integers: a product with 2^32 is
 * a heap double even when it is 0, and one double stored in a field makes V8 box that field
 * in every object of the same shape (16 more bytes per file entry).
 */
function u64(view: DataView, at: number): number {
  const high = view.getUint32(at + 4, true);
  const low = view.getUint32(at, true);
  return high === 0 && low < 0x40000000 ? low | 0 : high * 2 ** 32 + low;
}

/** A timestamp's `tv_sec` (signed 64-bit). */
function seconds(view: DataView, at: number): number {
  return view.getInt32(at + 4, true) * 2 ** 32 + view.getUint32(at, true);
}

/** Milliseconds as Deno gives them: the exact time truncated towards zero. */
function millis(view: DataView, at: number): number {
  const sec = seconds(view, at);
  const ms = view.getUint32(at + 8, true) / 1e6;
  return sec * 1000 + (sec < 0 ? Math.ceil(ms) : Math.floor(ms));
}

/** glibc's `makedev(major, minor)` as a number (what `Deno.FileInfo.dev` holds). */
function makedev(major: number, minor: number): number {
  return (major >>> 12) * 2 ** 44 + (minor >>> 8) * 2 ** 20 + (major & 0xfff) * 256 +
    (minor & 0xff);
}

/**
 * The scan's metadata of one `struct statx`.
 *
 * @param view Bytes holding the record.
 * @param at Offset of the record.
 * @returns The values, as `Deno.lstatSync` gives them.
 */
export function decodeStatx(view: DataView, at: number): SourceStat {
  const mask = view.getUint32(at + T.mask.offset, true);
  const mode = view.getUint16(at + T.mode.offset, true);
  return {
    kind: kindOf(mode),
    size: u64(view, at + T.size.offset),
    mode,
    uid: view.getUint32(at + T.uid.offset, true),
    gid: view.getUint32(at + T.gid.offset, true),
    nlink: view.getUint32(at + T.nlink.offset, true),
    dev: makedev(
      view.getUint32(at + T.devMajor.offset, true),
      view.getUint32(at + T.devMinor.offset, true),
    ),
    ino: u64(view, at + T.ino.offset),
    mtimeMs: mask & Statx.mtime ? millis(view, at + T.mtime.offset) : undefined,
    atimeMs: mask & Statx.atime ? millis(view, at + T.atime.offset) : undefined,
    // Deno gives the change time in whole seconds.
    ctimeMs: mask & Statx.ctime ? seconds(view, at + T.ctime.offset) * 1000 : undefined,
  };
}
