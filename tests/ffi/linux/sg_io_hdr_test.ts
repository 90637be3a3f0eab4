/**
 * sg_io_hdr encode/decode against the layout in mmc.md 1.3 (glibc <scsi/sg.h> compiled on
 * x86_64): every field at its documented offset, little-endian, 88 bytes.
 */

import assert from "node:assert/strict";
import {
  decodeSgIoHdr,
  encodeSgIoHdr,
  SG_IO_HDR_LAYOUTS,
  SgDxfer,
  sgIoHdrLayout,
} from "../../../ffi/linux/sg_io_hdr.ts";

/** The documented x86_64 offsets and sizes (mmc.md 1.3), written out independently. */
const DOCUMENTED: [string, number, number][] = [
  ["interfaceId", 0, 4],
  ["dxferDirection", 4, 4],
  ["cmdLen", 8, 1],
  ["mxSbLen", 9, 1],
  ["iovecCount", 10, 2],
  ["dxferLen", 12, 4],
  ["dxferp", 16, 8],
  ["cmdp", 24, 8],
  ["sbp", 32, 8],
  ["timeout", 40, 4],
  ["flags", 44, 4],
  ["packId", 48, 4],
  ["usrPtr", 56, 8],
  ["status", 64, 1],
  ["maskedStatus", 65, 1],
  ["msgStatus", 66, 1],
  ["sbLenWr", 67, 1],
  ["hostStatus", 68, 2],
  ["driverStatus", 70, 2],
  ["resid", 72, 4],
  ["duration", 76, 4],
  ["info", 80, 4],
];

Deno.test("sgIoHdrLayout() for x86_64 and aarch64 is the documented 88-byte LP64 layout", () => {
  for (const arch of ["x86_64", "aarch64"]) {
    const layout = sgIoHdrLayout(arch);
    assert.equal(layout.size, 88);
    const actual = Object.entries(layout.fields).map(([k, f]) => [k, f.offset, f.size]);
    assert.deepEqual(actual, DOCUMENTED);
    for (const f of Object.values(layout.fields)) assert.match(f.clause, /^scsi\/sg\.h/);
  }
  assert.deepEqual(Object.keys(SG_IO_HDR_LAYOUTS).sort(), ["aarch64", "x86_64"]);
});

Deno.test("encodeSgIoHdr() writes each request field little-endian at its offset", () => {
  const h = encodeSgIoHdr({
    dxferDirection: SgDxfer.fromDevice,
    cmdLen: 10,
    mxSbLen: 96,
    dxferLen: 0x12345,
    dxferp: 0x7f12_3456_7890,
    cmdp: 0x7f00_0000_1000,
    sbp: 0x7f00_0000_2000,
    timeout: 30_000,
  }, "x86_64");
  const expected = new Uint8Array(88);
  const v = new DataView(expected.buffer);
  v.setInt32(0, 0x53, true);
  v.setInt32(4, -3, true);
  v.setUint8(8, 10);
  v.setUint8(9, 96);
  v.setUint32(12, 0x12345, true);
  v.setBigUint64(16, 0x7f12_3456_7890n, true);
  v.setBigUint64(24, 0x7f00_0000_1000n, true);
  v.setBigUint64(32, 0x7f00_0000_2000n, true);
  v.setUint32(40, 30_000, true);
  assert.deepEqual([...h], [...expected]);
});

Deno.test("encodeSgIoHdr() encodes the three directions as -1, -2, -3", () => {
  for (
    const [dir, bytes] of [[SgDxfer.none, [0xff, 0xff, 0xff, 0xff]], [SgDxfer.toDevice, [
      0xfe,
      0xff,
      0xff,
      0xff,
    ]], [SgDxfer.fromDevice, [0xfd, 0xff, 0xff, 0xff]]] as const
  ) {
    const h = encodeSgIoHdr({
      dxferDirection: dir,
      cmdLen: 6,
      mxSbLen: 32,
      dxferLen: 0,
      dxferp: 0,
      cmdp: 8,
      sbp: 16,
      timeout: 1,
    }, "aarch64");
    assert.deepEqual([...h.subarray(4, 8)], bytes);
  }
});

Deno.test("decodeSgIoHdr() reads the output fields, resid signed", () => {
  const h = new Uint8Array(88);
  const v = new DataView(h.buffer);
  v.setUint8(64, 0x02);
  v.setUint8(65, 0x01);
  v.setUint8(67, 18);
  v.setUint16(68, 0x0007, true);
  v.setUint16(70, 0x0008, true);
  v.setInt32(72, 4076, true);
  v.setUint32(76, 4, true);
  v.setUint32(80, 1, true);
  assert.deepEqual(decodeSgIoHdr(h, "x86_64"), {
    status: 2,
    maskedStatus: 1,
    sbLenWr: 18,
    hostStatus: 7,
    driverStatus: 8,
    resid: 4076,
    duration: 4,
    info: 1,
  });
  v.setInt32(72, -12, true);
  assert.equal(decodeSgIoHdr(h, "x86_64").resid, -12);
});

Deno.test("sgIoHdrLayout() refuses 32-bit and unknown architectures by name", () => {
  for (const arch of ["x86", "arm", "riscv64"]) {
    assert.throws(
      () => sgIoHdrLayout(arch),
      (e: Error) =>
        e instanceof RangeError && e.message.includes(arch) &&
        e.message.includes("x86_64 and aarch64"),
    );
  }
});

Deno.test("encodeSgIoHdr() refuses CDBs shorter than 6 or longer than 16 bytes", () => {
  for (const cmdLen of [5, 17]) {
    assert.throws(
      () =>
        encodeSgIoHdr({
          dxferDirection: -1,
          cmdLen,
          mxSbLen: 32,
          dxferLen: 0,
          dxferp: 0,
          cmdp: 8,
          sbp: 16,
          timeout: 1,
        }, "x86_64"),
      (e: Error) => e instanceof RangeError && e.message.includes(`${cmdLen}-byte CDB`),
    );
  }
  assert.throws(() => decodeSgIoHdr(new Uint8Array(64), "x86_64"), /64 bytes, x86_64 needs 88/);
});
