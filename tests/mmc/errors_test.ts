import { assertEquals } from "../_helpers/assert.ts";
import { bytes } from "../_helpers/assert.ts";
import { describeSense, MmcDataError, ScsiCommandError } from "../../src/mmc/errors.ts";
import { buildSense, decodeSense } from "../../src/mmc/sense.ts";

const write10 = bytes("2a 00 00 00 12 67 00 00 10 00");

Deno.test("ScsiCommandError names the command, LBA, device and sense", () => {
  const err = new ScsiCommandError({
    commandName: "WRITE(10)",
    cdb: write10,
    status: 2,
    sense: decodeSense(buildSense(3, 0x0c, 0x00)),
    device: "/dev/sr0",
    lba: 4711,
  });
  assertEquals(
    err.message,
    "Cannot WRITE(10) at LBA 4711 on /dev/sr0: MEDIUM ERROR [3/0C/00] write error",
  );
  assertEquals([err.opcode, err.status, err.category, err.retryable, err.lba], [
    0x2a,
    2,
    "medium-error",
    false,
    4711,
  ]);
  assertEquals(err.cdb, write10);
  assertEquals(err.name, "ScsiCommandError");
});

Deno.test("ScsiCommandError derives retryable from the category and marks deferred errors", () => {
  const lwip = new ScsiCommandError({
    commandName: "WRITE(10)",
    cdb: write10,
    status: 2,
    sense: decodeSense(buildSense(2, 0x04, 0x08)),
    device: "virtual:x",
  });
  assertEquals([lwip.category, lwip.retryable], ["long-write-in-progress", true]);
  assertEquals(
    lwip.message,
    "Cannot WRITE(10) on virtual:x: NOT READY [2/04/08] logical unit not ready, long write in progress",
  );
  const deferred = new ScsiCommandError({
    commandName: "SYNCHRONIZE CACHE",
    cdb: bytes("35 02 00 00 00 00 00 00 00 00"),
    status: 2,
    sense: decodeSense(buildSense(3, 0x0c, 0x00, { deferred: true })),
    device: "/dev/sr0",
  });
  assertEquals(deferred.message.endsWith("(deferred error of an earlier command)"), true);
});

Deno.test("ScsiCommandError without sense reports the status", () => {
  const busy = new ScsiCommandError({
    commandName: "TEST UNIT READY",
    cdb: new Uint8Array(6),
    status: 0x08,
    device: "/dev/sg1",
  });
  assertEquals(
    busy.message,
    "Cannot TEST UNIT READY on /dev/sg1: the drive answered BUSY (status 08h)",
  );
  assertEquals([busy.category, busy.retryable, busy.sense], ["status", true, undefined]);
  const cc = new ScsiCommandError({
    commandName: "INQUIRY",
    cdb: bytes("12 00 00 00 24 00"),
    status: 0x02,
    device: "/dev/sg1",
  });
  assertEquals(cc.message, "Cannot INQUIRY on /dev/sg1: CHECK CONDITION without sense data");
  assertEquals(cc.retryable, false);
  const odd = new ScsiCommandError({
    commandName: "INQUIRY",
    cdb: bytes("12 00 00 00 24 00"),
    status: 0x02,
    device: "/dev/sg1",
    rawSense: bytes("7f 00 05 00 00 00 00 0a 00 00"),
  });
  assertEquals(
    odd.message,
    "Cannot INQUIRY on /dev/sg1: CHECK CONDITION with sense that is not 70h-73h data (7f 00 05 00 00 00 00 0a)",
  );
  assertEquals([odd.category, odd.rawSense.length], ["status", 10]);
  const conflict = new ScsiCommandError({
    commandName: "INQUIRY",
    cdb: bytes("12 00 00 00 24 00"),
    status: 0x18,
    device: "d",
  });
  assertEquals(conflict.retryable, false);
});

Deno.test("describeSense() formats key/ASC/ASCQ in hex", () => {
  assertEquals(
    describeSense(decodeSense(buildSense(0xb, 0x4b, 0x0a))!),
    "ABORTED COMMAND [B/4B/0A] additional sense 4B/0A",
  );
});

Deno.test("MmcDataError is a SyntaxError carrying command, part, offset and bit", () => {
  const err = new MmcDataError("Cannot parse X CDB: reserved bit 5 of byte 1 is set", {
    commandName: "X",
    part: "cdb",
    offset: 1,
    bit: 5,
  });
  assertEquals(err instanceof SyntaxError, true);
  assertEquals([err.commandName, err.part, err.offset, err.bit, err.name], [
    "X",
    "cdb",
    1,
    5,
    "MmcDataError",
  ]);
});
