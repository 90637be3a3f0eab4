import { assertEquals, bytes, throws } from "../../_helpers/assert.ts";
import { MmcDataError } from "../../../src/mmc/errors.ts";
import { buildInquiryResponse, parseInquiryResponse } from "../../../src/mmc/commands/inquiry.ts";
import {
  buildReadCapacityResponse,
  parseReadCapacityResponse,
} from "../../../src/mmc/commands/read_capacity.ts";

const ascii = (s: string, n: number) => [...s.padEnd(n)].map((c) => c.charCodeAt(0));

// QEMU ide-cd's answer (mmc.md 5, qemu-testbed.md 6 #1): type 5, RMB, "QEMU", "QEMU DVD-ROM"
const qemuIde = new Uint8Array([
  0x05,
  0x80,
  0x21,
  0x02,
  0x1f,
  0,
  0,
  0,
  ...ascii("QEMU", 8),
  ...ascii("QEMU DVD-ROM", 16),
  ...ascii("2.5+", 4),
  ...new Array(60).fill(0),
]);

Deno.test("parseInquiryResponse() reads QEMU's identity and trims the strings", () => {
  assertEquals(parseInquiryResponse(qemuIde), {
    peripheralQualifier: 0,
    peripheralType: 5,
    removable: true,
    version: 0x21,
    responseDataFormat: 2,
    additionalLength: 31,
    vendor: "QEMU",
    product: "QEMU DVD-ROM",
    revision: "2.5+",
  });
});

Deno.test("buildInquiryResponse() writes 36 bytes that parse back", () => {
  const built = buildInquiryResponse({ vendor: "KILN", product: "Virtual BD-RE", revision: "0.1" });
  assertEquals(built.length, 36);
  assertEquals([...built.subarray(0, 8)], [5, 0x80, 5, 2, 31, 0, 0, 0]);
  const back = parseInquiryResponse(built);
  assertEquals([back.vendor, back.product, back.revision], ["KILN", "Virtual BD-RE", "0.1"]);
});

Deno.test("parseInquiryResponse() rejects a reply shorter than 36 bytes", () => {
  throws(
    () => parseInquiryResponse(qemuIde.subarray(0, 20)),
    MmcDataError,
    "Cannot parse INQUIRY response: 20 bytes, standard INQUIRY data needs 36",
  );
});

Deno.test("parseReadCapacityResponse() reads QEMU's 694-block disc (qemu-testbed.md 6 #7)", () => {
  assertEquals(parseReadCapacityResponse(bytes("00 00 02 b5 00 00 08 00")), {
    lastLba: 693,
    blockLength: 2048,
  });
  assertEquals(
    buildReadCapacityResponse({ lastLba: 2_295_103, blockLength: 2048 }),
    bytes("00 23 05 3f 00 00 08 00"),
  );
  throws(
    () => parseReadCapacityResponse(bytes("00 00 02 b5")),
    MmcDataError,
    "READ CAPACITY response: 4 bytes, the capacity data needs 8",
  );
});
