import { assertEquals, bytes, hex, throws } from "../../_helpers/assert.ts";
import { MmcDataError } from "../../../src/mmc/errors.ts";
import {
  buildDvdPhysicalFormatResponse,
  buildReadDiscStructureResponse,
  parseDvdPhysicalFormat,
  parseLayerBoundary,
  parseReadDiscStructureResponse,
  parseStructureList,
} from "../../../src/mmc/commands/read_disc_structure.ts";
import {
  bufferFill,
  buildReadBufferCapacityResponse,
  parseReadBufferCapacityResponse,
} from "../../../src/mmc/commands/read_buffer_capacity.ts";
import {
  buildCueSheet,
  CueDataForm,
  parseCueSheet,
} from "../../../src/mmc/commands/send_cue_sheet.ts";
import {
  buildSendOpcParameters,
  parseSendOpcParameters,
} from "../../../src/mmc/commands/send_opc_information.ts";

Deno.test("parseDvdPhysicalFormat() reads a single-layer DVD-ROM (QEMU's book type 0)", () => {
  const raw = buildDvdPhysicalFormatResponse({
    bookType: 0,
    partVersion: 1,
    maximumRate: 2,
    layerType: 1,
    dataStart: 0x30000,
    dataEnd: 0x30000 + 2_295_103,
  });
  assertEquals([raw.length, hex(raw.subarray(0, 8))], [2052, "08 02 00 00 01 02 01 00"]);
  const s = parseReadDiscStructureResponse(raw);
  assertEquals([s.length, s.payload.length], [2050, 2048]);
  const p = parseDvdPhysicalFormat(s);
  assertEquals([p.bookType, p.layersMinusOne, p.dataStart, p.dataEnd], [
    0,
    0,
    0x30000,
    0x30000 + 2_295_103,
  ]);
});

Deno.test("parseLayerBoundary() reads a DVD+R DL's L0 capacity (format 20h)", () => {
  const s = parseReadDiscStructureResponse(bytes("00 0a 00 00 80 00 00 00 00 1f e0 00"));
  assertEquals(parseLayerBoundary(s), { l0Fixed: true, l0Capacity: 0x1fe000 });
  throws(
    () => parseLayerBoundary(parseReadDiscStructureResponse(bytes("00 06 00 00 80 00 00 00"))),
    MmcDataError,
    "READ DISC STRUCTURE response: 8 bytes, the L0 data zone capacity needs 12",
  );
});

Deno.test("parseStructureList() reads format FFh entries", () => {
  const raw = buildReadDiscStructureResponse(bytes("00 40 08 04 11 40 01 00 20 c0 00 0c"));
  const list = parseStructureList(parseReadDiscStructureResponse(raw));
  assertEquals(list.map((e) => [e.format, e.readable, e.sendable, e.length]), [
    [0x00, true, false, 2052],
    [0x11, true, false, 256],
    [0x20, true, true, 12],
  ]);
  throws(
    () => parseReadDiscStructureResponse(bytes("00")),
    MmcDataError,
    "the 4-byte header needs 4",
  );
});

Deno.test("parseReadBufferCapacityResponse() reads size and free space; bufferFill() clamps", () => {
  const cap = parseReadBufferCapacityResponse(bytes("00 0a 00 00 00 20 00 00 00 08 00 00"));
  assertEquals(cap, {
    dataLength: 10,
    blockMode: false,
    bufferLength: 2 * 2 ** 20,
    blankLength: 512 * 1024,
  });
  assertEquals(bufferFill(cap), 0.75);
  assertEquals(bufferFill({ ...cap, blankLength: cap.bufferLength * 2 }), 0);
  assertEquals(bufferFill({ ...cap, bufferLength: 0 }), 0);
  assertEquals(
    buildReadBufferCapacityResponse({ bufferLength: 2 * 2 ** 20, blankLength: 512 * 1024 }),
    bytes("00 0a 00 00 00 20 00 00 00 08 00 00"),
  );
  throws(() => parseReadBufferCapacityResponse(bytes("00 0a 00 00")), MmcDataError, "needs 12");
});

Deno.test("buildCueSheet() writes the data-only SAO sheet of mmc.md 3.14", () => {
  // one Mode 1 track of 1000 blocks: lead-out at LBA 1000 = 00:15:25 (+150 frames)
  const sheet = buildCueSheet([
    { control: 4, adr: 1, track: 0, index: 0, dataForm: CueDataForm.mode1Pause },
    { control: 4, adr: 1, track: 1, index: 0, dataForm: CueDataForm.mode1 },
    { control: 4, adr: 1, track: 1, index: 1, dataForm: CueDataForm.mode1, sec: 2 },
    {
      control: 4,
      adr: 1,
      track: 0xaa,
      index: 1,
      dataForm: CueDataForm.mode1Pause,
      sec: 15,
      frame: 25,
    },
  ]);
  assertEquals(
    hex(sheet),
    "41 00 00 14 00 00 00 00 41 01 00 10 00 00 00 00 41 01 01 10 00 00 02 00 41 aa 01 14 00 00 0f 19",
  );
  assertEquals(parseCueSheet(sheet)[3]!.track, 0xaa);
  throws(
    () => parseCueSheet(sheet.subarray(0, 12)),
    MmcDataError,
    "SEND CUE SHEET parameter list: 12 bytes is not 8 × n",
  );
});

Deno.test("buildSendOpcParameters() round-trips an OPC entry", () => {
  const p = buildSendOpcParameters({ speed: 11_080, values: bytes("01 02 03 04 05 06") });
  assertEquals(hex(p), "2b 48 01 02 03 04 05 06");
  assertEquals(parseSendOpcParameters(p).speed, 11_080);
});
