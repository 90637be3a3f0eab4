import {
  bytes,
  coreExports,
  crc16Ccitt,
  crc32Edc,
  crc32Ieee,
  ensureWorkArea,
} from "../../wasm/core.ts";
import {
  directoryRecordTable,
  pathTableRecordTable,
  pathTableRecordTableM,
} from "../../src/records/ecma119.ts";
import { bothEndianAgree, readField } from "../../src/records/field_table.ts";

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");
const ascii = (s: string) => new TextEncoder().encode(s);

Deno.test("crc16Ccitt() matches the standard vectors", () => {
  if (crc16Ccitt(ascii("123456789")) !== 0x31c3) throw new Error("CRC-16/XMODEM check value");
  // ECMA-167 7.2.6 gives this example: the CRC of 70 6A 77 is 3299.
  if (crc16Ccitt(new Uint8Array([0x70, 0x6a, 0x77])) !== 0x3299) {
    throw new Error("ECMA-167 example");
  }
  if (crc16Ccitt(new Uint8Array()) !== 0) throw new Error("empty");
  if (crc16Ccitt(ascii("56789"), crc16Ccitt(ascii("1234"))) !== 0x31c3) {
    throw new Error("continued");
  }
});

Deno.test("crc32Edc() matches the CRC-32/CD-ROM-EDC check value", () => {
  if (crc32Edc(ascii("123456789")) !== 0x6ec2edc4) {
    throw new Error(crc32Edc(ascii("123456789")).toString(16));
  }
  if (crc32Edc(new Uint8Array()) !== 0) throw new Error("empty");
  if (crc32Edc(ascii("9"), crc32Edc(ascii("12345678"))) !== 0x6ec2edc4) {
    throw new Error("continued");
  }
});

Deno.test("crc32Edc() over a mode 1 sector's first 2064 bytes leaves zero when the EDC is appended", () => {
  const sector = new Uint8Array(2068);
  sector.set([0x00, ...new Array(10).fill(0xff), 0x00, 0x00, 0x02, 0x00, 0x01]);
  for (let i = 16; i < 2064; i++) sector[i] = (i * 7) & 0xff;
  const edc = crc32Edc(sector.subarray(0, 2064));
  new DataView(sector.buffer).setUint32(2064, edc, true); // ECMA-130 14.3: EDC stored LSB first
  if (crc32Edc(sector) !== 0) throw new Error("a CRC with its own remainder appended must give 0");
});

Deno.test("dirRecord() writes the ECMA-119 9.1 layout byte for byte", () => {
  const base = ensureWorkArea(1024);
  const mem = bytes();
  mem.set(ascii("README.TXT;1"), base);
  mem.set([0x50, 0x58], base + 64);
  const len = coreExports().dirRecord(
    base + 256,
    0x1234, // extent
    0x10203, // data length
    0x02, // flags: directory bit only
    base,
    12, // name "README.TXT;1"
    base + 64,
    2, // system use "PX" (truncated, just bytes here)
    2024,
    2,
    29,
    23,
    59,
    58,
    -4, // 2024-02-29 23:59:58 at GMT-1
  );
  const rec = bytes().slice(base + 256, base + 256 + len);
  const expected = [
    [48], // 9.1.1 LEN_DR = 33 + 12 + 1 padding + 2 system use
    [0], // 9.1.2 extended attribute record length
    [0x34, 0x12, 0, 0, 0, 0, 0x12, 0x34], // 9.1.3 location of extent, both-endian (7.3.3)
    [0x03, 0x02, 0x01, 0, 0, 0x01, 0x02, 0x03], // 9.1.4 data length, both-endian (7.3.3)
    [124, 2, 29, 23, 59, 58, 0xfc], // 9.1.5 years since 1900 .. second, offset -4 (signed)
    [0x02], // 9.1.6 file flags
    [0], // 9.1.7 file unit size
    [0], // 9.1.8 interleave gap size
    [1, 0, 0, 1], // 9.1.9 volume sequence number 1, both-endian (7.2.3)
    [12], // 9.1.10 LEN_FI
    [...ascii("README.TXT;1")], // 9.1.11 file identifier
    [0], // 9.1.12 padding, present because LEN_FI is even
    [0x50, 0x58], // 9.1.13 system use
  ].flat();
  if (hex(rec) !== hex(new Uint8Array(expected))) {
    throw new Error(`${hex(rec)}\n${hex(new Uint8Array(expected))}`);
  }
  // The TypeScript field tables (src/records) read the same record back.
  if (readField(rec, 0, directoryRecordTable.extent) !== 0x1234) {
    throw new Error("field table disagrees");
  }
  if (!bothEndianAgree(rec, 0, directoryRecordTable.dataLength)) throw new Error("halves disagree");
  const date = readField(rec, 0, directoryRecordTable.recordingTime) as Date;
  if (date.toISOString() !== "2024-03-01T00:59:58.000Z") throw new Error(date.toISOString());
});

Deno.test('dirRecord() writes the one-byte "." identifier 0x00 without padding (ECMA-119 9.1.11)', () => {
  const base = ensureWorkArea(256);
  bytes()[base] = 0x00;
  const len = coreExports().dirRecord(
    base + 64,
    20,
    2048,
    2,
    base,
    1,
    base,
    0,
    2000,
    1,
    1,
    0,
    0,
    0,
    0,
  );
  // LEN_DR = 33 + LEN_FI 1; LEN_FI is odd, so no 9.1.12 padding byte.
  if (len !== 34 || bytes()[base + 64 + 32] !== 1 || bytes()[base + 64 + 33] !== 0) {
    throw new Error(hex(bytes().slice(base + 64, base + 64 + 34)));
  }
});

Deno.test("dirRecord() refuses records over 255 bytes and writes nothing (ECMA-119 9.1.1)", () => {
  const base = ensureWorkArea(1024);
  const core = coreExports();
  bytes().fill(0xee, base + 512, base + 1024);
  // 33 + 200 + 1 padding + 21 = 255 fits; one more system use byte does not.
  if (core.dirRecord(base + 512, 0, 0, 0, base, 200, base, 22, 2000, 1, 1, 0, 0, 0, 0) !== 0) {
    throw new Error("accepted 256 bytes");
  }
  if (bytes().subarray(base + 512, base + 1024).some((b) => b !== 0xee)) throw new Error("wrote");
  if (core.dirRecord(base + 512, 0, 0, 0, base, 200, base, 21, 2000, 1, 1, 0, 0, 0, 0) !== 255) {
    throw new Error("refused 255 bytes");
  }
});

Deno.test("pathTableRecord() writes type L and type M records (ECMA-119 9.4)", () => {
  const base = ensureWorkArea(256);
  bytes().set(ascii("DIR"), base);
  const core = coreExports();
  const l = core.pathTableRecord(base + 64, 0x1c, 2, base, 3, 0);
  const lRec = bytes().slice(base + 64, base + 64 + l);
  if (hex(lRec) !== "03 00 1c 00 00 00 02 00 44 49 52 00") throw new Error(hex(lRec));
  const m = core.pathTableRecord(base + 96, 0x1c, 2, base, 3, 1);
  const mRec = bytes().slice(base + 96, base + 96 + m);
  if (hex(mRec) !== "03 00 00 00 00 1c 00 02 44 49 52 00") throw new Error(hex(mRec));
  if (readField(lRec, 0, pathTableRecordTable.parentNumber) !== 2) throw new Error("L table");
  if (readField(mRec, 0, pathTableRecordTableM.extent) !== 0x1c) throw new Error("M table");
  // The root: identifier 0x00 (LEN_DI 1), its own parent (directory number 1), padded (9.4.6).
  bytes()[base] = 0;
  const r = core.pathTableRecord(base + 128, 18, 1, base, 1, 0);
  const rRec = bytes().slice(base + 128, base + 128 + r);
  if (hex(rRec) !== "01 00 12 00 00 00 01 00 00 00") throw new Error(hex(rRec));
});

Deno.test("decDateTime() writes digits and the GMT offset (ECMA-119 8.4.26.1)", () => {
  const base = ensureWorkArea(64);
  const core = coreExports();
  core.decDateTime(base, 2026, 11, 24, 4, 5, 6, 78, 4);
  if (
    new TextDecoder().decode(bytes().slice(base, base + 16)) !== "2026112404050678" ||
    bytes()[base + 16] !== 4
  ) {
    throw new Error(hex(bytes().slice(base, base + 17)));
  }
  core.decDateTime(base, 1999, 1, 2, 3, 4, 5, 6, -20); // GMT-5: offset byte 0xEC
  if (
    new TextDecoder().decode(bytes().slice(base, base + 16)) !== "1999010203040506" ||
    bytes()[base + 16] !== 0xec
  ) {
    throw new Error(hex(bytes().slice(base, base + 17)));
  }
  // Year 0: "not specified", whatever the other fields say.
  core.decDateTime(base, 0, 12, 31, 23, 59, 59, 99, 8);
  if (
    new TextDecoder().decode(bytes().slice(base, base + 16)) !== "0".repeat(16) ||
    bytes()[base + 16] !== 0
  ) {
    throw new Error("unspecified date");
  }
});

Deno.test("crc32Ieee() matches the CRC-32/ISO-HDLC check value", () => {
  if (crc32Ieee(ascii("123456789")) !== 0xcbf43926) {
    throw new Error(crc32Ieee(ascii("123456789")).toString(16));
  }
  if (crc32Ieee(new Uint8Array()) !== 0) throw new Error("empty");
  if (crc32Ieee(ascii("6789"), crc32Ieee(ascii("12345"))) !== 0xcbf43926) {
    throw new Error("continued");
  }
});
