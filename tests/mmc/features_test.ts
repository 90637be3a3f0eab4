import fc from "fast-check";
import { assertEquals, bytes, throws } from "../_helpers/assert.ts";
import { recordArbitrary } from "./_fields.ts";
import {
  buildFeatureDescriptor,
  FeatureCode,
  featureFields,
  featureName,
  featureTables,
  parseFeatureDescriptor,
  type TabledFeatureCode,
} from "../../src/mmc/features.ts";
import { Profile, profileInfo, profiles } from "../../src/mmc/profiles.ts";

Deno.test("featureFields() round-trips every tabled feature through build and parse", () => {
  for (const key of Object.keys(featureTables)) {
    const code = Number(key) as TabledFeatureCode;
    fc.assert(
      fc.property(recordArbitrary(featureTables[code], []), fc.boolean(), (fields, current) => {
        const built = buildFeatureDescriptor({
          code,
          version: 2,
          current,
          fields: fields as never,
        });
        assertEquals(built.length % 4, 0, featureName(code));
        const d = parseFeatureDescriptor(built)!;
        assertEquals([d.code, d.version, d.current, d.persistent], [code, 2, current, false]);
        assertEquals(featureFields(d, code), fields, featureName(code));
      }),
      { numRuns: 30 },
    );
  }
});

Deno.test("featureFields() reads fields past an old, short descriptor as false/0", () => {
  // Core version 0: additional length 4, no DBE/INQ2 byte (MMC-3)
  const core = parseFeatureDescriptor(bytes("00 01 03 04 00 00 00 02"))!;
  assertEquals(featureFields(core, FeatureCode.core), {
    physicalInterface: 2,
    inq2: false,
    dbe: false,
  });
  // Formattable version 0: no RRM byte
  const fmt = parseFeatureDescriptor(bytes("00 23 03 04 03 00 00 00"))!;
  assertEquals(featureFields(fmt, FeatureCode.formattable).rrm, false);
});

Deno.test("featureFields() refuses a descriptor of another feature", () => {
  const d = parseFeatureDescriptor(bytes("00 2b 01 04 01 00 00 00"))!;
  assertEquals(featureFields(d, FeatureCode.dvdPlusR).write, true);
  throws(
    () => featureFields(d, FeatureCode.dvdPlusRDl),
    TypeError,
    "Cannot read DVD+R Dual Layer fields from DVD+R",
  );
});

Deno.test("parseFeatureDescriptor() returns undefined for a cut-off descriptor", () => {
  assertEquals(parseFeatureDescriptor(bytes("00 20 05 0c 00 00 00 00")), undefined);
  // a link-size count larger than the descriptor gives only the sizes present
  assertEquals(parseFeatureDescriptor(bytes("00 21 05 04 01 00 01 05"))!.linkSizes, []);
  assertEquals(featureName(0x0199), "feature 0199h");
});

Deno.test("profileInfo() knows each burnable profile's media class and write model", () => {
  const rows = [
    [Profile.cdR, "cd", true, false, true, false],
    [Profile.cdRw, "cd", true, true, true, false],
    [Profile.dvdR, "dvd", true, false, true, false],
    [Profile.dvdRwRestrictedOverwrite, "dvd", true, true, false, true],
    [Profile.dvdRwSequential, "dvd", true, true, true, false],
    [Profile.dvdPlusR, "dvd", true, false, true, false],
    [Profile.dvdPlusRDl, "dvd", true, false, true, false],
    [Profile.dvdPlusRw, "dvd", true, true, false, true],
    [Profile.dvdRam, "dvd", true, true, false, true],
    [Profile.bdRSrm, "bd", true, false, true, false],
    [Profile.bdRRrm, "bd", true, false, false, true],
    [Profile.bdRe, "bd", true, true, false, true],
    [Profile.cdRom, "cd", false, false, false, false],
    [Profile.bdRom, "bd", false, false, false, false],
  ] as const;
  for (const [n, media, w, r, s, rand] of rows) {
    const p = profileInfo(n);
    assertEquals([p.media, p.writable, p.rewritable, p.sequential, p.randomWritable], [
      media,
      w,
      r,
      s,
      rand,
    ], p.name);
  }
  assertEquals(profileInfo(Profile.hdDvdRDl).name, "HD DVD-R DL");
  assertEquals(profileInfo(0x1234), {
    number: 0x1234,
    name: "profile 1234h",
    media: "other",
    writable: false,
    rewritable: false,
    sequential: false,
    randomWritable: false,
  });
  assertEquals(new Set(profiles.map((p) => p.number)).size, profiles.length);
});
