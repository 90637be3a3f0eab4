import fc from "fast-check";
import { assertEquals } from "../_helpers/assert.ts";
import { bytes } from "../_helpers/assert.ts";
import {
  buildSense,
  decodeSense,
  isRetryable,
  retryPolicies,
  type SenseCategory,
  senseCategory,
} from "../../src/mmc/sense.ts";
import { ascText } from "../../src/mmc/sense_data.ts";

Deno.test("decodeSense() reads QEMU scsi-cd's WRITE sense 7/27/00 (qemu-testbed.md 6)", () => {
  const s = decodeSense(bytes("70 00 07 00 00 00 00 0a 00 00 00 00 27 00 00 00 00 00"))!;
  assertEquals(
    [s.format, s.responseCode, s.key, s.asc, s.ascq, s.deferred],
    ["fixed", 0x70, 7, 0x27, 0, false],
  );
  assertEquals(s.text, "DATA PROTECT: write protected");
  assertEquals(s.category, "write-protected");
  assertEquals([s.information, s.progress, s.fieldPointer], [undefined, undefined, undefined]);
});

Deno.test("decodeSense() accepts ide-cd's F0h sense with the VALID bit and ASCQ 0", () => {
  const s = decodeSense(bytes("f0 00 05 00 00 00 00 0a 00 00 00 00 20 00 00 00 00 00"))!;
  assertEquals([s.responseCode, s.key, s.asc, s.ascq, s.information], [0x70, 5, 0x20, 0, 0]);
  assertEquals(s.text, "ILLEGAL REQUEST: invalid command operation code");
  assertEquals(s.category, "illegal-request");
  // ide-cd reports an eject while locked as 2/53/00 (ASCQ dropped): still "removal prevented"
  const eject = decodeSense(bytes("f0 00 02 00 00 00 00 0a 00 00 00 00 53 00 00 00 00 00"))!;
  assertEquals(eject.category, "removal-prevented");
});

Deno.test("decodeSense() reads the INFORMATION field when VALID and the deferred code 71h", () => {
  const s = decodeSense(bytes("f1 00 03 00 00 12 67 0a 00 00 00 00 0c 00 00 00 00 00"))!;
  assertEquals([s.deferred, s.information, s.category], [true, 4711, "medium-error"]);
  assertEquals(s.text, "MEDIUM ERROR: write error");
});

Deno.test("decodeSense() reads progress from the sense-key specific bytes (SKSV)", () => {
  const s = decodeSense(bytes("70 00 02 00 00 00 00 0a 00 00 00 00 04 04 00 80 40 00"))!;
  assertEquals([s.category, s.progress], ["not-ready-retry", 0x4000]);
  const noSksv = decodeSense(bytes("70 00 02 00 00 00 00 0a 00 00 00 00 04 04 00 00 40 00"))!;
  assertEquals(noSksv.progress, undefined);
  const noSense = decodeSense(bytes("70 00 00 00 00 00 00 0a 00 00 00 00 00 00 00 80 ff ff"))!;
  assertEquals([noSense.category, noSense.progress], ["none", 0xffff]);
});

Deno.test("decodeSense() reads an ILLEGAL REQUEST field pointer", () => {
  const s = decodeSense(bytes("70 00 05 00 00 00 00 0a 00 00 00 00 24 00 00 cb 00 02"))!;
  assertEquals(s.fieldPointer, { inCdb: true, byte: 2, bit: 3 });
  const param = decodeSense(bytes("70 00 05 00 00 00 00 0a 00 00 00 00 26 00 00 80 00 0a"))!;
  assertEquals(param.fieldPointer, { inCdb: false, byte: 10 });
});

Deno.test("decodeSense() reads descriptor format 72h/73h with information and SKS descriptors", () => {
  const s = decodeSense(
    bytes("72 03 0c 09 00 00 00 14 00 0a 80 00 00 00 00 00 00 00 12 67 02 06 00 00 80 00 00 00"),
  )!;
  assertEquals(
    [s.format, s.key, s.asc, s.ascq, s.information, s.category],
    ["descriptor", 3, 0x0c, 0x09, 4711, "medium-error"],
  );
  assertEquals(s.text, "MEDIUM ERROR: write error - loss of streaming");
  const deferred = decodeSense(bytes("73 06 28 00 00 00 00 00"))!;
  assertEquals([deferred.deferred, deferred.category], [true, "unit-attention"]);
  // an information descriptor without VALID is ignored; a truncated descriptor ends the list
  const partial = decodeSense(
    bytes("72 02 04 01 00 00 00 14 00 0a 00 00 00 00 00 00 00 00 00 05 02 06"),
  )!;
  assertEquals([partial.information, partial.category], [undefined, "becoming-ready"]);
});

Deno.test("decodeSense() honours a short ADDITIONAL SENSE LENGTH", () => {
  // length 6: bytes 12-13 are in, the sense-key specific bytes are not
  const s = decodeSense(bytes("70 00 02 00 00 00 00 06 00 00 00 00 3a 01 00 80 ff ff"))!;
  assertEquals([s.asc, s.ascq, s.progress, s.category], [0x3a, 1, undefined, "no-medium"]);
  // length 0: the ASC beyond it is not trusted
  const t = decodeSense(bytes("70 00 06 00 00 00 00 00 00 00 00 00 29 00"))!;
  assertEquals([t.key, t.asc, t.category], [6, 0, "unit-attention"]);
  // only 3 bytes: key only
  assertEquals(decodeSense(bytes("70 00 04"))?.category, "hardware-error");
});

Deno.test("decodeSense() returns undefined when there is no sense", () => {
  assertEquals(decodeSense(new Uint8Array(0)), undefined);
  assertEquals(decodeSense(bytes("00 00 00 00")), undefined);
  assertEquals(decodeSense(bytes("7f 00 05")), undefined);
  assertEquals(decodeSense(bytes("70 00")), undefined);
});

Deno.test("senseCategory() classifies the sense codes of mmc.md 4.12", () => {
  const table: [string, SenseCategory][] = [
    ["0/00/00", "none"],
    ["1/17/01", "recovered"],
    ["1/73/01", "recovered"],
    ["2/04/00", "not-ready-retry"],
    ["2/04/01", "becoming-ready"],
    ["2/04/02", "start-required"],
    ["2/04/03", "manual-intervention"],
    ["2/04/04", "not-ready-retry"],
    ["2/04/07", "not-ready-retry"],
    ["2/04/08", "long-write-in-progress"],
    ["2/3A/00", "no-medium"],
    ["2/3A/01", "no-medium"],
    ["2/3A/02", "no-medium"],
    ["3/0C/00", "medium-error"],
    ["3/0C/09", "medium-error"],
    ["3/11/00", "medium-error"],
    ["3/31/01", "medium-error"],
    ["3/51/00", "medium-error"],
    ["3/57/00", "medium-error"],
    ["3/72/03", "medium-error"],
    ["3/73/03", "medium-error"],
    ["4/44/00", "hardware-error"],
    ["4/09/01", "hardware-error"],
    ["5/1A/00", "illegal-request"],
    ["5/20/00", "illegal-request"],
    ["5/21/00", "no-space"],
    ["5/21/02", "invalid-address"],
    ["5/21/03", "invalid-address"],
    ["5/24/00", "illegal-request"],
    ["5/26/02", "illegal-request"],
    ["5/27/00", "write-protected"],
    ["5/2C/00", "command-sequence"],
    ["5/30/05", "incompatible-medium"],
    ["5/30/10", "incompatible-medium"],
    ["5/63/00", "no-space"],
    ["5/63/01", "no-space"],
    ["5/64/00", "illegal-request"],
    ["5/72/05", "illegal-request"],
    ["5/53/02", "removal-prevented"],
    ["6/28/00", "unit-attention"],
    ["6/28/02", "unit-attention"],
    ["6/29/04", "unit-attention"],
    ["6/2A/01", "unit-attention"],
    ["6/3A/00", "no-medium"],
    ["7/27/00", "write-protected"],
    ["8/00/00", "blank-check"],
    ["B/47/00", "aborted-retry"],
    ["E/1D/00", "other"],
  ];
  for (const [code, expected] of table) {
    const [k, a, q] = code.split("/").map((x) => parseInt(x, 16)) as [number, number, number];
    assertEquals(senseCategory(k, a, q), expected, code);
  }
});

Deno.test("retryPolicies follow the brief: retry waits, re-reads or never", () => {
  assertEquals(retryPolicies["long-write-in-progress"].outcome, "retry");
  assertEquals(retryPolicies["becoming-ready"].before, "wait");
  assertEquals(retryPolicies["unit-attention"], {
    outcome: "retry",
    before: "re-read-state",
    waitMs: 0,
  });
  assertEquals(retryPolicies["recovered"].outcome, "success");
  for (const c of ["medium-error", "hardware-error", "write-protected", "no-space"] as const) {
    assertEquals(isRetryable(c), false, c);
  }
  assertEquals(isRetryable(senseCategory(3, 0x0c, 0x07)), false);
});

Deno.test("ascText() names unlisted and vendor-specific codes by number", () => {
  assertEquals(ascText(0x04, 0x08), "logical unit not ready, long write in progress");
  assertEquals(ascText(0x30, 0x10), "medium not formatted");
  assertEquals(ascText(0x5f, 0x01), "additional sense 5F/01");
  assertEquals(ascText(0x80, 0x01), "vendor-specific additional sense 80/01");
});

Deno.test("buildSense() then decodeSense() round-trips every field in both formats", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 15 }),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
      fc.boolean(),
      fc.option(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { nil: undefined }),
      fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
      fc.constantFrom("fixed" as const, "descriptor" as const),
      (key, asc, ascq, deferred, information, progress, format) => {
        const progressKey = key === 0 || key === 2;
        const s = decodeSense(
          buildSense(key, asc, ascq, {
            deferred,
            format,
            ...(information === undefined ? {} : { information }),
            ...(progress === undefined || !progressKey ? {} : { progress }),
          }),
        )!;
        assertEquals([s.format, s.key, s.asc, s.ascq, s.deferred], [
          format,
          key,
          asc,
          ascq,
          deferred,
        ]);
        assertEquals(s.information, information);
        assertEquals(s.progress, progressKey ? progress : undefined);
        assertEquals(s.category, senseCategory(key, asc, ascq));
      },
    ),
  );
});

Deno.test("buildSense() writes 18-byte fixed sense with a field pointer", () => {
  const b = buildSense(5, 0x24, 0, { fieldPointer: { inCdb: true, byte: 1, bit: 4 } });
  assertEquals([...b], [0x70, 0, 5, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x24, 0, 0, 0xcc, 0, 1]);
  assertEquals(decodeSense(b)!.fieldPointer, { inCdb: true, byte: 1, bit: 4 });
});
