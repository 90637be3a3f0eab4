import { assertEquals, bytes, hex, throws } from "../../_helpers/assert.ts";
import { MmcDataError } from "../../../src/mmc/errors.ts";
import {
  buildGetPerformanceResponse,
  buildGetPerformanceWriteSpeedResponse,
  parseGetPerformanceResponse,
  parseGetPerformanceWriteSpeedResponse,
} from "../../../src/mmc/commands/get_performance.ts";
import {
  buildSetStreamingParameters,
  parseSetStreamingParameters,
} from "../../../src/mmc/commands/set_streaming.ts";

Deno.test("parseGetPerformanceWriteSpeedResponse() reads a DVD+R's write speeds (type 03h)", () => {
  const raw = bytes(
    "00 00 00 24 00 00 00 00" +
      " 10 00 00 00 00 23 05 3f 00 00 2b 40 00 00 56 7e" +
      " 00 00 00 00 00 23 05 3f 00 00 2b 40 00 00 2b 3f",
  );
  const r = parseGetPerformanceWriteSpeedResponse(raw);
  assertEquals([r.dataLength, r.available, r.descriptors.length], [36, 2, 2]);
  assertEquals(r.descriptors[0], {
    wrc: 2,
    rdd: false,
    exact: false,
    mrw: false,
    endLba: 2_295_103,
    readSpeed: 11_072,
    writeSpeed: 22_142,
  });
  assertEquals(r.descriptors[1]!.writeSpeed, 11_071);
  assertEquals(buildGetPerformanceWriteSpeedResponse(r.descriptors), raw);
});

Deno.test("parseGetPerformanceWriteSpeedResponse() counts what the drive has beyond a probe", () => {
  const raw = buildGetPerformanceWriteSpeedResponse([{ writeSpeed: 1 }, { writeSpeed: 2 }, {
    writeSpeed: 3,
  }]);
  const probe = parseGetPerformanceWriteSpeedResponse(raw.subarray(0, 8));
  assertEquals([probe.available, probe.descriptors.length], [3, 0]);
  // LG GCA-4040N answers length 0: no descriptors, no error (the caller falls back to 2Ah)
  const lg = parseGetPerformanceWriteSpeedResponse(bytes("00 00 00 00 00 00 00 00"));
  assertEquals([lg.available, lg.descriptors], [0, []]);
});

Deno.test("GET PERFORMANCE parsers reject an insane data length (growisofs's check)", () => {
  throws(
    () => parseGetPerformanceResponse(bytes("00 00 00 0c 00 00 00 00 00 00 00 00 00 00 00 00")),
    MmcDataError,
    "Cannot parse GET PERFORMANCE response: performance data length 12 is not 4 plus a multiple of 16",
  );
  throws(
    () => parseGetPerformanceResponse(bytes("00 00 00 14")),
    MmcDataError,
    "the 8-byte header needs 8",
  );
});

Deno.test("parseGetPerformanceResponse() reads a CAV nominal performance descriptor (type 00h)", () => {
  const raw = buildGetPerformanceResponse(
    [{ startLba: 0, startPerformance: 6_925, endLba: 2_295_103, endPerformance: 16_620 }],
    { write: true },
  );
  assertEquals(hex(raw.subarray(0, 8)), "00 00 00 14 02 00 00 00");
  const r = parseGetPerformanceResponse(raw);
  assertEquals([r.write, r.except, r.descriptors[0]!.endPerformance], [true, false, 16_620]);
});

Deno.test("buildSetStreamingParameters() writes libburn's descriptor: sizes in kB per 1000 ms", () => {
  const p = buildSetStreamingParameters({ endLba: 2_295_103, readSize: 11_080, writeSize: 11_080 });
  assertEquals(
    hex(p),
    "00 00 00 00 00 00 00 00 00 23 05 3f 00 00 2b 48 00 00 03 e8 00 00 2b 48 00 00 03 e8",
  );
  assertEquals(parseSetStreamingParameters(p).writeTime, 1000);
  const rdd = parseSetStreamingParameters(
    buildSetStreamingParameters({ restoreDefaults: true, exact: true }),
  );
  assertEquals([rdd.restoreDefaults, rdd.exact, rdd.randomAccess, rdd.wrc], [true, true, false, 0]);
  throws(
    () => parseSetStreamingParameters(p.subarray(0, 20)),
    MmcDataError,
    "SET STREAMING parameter list",
  );
});
