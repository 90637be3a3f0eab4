import fc from "fast-check";
import { assertEquals } from "../_helpers/assert.ts";
import { utcFields } from "../../src/records/utc_fields.ts";

/** The fields as the Date getters give them: the oracle the arithmetic must match. */
function byGetters(d: Date) {
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hours: d.getUTCHours(),
    minutes: d.getUTCMinutes(),
    seconds: d.getUTCSeconds(),
    centiseconds: Math.floor(d.getUTCMilliseconds() / 10),
  };
}

Deno.test("utcFields matches the Date getters over the whole range of Date", () => {
  fc.assert(
    fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
      assertEquals({ ...utcFields(new Date(ms)) }, byGetters(new Date(ms)));
    }),
    { numRuns: 20_000 },
  );
});

Deno.test("utcFields at the edges of days, months, leap days and centuries", () => {
  const edges: number[] = [];
  for (const y of [1600, 1700, 1899, 1900, 1969, 1970, 1999, 2000, 2004, 2100, 2400, 9999]) {
    for (let m = 0; m < 12; m++) {
      const start = Date.UTC(y, m, 1);
      for (const d of [-1, 0, 1, 9, 10, 999, 86_399_999, 86_400_000]) edges.push(start + d);
    }
    edges.push(Date.UTC(y, 1, 29), Date.UTC(y, 1, 28, 23, 59, 59, 999));
  }
  edges.push(0, -1, 1, -86_400_000, 8.64e15, -8.64e15);
  for (const ms of edges) {
    assertEquals(
      { ...utcFields(new Date(ms)) },
      byGetters(new Date(ms)),
      new Date(ms).toISOString(),
    );
  }
});

Deno.test("utcFields of an invalid date is NaN in every field", () => {
  const f = utcFields(new Date(NaN));
  for (const v of Object.values(f)) assertEquals(Number.isNaN(v), true);
});

Deno.test("utcFields answers a repeated time from its cache with the same fields", () => {
  const a = utcFields(new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 120)));
  const b = utcFields(new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 120)));
  assertEquals(a === b, true);
  assertEquals([a.year, a.month, a.day, a.hours, a.minutes, a.seconds, a.centiseconds], [
    2024,
    2,
    29,
    13,
    45,
    30,
    12,
  ]);
});
