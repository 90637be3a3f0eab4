// Checksums, table-driven with slicing-by-8 (eight tables: table k holds the CRC of a byte
// followed by k zero bytes). Tables are computed once when the module starts.

/** CRC-16/CCITT tables, 8 x 256 x u16. */
const CRC16_TABLES: usize = memory.data(8 * 256 * 2, 16);
/** CD-ROM EDC tables, 8 x 256 x u32. */
const EDC_TABLES: usize = memory.data(8 * 256 * 4, 16);
/** CRC-32 (IEEE 802.3) tables, 8 x 256 x u32. */
const IEEE_TABLES: usize = memory.data(8 * 256 * 4, 16);

/** ECMA-167 7.2.6: generator x^16 + x^12 + x^5 + 1, MSB first. */
const CRC16_POLY: u32 = 0x1021;
/** ECMA-130 14.3: (x^16 + x^15 + x^2 + 1)(x^16 + x^2 + x + 1), LSB first (reflected). */
const EDC_POLY_REFLECTED: u32 = 0xd8018001;
/** IEEE 802.3 / ISO-HDLC, as the UEFI GPT uses: 0x04C11DB7 reflected. */
const IEEE_POLY_REFLECTED: u32 = 0xedb88320;

// Decorated for AssemblyScript; deno fmt is kept off this folder because it drops them.
@inline
function t16(k: u32, i: u32): u32 {
  return <u32> load<u16>(CRC16_TABLES + (((k << 8) + i) << 1));
}

@inline
function t32(k: u32, i: u32): u32 {
  return load<u32>(EDC_TABLES + (((k << 8) + i) << 2));
}

@inline
function tIeee(k: u32, i: u32): u32 {
  return load<u32>(IEEE_TABLES + (((k << 8) + i) << 2));
}

function initTables(): void {
  for (let i: u32 = 0; i < 256; i++) {
    let c: u32 = i << 8;
    for (let b = 0; b < 8; b++) {
      c = (c & 0x8000) ? ((c << 1) ^ CRC16_POLY) & 0xffff : (c << 1) & 0xffff;
    }
    store<u16>(CRC16_TABLES + (i << 1), <u16> c);
    let e: u32 = i;
    for (let b = 0; b < 8; b++) e = (e & 1) ? (e >>> 1) ^ EDC_POLY_REFLECTED : e >>> 1;
    store<u32>(EDC_TABLES + (i << 2), e);
    let g: u32 = i;
    for (let b = 0; b < 8; b++) g = (g & 1) ? (g >>> 1) ^ IEEE_POLY_REFLECTED : g >>> 1;
    store<u32>(IEEE_TABLES + (i << 2), g);
  }
  for (let k: u32 = 1; k < 8; k++) {
    for (let i: u32 = 0; i < 256; i++) {
      const p = t16(k - 1, i);
      store<u16>(
        CRC16_TABLES + (((k << 8) + i) << 1),
        <u16> (((p << 8) & 0xffff) ^ t16(0, p >> 8)),
      );
      const q = t32(k - 1, i);
      store<u32>(EDC_TABLES + (((k << 8) + i) << 2), (q >>> 8) ^ t32(0, q & 0xff));
      const r = tIeee(k - 1, i);
      store<u32>(IEEE_TABLES + (((k << 8) + i) << 2), (r >>> 8) ^ tIeee(0, r & 0xff));
    }
  }
}

initTables();

/**
 * CRC-16/CCITT as ECMA-167 7.2.6 uses for descriptor tags: polynomial 0x1021, MSB first,
 * no reflection, no final XOR. Pass the previous result as `init` to continue.
 */
export function crc16Ccitt(ptr: usize, len: u32, init: u32): u32 {
  let crc: u32 = init & 0xffff;
  let p = ptr;
  const end = ptr + <usize> len;
  while (p + 8 <= end) {
    const x = crc ^ ((<u32> load<u8>(p) << 8) | <u32> load<u8>(p + 1));
    crc = t16(7, x >> 8) ^ t16(6, x & 0xff) ^ t16(5, load<u8>(p + 2)) ^ t16(4, load<u8>(p + 3)) ^
      t16(3, load<u8>(p + 4)) ^ t16(2, load<u8>(p + 5)) ^ t16(1, load<u8>(p + 6)) ^
      t16(0, load<u8>(p + 7));
    p += 8;
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
  let crc: u32 = init;
  let p = ptr;
  const end = ptr + <usize> len;
  while (p + 8 <= end) {
    const one = load<u32>(p) ^ crc;
    const two = load<u32>(p + 4);
    crc = t32(7, one & 0xff) ^ t32(6, (one >>> 8) & 0xff) ^ t32(5, (one >>> 16) & 0xff) ^
      t32(4, one >>> 24) ^
      t32(3, two & 0xff) ^ t32(2, (two >>> 8) & 0xff) ^ t32(1, (two >>> 16) & 0xff) ^
      t32(0, two >>> 24);
    p += 8;
  }
  while (p < end) {
    crc = (crc >>> 8) ^ t32(0, (crc ^ <u32> load<u8>(p)) & 0xff);
    p++;
  }
  return crc;
}

/**
 * CRC-32 as IEEE 802.3 and the UEFI specification (GPT headers and entry arrays) define it:
 * polynomial 0x04C11DB7 reflected, initial value and final XOR 0xFFFFFFFF. `init` is a
 * previous result to continue from (0 to start).
 */
export function crc32Ieee(ptr: usize, len: u32, init: u32): u32 {
  let crc: u32 = ~init;
  let p = ptr;
  const end = ptr + <usize> len;
  while (p + 8 <= end) {
    const one = load<u32>(p) ^ crc;
    const two = load<u32>(p + 4);
    crc = tIeee(7, one & 0xff) ^ tIeee(6, (one >>> 8) & 0xff) ^ tIeee(5, (one >>> 16) & 0xff) ^
      tIeee(4, one >>> 24) ^
      tIeee(3, two & 0xff) ^ tIeee(2, (two >>> 8) & 0xff) ^ tIeee(1, (two >>> 16) & 0xff) ^
      tIeee(0, two >>> 24);
    p += 8;
  }
  while (p < end) {
    crc = (crc >>> 8) ^ tIeee(0, (crc ^ <u32> load<u8>(p)) & 0xff);
    p++;
  }
  return ~crc;
}
