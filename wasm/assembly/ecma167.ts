// ECMA-167 file entries (4/14.9) and extended file entries (4/14.17) of files, many in
// one call: the entries of a big tree's files are a block each and differ in a few
// fields, so the TypeScript side writes one 80-byte row per file and this writes the
// blocks. Where each field sits comes from the TypeScript field tables (the layout
// record below), so the tables stay the one statement of the format.
//
// Layout record: one u32 per slot, offsets into the entry (NONE: the kind has no such
// field).
//   0 file type (4/14.6.6, u8)          1 ICB flags (4/14.6.8, u16le)
//   2 uid (u32le)                       3 gid (u32le)
//   4 permissions (u32le)               5 file link count (u16le)
//   6 information length (u64le)        7 object size (u64le, extended entries only)
//   8 logical blocks recorded (u64le)   9 access time (1/7.3 timestamp)
//  10 modification time                11 creation time (extended entries only)
//  12 attribute time                   13 unique id (u64le)
//  14 length of allocation descriptors (u32le)
//  15 offset of the allocation descriptors (no extended attributes), which is also the
//     length of the shared fields (the template, copied first)
//  16 tag identifier value             17 descriptor version
//  18 bytes one allocation descriptor may cover
// Tag fields (3/7.2) are at fixed offsets: identifier 0, version 2, checksum 4,
// CRC 8, CRC length 10, location 12.
//
// Row, 80 bytes: 0 tag location u32, 4 file type u32, 8 uid u32, 12 gid u32,
// 16 permissions u32, 20 link count u32, 24 first block u32, 28 partition reference u32
// (ROW_SHORT_AD: short_ads), 32 information length f64, 40 unique id f64, 48 modification
// time f64, 56 access time f64, 64 attribute time f64 (ms since 1970 UTC, NaN: invalid),
// 72 u32 1 to leave the block zero (the TypeScript side writes that entry itself).

import { crc16Ccitt } from "./crc";

/** Bytes of one row. */
const ROW: usize = 80;
/** A logical block (UDF on 2048-byte sectors). */
const BLOCK: usize = 2048;
/** Partition reference of a row whose descriptors are short_ads (4/14.14.1). */
const ROW_SHORT_AD: u32 = 0xffffffff;
/** Layout slot value of a field the kind of entry does not have. */
const NONE: u32 = 0xffffffff;
const MS_PER_DAY: f64 = 86400000;

/** Layout slot `i`. */
@inline
function slot(layout: usize, i: u32): usize {
  return <usize> load<u32>(layout + (<usize> i << 2));
}

/**
 * A 1/7.3 timestamp: type 1 (local time) with offset 0, then the UTC calendar fields.
 * The date comes from the day count with years counted from March, so the leap day ends
 * a year and the month follows from the day of the year linearly (153 days per five
 * months); an invalid time (NaN) leaves the fields zero, as the TypeScript writer does.
 */
function putTimestamp(p: usize, ms: f64): void {
  store<u16>(p, 0x1000);
  if (!isFinite(ms)) {
    memory.fill(p + 2, 0, 10);
    return;
  }
  const days = Math.floor(ms / MS_PER_DAY);
  let rest = <i64> (ms - days * MS_PER_DAY);
  const z = <i64> days + 719468; // days from 0000-03-01
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const dayOfEra = z - era * 146097;
  const yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
  const dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
  const mp = (5 * dayOfYear + 2) / 153;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = rest / 3600000;
  rest -= hours * 3600000;
  const minutes = rest / 60000;
  rest -= minutes * 60000;
  const seconds = rest / 1000;
  store<u16>(p + 2, <u16> year); // Int16 little-endian
  store<u8>(p + 4, <u8> month);
  store<u8>(p + 5, <u8> (dayOfYear - (153 * mp + 2) / 5 + 1));
  store<u8>(p + 6, <u8> hours);
  store<u8>(p + 7, <u8> minutes);
  store<u8>(p + 8, <u8> seconds);
  store<u8>(p + 9, <u8> ((rest - seconds * 1000) / 10));
  store<u16>(p + 10, 0); // hundreds of microseconds, microseconds
}

/**
 * Write `count` entries, one a block from `out`, from the rows at `rows`: each block is
 * zeroed, gets the template's shared fields, the row's fields, its allocation
 * descriptors (one per `maxExtent` bytes: short_ads, or long_ads in the row's partition)
 * and its finished tag (4/7.2: CRC-16 over the descriptor after the tag, then the tag
 * checksum). The TypeScript side has checked that the descriptors fit the block.
 */
export function fileEntries(
  out: usize,
  rows: usize,
  count: u32,
  layout: usize,
  template: usize,
): void {
  const adOffset = slot(layout, 15);
  const maxExtent = <f64> load<u32>(layout + 18 * 4);
  const objectSize = slot(layout, 7);
  const creationTime = slot(layout, 11);
  for (let i: u32 = 0; i < count; i++) {
    const e = out + <usize> i * BLOCK;
    const r = rows + <usize> i * ROW;
    memory.fill(e, 0, BLOCK);
    if (load<u32>(r + 72) == 1) continue;
    memory.copy(e, template, adOffset);
    const length = load<f64>(r + 32);
    const long = load<u32>(r + 28) != ROW_SHORT_AD;
    store<u8>(e + slot(layout, 0), <u8> load<u32>(r + 4));
    store<u16>(e + slot(layout, 1), long ? 1 : 0);
    store<u32>(e + slot(layout, 2), load<u32>(r + 8));
    store<u32>(e + slot(layout, 3), load<u32>(r + 12));
    store<u32>(e + slot(layout, 4), load<u32>(r + 16));
    store<u16>(e + slot(layout, 5), <u16> load<u32>(r + 20));
    store<u64>(e + slot(layout, 6), <u64> length);
    if (<u32> objectSize != NONE) store<u64>(e + objectSize, <u64> length);
    store<u64>(e + slot(layout, 8), <u64> Math.ceil(length / <f64> BLOCK));
    putTimestamp(e + slot(layout, 9), load<f64>(r + 56));
    putTimestamp(e + slot(layout, 10), load<f64>(r + 48));
    if (<u32> creationTime != NONE) putTimestamp(e + creationTime, load<f64>(r + 48));
    putTimestamp(e + slot(layout, 12), load<f64>(r + 64));
    store<u64>(e + slot(layout, 13), <u64> load<f64>(r + 40));
    // Allocation descriptors: short_ad 4/14.14.1 (length, position), long_ad 4/14.14.2
    // (length, lb_addr block and partition reference; the implementation use stays 0).
    let ads: usize = 0;
    const first = load<u32>(r + 24);
    for (let done: f64 = 0; done < length; done += maxExtent) {
      const ad = e + adOffset + ads;
      store<u32>(ad, <u32> Math.min(maxExtent, length - done));
      store<u32>(ad + 4, first + <u32> (done / <f64> BLOCK));
      if (long) store<u16>(ad + 8, <u16> load<u32>(r + 28));
      ads += long ? 16 : 8;
    }
    store<u32>(e + slot(layout, 14), <u32> ads);
    const crcLength = <u32> (adOffset - 16 + ads);
    store<u16>(e, <u16> load<u32>(layout + 16 * 4));
    store<u16>(e + 2, <u16> load<u32>(layout + 17 * 4));
    store<u16>(e + 8, <u16> crc16Ccitt(e + 16, crcLength, 0));
    store<u16>(e + 10, <u16> crcLength);
    store<u32>(e + 12, load<u32>(r));
    let sum: u32 = 0;
    for (let k: usize = 0; k < 16; k++) if (k != 4) sum += <u32> load<u8>(e + k);
    store<u8>(e + 4, <u8> sum);
  }
}
