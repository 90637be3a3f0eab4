import fc from "fast-check";
import { assertEquals, bytes, throws } from "../../_helpers/assert.ts";
import { MmcDataError } from "../../../src/mmc/errors.ts";
import {
  buildReadDiscInformationResponse,
  discAddress,
  parseReadDiscInformationResponse,
} from "../../../src/mmc/commands/read_disc_information.ts";

// QEMU's reply, ide-cd and scsi-cd alike (mmc.md 5.1): complete disc, complete session, one
// session, tracks 1..1, URU, disc type 0
const qemu = bytes("00 20 0e 01 01 01 01 20 00" + " 00".repeat(25));

Deno.test("parseReadDiscInformationResponse() reads QEMU's complete one-session disc", () => {
  const d = parseReadDiscInformationResponse(qemu);
  assertEquals(
    [d.validLength, d.status, d.discStatus, d.lastSessionState, d.erasable],
    [34, "complete", 2, 3, false],
  );
  assertEquals(
    [d.firstTrack, d.sessions, d.firstTrackInLastSession, d.lastTrackInLastSession],
    [1, 1, 1, 1],
  );
  assertEquals([d.unrestrictedUse, d.discIdValid, d.discType, d.opcTables], [true, false, 0, []]);
});

Deno.test("parseReadDiscInformationResponse() reads a blank CD-RW's lead-in and lead-out MSF", () => {
  // blank, erasable, empty session; lead-in 97:26:66, last possible lead-out 79:59:74
  const d = parseReadDiscInformationResponse(
    bytes(
      "00 20 10 01 01 01 01 20 00 00 00 00 00 00 00 00 00 61 1a 42 00 4f 3b 4a" + " 00".repeat(10),
    ),
  );
  assertEquals([d.status, d.erasable, d.lastSessionState], ["blank", true, 0]);
  assertEquals(discAddress(d.lastSessionLeadIn, true), -11634);
  assertEquals(discAddress(d.lastPossibleLeadOut, true), 359_849);
  assertEquals(discAddress(0xffffffff, false), -1);
});

Deno.test("parseReadDiscInformationResponse() joins the MSB bytes and reads OPC tables", () => {
  const built = buildReadDiscInformationResponse({
    discStatus: 1,
    lastSessionState: 1,
    sessions: 300,
    firstTrackInLastSession: 301,
    lastTrackInLastSession: 302,
    opcTables: [{ speed: 11080, values: bytes("01 02 03 04 05 06") }],
  });
  assertEquals(built.length, 42);
  assertEquals([built[0], built[1], built[4], built[9], built[33]], [0, 40, 300 & 0xff, 1, 1]);
  const d = parseReadDiscInformationResponse(built);
  assertEquals([d.status, d.sessions, d.firstTrackInLastSession, d.lastTrackInLastSession], [
    "appendable",
    300,
    301,
    302,
  ]);
  assertEquals(d.opcTables, [{ speed: 11080, values: bytes("01 02 03 04 05 06") }]);
});

Deno.test("parseReadDiscInformationResponse() honours the length field over a padded buffer", () => {
  // the drive claims 10 bytes after the length field; the rest of the 34-byte buffer is noise
  const padded = bytes("00 0a 01 01 01 01 01 00 00 00 00 00" + " ff".repeat(22));
  const d = parseReadDiscInformationResponse(padded);
  assertEquals([d.validLength, d.status, d.discId, d.lastPossibleLeadOut], [
    12,
    "appendable",
    0,
    0,
  ]);
  // an OPC count pointing past the data gives only the entries that arrived
  const cut = buildReadDiscInformationResponse({
    opcTables: [{ speed: 1, values: new Uint8Array(6) }, { speed: 2, values: new Uint8Array(6) }],
  });
  assertEquals(parseReadDiscInformationResponse(cut.subarray(0, 44)).opcTables.length, 1);
});

Deno.test("parseReadDiscInformationResponse() rejects replies without the disc status", () => {
  throws(
    () => parseReadDiscInformationResponse(bytes("00")),
    MmcDataError,
    "READ DISC INFORMATION response: 1 byte, the length field needs 2",
  );
  const e = throws(
    () => parseReadDiscInformationResponse(bytes("00 04 0e 01 01 01 00 00")),
    MmcDataError,
    "the length field leaves 6 bytes, disc status needs 8",
  );
  assertEquals([e.part, e.offset], ["response", 0]);
});

Deno.test("buildReadDiscInformationResponse() then parse round-trips the fields", () => {
  fc.assert(
    fc.property(
      fc.record({
        erasable: fc.boolean(),
        discStatus: fc.integer({ min: 0, max: 3 }),
        lastSessionState: fc.integer({ min: 0, max: 3 }),
        sessions: fc.integer({ min: 0, max: 0xffff }),
        lastTrackInLastSession: fc.integer({ min: 0, max: 0xffff }),
        bgFormatStatus: fc.integer({ min: 0, max: 3 }),
        lastPossibleLeadOut: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      }),
      (v) => {
        const d = parseReadDiscInformationResponse(buildReadDiscInformationResponse(v));
        for (const [k, x] of Object.entries(v)) assertEquals(d[k as keyof typeof d], x, k);
      },
    ),
  );
});
