// Field writers with explicit byte order (ECMA-119 7.2, 7.3). WebAssembly memory is
// little-endian, so LE stores are direct and BE stores swap bytes first.

/** ECMA-119 7.2.1: 16-bit little-endian. */
export function putU16LE(p: usize, v: u32): void {
  store<u16>(p, <u16> v);
}

/** ECMA-119 7.2.2: 16-bit big-endian. */
export function putU16BE(p: usize, v: u32): void {
  store<u16>(p, bswap<u16>(<u16> v));
}

/** ECMA-119 7.3.1: 32-bit little-endian. */
export function putU32LE(p: usize, v: u32): void {
  store<u32>(p, v);
}

/** ECMA-119 7.3.2: 32-bit big-endian. */
export function putU32BE(p: usize, v: u32): void {
  store<u32>(p, bswap<u32>(v));
}

/** ECMA-119 7.2.3: 16-bit both-byte orders (LE then BE, 4 bytes). */
export function putU16Both(p: usize, v: u32): void {
  putU16LE(p, v);
  putU16BE(p + 2, v);
}

/** ECMA-119 7.3.3: 32-bit both-byte orders (LE then BE, 8 bytes). */
export function putU32Both(p: usize, v: u32): void {
  putU32LE(p, v);
  putU32BE(p + 4, v);
}
