import fc from "fast-check";
import { assertEquals, bytes, throws } from "../../_helpers/assert.ts";
import { MmcDataError } from "../../../src/mmc/errors.ts";
import {
  buildReadTrackInformationResponse,
  parseReadTrackInformationResponse,
} from "../../../src/mmc/commands/read_track_information.ts";

// a blank DVD-R's invisible track: track 1, session 1, blank incremental, NWA 0, 2 298 496
// free blocks, packets of 16
const blankDvdR = bytes(
  "00 2e 01 01 00 05 61 01 00 00 00 00 00 00 00 00 00 23 12 80 00 00 00 10 00 23 12 80" +
    " 00 00 00 00 00 00 00 00" + " 00".repeat(12),
);

Deno.test("parseReadTrackInformationResponse() reads a blank DVD-R's invisible track", () => {
  const t = parseReadTrackInformationResponse(blankDvdR);
  assertEquals([t.validLength, t.track, t.session, t.trackMode, t.dataMode], [48, 1, 1, 5, 1]);
  assertEquals([t.blank, t.packet, t.reserved, t.damage, t.nwaValid, t.lraValid], [
    true,
    true,
    false,
    false,
    true,
    false,
  ]);
  assertEquals([t.trackStart, t.nextWritableAddress, t.freeBlocks, t.fixedPacketSize], [
    0,
    0,
    2_298_496,
    16,
  ]);
});

Deno.test("parseReadTrackInformationResponse() keeps a negative NWA (Pioneer's -150 on blank)", () => {
  const quirk = blankDvdR.slice();
  quirk.set([0xff, 0xff, 0xff, 0x6a], 12);
  assertEquals(parseReadTrackInformationResponse(quirk).nextWritableAddress, -150);
});

Deno.test("parseReadTrackInformationResponse() accepts libburn's 20-byte NWA query", () => {
  const t = parseReadTrackInformationResponse(blankDvdR.subarray(0, 20));
  assertEquals([t.validLength, t.nextWritableAddress, t.freeBlocks], [20, 0, 2_298_496]);
  assertEquals([t.trackSize, t.fixedPacketSize, t.readCompatibilityLba], [0, 0, 0]);
});

Deno.test("parseReadTrackInformationResponse() reads the MMC-3 34-byte-length layout", () => {
  const mmc3 = blankDvdR.slice(0, 36);
  mmc3[1] = 34;
  mmc3[32] = 1; // track MSB
  const t = parseReadTrackInformationResponse(mmc3);
  assertEquals([t.validLength, t.track], [36, 257]);
});

Deno.test("parseReadTrackInformationResponse() rejects replies without the track state", () => {
  throws(
    () => parseReadTrackInformationResponse(bytes("00 04 01 01 00 00")),
    MmcDataError,
    "READ TRACK INFORMATION response: the length field leaves 6 bytes, the track state needs 8",
  );
});

Deno.test("buildReadTrackInformationResponse() then parse round-trips", () => {
  fc.assert(
    fc.property(
      fc.record({
        track: fc.integer({ min: 0, max: 0xffff }),
        session: fc.integer({ min: 0, max: 0xffff }),
        damage: fc.boolean(),
        blank: fc.boolean(),
        nwaValid: fc.boolean(),
        trackMode: fc.integer({ min: 0, max: 15 }),
        nextWritableAddress: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        freeBlocks: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        readCompatibilityLba: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      }),
      (v) => {
        const built = buildReadTrackInformationResponse(v);
        assertEquals([built.length, built[1]], [48, 46]);
        const t = parseReadTrackInformationResponse(built);
        for (const [k, x] of Object.entries(v)) assertEquals(t[k as keyof typeof t], x, k);
      },
    ),
  );
});
