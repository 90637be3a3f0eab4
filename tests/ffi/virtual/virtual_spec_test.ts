import { InvalidInputError } from "../../../src/model/errors.ts";
import { parseVirtualSpec } from "../../../ffi/virtual/virtual_spec.ts";
import { assertEquals, throws } from "../../_helpers/assert.ts";

Deno.test("parseVirtualSpec() reads path and every key", () => {
  const s = parseVirtualSpec(
    "virtual:/tmp/my%20disc.iso?media=dvd%2Br&speed=8x&timeScale=0.01&buffer=2m&vendor=ACME&product=Burner" +
      "&revision=1.2&wp=1&quirks=nwa-150,no-perf&senseOnWrite=3:3/0C/00&mediumError=5-6",
  );
  assertEquals(s.path, "/tmp/my disc.iso");
  assertEquals([s.media, s.speed, s.timeScale, s.bufferBytes], ["dvd+r", { x: 8 }, 0.01, 2 << 20]);
  assertEquals(s.identity, { vendor: "ACME", product: "Burner", revision: "1.2" });
  assertEquals([s.writeProtected, s.quirks], [true, ["nwa-150", "no-perf"]]);
  assertEquals([s.faults.senseOnWrite.length, s.faults.mediumErrors], [1, [[5, 6]]]);
  assertEquals(parseVirtualSpec("virtual:").path, undefined);
  assertEquals(parseVirtualSpec("virtual:x?speed=5540").speed, { kBps: 5540 });
});

Deno.test("parseVirtualSpec() errors name what is wrong and what is allowed", () => {
  throws(() => parseVirtualSpec("/dev/sr0"), InvalidInputError, '"virtual:"');
  throws(
    () => parseVirtualSpec("virtual:a?media=dvd-x"),
    InvalidInputError,
    "media",
    "dvd-x",
    "bd-re",
  );
  throws(
    () => parseVirtualSpec("virtual:a?colour=red"),
    InvalidInputError,
    'unknown key "colour"',
    "timeScale",
  );
  throws(() => parseVirtualSpec("virtual:a?media=bd-r&media=cd-r"), InvalidInputError, "twice");
  throws(() => parseVirtualSpec("virtual:a?timeScale=-1"), InvalidInputError, "timeScale");
  throws(
    () => parseVirtualSpec("virtual:a?quirks=nwa-150,fast"),
    InvalidInputError,
    '"fast"',
    "no-perf",
  );
  throws(() => parseVirtualSpec("virtual:a?vendor=ABCDEFGHI"), InvalidInputError, "8");
  throws(() => parseVirtualSpec("virtual:a?media="), InvalidInputError, "no value");
  throws(() => parseVirtualSpec("virtual:a?powerLoss=x"), InvalidInputError, "powerLoss");
});
