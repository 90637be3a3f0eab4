/**
 * Plain TypeScript references of every WASM core function, with the same semantics,
 * written for obviousness rather than speed (bit-at-a-time CRCs, byte-by-byte fields).
 * `mem` stands in for the core's linear memory. Used by differential tests and benchmarks;
 * not part of the public API.
 *
 * @module
 */

/** ECMA-119 7.2.1. */
export function putU16LE(mem: Uint8Array, p: number, v: number): void {
  mem[p] = v & 0xff;
  mem[p + 1] = (v >>> 8) & 0xff;
}

/** ECMA-119 7.2.2. */
export function putU16BE(mem: Uint8Array, p: number, v: number): void {
  mem[p] = (v >>> 8) & 0xff;
  mem[p + 1] = v & 0xff;
}

/** ECMA-119 7.3.1. */
export function putU32LE(mem: Uint8Array, p: number, v: number): void {
  for (let i = 0; i < 4; i++) mem[p + i] = (v >>> (8 * i)) & 0xff;
}

/** ECMA-119 7.3.2. */
export function putU32BE(mem: Uint8Array, p: number, v: number): void {
  for (let i = 0; i < 4; i++) mem[p + i] = (v >>> (24 - 8 * i)) & 0xff;
}

/** ECMA-119 7.2.3. */
export function putU16Both(mem: Uint8Array, p: number, v: number): void {
  putU16LE(mem, p, v);
  putU16BE(mem, p + 2, v);
}

/** ECMA-119 7.3.3. */
export function putU32Both(mem: Uint8Array, p: number, v: number): void {
  putU32LE(mem, p, v);
  putU32BE(mem, p + 4, v);
}

/** ECMA-119 8.4.26.1 (year 0: all '0' digits, offset 0). */
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
  const text = year === 0 ? "0".repeat(16) : [
    String(year % 10000).padStart(4, "0"),
    ...[month, day, hour, minute, second, hundredths].map((n) => String(n % 100).padStart(2, "0")),
  ].join("");
  for (let i = 0; i < 16; i++) mem[out + i] = text.charCodeAt(i);
  mem[out + 16] = year === 0 ? 0 : tz & 0xff;
}

/** ECMA-119 9.1 (see the WASM `dirRecord`). */
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
  [year - 1900, month, day, hour, minute, second, tz].forEach((
    v,
    i,
  ) => (mem[out + 18 + i] = v & 0xff));
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

/** ECMA-119 9.4 (see the WASM `pathTableRecord`). */
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

/** CRC-16/CCITT of ECMA-167 7.2.6, one bit at a time. */
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

/** CD-ROM EDC of ECMA-130 14.3, one bit at a time, LSB first. */
export function crc32Edc(data: Uint8Array, init = 0): number {
  let crc = init >>> 0;
  for (const byte of data) {
    crc ^= byte;
    for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0xd8018001 : crc >>> 1;
  }
  return crc >>> 0;
}

/** CRC-32 of IEEE 802.3 (GPT), one bit at a time. */
export function crc32Ieee(data: Uint8Array, init = 0): number {
  let crc = ~init >>> 0;
  for (const byte of data) {
    crc ^= byte;
    for (let b = 0; b < 8; b++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}
