import fc from "fast-check";
import { assertEquals, bytes, hex, throws } from "../_helpers/assert.ts";
import { recordArbitrary } from "./_fields.ts";
import { MmcDataError } from "../../src/mmc/errors.ts";
import { buildCapabilitiesPage, parseCapabilitiesPage } from "../../src/mmc/capabilities_page.ts";
import {
  buildWriteParametersPage,
  DataBlockType,
  MultiSession,
  parseWriteParametersPage,
  writeParametersPageTable,
  WriteType,
} from "../../src/mmc/write_parameters_page.ts";

Deno.test("parseCapabilitiesPage() reads QEMU scsi-cd's short page 2Ah (qemu-testbed.md 6 #10)", () => {
  const c = parseCapabilitiesPage(
    bytes("2a 14 3b 00 7f ff 2d 00 22 60 00 02 08 00 0b 00 00 00 0b 00 0b 00"),
  );
  assertEquals([c.validLength, c.pageLength], [22, 0x14]);
  assertEquals([c.readCdR, c.readCdRw, c.method2, c.readDvdRom, c.readDvdR, c.readDvdRam], [
    true,
    true,
    false,
    true,
    true,
    true,
  ]);
  assertEquals([c.writeCdR, c.writeCdRw, c.writeDvdR, c.writeDvdRam, c.testWrite], [
    false,
    false,
    false,
    false,
    false,
  ]);
  assertEquals([c.loadingMechanism, c.eject, c.preventJumper, c.lockState, c.lock], [
    1,
    true,
    true,
    false,
    true,
  ]);
  assertEquals([c.maxReadSpeed, c.volumeLevels, c.bufferSize, c.currentReadSpeed], [
    8800,
    2,
    2048,
    2816,
  ]);
  assertEquals([c.maxWriteSpeed, c.legacyCurrentWriteSpeed], [2816, 2816]);
  assertEquals([c.currentWriteSpeed, c.writeSpeedCount, c.writeSpeeds], [0, 0, []]);
});

Deno.test("parseCapabilitiesPage() reads QEMU ide-cd's page 2Ah", () => {
  const c = parseCapabilitiesPage(
    bytes("2a 14 3b 00 71 60 29 00 02 c0 00 02 02 00 02 c0 00 00 00 00 00 00"),
  );
  assertEquals([c.multiSession, c.mode2Form2, c.mode2Form1, c.audioPlay, c.bufferUnderrunFree], [
    true,
    true,
    true,
    true,
    false,
  ]);
  assertEquals([c.upc, c.isrc, c.maxReadSpeed, c.bufferSize], [true, true, 704, 512]);
  // libburn's old QEMU: page length 18 (12h) only
  assertEquals(
    parseCapabilitiesPage(bytes("2a 12 3b 00 71 60 29 00 02 c0 00 02 02 00 02 c0 00 00 00 00"))
      .bufferSize,
    512,
  );
});

Deno.test("parseCapabilitiesPage() reads write speed descriptors from byte 32", () => {
  const page = buildCapabilitiesPage({
    writeCdR: true,
    writeCdRw: true,
    bufferUnderrunFree: true,
    bufferSize: 2048,
    currentWriteSpeed: 7056,
    writeSpeeds: [
      { rotationControl: 1, writeSpeed: 7056 },
      { rotationControl: 0, writeSpeed: 4234 },
      { rotationControl: 0, writeSpeed: 1411 },
    ],
  });
  assertEquals([page.length, page[1], page[31]], [44, 42, 3]);
  assertEquals(hex(page.subarray(32)), "00 01 1b 90 00 00 10 8a 00 00 05 83");
  const c = parseCapabilitiesPage(page);
  assertEquals(c.writeSpeeds.map((d) => d.writeSpeed), [7056, 4234, 1411]);
  assertEquals([c.writeCdR, c.currentWriteSpeed], [true, 7056]);
  // a count larger than the page gives the descriptors present
  assertEquals(parseCapabilitiesPage(page.subarray(0, 40)).writeSpeeds.length, 2);
  throws(() => parseCapabilitiesPage(bytes("05 32")), MmcDataError, "page 5 is not 2Ah");
});

Deno.test("buildWriteParametersPage() writes libburn's CD TAO data page", () => {
  const page = buildWriteParametersPage({
    bufe: true,
    writeType: WriteType.tao,
    multiSession: MultiSession.allowed,
    trackMode: 4,
    dataBlockType: DataBlockType.mode1,
    audioPauseLength: 150,
  });
  assertEquals(page.length, 52);
  assertEquals(hex(page.subarray(0, 16)), "05 32 41 c4 08 00 00 00 00 00 00 00 00 00 00 96");
});

Deno.test("buildWriteParametersPage() writes libburn's DVD-R incremental page", () => {
  const page = buildWriteParametersPage({
    bufe: true,
    linkSizeValid: true,
    writeType: WriteType.packet,
    multiSession: MultiSession.allowed,
    fixedPacket: true,
    trackMode: 5,
    dataBlockType: DataBlockType.mode1,
    linkSize: 16,
    packetSize: 16,
  });
  assertEquals(hex(page.subarray(0, 14)), "05 32 60 e5 08 10 00 00 00 00 00 00 00 10");
});

Deno.test("parseWriteParametersPage() keeps a 38h page and reads a short one as zeros", () => {
  const long = buildWriteParametersPage({
    pageLength: 0x38,
    writeType: 2,
    vendorSpecific: bytes("01 02 03 04"),
  });
  assertEquals(long.length, 58);
  const v = parseWriteParametersPage(long);
  assertEquals([v.pageLength, v.writeType, v.vendorSpecific], [0x38, 2, bytes("01 02 03 04")]);
  const short = parseWriteParametersPage(bytes("85 06 02 c0 08 00 00 00"));
  assertEquals([short.savable, short.writeType, short.multiSession, short.packetSize], [
    true,
    2,
    3,
    0,
  ]);
  throws(() => parseWriteParametersPage(bytes("2a 14")), MmcDataError, "page 42 is not 05h");
});

Deno.test("buildWriteParametersPage() then parse round-trips every field", () => {
  fc.assert(
    fc.property(
      recordArbitrary(writeParametersPageTable, ["savable", "pageCode", "pageLength"]),
      (v) => {
        const back = parseWriteParametersPage(buildWriteParametersPage({ ...v, pageLength: 0x36 }));
        assertEquals({ ...back, savable: undefined, pageCode: undefined, pageLength: undefined }, {
          ...v,
          savable: undefined,
          pageCode: undefined,
          pageLength: undefined,
        });
      },
    ),
  );
});
