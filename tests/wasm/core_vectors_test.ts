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
});

Deno.test("crc32Edc() matches the CRC-32/CD-ROM-EDC check value", () => {
  if (crc32Edc(ascii("123456789")) !== 0x6ec2edc4) {
    throw new Error(crc32Edc(ascii("123456789")).toString(16));
  }
  if (crc32Edc(new Uint8Array()) !== 0) throw new Error("empty");
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
    0x1234,
    0x10203,
    0x02,
    base,
    12,
    base + 64,
    2,
    2024,
    2,
    29,
    23,
    59,
    58,
    -4,
  );
  const rec = bytes().slice(base + 256, base + 256 + len);
  const expected = [
    48,
    0, // 9.1.1 LEN_DR = 33 + 12 + 1 pad + 2, 9.1.2 ext attr
    0x34,
    0x12,
    0,
    0,
    0,
    0,
    0x12,
    0x34, // 9.1.3 extent both-endian
    0x03,
    0x02,
    0x01,
    0,
    0,
    0x01,
    0x02,
    0x03, // 9.1.4 data length both-endian
    124,
    2,
    29,
    23,
    59,
    58,
    0xfc, // 9.1.5 date: 2024-1900, offset -4 (UTC-1)
    0x02,
    0,
    0, // 9.1.6 flags, 9.1.7, 9.1.8
    1,
    0,
    0,
    1, // 9.1.9 volume sequence number both-endian
    12, // 9.1.10 LEN_FI
    ...ascii("README.TXT;1"),
    0, // 9.1.11 identifier, 9.1.12 padding
    0x50,
    0x58, // 9.1.13 system use
  ];
  if (hex(rec) !== hex(new Uint8Array(expected))) {
    throw new Error(`${hex(rec)}\n${hex(new Uint8Array(expected))}`);
  }
  if (readField(rec, 0, directoryRecordTable.extent) !== 0x1234) {
    throw new Error("field table disagrees");
  }
  if (!bothEndianAgree(rec, 0, directoryRecordTable.dataLength)) throw new Error("halves disagree");
  const date = readField(rec, 0, directoryRecordTable.recordingTime) as Date;
  if (date.toISOString() !== "2024-03-01T00:59:58.000Z") throw new Error(date.toISOString());
});

Deno.test("dirRecord() refuses records over 255 bytes", () => {
  const base = ensureWorkArea(1024);
  if (
    coreExports().dirRecord(base + 512, 0, 0, 0, base, 200, base, 30, 2000, 1, 1, 0, 0, 0, 0) !== 0
  ) throw new Error("accepted");
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
  core.decDateTime(base, 0, 0, 0, 0, 0, 0, 0, 0);
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
