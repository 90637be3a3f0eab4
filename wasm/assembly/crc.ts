// Checksums over linear memory, table-driven with slicing-by-8.
//
// Provenance of the tables: nothing is copied in. initTables() computes every table when
// the module starts, from the generator polynomial named in the cited clause. Table 0 is
// the classic byte-at-a-time table (the CRC of one byte); table k (1..7) holds the CRC of
// a byte followed by k zero bytes, derived from table k-1 by one more zero-byte step. With
// them, eight input bytes fold into the CRC at once: each byte is looked up in the table
// for its distance from the end of the 8-byte block and the results are XORed.
// Slicing-by-16 measured no faster here (the loop is bound by table loads) and doubles the
// tables; what did pay was keeping the bytes that do not meet the running CRC off the
// critical path (about 1.3x over a plain left-to-right XOR chain).

/** Bytes folded per step of the sliced loops (the number of tables per CRC). */
const SLICES: u32 = 8;

/** CRC-16/CCITT tables, 8 x 256 x u16 (ECMA-167 7.2.6). */
const CRC16_TABLES: usize = memory.data(8 * 256 * 2, 16);
/** CD-ROM EDC tables, 8 x 256 x u32 (ECMA-130 14.3). */
const EDC_TABLES: usize = memory.data(8 * 256 * 4, 16);
/** CRC-32 (IEEE 802.3) tables, 8 x 256 x u32 (UEFI GPT). */
const IEEE_TABLES: usize = memory.data(8 * 256 * 4, 16);

/** ECMA-167 7.2.6: generator x^16 + x^12 + x^5 + 1, processed MSB first. */
const CRC16_POLY: u32 = 0x1021;
/** ECMA-130 14.3: (x^16 + x^15 + x^2 + 1)(x^16 + x^2 + x + 1) = 0x8001801B, LSB first. */
const EDC_POLY_REFLECTED: u32 = 0xd8018001;
/** IEEE 802.3 (as UEFI GPT uses it): 0x04C11DB7, LSB first. */
const IEEE_POLY_REFLECTED: u32 = 0xedb88320;

// deno fmt is kept off this folder because it drops AssemblyScript decorators.

/** Entry `i` of CRC-16 table `k` (ECMA-167 7.2.6 CRC; see the provenance note above). */
@inline
function t16(k: u32, i: u32): u32 {
  return <u32> load<u16>(CRC16_TABLES + (((k << 8) + i) << 1));
}

/** Entry `i` of table `k` in a set of reflected 32-bit CRC tables (ECMA-130 14.3, GPT). */
@inline
function t32(tables: usize, k: u32, i: u32): u32 {
  return load<u32>(tables + (((k << 8) + i) << 2));
}

/** Byte-at-a-time table for a reflected 32-bit CRC (ECMA-130 14.3: LSB first). */
function fillReflected32(tables: usize, polyReflected: u32): void {
  for (let i: u32 = 0; i < 256; i++) {
    let c = i;
    for (let b = 0; b < 8; b++) c = (c & 1) ? (c >>> 1) ^ polyReflected : c >>> 1;
    store<u32>(tables + (i << 2), c);
  }
  for (let k: u32 = 1; k < SLICES; k++) {
    for (let i: u32 = 0; i < 256; i++) {
      const q = t32(tables, k - 1, i);
      store<u32>(tables + (((k << 8) + i) << 2), (q >>> 8) ^ t32(tables, 0, q & 0xff));
    }
  }
}

/** Computes all tables once, at module start (ECMA-167 7.2.6, ECMA-130 14.3, GPT). */
function initTables(): void {
  for (let i: u32 = 0; i < 256; i++) {
    let c: u32 = i << 8;
    for (let b = 0; b < 8; b++) {
      c = (c & 0x8000) ? ((c << 1) ^ CRC16_POLY) & 0xffff : (c << 1) & 0xffff;
    }
    store<u16>(CRC16_TABLES + (i << 1), <u16> c);
  }
  for (let k: u32 = 1; k < SLICES; k++) {
    for (let i: u32 = 0; i < 256; i++) {
      const p = t16(k - 1, i);
      const next = ((p << 8) & 0xffff) ^ t16(0, p >> 8);
      store<u16>(CRC16_TABLES + (((k << 8) + i) << 1), <u16> next);
    }
  }
  fillReflected32(EDC_TABLES, EDC_POLY_REFLECTED);
  fillReflected32(IEEE_TABLES, IEEE_POLY_REFLECTED);
}

initTables();

/**
 * Four input bytes (the little-endian word `w`, first byte lowest) looked up in CRC-16
 * tables k, k-1, k-2, k-3 and XORed (ECMA-167 7.2.6). The XOR tree is balanced so the
 * lookups run in parallel.
 */
@inline
function fold16(k: u32, w: u32): u32 {
  return (t16(k, w & 0xff) ^ t16(k - 1, (w >>> 8) & 0xff)) ^
    (t16(k - 2, (w >>> 16) & 0xff) ^ t16(k - 3, w >>> 24));
}

/** As fold16, for reflected 32-bit CRC tables (ECMA-130 14.3, GPT). */
@inline
function fold32(tables: usize, k: u32, w: u32): u32 {
  return (t32(tables, k, w & 0xff) ^ t32(tables, k - 1, (w >>> 8) & 0xff)) ^
    (t32(tables, k - 2, (w >>> 16) & 0xff) ^ t32(tables, k - 3, w >>> 24));
}

/**
 * A reflected (LSB-first) 32-bit CRC register update over `len` bytes at `ptr`, with no
 * initial or final inversion (ECMA-130 14.3 when `tables` is EDC_TABLES). The word that
 * does not depend on the running CRC is folded first, off the critical path.
 */
@inline
function reflected32(tables: usize, ptr: usize, len: u32, init: u32): u32 {
  let crc = init;
  let p = ptr;
  const end = ptr + <usize> len;
  while (end - p >= SLICES) {
    const late = fold32(tables, 3, load<u32>(p + 4));
    crc = fold32(tables, 7, load<u32>(p) ^ crc) ^ late;
    p += SLICES;
  }
  while (p < end) {
    crc = (crc >>> 8) ^ t32(tables, 0, (crc ^ <u32> load<u8>(p)) & 0xff);
    p++;
  }
  return crc;
}

/**
 * CRC-16/CCITT as ECMA-167 7.2.6 uses for descriptor tags: polynomial 0x1021, MSB first,
 * no reflection, no final XOR; `init` 0 gives CRC-16/XMODEM. Only the low 16 bits of
 * `init` count. Pass the previous result as `init` to continue.
 */
export function crc16Ccitt(ptr: usize, len: u32, init: u32): u32 {
  let crc: u32 = init & 0xffff;
  let p = ptr;
  const end = ptr + <usize> len;
  while (end - p >= SLICES) {
    const one = load<u32>(p);
    // The 16-bit register meets only the first two bytes; the other six are folded first,
    // off the critical path.
    const late = (t16(5, (one >>> 16) & 0xff) ^ t16(4, one >>> 24)) ^ fold16(3, load<u32>(p + 4));
    const x = crc ^ (((one & 0xff) << 8) | ((one >>> 8) & 0xff));
    crc = (t16(7, x >> 8) ^ t16(6, x & 0xff)) ^ late;
    p += SLICES;
  }
  while (p < end) {
    crc = ((crc << 8) & 0xffff) ^ t16(0, ((crc >> 8) ^ <u32> load<u8>(p)) & 0xff);
    p++;
  }
  return crc;
}

/**
 * The CD-ROM error detection code of ECMA-130 14.3 (CRC-32/CD-ROM-EDC): polynomial
 * 0x8001801B processed LSB first, initial value 0, no final XOR. Pass the previous result
 * as `init` to continue.
 */
export function crc32Edc(ptr: usize, len: u32, init: u32): u32 {
  return reflected32(EDC_TABLES, ptr, len, init);
}

/**
 * CRC-32 as IEEE 802.3 and the UEFI specification (GPT headers and entry arrays, UEFI
 * 5.3.2) define it: polynomial 0x04C11DB7 reflected, initial value and final XOR
 * 0xFFFFFFFF. `init` is a previous result to continue from (0 to start).
 */
export function crc32Ieee(ptr: usize, len: u32, init: u32): u32 {
  return ~reflected32(IEEE_TABLES, ptr, len, ~init);
}
