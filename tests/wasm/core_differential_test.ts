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

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const CHECKSUMS = [
  ["crc16Ccitt", crc16Ccitt, ref.crc16Ccitt, 0xffff],
  ["crc32Edc", crc32Edc, ref.crc32Edc, 0xffffffff],
  ["crc32Ieee", crc32Ieee, ref.crc32Ieee, 0xffffffff],
] as const;

for (const [name, wasm, reference, maxInit] of CHECKSUMS) {
  Deno.test(`${name}() WASM equals the reference on random data, lengths and inits`, () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.integer({ min: 0, max: maxInit }),
        (data, init) => wasm(data, init) === reference(data, init),
      ),
      RUNS,
    );
  });
}

Deno.test("checksums continue across chunks exactly as one pass", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4000 }), fc.nat(), (data, cut) => {
      const at = data.length ? cut % data.length : 0;
      const a = data.subarray(0, at);
      const b = data.subarray(at);
      return crc16Ccitt(b, crc16Ccitt(a)) === crc16Ccitt(data) &&
        crc32Edc(b, crc32Edc(a)) === crc32Edc(data);
    }),
    RUNS,
  );
  const big = new Uint8Array(3 * 1024 * 1024 + 5).map((_, i) => (i * 31) & 0xff);
  if (crc32Edc(big) !== ref.crc32Edc(big) || crc16Ccitt(big) !== ref.crc16Ccitt(big)) {
    throw new Error("chunked 3 MiB");
  }
});

Deno.test("dirRecord() and pathTableRecord() WASM equal the reference on random fields", () => {
  const base = ensureWorkArea(2048);
  fc.assert(
    fc.property(
      fc.record({
        extent: fc.integer({ min: 0, max: 0xffffffff }),
        size: fc.integer({ min: 0, max: 0xffffffff }),
        flags: fc.integer({ min: 0, max: 255 }),
        name: fc.uint8Array({ minLength: 1, maxLength: 222 }),
        su: fc.uint8Array({ maxLength: 222 }),
        date: fc.tuple(
          fc.integer({ min: 1900, max: 2155 }),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 31 }),
        ),
        time: fc.tuple(
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: 0, max: 59 }),
          fc.integer({ min: 0, max: 59 }),
        ),
        tz: fc.integer({ min: -48, max: 52 }),
        parent: fc.integer({ min: 1, max: 65535 }),
        big: fc.integer({ min: 0, max: 1 }),
      }),
      (r) => {
        const mem = bytes();
        mem.fill(0xaa, base, base + 2048);
        mem.set(r.name, base);
        mem.set(r.su, base + 256);
        const shadow = mem.slice(0, base + 2048);
        const args = [
          r.extent,
          r.size,
          r.flags,
          base,
          r.name.length,
          base + 256,
          r.su.length,
          ...r.date,
          ...r.time,
          r.tz,
        ] as const;
        const a = coreExports().dirRecord(base + 512, ...args);
        const b = ref.dirRecord(shadow, base + 512, ...args);
        const p = coreExports().pathTableRecord(
          base + 1024,
          r.extent,
          r.parent,
          base,
          r.name.length,
          r.big,
        );
        const q = ref.pathTableRecord(
          shadow,
          base + 1024,
          r.extent,
          r.parent,
          base,
          r.name.length,
          r.big,
        );
        return a === b && p === q &&
          sameBytes(bytes().slice(base, base + 2048), shadow.slice(base, base + 2048));
      },
    ),
    RUNS,
  );
});

Deno.test("field writers and decDateTime() WASM equal the reference", () => {
  const base = ensureWorkArea(64);
  const core = coreExports();
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: -48, max: 52 })),
      (v, [year, tz]) => {
        const shadow = bytes().slice(0, base + 64);
        core.putU32Both(base, v);
        ref.putU32Both(shadow, base, v);
        core.putU16Both(base + 8, v & 0xffff);
        ref.putU16Both(shadow, base + 8, v & 0xffff);
        core.decDateTime(base + 16, year, 12, 31, 23, 59, 59, 99, tz);
        ref.decDateTime(shadow, base + 16, year, 12, 31, 23, 59, 59, 99, tz);
        return sameBytes(bytes().slice(base, base + 64), shadow.slice(base, base + 64));
      },
    ),
    RUNS,
  );
});
