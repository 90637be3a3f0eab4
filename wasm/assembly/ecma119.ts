// ECMA-119 (ISO 9660) records serialized into linear memory. Offsets follow the field
// tables in src/records/ecma119.ts, which cite the same clauses.

import { putU16BE, putU16Both, putU16LE, putU32BE, putU32Both, putU32LE } from "./endian";

/**
 * Writes `value` as `digits` ASCII decimal digits, most significant first, keeping only
 * the low `digits` digits: the digit fields of ECMA-119 8.4.26.1.
 */
function putDigits(p: usize, value: u32, digits: i32): void {
  for (let i = digits - 1; i >= 0; i--) {
    store<u8>(p + <usize> i, <u8> (0x30 + value % 10));
    value /= 10;
  }
}

/**
 * ECMA-119 8.4.26.1: 17-byte date and time, 16 ASCII digits (YYYYMMDDhhmmsscc) and a
 * signed offset from GMT in 15-minute units. Year 0 means "not specified": all digits '0'
 * and offset 0.
 */
export function decDateTime(
  out: usize,
  year: u32,
  month: u32,
  day: u32,
  hour: u32,
  minute: u32,
  second: u32,
  hundredths: u32,
  tzQuarterHours: i32,
): void {
  if (year == 0) {
    memory.fill(out, 0x30, 16);
    store<u8>(out + 16, 0);
    return;
  }
  putDigits(out, year, 4);
  putDigits(out + 4, month, 2);
  putDigits(out + 6, day, 2);
  putDigits(out + 8, hour, 2);
  putDigits(out + 10, minute, 2);
  putDigits(out + 12, second, 2);
  putDigits(out + 14, hundredths, 2);
  store<i8>(out + 16, <i8> tzQuarterHours);
}

/**
 * ECMA-119 9.1: a directory record. LEN_DR (9.1.1) = 33 + LEN_FI + padding (9.1.12: one
 * byte when LEN_FI is even) + system use length (9.1.13). Returns LEN_DR, or 0 without
 * writing when the record would exceed 255 bytes.
 */
export function dirRecord(
  out: usize,
  extent: u32,
  dataLength: u32,
  flags: u32,
  namePtr: usize,
  nameLen: u32,
  suPtr: usize,
  suLen: u32,
  year: u32,
  month: u32,
  day: u32,
  hour: u32,
  minute: u32,
  second: u32,
  tzQuarterHours: i32,
): u32 {
  const pad: u32 = (nameLen & 1) ^ 1;
  const len: u32 = 33 + nameLen + pad + suLen;
  if (len > 255) return 0;
  store<u8>(out, <u8> len); // 9.1.1 length of directory record
  store<u8>(out + 1, 0); // 9.1.2 extended attribute record length
  putU32Both(out + 2, extent); // 9.1.3 location of extent
  putU32Both(out + 10, dataLength); // 9.1.4 data length
  store<u8>(out + 18, <u8> (year - 1900)); // 9.1.5 recording date and time
  store<u8>(out + 19, <u8> month);
  store<u8>(out + 20, <u8> day);
  store<u8>(out + 21, <u8> hour);
  store<u8>(out + 22, <u8> minute);
  store<u8>(out + 23, <u8> second);
  store<i8>(out + 24, <i8> tzQuarterHours);
  store<u8>(out + 25, <u8> flags); // 9.1.6 file flags
  store<u8>(out + 26, 0); // 9.1.7 file unit size
  store<u8>(out + 27, 0); // 9.1.8 interleave gap size
  putU16Both(out + 28, 1); // 9.1.9 volume sequence number
  store<u8>(out + 32, <u8> nameLen); // 9.1.10 length of file identifier
  memory.copy(out + 33, namePtr, nameLen); // 9.1.11 file identifier
  if (pad) store<u8>(out + 33 + <usize> nameLen, 0); // 9.1.12 padding field
  memory.copy(out + 33 + <usize> (nameLen + pad), suPtr, suLen); // 9.1.13 system use
  return len;
}

/**
 * ECMA-119 9.4: a path table record. Type L (bigEndian 0) stores numbers little-endian,
 * type M (bigEndian 1) big-endian. Returns 8 + LEN_DI + padding (9.4.6).
 */
export function pathTableRecord(
  out: usize,
  extent: u32,
  parent: u32,
  namePtr: usize,
  nameLen: u32,
  bigEndian: u32,
): u32 {
  store<u8>(out, <u8> nameLen); // 9.4.1 length of directory identifier
  store<u8>(out + 1, 0); // 9.4.2 extended attribute record length
  if (bigEndian) {
    putU32BE(out + 2, extent); // 9.4.3 location of extent
    putU16BE(out + 6, parent); // 9.4.4 parent directory number
  } else {
    putU32LE(out + 2, extent);
    putU16LE(out + 6, parent);
  }
  memory.copy(out + 8, namePtr, nameLen); // 9.4.5 directory identifier
  const pad: u32 = nameLen & 1;
  if (pad) store<u8>(out + 8 + <usize> nameLen, 0); // 9.4.6 padding field
  return 8 + nameLen + pad;
}
