import { assertEquals, bytes, hex, throws } from "../../_helpers/assert.ts";
import { MmcDataError } from "../../../src/mmc/errors.ts";
import {
  buildFormatUnitParameters,
  FormatType,
  formatUnitTimeoutMs,
  parseFormatUnitParameters,
} from "../../../src/mmc/commands/format_unit.ts";
import {
  buildReadFormatCapacitiesResponse,
  CapacityDescriptorType,
  parseReadFormatCapacitiesResponse,
} from "../../../src/mmc/commands/read_format_capacities.ts";

Deno.test("buildFormatUnitParameters() writes libburn's and growisofs's parameter lists", () => {
  // growisofs DVD+RW basic format to the maximum, Immed only (mmc.md 3.17)
  assertEquals(
    hex(
      buildFormatUnitParameters({
        immed: true,
        blocks: 0xffffffff,
        formatType: FormatType.dvdPlusRwBasic,
      }),
    ),
    "00 02 00 08 ff ff ff ff 98 00 00 00",
  );
  // libburn BD-R SRM-POW full format with FOV|Immed, 2048-byte blocks
  assertEquals(
    hex(
      buildFormatUnitParameters({
        fov: true,
        immed: true,
        blocks: 12_219_392,
        formatType: FormatType.full,
        formatSubType: 1,
        typeDependent: 0x800,
      }),
    ),
    "00 82 00 08 00 ba 74 00 01 00 08 00",
  );
  // growisofs restart of an interrupted DVD+RW background format: descr[11] = 1
  const restart = buildFormatUnitParameters({ immed: true, formatType: 0x26, typeDependent: 1 });
  assertEquals(restart[11], 1);
});

Deno.test("parseFormatUnitParameters() reads the list back and picks the timeout", () => {
  const p = parseFormatUnitParameters(bytes("00 a0 00 08 00 23 05 40 c1 00 30 00"));
  assertEquals([p.fov, p.dcrt, p.immed, p.descriptorLength], [true, true, false, 8]);
  assertEquals([p.blocks, p.formatType, p.formatSubType, p.typeDependent], [
    0x230540,
    0x30,
    1,
    0x3000,
  ]);
  assertEquals([formatUnitTimeoutMs(p), formatUnitTimeoutMs({ immed: true })], [
    18_000_000,
    200_000,
  ]);
  throws(
    () => parseFormatUnitParameters(bytes("00 02 00 08")),
    MmcDataError,
    "Cannot parse FORMAT UNIT parameter list: 4 bytes, the header and format descriptor needs 12",
  );
});

Deno.test("parseReadFormatCapacitiesResponse() reads a blank BD-RE's format list", () => {
  // unformatted, 12 219 392 blocks max; formats 00h, 30h (three spare sizes), 31h
  const raw = bytes(
    "00 00 00 28 00 ba 74 00 01 00 08 00" +
      " 00 b4 74 00 00 00 30 00" +
      " 00 b4 74 00 c0 00 30 00" +
      " 00 b0 74 00 c0 00 50 00" +
      " 00 ba 74 00 c4 00 08 00",
  );
  const r = parseReadFormatCapacitiesResponse(raw);
  assertEquals([r.listLength, r.truncated], [0x28, false]);
  assertEquals(r.current, {
    blocks: 12_219_392,
    descriptorType: CapacityDescriptorType.unformatted,
    blockLength: 2048,
  });
  assertEquals(r.formats.map((f) => [f.formatType, f.blocks, f.typeDependent]), [
    [0x00, 0xb47400, 0x3000],
    [0x30, 0xb47400, 0x3000],
    [0x30, 0xb07400, 0x5000],
    [0x31, 0xba7400, 0x800],
  ]);
  assertEquals(
    buildReadFormatCapacitiesResponse({ current: r.current!, formats: r.formats }).length,
    raw.length,
  );
});

Deno.test("parseReadFormatCapacitiesResponse() handles libburn's 4-byte probe", () => {
  const r = parseReadFormatCapacitiesResponse(bytes("00 00 00 10"));
  assertEquals([r.listLength, r.current, r.formats, r.truncated], [16, undefined, [], true]);
});

Deno.test("parseReadFormatCapacitiesResponse() rejects a list length that is not 8 × n", () => {
  const e = throws(
    () =>
      parseReadFormatCapacitiesResponse(bytes("00 00 00 0c 00 00 00 00 02 00 08 00 00 00 00 00")),
    MmcDataError,
    "Cannot parse READ FORMAT CAPACITIES response: capacity list length 12 is not a multiple of 8",
  );
  assertEquals(e.offset, 3);
  throws(
    () => parseReadFormatCapacitiesResponse(bytes("00 00")),
    MmcDataError,
    "the list header needs 4",
  );
});
