/**
 * SCSI_PASS_THROUGH_DIRECT and its sense wrapper: byte for byte against the documented x64
 * layout (mmc.md 2.3: 56-byte struct, wrapper 96 bytes with sense at 60), and every field
 * offset against mingw-w64's <ntddscsi.h> compiled for x64 and for x86.
 */

import assert from "node:assert/strict";
import { cConstants } from "../../_helpers/c_layout.ts";
import {
  decodeSptdWrapper,
  encodeSptdWrapper,
  SptdDataIn,
  sptdLayout,
} from "../../../ffi/windows/spt_direct.ts";
import { Ioctl, Win32 } from "../../../ffi/windows/kernel32.ts";

const C_FIELDS: Record<string, string> = {
  length: "Length",
  scsiStatus: "ScsiStatus",
  pathId: "PathId",
  targetId: "TargetId",
  lun: "Lun",
  cdbLength: "CdbLength",
  senseInfoLength: "SenseInfoLength",
  dataIn: "DataIn",
  dataTransferLength: "DataTransferLength",
  timeOutValue: "TimeOutValue",
  dataBuffer: "DataBuffer",
  senseInfoOffset: "SenseInfoOffset",
  cdb: "Cdb",
};

const PRELUDE = `#include <stddef.h>
#include <windows.h>
#include <ntddscsi.h>
typedef struct { SCSI_PASS_THROUGH_DIRECT sptd; ULONG Filler; UCHAR SenseBuf[32]; } KILN_SPTD_WRAPPER;`;

Deno.test("encodeSptdWrapper() on x64 is the documented 96-byte wrapper, byte for byte", () => {
  const cdb = new Uint8Array([0x28, 0, 0, 0, 0x10, 0, 0, 0, 0x10, 0]);
  const got = encodeSptdWrapper({
    cdb,
    dataIn: SptdDataIn.in,
    dataTransferLength: 32768,
    dataBuffer: 0x1234_5678_9000,
    timeOutValue: 30,
  }, "x86_64");
  const expected = new Uint8Array(96);
  const v = new DataView(expected.buffer);
  v.setUint16(0, 56, true); // Length = sizeof(SCSI_PASS_THROUGH_DIRECT)
  v.setUint8(6, 10); // CdbLength
  v.setUint8(7, 32); // SenseInfoLength
  v.setUint8(8, 1); // DataIn = SCSI_IOCTL_DATA_IN
  v.setUint32(12, 32768, true); // DataTransferLength
  v.setUint32(16, 30, true); // TimeOutValue (s)
  v.setBigUint64(24, 0x1234_5678_9000n, true); // DataBuffer
  v.setUint32(32, 60, true); // SenseInfoOffset: after the ULONG filler at 56
  expected.set(cdb, 36); // Cdb[16]
  assert.deepEqual([...got], [...expected]);
});

Deno.test("encodeSptdWrapper() on x86 puts DataBuffer at 20, SenseInfoOffset at 24, Cdb at 28", () => {
  const got = encodeSptdWrapper({
    cdb: new Uint8Array([0x12, 0, 0, 0, 36, 0]),
    dataIn: SptdDataIn.in,
    dataTransferLength: 36,
    dataBuffer: 0x00c0_ffee,
    timeOutValue: 5,
  }, "x86");
  assert.equal(got.length, 80);
  const v = new DataView(got.buffer);
  assert.equal(v.getUint16(0, true), 44);
  assert.equal(v.getUint32(20, true), 0x00c0_ffee);
  assert.equal(v.getUint32(24, true), 48);
  assert.deepEqual([...got.subarray(28, 34)], [0x12, 0, 0, 0, 36, 0]);
});

Deno.test("decodeSptdWrapper() reads status, sense length, transferred bytes and the sense area", () => {
  const w = new Uint8Array(96);
  const v = new DataView(w.buffer);
  v.setUint8(2, 2);
  v.setUint8(7, 18);
  v.setUint32(12, 2048, true);
  w.set([0x70, 0, 7, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x27], 60);
  const r = decodeSptdWrapper(w, "x86_64");
  assert.equal(r.scsiStatus, 2);
  assert.equal(r.senseInfoLength, 18);
  assert.equal(r.dataTransferLength, 2048);
  assert.deepEqual([...r.sense.subarray(0, 13)], [0x70, 0, 7, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x27]);
  assert.equal(r.sense.length, 32);
});

Deno.test("sptdLayout() refuses an unknown architecture, and CDBs outside 6..16 bytes", () => {
  assert.throws(() => sptdLayout("riscv64"), /riscv64/);
  assert.throws(
    () =>
      encodeSptdWrapper({
        cdb: new Uint8Array(4),
        dataIn: 2,
        dataTransferLength: 0,
        dataBuffer: 0,
        timeOutValue: 1,
      }, "x86_64"),
    /4-byte CDB/,
  );
});

for (
  const [arch, compiler] of [["x86_64", "x86_64-w64-mingw32-gcc"], [
    "x86",
    "i686-w64-mingw32-gcc",
  ]] as const
) {
  Deno.test(`sptdLayout("${arch}") matches mingw-w64 <ntddscsi.h> compiled by ${compiler}`, async () => {
    const layout = sptdLayout(arch);
    const fields = Object.entries(layout.fields);
    const got = await cConstants(compiler, PRELUDE, [
      "sizeof(SCSI_PASS_THROUGH_DIRECT)",
      "offsetof(KILN_SPTD_WRAPPER, SenseBuf)",
      "sizeof(KILN_SPTD_WRAPPER)",
      "IOCTL_SCSI_PASS_THROUGH_DIRECT",
      "GENERIC_READ",
      "GENERIC_WRITE",
      "OPEN_EXISTING",
      "DRIVE_CDROM",
      "FSCTL_LOCK_VOLUME",
      "FSCTL_DISMOUNT_VOLUME",
      "SCSI_IOCTL_DATA_OUT",
      "SCSI_IOCTL_DATA_IN",
      "SCSI_IOCTL_DATA_UNSPECIFIED",
      ...fields.flatMap(([k]) => [
        `offsetof(SCSI_PASS_THROUGH_DIRECT, ${C_FIELDS[k]})`,
        `sizeof(((SCSI_PASS_THROUGH_DIRECT *)0)->${C_FIELDS[k]})`,
      ]),
    ]);
    assert.deepEqual(got.slice(0, 13), [
      layout.structSize,
      layout.senseOffset,
      layout.wrapperSize,
      Ioctl.SCSI_PASS_THROUGH_DIRECT,
      Win32.GENERIC_READ,
      Win32.GENERIC_WRITE,
      Win32.OPEN_EXISTING,
      Win32.DRIVE_CDROM,
      Ioctl.FSCTL_LOCK_VOLUME,
      Ioctl.FSCTL_DISMOUNT_VOLUME,
      SptdDataIn.out,
      SptdDataIn.in,
      SptdDataIn.unspecified,
    ]);
    fields.forEach(([k, f], i) => {
      assert.deepEqual([k, got[13 + 2 * i], got[14 + 2 * i]], [k, f.offset, f.size]);
    });
  });
}
