/**
 * MmcDrive's framing against a scripted transport: the exact CDBs and data phases it sends
 * (length probes included), timeouts, residuals, sense to errors, the hex trace, and that it
 * never retries.
 */

import { assertEquals, bytes, hex } from "../_helpers/assert.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { ScriptedTransport, type Step } from "./_scripted_transport.ts";
import { MmcDrive } from "../../src/mmc/drive.ts";
import { MmcDataError, ScsiCommandError } from "../../src/mmc/errors.ts";
import { buildSense } from "../../src/mmc/sense.ts";
import { TransportError } from "../../src/mmc/transport.ts";
import { InvalidInputError } from "../../src/model/errors.ts";
import { CloseFunction } from "../../src/mmc/commands/close_track_session.ts";
import { BlankingType } from "../../src/mmc/commands/blank.ts";
import { buildWriteParametersPage } from "../../src/mmc/write_parameters_page.ts";
import { buildGetPerformanceWriteSpeedResponse } from "../../src/mmc/commands/get_performance.ts";
import { buildReadDiscInformationResponse } from "../../src/mmc/commands/read_disc_information.ts";

const checkCondition = (key: number, asc: number, ascq: number) => ({
  status: 2,
  sense: buildSense(key, asc, ascq),
});

function drive(steps: Step[], trace?: string[]) {
  const t = new ScriptedTransport("test:drive", steps);
  return { t, d: new MmcDrive(t, trace ? { trace: (l) => trace.push(l) } : {}) };
}

const scsiCdConfig = bytes(
  "00 00 00 24 00 00 00 08 00 00 03 08 00 10 00 00 00 08 01 00" +
    " 00 01 0b 08 00 00 00 01 01 00 00 00 00 03 03 04 29 00 00 00",
);
const qemuPage2a = bytes(
  "00 1c 70 00 00 00 00 00 2a 14 3b 00 7f ff 2d 00 22 60 00 02 08 00 0b 00 00 00 0b 00 0b 00",
);

Deno.test("MmcDrive.testUnitReady() sends 6 zero bytes and maps 2/3A/00 to no-medium", async () => {
  const { t, d } = drive([
    { cdb: "00 00 00 00 00 00" },
    { cdb: "00 00 00 00 00 00", ...checkCondition(2, 0x3a, 0) },
  ]);
  await d.testUnitReady();
  assertEquals([t.requests[0]!.direction, t.requests[0]!.timeoutMs], ["none", 30_000]);
  const err = await expectError(
    d.testUnitReady(),
    ScsiCommandError,
    "Cannot TEST UNIT READY on test:drive: NOT READY [2/3A/00] medium not present",
  );
  assertEquals([err.category, err.retryable, err.opcode], ["no-medium", false, 0]);
  t.assertDone();
});

Deno.test("MmcDrive.inquiry() asks 36 bytes", async () => {
  const reply = new Uint8Array(36);
  reply.set([5, 0x80, 5, 2, 31]);
  reply.set(new TextEncoder().encode("QEMU    QEMU CD-ROM     2.5+"), 8);
  const { t, d } = drive([{ cdb: "12 00 00 00 24 00", length: 36, data: reply }]);
  const q = await d.inquiry();
  assertEquals([q.peripheralType, q.vendor, q.product, q.revision], [
    5,
    "QEMU",
    "QEMU CD-ROM",
    "2.5+",
  ]);
  t.assertDone();
});

Deno.test("MmcDrive.getConfiguration() probes 8 bytes, then asks the announced length", async () => {
  const { t, d } = drive([
    { cdb: "46 00 00 00 00 00 00 00 08 00", length: 8, data: scsiCdConfig },
    { cdb: "46 00 00 00 00 00 00 00 28 00", length: 40, data: scsiCdConfig },
  ]);
  const c = await d.getConfiguration();
  assertEquals([c.currentProfile, c.features.map((f) => f.code), c.truncated], [
    8,
    [0, 1, 3],
    false,
  ]);
  t.assertDone();
  // no medium, header only: one command
  const empty = drive([{
    cdb: "46 02 00 21 00 00 00 00 08 00",
    data: bytes("00 00 00 04 00 00 00 00"),
  }]);
  assertEquals((await empty.d.getConfiguration({ rt: 2, startingFeature: 0x21 })).features, []);
  empty.t.assertDone();
});

Deno.test("MmcDrive.readDiscInformation() asks 34 bytes, and again for OPC tables", async () => {
  const qemu = bytes("00 20 0e 01 01 01 01 20 00" + " 00".repeat(25));
  const one = drive([{ cdb: "51 00 00 00 00 00 00 00 22 00", data: qemu }]);
  assertEquals((await one.d.readDiscInformation()).status, "complete");
  one.t.assertDone();
  const withOpc = buildReadDiscInformationResponse({
    opcTables: [{ speed: 4, values: new Uint8Array(6) }],
  });
  const two = drive([
    { cdb: "51 00 00 00 00 00 00 00 22 00", data: withOpc },
    { cdb: "51 00 00 00 00 00 00 00 2a 00", data: withOpc },
  ]);
  assertEquals((await two.d.readDiscInformation()).opcTables.length, 1);
  two.t.assertDone();
});

Deno.test("MmcDrive.readTrackInformation() addresses tracks, sessions and LBAs", async () => {
  const reply = bytes(
    "00 2e 01 01 00 05 61 01 00 00 00 00 00 00 00 00 00 23 12 80" + " 00".repeat(28),
  );
  const { t, d } = drive([
    { cdb: "52 01 00 00 00 ff 00 00 30 00", data: reply },
    { cdb: "52 02 00 00 00 02 00 00 30 00", data: reply },
    { cdb: "52 00 ff ff ff 6a 00 00 30 00", data: reply },
  ]);
  assertEquals((await d.readTrackInformation(0xff)).freeBlocks, 2_298_496);
  await d.readTrackInformation({ session: 2 });
  await d.readTrackInformation({ lba: -150 });
  t.assertDone();
});

Deno.test("MmcDrive.readToc() puts the format in bytes 2 and 9 (the test bed's CDB for format 0)", async () => {
  const { t, d } = drive([
    {
      cdb: "43 00 00 00 00 00 00 03 24 00",
      length: 804,
      data: bytes("00 12 01 01 00 14 01 00 00 00 00 00 00 16 aa 00 00 00 02 b6"),
    },
    { cdb: "43 00 01 00 00 00 00 00 0c 40", data: bytes("00 0a 01 01 00 14 01 00 00 00 00 00") },
    {
      cdb: "43 00 02 00 00 00 00 10 00 80",
      data: bytes("00 0d 01 01 01 14 00 a0 00 00 00 00 01 00 00"),
    },
    {
      cdb: "43 02 04 00 00 00 00 00 1c 00",
      data: bytes("00 1a 00 00 d2 00 c0 00 61 1a 42 00 4f 3b 4a 00" + " 00".repeat(12)),
    },
  ]);
  assertEquals((await d.readToc(0)).tracks.map((x) => x.lba), [0, 694]);
  assertEquals((await d.readToc(1)).firstTrackInLastSession.track, 1);
  assertEquals((await d.readToc(2)).entries[0]!.point, 0xa0);
  assertEquals((await d.readToc(4)).leadOutStartLba, 359_849);
  t.assertDone();
});

Deno.test("MmcDrive.read10() returns the bytes the drive sent, honouring the residual", async () => {
  const sector = new Uint8Array(4096).fill(7);
  const { t, d } = drive([
    { cdb: "28 00 00 00 00 10 00 00 01 00", length: 2048, data: sector },
    { cdb: "28 00 00 00 00 10 00 00 02 00", length: 4096, data: sector, residual: 2048 },
  ]);
  assertEquals((await d.read10(16, 1)).length, 2048);
  assertEquals((await d.read10(16, 2)).length, 2048);
  t.assertDone();
});

Deno.test("MmcDrive.write10() sends the data with a 200 s timeout and names the LBA on error", async () => {
  const data = new Uint8Array(2048 * 16);
  const { t, d } = drive([
    { cdb: "2a 00 00 00 12 57 00 00 10 00", direction: "out", length: 32768 },
    { cdb: "2a 00 00 00 12 67 00 00 10 00", direction: "out", ...checkCondition(3, 0x0c, 0) },
  ]);
  await d.write10(4695, data);
  assertEquals(t.requests[0]!.data, data);
  assertEquals(t.requests[0]!.timeoutMs, 200_000);
  const err = await expectError(
    d.write10(4711, data),
    ScsiCommandError,
    "Cannot WRITE(10) at LBA 4711 on test:drive: MEDIUM ERROR [3/0C/00] write error",
  );
  assertEquals([err.lba, err.retryable], [4711, false]);
  t.assertDone();
  await expectError(
    d.write10(0, new Uint8Array(1000)),
    InvalidInputError,
    "1000 bytes is not a whole number of 2048-byte blocks",
  );
});

Deno.test("MmcDrive never retries: 2/04/08 is one command and a retryable error", async () => {
  const { t, d } = drive([
    {
      cdb: "aa 00 00 00 00 00 00 00 00 20 80 00",
      direction: "out",
      ...checkCondition(2, 0x04, 0x08),
    },
  ]);
  const err = await expectError(
    d.write12(0, new Uint8Array(65536), 2048, { streaming: true }),
    ScsiCommandError,
    "long write in progress",
  );
  assertEquals([err.category, err.retryable, t.requests.length], [
    "long-write-in-progress",
    true,
    1,
  ]);
  t.assertDone();
});

Deno.test("MmcDrive.modeSense10() probes 10 bytes, then asks the page; readCapabilities() parses 2Ah", async () => {
  const { t, d } = drive([
    { cdb: "5a 08 2a 00 00 00 00 00 0a 00", data: qemuPage2a },
    { cdb: "5a 08 2a 00 00 00 00 00 1e 00", length: 30, data: qemuPage2a },
  ]);
  const c = await d.readCapabilities();
  assertEquals([c.bufferSize, c.maxReadSpeed, c.writeCdR], [2048, 8800, false]);
  t.assertDone();
});

Deno.test("MmcDrive.modeSense10() trusts the page length over a short mode data length (SANYO)", async () => {
  const page = buildWriteParametersPage({ writeType: 1, trackMode: 4, dataBlockType: 8 });
  const reply = new Uint8Array(8 + page.length);
  reply.set([0, 0x0a]);
  reply.set(page, 8);
  const { t, d } = drive([
    { cdb: "5a 08 05 00 00 00 00 00 0a 00", data: reply },
    { cdb: "5a 08 05 00 00 00 00 00 3c 00", data: reply },
  ]);
  const w = await d.readWriteParameters();
  assertEquals([w.fields.writeType, w.fields.trackMode, w.page.length], [1, 4, 52]);
  t.assertDone();
});

Deno.test("MmcDrive.readWriteParameters() reports a missing page 05h", async () => {
  const { d } = drive([{
    cdb: "5a 08 05 00 00 00 00 00 0a 00",
    data: bytes("00 06 70 00 00 00 00 00"),
  }]);
  await expectError(
    d.readWriteParameters(),
    MmcDataError,
    "MODE SENSE(10) response: page 05h is missing",
  );
});

Deno.test("MmcDrive.modeSelect10() sends a zero header and the page with PS cleared", async () => {
  const page = buildWriteParametersPage({ writeType: 1 });
  page[0] = 0x85;
  const { t, d } = drive([{ cdb: "55 10 00 00 00 00 00 00 3c 00", direction: "out", length: 60 }]);
  await d.modeSelect10(page);
  assertEquals(hex(t.requests[0]!.data!.subarray(0, 11)), "00 00 00 00 00 00 00 00 05 32 01");
  t.assertDone();
});

Deno.test("MmcDrive.getPerformance() asks 0, then the announced count, then the corrected count", async () => {
  const three = buildGetPerformanceWriteSpeedResponse([{ writeSpeed: 22_160 }, {
    writeSpeed: 16_620,
  }, { writeSpeed: 11_080 }]);
  // a drive that announces 1 when asked for 0
  const announcesOne = buildGetPerformanceWriteSpeedResponse([{ writeSpeed: 22_160 }]);
  const { t, d } = drive([
    { cdb: "ac 00 00 00 00 00 00 00 00 00 03 00", length: 8, data: announcesOne },
    { cdb: "ac 00 00 00 00 00 00 00 00 01 03 00", length: 24, data: three },
    { cdb: "ac 00 00 00 00 00 00 00 00 03 03 00", length: 56, data: three },
  ]);
  const speeds = await d.getPerformance({ type: 3 });
  assertEquals(speeds.descriptors.map((s) => s.writeSpeed), [22_160, 16_620, 11_080]);
  t.assertDone();
});

Deno.test("MmcDrive.readFormatCapacities() probes 4 bytes, then the list", async () => {
  const list = bytes("00 00 00 10 00 23 05 40 02 00 08 00 00 23 05 40 98 00 00 00");
  const { t, d } = drive([
    { cdb: "23 00 00 00 00 00 00 00 04 00", data: list },
    { cdb: "23 00 00 00 00 00 00 00 14 00", data: list },
  ]);
  const f = await d.readFormatCapacities();
  assertEquals([f.current?.descriptorType, f.formats[0]?.formatType], [2, 0x26]);
  t.assertDone();
});

Deno.test("MmcDrive's control commands send mmc.md's CDBs with their timeouts", async () => {
  const { t, d } = drive([
    { cdb: "35 02 00 00 00 00 00 00 00 00" },
    { cdb: "35 00 00 00 00 00 00 00 00 00" },
    { cdb: "5b 01 02 00 00 00 00 00 00 00" },
    { cdb: "5b 01 01 00 00 01 00 00 00 00" },
    { cdb: "a1 11 00 00 00 00 00 00 00 00 00 00" },
    { cdb: "04 11 00 00 00 00", direction: "out", length: 12 },
    { cdb: "1b 00 00 00 02 00" },
    { cdb: "1e 00 00 00 01 00" },
    { cdb: "53 00 00 00 00 00 05 cc 60 00" },
    { cdb: "b6 00 00 00 00 00 00 00 00 00 1c 00", direction: "out", length: 28 },
    { cdb: "bb 00 ff ff 02 c2 00 00 00 00 00 00" },
    { cdb: "4a 01 00 00 7e 00 00 00 08 00", data: bytes("00 06 04 10 02 02 00 00") },
    {
      cdb: "ad 00 00 00 00 00 00 20 10 04 00 00",
      data: bytes("00 0a 00 00 80 00 00 00 00 1f e0 00"),
    },
    { cdb: "5c 00 00 00 00 00 00 00 0c 00", data: bytes("00 0a 00 00 00 20 00 00 00 08 00 00") },
    { cdb: "5d 00 00 00 00 00 00 00 08 00", direction: "out", length: 8 },
    { cdb: "54 01 00 00 00 00 00 00 00 00" },
    { cdb: "03 00 00 00 12 00", data: buildSense(2, 0x04, 0x04, { progress: 0x8000 }) },
    { cdb: "25 00 00 00 00 00 00 00 00 00", data: bytes("00 00 02 b5 00 00 08 00") },
  ]);
  await d.synchronizeCache({ immed: true });
  await d.synchronizeCache();
  await d.closeTrackSession({ closeFunction: CloseFunction.closeSession });
  await d.closeTrackSession({ closeFunction: CloseFunction.closeTrack, trackNumber: 1 });
  await d.blank({ blankingType: BlankingType.minimal });
  await d.formatUnit({ immed: true, blocks: 0xffffffff, formatType: 0x26 });
  await d.startStopUnit({ loadEject: true });
  await d.preventAllowMediumRemoval(true);
  await d.reserveTrack(380_000);
  await d.setStreaming({ endLba: 2_295_103, readSize: 11_080, writeSize: 11_080 });
  await d.setCdSpeed({ writeSpeed: 706 });
  assertEquals((await d.getEventStatusNotification()).media?.eventCode, 2);
  assertEquals((await d.readDiscStructure({ format: 0x20 })).payload.length, 8);
  assertEquals((await d.readBufferCapacity()).blankLength, 512 * 1024);
  await d.sendCueSheet([{ control: 4, adr: 1, dataForm: 0x14 }]);
  await d.sendOpcInformation();
  assertEquals((await d.requestSense())?.progress, 0x8000);
  assertEquals((await d.readCapacity()).lastLba, 693);
  t.assertDone();
  assertEquals(t.requests.map((r) => r.timeoutMs), [
    200_000,
    3_600_000,
    200_000,
    200_000,
    200_000,
    200_000,
    300_000,
    30_000,
    200_000,
    30_000,
    30_000,
    30_000,
    30_000,
    30_000,
    30_000,
    200_000,
    30_000,
    30_000,
  ]);
  assertEquals(hex(t.requests[5]!.data!), "00 02 00 08 ff ff ff ff 98 00 00 00");
});

Deno.test("MmcDrive treats RECOVERED ERROR as success and reports it", async () => {
  const t = new ScriptedTransport("test:drive", [
    {
      cdb: "28 00 00 00 00 00 00 00 01 00",
      data: new Uint8Array(2048).fill(1),
      ...checkCondition(1, 0x17, 0x01),
    },
  ]);
  const seen: ScsiCommandError[] = [];
  const d = new MmcDrive(t, { onRecovered: (e) => seen.push(e) });
  assertEquals((await d.read10(0, 1))[0], 1);
  assertEquals(seen.map((e) => e.category), ["recovered"]);
});

Deno.test("MmcDrive reports BUSY and passes TransportError through", async () => {
  const boom = new TransportError("Cannot send to /dev/sg1: timed out", { kind: "timeout" });
  const { d } = drive([
    { cdb: "00 00 00 00 00 00", status: 0x08 },
    { cdb: "00 00 00 00 00 00", error: boom },
  ]);
  const busy = await expectError(
    d.testUnitReady(),
    ScsiCommandError,
    "the drive answered BUSY (status 08h)",
  );
  assertEquals([busy.category, busy.retryable], ["status", true]);
  const err = await expectError(d.testUnitReady(), TransportError, "timed out");
  assertEquals(err, boom);
});

Deno.test("MmcDrive rejects a malformed reply with the command and offset", async () => {
  const { d } = drive([{
    cdb: "25 00 00 00 00 00 00 00 00 00",
    data: bytes("00 00 02 b5"),
    residual: 4,
  }]);
  const err = await expectError(
    d.readCapacity(),
    MmcDataError,
    "READ CAPACITY response: 4 bytes, the capacity data needs 8",
  );
  assertEquals(err.offset, 4);
});

Deno.test("MmcDrive's trace shows CDBs, data lengths, status and sense in hex", async () => {
  const lines: string[] = [];
  const { d } = drive([
    {
      cdb: "51 00 00 00 00 00 00 00 22 00",
      data: bytes("00 20 0e 01 01 01 01 20 00" + " 00".repeat(25)),
    },
    { cdb: "2a 00 00 00 12 67 00 00 01 00", direction: "out", ...checkCondition(3, 0x0c, 0) },
  ], lines);
  await d.readDiscInformation();
  await expectError(d.write10(4711, new Uint8Array(2048)), ScsiCommandError);
  assertEquals(lines, [
    "> READ DISC INFORMATION 51 00 00 00 00 00 00 00 22 00 | in 34 | 30000 ms",
    "< GOOD | in 34: 00 20 0e 01 01 01 01 20 00 00 00 00 00 00 00 00 ...",
    "> WRITE(10) 2a 00 00 00 12 67 00 00 01 00 | out 2048 | 200000 ms",
    "< CHECK CONDITION | sense 70 00 03 00 00 00 00 0a 00 00 00 00 0c 00 00 00 00 00 | MEDIUM ERROR [3/0C/00] write error",
  ]);
});
