/**
 * openSgIoTransport() on this (drive-less) host, through real FFI calls: a node that is not a
 * SCSI device, a missing node, bad arguments. The guest test (tests/guest/) covers real drives.
 */

import assert from "node:assert/strict";
import { openSgIoTransport } from "../../../ffi/linux/sg_io_transport.ts";
import { TransportError } from "../../../src/mmc/transport.ts";

for (const thread of ["worker", "inline"] as const) {
  Deno.test({
    name: `openSgIoTransport() (${thread}) refuses a node that takes no SCSI commands, with ENOTTY`,
    ignore: Deno.build.os !== "linux",
    fn: async () => {
      await assert.rejects(
        openSgIoTransport("/dev/null", { thread }),
        (e: unknown) =>
          e instanceof TransportError && e.kind === "os" && e.osName === "ENOTTY" &&
          e.osCode === 25 && e.device === "/dev/null" &&
          e.message === "Cannot use /dev/null as a drive: it does not take SCSI commands " +
              "(SG_GET_VERSION_NUM: inappropriate ioctl for device, ENOTTY); use a /dev/srN or /dev/sgN node",
      );
    },
  });

  Deno.test({
    name: `openSgIoTransport() (${thread}) reports a missing node as ENOENT`,
    ignore: Deno.build.os !== "linux",
    fn: async () => {
      await assert.rejects(
        openSgIoTransport("/dev/kiln-no-such-sr", { thread }),
        (e: unknown) =>
          e instanceof TransportError && e.osName === "ENOENT" &&
          e.message.startsWith("Cannot open /dev/kiln-no-such-sr read-write: no such device node"),
      );
    },
  });
}

Deno.test("openSgIoTransport() refuses a path with a NUL byte before calling anything", async () => {
  await assert.rejects(openSgIoTransport("/dev/sr0\0x"), /not a valid device path/);
});
