/**
 * Table-driven TypeScript CRCs (one 256-entry table lookup per byte), the fair TS baseline
 * for the WASM core: `wasm/reference.ts` computes the same CRCs one bit at a time, which is
 * right for a differential oracle but slow by design. Same parameters as the core:
 * CRC-16/CCITT of ECMA-167 7.2.6, the CD EDC of ECMA-130 14.3 and IEEE CRC-32 as GPT uses it.
 *
 * @module
 */

function msbTable16(poly: number): Uint16Array {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let b = 0; b < 8; b++) c = c & 0x8000 ? (c << 1) ^ poly : c << 1;
    t[i] = c & 0xffff;
  }
  return t;
}

function lsbTable32(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let b = 0; b < 8; b++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
}

const T16 = msbTable16(0x1021);
const TEDC = lsbTable32(0xd8018001);
const TIEEE = lsbTable32(0xedb88320);

/**
 * CRC-16/CCITT (polynomial 0x1021, MSB first, no final XOR).
 *
 * @param data The bytes.
 * @param init A previous result to continue from (default 0).
 * @returns The CRC.
 */
export function crc16CcittTable(data: Uint8Array, init = 0): number {
  let crc = init & 0xffff;
  for (let i = 0; i < data.length; i++) crc = ((crc << 8) ^ T16[(crc >>> 8) ^ data[i]!]!) & 0xffff;
  return crc;
}

function lsb32(table: Uint32Array, data: Uint8Array, crc: number): number {
  for (let i = 0; i < data.length; i++) crc = (crc >>> 8) ^ table[(crc ^ data[i]!) & 0xff]!;
  return crc >>> 0;
}

/**
 * CD-ROM EDC (0x8001801B reflected, init 0, no final XOR).
 *
 * @param data The bytes.
 * @param init A previous result to continue from (default 0).
 * @returns The EDC.
 */
export function crc32EdcTable(data: Uint8Array, init = 0): number {
  return lsb32(TEDC, data, init >>> 0);
}

/**
 * IEEE 802.3 CRC-32 (reflected 0x04C11DB7, init and final XOR all ones).
 *
 * @param data The bytes.
 * @param init A previous result to continue from (default 0).
 * @returns The CRC.
 */
export function crc32IeeeTable(data: Uint8Array, init = 0): number {
  return ~lsb32(TIEEE, data, ~init >>> 0) >>> 0;
}
