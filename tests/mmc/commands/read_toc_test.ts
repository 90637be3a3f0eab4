import { assertEquals, bytes, hex, throws } from "../../_helpers/assert.ts";
import { MmcDataError } from "../../../src/mmc/errors.ts";
import {
  buildReadTocResponse,
  buildReadTocSessionInfoResponse,
  leadOutTrack,
  parseReadTocResponse,
  parseReadTocSessionInfoResponse,
} from "../../../src/mmc/commands/read_toc.ts";
import {
  buildReadTocAtipResponse,
  buildReadTocFullTocResponse,
  parseReadTocAtipResponse,
  parseReadTocFullTocResponse,
  TocPoint,
} from "../../../src/mmc/commands/read_toc_full.ts";

// QEMU's synthetic TOC of a 694-block image (qemu-testbed.md 6 #8): track 1 control 4 at 0,
// lead-out AAh control 6 at 694
const qemuToc = bytes("00 12 01 01 00 14 01 00 00 00 00 00 00 16 aa 00 00 00 02 b6");

Deno.test("parseReadTocResponse() reads QEMU's TOC", () => {
  assertEquals(parseReadTocResponse(qemuToc), {
    firstTrack: 1,
    lastTrack: 1,
    tracks: [
      { adr: 1, control: 4, track: 1, lba: 0 },
      { adr: 1, control: 6, track: leadOutTrack, lba: 694 },
    ],
  });
  assertEquals(buildReadTocResponse(parseReadTocResponse(qemuToc)), qemuToc);
});

Deno.test("parseReadTocResponse() converts MSF addresses (00:02:00 is LBA 0)", () => {
  const msf = bytes("00 12 01 01 00 14 01 00 00 00 02 00 00 16 aa 00 00 00 0b 13");
  assertEquals(parseReadTocResponse(msf, true).tracks.map((t) => t.lba), [0, 694]);
  assertEquals(buildReadTocResponse(parseReadTocResponse(msf, true), true), msf);
});

Deno.test("parseReadTocResponse() leaves out descriptors cut off by the allocation", () => {
  assertEquals(parseReadTocResponse(qemuToc.subarray(0, 16)).tracks.length, 1);
});

Deno.test("parseReadTocSessionInfoResponse() reads ide-cd's 12-byte reply", () => {
  const info = parseReadTocSessionInfoResponse(bytes("00 0a 01 01 00 00 00 00 00 00 00 00"));
  assertEquals(info, {
    firstSession: 1,
    lastSession: 1,
    firstTrackInLastSession: { adr: 0, control: 0, track: 0, lba: 0 },
  });
  const second = buildReadTocSessionInfoResponse({
    firstSession: 1,
    lastSession: 2,
    firstTrackInLastSession: { adr: 1, control: 4, track: 2, lba: 25_000 },
  });
  assertEquals(hex(second), "00 0a 01 02 00 14 02 00 00 00 61 a8");
});

Deno.test("READ TOC parsers reject a header whose length does not fit the format", () => {
  throws(
    () => parseReadTocResponse(bytes("00 0d 01 01 00 14 01 00 00 00 00 00 00 00 00")),
    MmcDataError,
    "Cannot parse READ TOC/PMA/ATIP response: TOC data length 13 is not 2 plus a multiple of 8",
  );
  throws(() => parseReadTocResponse(bytes("00 12")), MmcDataError, "the 4-byte header needs 4");
  throws(
    () => parseReadTocSessionInfoResponse(bytes("00 02 01 01")),
    MmcDataError,
    "the session descriptor needs 12",
  );
});

Deno.test("parseReadTocFullTocResponse() reads A0/A1/A2 and track points", () => {
  const raw = bytes(
    "00 2e 01 01" +
      " 01 14 00 a0 00 00 00 00 01 00 00" +
      " 01 14 00 a1 00 00 00 00 01 00 00" +
      " 01 14 00 a2 00 00 00 00 00 0b 13" +
      " 01 14 00 01 00 00 00 00 00 02 00",
  );
  const toc = parseReadTocFullTocResponse(raw);
  assertEquals([toc.firstSession, toc.lastSession, toc.entries.length], [1, 1, 4]);
  const leadOut = toc.entries.find((e) => e.point === TocPoint.leadOut)!;
  assertEquals([leadOut.pmin, leadOut.psec, leadOut.pframe], [0, 11, 19]);
  assertEquals(toc.entries[0]!.pmin, 1);
  assertEquals(buildReadTocFullTocResponse(toc), raw);
  throws(
    () => parseReadTocFullTocResponse(bytes("00 0a 01 01 01 14 00 a0 00 00 00 00")),
    MmcDataError,
    "not 2 plus a multiple of 11",
  );
});

Deno.test("parseReadTocAtipResponse() reads a CD-RW's lead-in and lead-out", () => {
  const raw = bytes(
    "00 1a 00 00 d2 00 c0 00 61 1a 42 00 4f 3b 4a 00 00 00 00 00 00 00 00 00 00 00 00 00",
  );
  const atip = parseReadTocAtipResponse(raw);
  assertEquals([atip.writingPower, atip.referenceSpeed, atip.rewritable, atip.discSubType], [
    5,
    2,
    true,
    0,
  ]);
  assertEquals([atip.leadInStartLba, atip.leadOutStartLba], [-11634, 359_849]);
  assertEquals([atip.a1, atip.a2, atip.a3], [undefined, undefined, undefined]);
  const { leadInStartLba: _i, leadOutStartLba: _o, ...rest } = atip;
  assertEquals(buildReadTocAtipResponse(rest), raw);
  throws(
    () => parseReadTocAtipResponse(raw.subarray(0, 10)),
    MmcDataError,
    "10 bytes, the ATIP lead-out time needs 15",
  );
});
