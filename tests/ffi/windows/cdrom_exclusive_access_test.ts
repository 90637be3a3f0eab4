/**
 * IOCTL_CDROM_EXCLUSIVE_ACCESS buffers against the ntddcdrm.h layout in mmc.md 2.4
 * (mingw-w64 does not ship these structures, so the documented layout is the reference),
 * and the IOCTL codes recomputed from CTL_CODE.
 */

import assert from "node:assert/strict";
import {
  decodeExclusiveState,
  encodeExclusiveRequest,
  ExclusiveRequest,
} from "../../../ffi/windows/cdrom_exclusive_access.ts";
import { Ioctl } from "../../../ffi/windows/kernel32.ts";
import { lettersOfMask } from "../../../ffi/windows/list_windows_drives.ts";
import { win32ErrorName, win32ErrorText } from "../../../ffi/windows/win32_error.ts";

/** CTL_CODE(DeviceType, Function, Method, Access) (winioctl.h). */
function ctlCode(deviceType: number, fn: number, method: number, access: number): number {
  return (deviceType << 16) | (access << 14) | (fn << 2) | method;
}

Deno.test("Ioctl codes equal CTL_CODE of their device type, function, method and access", () => {
  // FILE_DEVICE_CONTROLLER 4, function 0x405, METHOD_BUFFERED, FILE_READ|WRITE_ACCESS.
  assert.equal(Ioctl.SCSI_PASS_THROUGH_DIRECT, ctlCode(4, 0x405, 0, 3));
  // FILE_DEVICE_CD_ROM 2, function 0x17, METHOD_BUFFERED, FILE_READ|WRITE_ACCESS.
  assert.equal(Ioctl.CDROM_EXCLUSIVE_ACCESS, ctlCode(2, 0x17, 0, 3));
  // FILE_DEVICE_FILE_SYSTEM 9, functions 6 and 8, METHOD_BUFFERED, FILE_ANY_ACCESS.
  assert.equal(Ioctl.FSCTL_LOCK_VOLUME, ctlCode(9, 6, 0, 0));
  assert.equal(Ioctl.FSCTL_DISMOUNT_VOLUME, ctlCode(9, 8, 0, 0));
});

Deno.test("encodeExclusiveRequest() builds the 8-byte query/unlock and the 72-byte lock", () => {
  assert.deepEqual([...encodeExclusiveRequest(ExclusiveRequest.query)], [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual([...encodeExclusiveRequest(ExclusiveRequest.unlock)], [2, 0, 0, 0, 0, 0, 0, 0]);
  const lock = encodeExclusiveRequest(ExclusiveRequest.lock, "kiln burner");
  const expected = new Uint8Array(72);
  expected[0] = 1; // RequestType = ExclusiveAccessLockDevice, Flags = 0
  expected.set(new TextEncoder().encode("kiln burner"), 8); // CallerName, NUL-terminated
  assert.deepEqual([...lock], [...expected]);
});

Deno.test("encodeExclusiveRequest() refuses caller names that are not 1..63 ASCII characters", () => {
  for (const bad of ["", "x".repeat(64), "brûleur"]) {
    assert.throws(() => encodeExclusiveRequest(ExclusiveRequest.lock, bad), /1 to 63 ASCII/);
  }
});

Deno.test("decodeExclusiveState() reads LockState and the owner's CallerName", () => {
  const state = new Uint8Array(65);
  state[0] = 1;
  state.set(new TextEncoder().encode("Windows Media Player"), 1);
  assert.deepEqual(decodeExclusiveState(state), {
    locked: true,
    callerName: "Windows Media Player",
  });
  assert.deepEqual(decodeExclusiveState(new Uint8Array(65)), { locked: false, callerName: "" });
});

Deno.test("lettersOfMask() maps GetLogicalDrives bits to letters; win32ErrorName() names codes", () => {
  assert.deepEqual(lettersOfMask(0b101), ["A", "C"]);
  assert.deepEqual(lettersOfMask(1 << 25), ["Z"]);
  assert.equal(win32ErrorName(32), "ERROR_SHARING_VIOLATION");
  assert.equal(win32ErrorName(4242), "error 4242");
  assert.match(win32ErrorText(121), /timed out/);
});
