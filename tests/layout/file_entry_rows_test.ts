import fc from "fast-check";
import { assertEquals, throws } from "../_helpers/assert.ts";
import { FileEntryRows } from "../../src/layout/file_entry_rows.ts";
import { type Icb, icbEntry, MAX_AD_EXTENT } from "../../src/layout/udf_icb.ts";
import type { UdfPlan } from "../../src/layout/udf_plan.ts";
import { InternalError } from "../../src/model/errors.ts";

/** What icbEntry reads of a plan: the kind of entry and the tags' version. */
function planOf(extended: boolean, version: number): UdfPlan {
  return { extendedEntries: extended, descriptorVersion: version } as unknown as UdfPlan;
}

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
/** Any time a Date holds, some invalid, some on the same day. */
const time = fc.oneof(
  fc.integer({ min: -8.64e15, max: 8.64e15 }),
  fc.integer({ min: 1.7e12, max: 1.7e12 + 86_400_000 }),
  fc.constant(NaN),
);
const icb = (partition: boolean) =>
  fc.record({
    fileType: fc.constantFrom(5, 4, 12),
    uid: u32,
    gid: u32,
    permissions: fc.integer({ min: 0, max: 0x7fff }),
    links: fc.integer({ min: 1, max: 0xffff }),
    uniqueId: fc.integer({ min: 16, max: 2 ** 53 - 1 }),
    times: fc.tuple(time, time, time).map((t) => t.map((ms) => new Date(ms)) as [Date, Date, Date]),
    location: u32,
    body: fc.record({
      // Up to 40 descriptors (files of 40 GiB), empty files and one byte past each extent.
      length: fc.oneof(
        fc.integer({ min: 0, max: 40 * MAX_AD_EXTENT }),
        fc.integer({ min: 0, max: 40 }).map((k) => k * MAX_AD_EXTENT + 1),
        fc.constant(0),
      ),
      block: fc.integer({ min: 0, max: 2 ** 31 }),
      ...(partition ? { partition: fc.integer({ min: 0, max: 1 }) } : {}),
    }),
  }) as fc.Arbitrary<Icb>;

for (const [extended, version] of [[false, 2], [false, 3], [true, 3]] as const) {
  Deno.test(`FileEntryRows writes what icbEntry writes (${extended ? "extended" : "plain"} entries, version ${version})`, () => {
    const u = planOf(extended, version);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(icb(false), icb(true), fc.constant(undefined)), {
          minLength: 1,
          maxLength: FileEntryRows.CAPACITY,
        }),
        (icbs) => {
          const rows = new FileEntryRows(extended, version);
          for (const i of icbs) i ? rows.add(i) : rows.skip();
          assertEquals(rows.length, icbs.length);
          // Unzeroed destination: every byte of the blocks must be written.
          const got = new Uint8Array((icbs.length + 1) * 2048).fill(0xa5);
          rows.writeInto(got, 2048);
          assertEquals(rows.length, 0);
          const want = new Uint8Array((icbs.length + 1) * 2048).fill(0xa5);
          want.fill(0, 2048);
          icbs.forEach((i, k) => i && icbEntry(u, i, want, 2048 * (k + 1)));
          assertEquals(got, want);
        },
      ),
      { numRuns: 60 },
    );
  });
}

Deno.test("FileEntryRows refuses what it does not write, and more rows than a batch", () => {
  const rows = new FileEntryRows(false, 3);
  const base: Icb = {
    fileType: 5,
    uid: 0,
    gid: 0,
    permissions: 0,
    links: 1,
    uniqueId: 16,
    times: [new Date(0), new Date(0), new Date(0)],
    location: 1,
    body: { length: 1, block: 0 },
  };
  throws(() => rows.add({ ...base, body: { embedded: new Uint8Array(3) } }), InternalError);
  throws(
    () => rows.add({ ...base, body: { length: 1, block: 0, maxExtent: 2048 } }),
    InternalError,
  );
  // 234 short_ads fill a block from byte 176; one more does not fit.
  throws(
    () => rows.add({ ...base, body: { length: 235 * MAX_AD_EXTENT, block: 0 } }),
    InternalError,
  );
  for (let i = 0; i < FileEntryRows.CAPACITY; i++) rows.add(base);
  throws(() => rows.add(base), InternalError);
  throws(() => rows.skip(), InternalError);
});
