/**
 * Plain TypeScript references of every WASM core function, with the same semantics,
 * written for obviousness rather than speed (bit-at-a-time CRCs, byte-by-byte fields).
 * `mem` stands in for the core's linear memory and every pointer is an index into it; the
 * record writers expect their inputs (name, system use) not to overlap their output, as
 * the WASM functions do. Numbers are taken as the WASM boundary takes them (ToInt32, then
 * truncated to the field's width). Used by differential tests and benchmarks; not part of
 * the public API.
 *
 * @module
 */

/** ECMA-119 7.2.1: 16-bit little-endian at `mem[p]`. */
export function putU16LE(mem: Uint8Array, p: number, v: number): void {
  mem[p] = v & 0xff;
  mem[p + 1] = (v >>> 8) & 0xff;
}

/** ECMA-119 7.2.2: 16-bit big-endian at `mem[p]`. */
export function putU16BE(mem: Uint8Array, p: number, v: number): void {
  mem[p] = (v >>> 8) & 0xff;
  mem[p + 1] = v & 0xff;
}

/** ECMA-119 7.3.1: 32-bit little-endian at `mem[p]`. */
export function putU32LE(mem: Uint8Array, p: number, v: number): void {
  for (let i = 0; i < 4; i++) mem[p + i] = (v >>> (8 * i)) & 0xff;
}

/** ECMA-119 7.3.2: 32-bit big-endian at `mem[p]`. */
export function putU32BE(mem: Uint8Array, p: number, v: number): void {
  for (let i = 0; i < 4; i++) mem[p + i] = (v >>> (24 - 8 * i)) & 0xff;
}

/** ECMA-119 7.2.3: 16-bit both-byte orders, LE then BE (4 bytes). */
export function putU16Both(mem: Uint8Array, p: number, v: number): void {
  putU16LE(mem, p, v);
  putU16BE(mem, p + 2, v);
}

/** ECMA-119 7.3.3: 32-bit both-byte orders, LE then BE (8 bytes). */
export function putU32Both(mem: Uint8Array, p: number, v: number): void {
  putU32LE(mem, p, v);
  putU32BE(mem, p + 4, v);
}

/**
 * ECMA-119 8.4.26.1: 16 ASCII digits YYYYMMDDhhmmsscc (each field's low digits) and a
 * signed GMT offset in 15-minute units. Year 0 means "not specified": all digits '0' and
 * offset 0, whatever the other fields hold.
 */
export function decDateTime(
  mem: Uint8Array,
  out: number,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  hundredths: number,
  tz: number,
): void {
  // The low `width` decimal digits of `n` taken as an unsigned 32-bit number.
  const digits = (n: number, width: number) => String((n >>> 0) % 10 ** width).padStart(width, "0");
  const unspecified = year >>> 0 === 0;
  const text = unspecified ? "0".repeat(16) : [
    digits(year, 4),
    ...[month, day, hour, minute, second, hundredths].map((n) => digits(n, 2)),
  ].join("");
  for (let i = 0; i < 16; i++) mem[out + i] = text.charCodeAt(i);
  mem[out + 16] = unspecified ? 0 : tz & 0xff;
}

/**
 * ECMA-119 9.1 directory record at `mem[out]`: LEN_DR, extended attribute length 0,
 * extent and data length both-endian, the 7-byte recording date (9.1.5), flags, unit size
 * and gap 0, volume sequence number 1, LEN_FI, the name, a padding byte when LEN_FI is
 * even (9.1.12), then the system use bytes.
 *
 * @returns LEN_DR, or 0 (nothing written) when it would exceed 255.
 */
export function dirRecord(
  mem: Uint8Array,
  out: number,
  extent: number,
  dataLength: number,
  flags: number,
  namePtr: number,
  nameLen: number,
  suPtr: number,
  suLen: number,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  tz: number,
): number {
  const pad = nameLen % 2 === 0 ? 1 : 0;
  const len = 33 + nameLen + pad + suLen;
  if (len > 255) return 0;
  const name = mem.slice(namePtr, namePtr + nameLen);
  const su = mem.slice(suPtr, suPtr + suLen);
  mem[out] = len;
  mem[out + 1] = 0;
  putU32Both(mem, out + 2, extent);
  putU32Both(mem, out + 10, dataLength);
  const date = [year - 1900, month, day, hour, minute, second, tz];
  for (let i = 0; i < 7; i++) mem[out + 18 + i] = date[i]! & 0xff;
  mem[out + 25] = flags & 0xff;
  mem[out + 26] = 0;
  mem[out + 27] = 0;
  putU16Both(mem, out + 28, 1);
  mem[out + 32] = nameLen;
  mem.set(name, out + 33);
  if (pad) mem[out + 33 + nameLen] = 0;
  mem.set(su, out + 33 + nameLen + pad);
  return len;
}

/**
 * ECMA-119 9.4 path table record at `mem[out]`: LEN_DI, extended attribute length 0,
 * extent (4 bytes) and parent directory number (2 bytes), little-endian for a type L table
 * (`bigEndian` 0) or big-endian for type M, the name, and a padding byte when LEN_DI is odd.
 *
 * @returns 8 + LEN_DI + padding.
 */
export function pathTableRecord(
  mem: Uint8Array,
  out: number,
  extent: number,
  parent: number,
  namePtr: number,
  nameLen: number,
  bigEndian: number,
): number {
  const name = mem.slice(namePtr, namePtr + nameLen);
  mem[out] = nameLen;
  mem[out + 1] = 0;
  if (bigEndian) {
    putU32BE(mem, out + 2, extent);
    putU16BE(mem, out + 6, parent);
  } else {
    putU32LE(mem, out + 2, extent);
    putU16LE(mem, out + 6, parent);
  }
  mem.set(name, out + 8);
  if (nameLen % 2) mem[out + 8 + nameLen] = 0;
  return 8 + nameLen + (nameLen % 2);
}

/**
 * CRC-16/CCITT of ECMA-167 7.2.6 (polynomial 0x1021, MSB first, no final XOR), one bit at
 * a time. Only the low 16 bits of `init` count; pass a previous result to continue.
 */
export function crc16Ccitt(data: Uint8Array, init = 0): number {
  let crc = init & 0xffff;
  for (const byte of data) {
    crc ^= byte << 8;
    for (let b = 0; b < 8; b++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/**
 * CD-ROM EDC of ECMA-130 14.3 (0x8001801B reflected, init 0, no final XOR), one bit at a
 * time, LSB first. Pass a previous result as `init` to continue.
 */
export function crc32Edc(data: Uint8Array, init = 0): number {
  let crc = init >>> 0;
  for (const byte of data) {
    crc ^= byte;
    for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0xd8018001 : crc >>> 1;
  }
  return crc >>> 0;
}

/**
 * CRC-32 of IEEE 802.3 as GPT uses it (0x04C11DB7 reflected, init and final XOR all ones),
 * one bit at a time. Pass a previous result as `init` to continue.
 */
export function crc32Ieee(data: Uint8Array, init = 0): number {
  let crc = ~init >>> 0;
  for (const byte of data) {
    crc ^= byte;
    for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}
