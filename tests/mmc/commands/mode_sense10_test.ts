import { assertEquals, bytes, hex, throws } from "../../_helpers/assert.ts";
import { MmcDataError } from "../../../src/mmc/errors.ts";
import {
  buildModeSense10Cdb,
  buildModeSense10Response,
  findModePage,
  ModePageCode,
  PageControl,
  parseModeSense10Response,
} from "../../../src/mmc/commands/mode_sense10.ts";
import {
  buildModeSelect10Cdb,
  buildModeSelect10Parameters,
  parseModeSelect10Parameters,
} from "../../../src/mmc/commands/mode_select10.ts";
import { buildWriteParametersPage } from "../../../src/mmc/write_parameters_page.ts";

// page 2Ah from QEMU scsi-cd (qemu-testbed.md 6 #10), 22 bytes
const scsiPage2a = bytes("2a 14 3b 00 7f ff 2d 00 22 60 00 02 08 00 0b 00 00 00 0b 00 0b 00");

Deno.test("MODE SENSE(10)/SELECT(10) CDBs match the test bed and libburn", () => {
  assertEquals(
    hex(
      buildModeSense10Cdb({
        dbd: true,
        pageCode: ModePageCode.capabilities,
        allocationLength: 0xff,
      }),
    ),
    "5a 08 2a 00 00 00 00 00 ff 00",
  );
  assertEquals(
    hex(
      buildModeSense10Cdb({
        pageCode: 5,
        pageControl: PageControl.changeable,
        allocationLength: 10,
      }),
    ),
    "5a 00 45 00 00 00 00 00 0a 00",
  );
  assertEquals(
    hex(buildModeSelect10Cdb({ parameterListLength: 60 })),
    "55 10 00 00 00 00 00 00 3c 00",
  );
});

Deno.test("parseModeSense10Response() finds QEMU's page 2Ah after the header", () => {
  const reply = bytes("00 1c 70 00 00 00 00 00" + " " + hex(scsiPage2a));
  const r = parseModeSense10Response(reply);
  assertEquals([r.modeDataLength, r.mediumType, r.blockDescriptors.length], [28, 0x70, 0]);
  const p = findModePage(r, 0x2a)!;
  assertEquals([p.code, p.length, p.truncated, p.savable], [0x2a, 22, false, false]);
  assertEquals(p.bytes, scsiPage2a);
  assertEquals(findModePage(r, 5), undefined);
});

Deno.test("parseModeSense10Response() skips block descriptors (old QEMU scsi-cd)", () => {
  const reply = bytes("00 24 00 00 00 00 00 08 00 00 00 00 00 00 08 00 " + hex(scsiPage2a));
  const r = parseModeSense10Response(reply);
  assertEquals(r.blockDescriptors, bytes("00 00 00 00 00 00 08 00"));
  assertEquals(findModePage(r, 0x2a)!.bytes, scsiPage2a);
});

Deno.test("parseModeSense10Response() reports a page cut off by a small allocation", () => {
  // libburn's probe: 10 bytes of page 05h (page length 32h), the drive had 60
  const probe = bytes("00 3a 00 00 00 00 00 00 05 32");
  const p = parseModeSense10Response(probe).pages[0]!;
  assertEquals([p.code, p.length, p.truncated, p.bytes.length], [5, 0x34, true, 2]);
});

Deno.test("parseModeSense10Response() takes a page past a too-short mode data length (SANYO)", () => {
  const page = buildWriteParametersPage({ writeType: 1 });
  const reply = new Uint8Array(8 + page.length);
  reply.set(bytes("00 0a 00 00 00 00 00 00"));
  reply.set(page, 8);
  const p = parseModeSense10Response(reply).pages[0]!;
  assertEquals([p.length, p.truncated], [0x34, false]);
  assertEquals(p.bytes, page);
});

Deno.test("parseModeSense10Response() rejects a short header and runaway block descriptors", () => {
  throws(
    () => parseModeSense10Response(bytes("00 06 00 00")),
    MmcDataError,
    "Cannot parse MODE SENSE(10) response: 4 bytes, the 8-byte mode parameter header needs 8",
  );
  const e = throws(
    () => parseModeSense10Response(bytes("00 10 00 00 00 00 01 00 00 00")),
    MmcDataError,
    "block descriptor length 256 runs past the 10 bytes",
  );
  assertEquals(e.offset, 6);
});

Deno.test("buildModeSelect10Parameters() zeroes the header and clears PS (growisofs page05_setup)", () => {
  const page = buildWriteParametersPage({ writeType: 1, trackMode: 4, dataBlockType: 8 });
  const sensed = buildModeSense10Response([page], { mediumType: 0x70 });
  // as a drive returns it: PS set
  sensed[8] = sensed[8]! | 0x80;
  const edited = parseModeSense10Response(sensed).pages[0]!;
  assertEquals(edited.savable, true);
  const list = buildModeSelect10Parameters([edited.bytes]);
  assertEquals(hex(list.subarray(0, 10)), "00 00 00 00 00 00 00 00 05 32");
  const back = parseModeSelect10Parameters(list);
  assertEquals([back.modeDataLength, back.pages[0]!.savable, back.pages[0]!.bytes.length], [
    0,
    false,
    52,
  ]);
});

Deno.test("parseModeSelect10Parameters() rejects a page that overruns the list", () => {
  const list = bytes("00 00 00 00 00 00 00 00 05 32 01 04 08");
  const e = throws(
    () => parseModeSelect10Parameters(list),
    MmcDataError,
    "Cannot parse MODE SELECT(10) parameter list: page 05h of 52 bytes overruns the list",
  );
  assertEquals([e.part, e.offset], ["parameter list", 8]);
});
