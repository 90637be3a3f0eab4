import { assertEquals, throws } from "../_helpers/assert.ts";
import fc from "fast-check";
import {
  type FieldTable,
  readField,
  readFields,
  writeFields,
} from "../../src/records/field_table.ts";
import { dataViewOf, writeNumber } from "../../src/records/field_writer.ts";

const packed = {
  type: { offset: 0, size: 1, type: "u8", bits: [7, 5], clause: "t" },
  flag: { offset: 0, size: 1, type: "bool", bits: [4, 4], clause: "t" },
  low: { offset: 0, size: 1, type: "u8", bits: [3, 0], clause: "t" },
  wide: { offset: 1, size: 2, type: "u16be", bits: [11, 2], clause: "t" },
  lba: { offset: 3, size: 4, type: "i32be", clause: "t" },
  size: { offset: 7, size: 3, type: "u24be", clause: "t" },
  whole: { offset: 10, size: 1, type: "bool", clause: "t" },
} as const satisfies FieldTable;

Deno.test("writeFields() packs bit fields into one byte and keeps the other bits", () => {
  const buf = new Uint8Array(11);
  writeFields(buf, 0, packed, { type: 5, flag: true, low: 0xa });
  assertEquals(buf[0], 0b1011_1010);
  writeFields(buf, 0, packed, { flag: false });
  assertEquals(buf[0], 0b1010_1010);
  buf[1] = 0xf0;
  buf[2] = 0x03;
  writeFields(buf, 0, packed, { wide: 0 });
  assertEquals([buf[1], buf[2]], [0xf0, 0x03]);
});

Deno.test("writeFields() writes signed 32-bit and 24-bit big-endian numbers", () => {
  const buf = new Uint8Array(11);
  writeFields(buf, 0, packed, { lba: -150, size: 0x123456, whole: true });
  assertEquals([...buf.subarray(3)], [0xff, 0xff, 0xff, 0x6a, 0x12, 0x34, 0x56, 1]);
  assertEquals(readField(buf, 0, packed.lba), -150);
  assertEquals(readField(buf, 0, packed.size), 0x123456);
  assertEquals(readField(buf, 0, packed.whole), true);
});

Deno.test("writeFields() refuses a value that does not fit its bits", () => {
  throws(
    () => writeFields(new Uint8Array(11), 0, packed, { type: 8 }),
    RangeError,
    'Cannot write field "type": 8 does not fit in bits 7..5',
  );
  throws(
    () => writeFields(new Uint8Array(11), 0, packed, { low: -1 }),
    RangeError,
    "does not fit",
  );
});

Deno.test("readFields() reads every field and rejects a record past the buffer", () => {
  const buf = new Uint8Array([0xb5, 0x0f, 0xfc, 0x80, 0, 0, 0, 0, 0, 1, 0]);
  assertEquals(readFields(buf, 0, packed), {
    type: 5,
    flag: true,
    low: 5,
    wide: 0x3ff,
    lba: -0x80000000,
    size: 1,
    whole: false,
  });
  throws(() => readFields(buf.subarray(0, 9), 0, packed), RangeError, 'field "size"');
});

Deno.test("writeFields() then readFields() round-trips any packed values", () => {
  fc.assert(
    fc.property(
      fc.record({
        type: fc.integer({ min: 0, max: 7 }),
        flag: fc.boolean(),
        low: fc.integer({ min: 0, max: 15 }),
        wide: fc.integer({ min: 0, max: 1023 }),
        lba: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        size: fc.integer({ min: 0, max: 2 ** 24 - 1 }),
        whole: fc.boolean(),
      }),
      fc.uint8Array({ minLength: 11, maxLength: 11 }),
      (values, noise) => {
        const buf = noise.slice();
        writeFields(buf, 0, packed, values);
        assertEquals(readFields(buf, 0, packed), { ...values });
        // the two bits of byte 1..2 outside `wide` keep the noise
        assertEquals(buf[1]! & 0xf0, noise[1]! & 0xf0);
        assertEquals(buf[2]! & 0x03, noise[2]! & 0x03);
      },
    ),
  );
});

Deno.test("writeFields() keeps the old types byte-identical", () => {
  const table = {
    a: { offset: 0, size: 2, type: "u16le", clause: "x" },
    b: { offset: 2, size: 8, type: "u32both", clause: "x" },
    c: { offset: 10, size: 4, type: "chars", clause: "x" },
    d: { offset: 14, size: 1, type: "u8", clause: "x" },
  } as const satisfies FieldTable;
  const buf = new Uint8Array(15);
  writeFields(buf, 0, table, { a: 0x1234, b: 0x01020304, c: "AB", d: 0x1ff });
  assertEquals(
    [...buf],
    [0x34, 0x12, 4, 3, 2, 1, 1, 2, 3, 4, 0x41, 0x42, 0x20, 0x20, 0xff],
  );
});

Deno.test("writeNumber() writes each whole-number type as writeFields() does", () => {
  const table = {
    a: { offset: 0, size: 1, type: "u8", clause: "x" },
    b: { offset: 1, size: 2, type: "u16le", clause: "x" },
    c: { offset: 3, size: 2, type: "u16be", clause: "x" },
    d: { offset: 5, size: 4, type: "u32le", clause: "x" },
    e: { offset: 9, size: 4, type: "u32be", clause: "x" },
    f: { offset: 13, size: 8, type: "u64le", clause: "x" },
    g: { offset: 21, size: 4, type: "u16both", clause: "x" },
    h: { offset: 25, size: 8, type: "u32both", clause: "x" },
  } as const satisfies FieldTable;
  const max = { a: 0xff, b: 0xffff, c: 0xffff, d: 2 ** 32 - 1, e: 2 ** 32 - 1 } as const;
  fc.assert(
    fc.property(
      fc.record({
        a: fc.integer({ min: 0, max: max.a }),
        b: fc.integer({ min: 0, max: max.b }),
        c: fc.integer({ min: 0, max: max.c }),
        d: fc.integer({ min: 0, max: max.d }),
        e: fc.integer({ min: 0, max: max.e }),
        f: fc.maxSafeNat(),
        g: fc.integer({ min: 0, max: 0xffff }),
        h: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      }),
      fc.nat({ max: 5 }),
      (values, base) => {
        const want = new Uint8Array(40);
        writeFields(want, base, table, values);
        const got = new Uint8Array(40);
        const view = dataViewOf(got);
        for (const [name, v] of Object.entries(values)) {
          writeNumber(view, base, table[name as keyof typeof table], v);
        }
        assertEquals([...got], [...want]);
      },
    ),
  );
  const view = dataViewOf(new Uint8Array(16));
  throws(() => writeNumber(view, 0, packed.wide, 1), TypeError, "u16be field at offset 1");
  throws(
    () => writeNumber(view, 0, { offset: 2, size: 4, type: "chars", clause: "x" }, 1),
    TypeError,
    "chars field at offset 2",
  );
});
