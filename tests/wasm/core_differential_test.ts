/**
 * Differential property tests: every WASM core export against its plain TypeScript
 * reference (wasm/reference.ts) on random inputs. Record writers run on the core's memory
 * and on a copy of it; the whole work area must come out identical, so stray writes show.
 */

import fc from "fast-check";
import {
  bytes,
  coreExports,
  crc16Ccitt,
  crc32Edc,
  crc32Ieee,
  ensureWorkArea,
} from "../../wasm/core.ts";
import * as ref from "../../wasm/reference.ts";

const RUNS = { numRuns: 300 };
/** Work area used by the record tests: inputs below 1024, outputs from 1024. */
const AREA = 2048;
const OUT = 1024;

/** Random bytes with lengths spread over 0..max (fast-check's default size stays tiny). */
const data = (max: number) => fc.uint8Array({ maxLength: max, size: "max" });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
/** Any i32 or u32 value: the boundary converts with ToInt32, as the reference does. */
const anyWord = fc.integer({ min: -0x80000000, max: 0xffffffff });

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Fills the work area with a marker, lets `prepare` place inputs, then runs `wasm` on the
 * core's memory and `reference` on a copy; true when results and work areas agree.
 */
function sameEffect(
  prepare: (mem: Uint8Array, base: number) => void,
  wasm: (base: number) => unknown,
  reference: (mem: Uint8Array, base: number) => unknown,
): boolean {
  const base = ensureWorkArea(AREA);
  bytes().fill(0xa5, base, base + AREA);
  prepare(bytes(), base);
  const shadow = bytes().slice(0, base + AREA);
  const a = wasm(base);
  const b = reference(shadow, base);
  return a === b && equal(bytes().subarray(base, base + AREA), shadow.subarray(base));
}

const CHECKSUMS = [
  ["crc16Ccitt", crc16Ccitt, ref.crc16Ccitt],
  ["crc32Edc", crc32Edc, ref.crc32Edc],
  ["crc32Ieee", crc32Ieee, ref.crc32Ieee],
] as const;

for (const [name, wasm, reference] of CHECKSUMS) {
  Deno.test(`${name}() equals the reference on random data and inits`, () => {
    fc.assert(
      fc.property(data(3000), u32, (bytes, init) => wasm(bytes, init) === reference(bytes, init)),
      RUNS,
    );
  });

  Deno.test(`${name}() continued over random chunks equals one pass`, () => {
    fc.assert(
      fc.property(data(3000), fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        const at = [0, ...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b)];
        let crc = 0;
        for (let i = 0; i < at.length; i++) crc = wasm(bytes.subarray(at[i], at[i + 1]), crc);
        return crc === wasm(bytes) && crc === reference(bytes);
      }),
      RUNS,
    );
  });

  Deno.test(`${name}() export equals the reference at any alignment`, () => {
    const exported = coreExports()[name];
    fc.assert(
      fc.property(
        data(1000),
        fc.integer({ min: 0, max: 7 }),
        u32,
        (input, shift, init) =>
          sameEffect(
            (mem, base) => mem.set(input, base + shift),
            (base) => exported(base + shift, input.length, init) >>> 0,
            () => reference(input, init),
          ),
      ),
      RUNS,
    );
  });
}

Deno.test("crc16Ccitt() and crc32Edc() cross the 1 MiB work-area chunks like the reference", () => {
  const big = new Uint8Array(3 * 1024 * 1024 + 5).map((_, i) => (i * 31 + (i >> 11)) & 0xff);
  for (const [name, wasm, reference] of CHECKSUMS.slice(0, 2)) {
    if (wasm(big, 0x1234) !== reference(big, 0x1234)) throw new Error(`${name} over 3 MiB`);
  }
});

const WRITERS = [
  "putU16LE",
  "putU16BE",
  "putU32LE",
  "putU32BE",
  "putU16Both",
  "putU32Both",
] as const;

for (const name of WRITERS) {
  Deno.test(`${name}() writes the same bytes as the reference at any offset`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), anyWord, (at, v) =>
        sameEffect(
          () => {},
          (base) => coreExports()[name](base + OUT + at, v),
          (mem, base) => ref[name](mem, base + OUT + at, v),
        )),
      RUNS,
    );
  });
}

Deno.test("decDateTime() writes the same 17 bytes as the reference", () => {
  const twoDigits = fc.oneof(fc.integer({ min: 0, max: 120 }), anyWord);
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 64 }),
      fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12000 }), anyWord),
      fc.tuple(twoDigits, twoDigits, twoDigits, twoDigits, twoDigits, twoDigits),
      fc.integer({ min: -128, max: 127 }),
      (at, year, [month, day, hour, minute, second, hundredths], tz) => {
        const fields = [year, month, day, hour, minute, second, hundredths, tz] as const;
        return sameEffect(
          () => {},
          (base) => coreExports().decDateTime(base + OUT + at, ...fields),
          (mem, base) => ref.decDateTime(mem, base + OUT + at, ...fields),
        );
      },
    ),
    RUNS,
  );
});

Deno.test("dirRecord() returns and writes the same as the reference, refusals included", () => {
  fc.assert(
    fc.property(
      fc.record({
        at: fc.integer({ min: 0, max: 64 }),
        extent: anyWord,
        size: anyWord,
        flags: fc.integer({ min: 0, max: 255 }),
        name: data(255),
        su: data(255),
        year: fc.oneof(fc.integer({ min: 1900, max: 2155 }), anyWord),
        monthDay: fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })),
        time: fc.tuple(
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: 0, max: 59 }),
          fc.integer({ min: 0, max: 59 }),
        ),
        tz: fc.integer({ min: -128, max: 127 }),
      }),
      (r) => {
        const fields = (base: number) =>
          [
            r.extent,
            r.size,
            r.flags,
            base,
            r.name.length,
            base + 512,
            r.su.length,
            r.year,
            ...r.monthDay,
            ...r.time,
            r.tz,
          ] as const;
        return sameEffect(
          (mem, base) => {
            mem.set(r.name, base);
            mem.set(r.su, base + 512);
          },
          (base) => coreExports().dirRecord(base + OUT + r.at, ...fields(base)),
          (mem, base) => ref.dirRecord(mem, base + OUT + r.at, ...fields(base)),
        );
      },
    ),
    RUNS,
  );
});

Deno.test("pathTableRecord() returns and writes the same as the reference, types L and M", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 64 }),
      anyWord,
      fc.integer({ min: 0, max: 0x1ffff }),
      data(255),
      fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 0xffffffff })),
      (at, extent, parent, name, bigEndian) =>
        sameEffect(
          (mem, base) => mem.set(name, base),
          (base) =>
            coreExports().pathTableRecord(
              base + OUT + at,
              extent,
              parent,
              base,
              name.length,
              bigEndian,
            ),
          (mem, base) =>
            ref.pathTableRecord(mem, base + OUT + at, extent, parent, base, name.length, bigEndian),
        ),
    ),
    RUNS,
  );
});
