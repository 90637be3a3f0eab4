/**
 * interpretSgIo(): host status first, then driver status, then status and sense (mmc.md 1.5).
 */

import assert from "node:assert/strict";
import { TransportError } from "../../../src/mmc/transport.ts";
import { hostStatusName, interpretSgIo } from "../../../ffi/linux/sg_io_status.ts";
import type { SgIoResultFields } from "../../../ffi/linux/sg_io_hdr.ts";

const OK: SgIoResultFields = {
  status: 0,
  maskedStatus: 0,
  sbLenWr: 0,
  hostStatus: 0,
  driverStatus: 0,
  resid: 0,
  duration: 0,
  info: 0,
};
const CTX = {
  device: "/dev/sr0",
  cdb: new Uint8Array([0x2a, 0, 0, 0, 0, 16, 0, 0, 1, 0]),
  timeoutMs: 200_000,
};

Deno.test("interpretSgIo() returns CHECK CONDITION as a result with the sb_len_wr sense bytes", () => {
  const sense = new Uint8Array(96);
  sense.set([0x70, 0, 7, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x27, 0, 0, 0, 0, 0]);
  const r = interpretSgIo(
    { ...OK, status: 2, maskedStatus: 1, sbLenWr: 18, driverStatus: 8, info: 1 },
    sense,
    CTX,
  );
  assert.equal(r.status, 2);
  assert.deepEqual([...r.sense], [...sense.subarray(0, 18)]);
  assert.equal(r.residual, 0);
});

Deno.test("interpretSgIo() reports the residual, never negative", () => {
  assert.equal(interpretSgIo({ ...OK, resid: 4076 }, new Uint8Array(96), CTX).residual, 4076);
  assert.equal(interpretSgIo({ ...OK, resid: -8 }, new Uint8Array(96), CTX).residual, 0);
});

Deno.test("interpretSgIo() turns DID_TIME_OUT and DRIVER_TIMEOUT into timeout errors", () => {
  for (const f of [{ ...OK, hostStatus: 3 }, { ...OK, driverStatus: 6 }]) {
    assert.throws(
      () => interpretSgIo(f, new Uint8Array(96), CTX),
      (e: unknown) =>
        e instanceof TransportError && e.kind === "timeout" && e.device === "/dev/sr0" &&
        e.message.includes("Cannot complete opcode 2Ah on /dev/sr0: timed out after 200000 ms"),
    );
  }
});

Deno.test("interpretSgIo() turns other host and driver statuses into host errors naming them", () => {
  assert.throws(
    () => interpretSgIo({ ...OK, hostStatus: 1 }, new Uint8Array(96), CTX),
    (e: unknown) =>
      e instanceof TransportError && e.kind === "host" && e.osName === "DID_NO_CONNECT" &&
      e.message.includes("host adapter reported DID_NO_CONNECT"),
  );
  assert.throws(
    () => interpretSgIo({ ...OK, driverStatus: 0x24 }, new Uint8Array(96), CTX),
    (e: unknown) =>
      e instanceof TransportError && e.kind === "host" && e.message.includes("DRIVER_ERROR"),
  );
  assert.equal(hostStatusName(0x42), "host status 0x42");
});

Deno.test("interpretSgIo() treats DRIVER_SENSE (with suggest bits) as a normal completion", () => {
  const r = interpretSgIo(
    { ...OK, status: 2, sbLenWr: 0, driverStatus: 0x28 },
    new Uint8Array(96),
    CTX,
  );
  assert.equal(r.status, 2);
  assert.equal(r.sense.length, 0);
});
