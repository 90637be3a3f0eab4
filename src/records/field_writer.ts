/**
 * The write side of field tables: each table is compiled once, on first use, into one
 * writer function per field, so writing a record costs a lookup and a call per value
 * instead of decoding the field's type each time. The tables stay the single description
 * of every record (field_table.ts); nothing here is specific to one record.
 *
 * @module
 */

import type { FieldSpec, FieldTable, FieldValue } from "./field_table.ts";
import { utcFields } from "./utc_fields.ts";

/** Writes one field's value at `at` (the record's base plus the field's offset). */
type FieldWriter = (buf: Uint8Array, view: DataView, at: number, value: FieldValue) => void;

/** One field ready to write: its offset and its writer. */
interface CompiledField {
  readonly offset: number;
  readonly write: FieldWriter;
}

/**
 * Whether a field holds bits of its container rather than the whole of it.
 *
 * @param f The field.
 * @returns True for `bits` fields and `bool` fields.
 */
export function isBitField(f: FieldSpec): boolean {
  return f.bits !== undefined || f.type === "bool";
}

/**
 * A bit field's range, checked against its container.
 *
 * @param f The field.
 * @returns `[highest, lowest]` bit.
 */
export function bitRange(f: FieldSpec): [number, number] {
  const [hi, lo] = f.bits ?? [f.size * 8 - 1, 0];
  if (lo < 0 || hi < lo || hi >= f.size * 8 || f.size > 4) {
    throw new TypeError(`Cannot use bits ${hi}..${lo} in a ${f.size}-byte field`);
  }
  return [hi, lo];
}

/**
 * Read an unsigned big-endian number of `size` bytes.
 *
 * @param buf Source.
 * @param at Offset.
 * @param size Bytes (at most 6).
 * @returns The number.
 */
export function readUintBe(buf: Uint8Array, at: number, size: number): number {
  if (at < 0 || at + size > buf.length) {
    throw new RangeError(`Cannot read ${size} bytes at offset ${at}: the buffer has ${buf.length}`);
  }
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + buf[at + i]!;
  return v;
}

function writeUintBe(buf: Uint8Array, at: number, size: number, value: number): void {
  if (at < 0 || at + size > buf.length) {
    throw new RangeError(
      `Cannot write ${size} bytes at offset ${at}: the buffer has ${buf.length}`,
    );
  }
  for (let i = size - 1; i >= 0; i--) {
    buf[at + i] = value % 256;
    value = Math.floor(value / 256);
  }
}

function bitsWriter(name: string, f: FieldSpec): FieldWriter {
  const [hi, lo] = bitRange(f);
  const width = hi - lo + 1;
  return (buf, _view, at, v) => {
    if (v === undefined) return;
    const value = typeof v === "boolean" ? (v ? 1 : 0) : v as number;
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** width) {
      throw new RangeError(
        `Cannot write field "${name}": ${value} does not fit in bits ${hi}..${lo}`,
      );
    }
    const raw = readUintBe(buf, at, f.size);
    const below = raw % 2 ** lo;
    const above = Math.floor(raw / 2 ** (hi + 1)) * 2 ** (hi + 1);
    writeUintBe(buf, at, f.size, above + value * 2 ** lo + below);
  };
}

function writeDecDateTime(buf: Uint8Array, at: number, date: Date | undefined): void {
  if (!date) {
    buf.fill(0x30, at, at + 16);
    buf[at + 16] = 0;
    return;
  }
  const digits = [
    date.getUTCFullYear().toString().padStart(4, "0"),
    (date.getUTCMonth() + 1).toString().padStart(2, "0"),
    date.getUTCDate().toString().padStart(2, "0"),
    date.getUTCHours().toString().padStart(2, "0"),
    date.getUTCMinutes().toString().padStart(2, "0"),
    date.getUTCSeconds().toString().padStart(2, "0"),
    Math.floor(date.getUTCMilliseconds() / 10).toString().padStart(2, "0"),
  ].join("");
  for (let i = 0; i < 16; i++) buf[at + i] = digits.charCodeAt(i);
  buf[at + 16] = 0; // offset from GMT in 15-minute units: kiln writes UTC
}

/**
 * Write an ECMA-119 9.1.5 7-byte date and time in UTC (offset 0); hot record writers call
 * it directly.
 *
 * @param buf Destination.
 * @param at Offset of the 7 bytes.
 * @param d The time.
 */
export function writeDirDateTime(buf: Uint8Array, at: number, d: Date): void {
  const t = utcFields(d);
  buf[at] = t.year - 1900;
  buf[at + 1] = t.month;
  buf[at + 2] = t.day;
  buf[at + 3] = t.hours;
  buf[at + 4] = t.minutes;
  buf[at + 5] = t.seconds;
  buf[at + 6] = 0;
}

/**
 * Write an ECMA-119 7.3.3 both-byte-order 32-bit number: little-endian, then big-endian.
 *
 * @param buf Destination.
 * @param at Offset of the 8 bytes.
 * @param v The number (taken modulo 2^32).
 */
export function writeU32Both(buf: Uint8Array, at: number, v: number): void {
  buf[at] = buf[at + 7] = v & 0xff;
  buf[at + 1] = buf[at + 6] = (v >>> 8) & 0xff;
  buf[at + 2] = buf[at + 5] = (v >>> 16) & 0xff;
  buf[at + 3] = buf[at + 4] = (v >>> 24) & 0xff;
}

/** The writer of a whole-container field, chosen once from its type. */
function valueWriter(f: FieldSpec): FieldWriter {
  const size = f.size;
  switch (f.type) {
    case "u8":
      return (_b, view, at, v) => view.setUint8(at, v as number);
    case "i8":
      return (_b, view, at, v) => view.setInt8(at, v as number);
    case "u16le":
      return (_b, view, at, v) => view.setUint16(at, v as number, true);
    case "u16be":
      return (_b, view, at, v) => view.setUint16(at, v as number, false);
    case "u32le":
      return (_b, view, at, v) => view.setUint32(at, v as number, true);
    case "u32be":
      return (_b, view, at, v) => view.setUint32(at, v as number, false);
    case "u16both":
      return (_b, view, at, v) => {
        view.setUint16(at, v as number, true);
        view.setUint16(at + 2, v as number, false);
      };
    case "u32both":
      return (buf, _view, at, v) => writeU32Both(buf, at, v as number);
    case "u64le":
      return (_b, view, at, v) => {
        view.setUint32(at, (v as number) % 2 ** 32, true);
        view.setUint32(at + 4, Math.floor((v as number) / 2 ** 32), true);
      };
    case "chars":
      return (buf, _view, at, v) => {
        const text = v as string;
        for (let i = 0; i < size; i++) {
          buf[at + i] = i < text.length ? text.charCodeAt(i) & 0xff : 0x20;
        }
      };
    case "ucs2be":
      return (buf, view, at, v) => {
        const text = v as string;
        for (let i = 0; i + 1 < size; i += 2) {
          view.setUint16(at + i, i / 2 < text.length ? text.charCodeAt(i / 2) : 0x20, false);
        }
        if (size % 2) buf[at + size - 1] = 0;
      };
    case "bytes":
      return (buf, _view, at, v) => {
        const bytes = v as Uint8Array;
        buf.set(bytes.length > size ? bytes.subarray(0, size) : bytes, at);
      };
    case "decDateTime":
      return (buf, _view, at, v) => writeDecDateTime(buf, at, v as Date | undefined);
    case "dirDateTime":
      return (buf, _view, at, v) => writeDirDateTime(buf, at, v as Date);
    case "u24be":
      return (buf, _view, at, v) => writeUintBe(buf, at, 3, (v as number) & 0xffffff);
    case "i32be":
      return (_b, view, at, v) => view.setInt32(at, v as number, false);
    case "bool":
      return () => {}; // always a bit field (isBitField)
  }
}

const compiled = new WeakMap<FieldTable, Map<string, CompiledField>>();

function compile(table: FieldTable): Map<string, CompiledField> {
  const fields = new Map<string, CompiledField>();
  for (const [name, f] of Object.entries(table)) {
    const write = isBitField(f) ? bitsWriter(name, f) : valueWriter(f);
    fields.set(name, { offset: f.offset, write });
  }
  compiled.set(table, fields);
  return fields;
}

/** The last buffer written to and its view: records are mostly written field after field. */
let lastBuf: Uint8Array | undefined;
let lastView: DataView | undefined;

/**
 * A `DataView` of exactly `buf`'s bytes, the same one while the same buffer is asked for
 * again (the view of the last buffer is kept).
 *
 * @param buf The bytes.
 * @returns The view.
 */
export function dataViewOf(buf: Uint8Array): DataView {
  if (buf !== lastBuf) {
    lastView = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    lastBuf = buf;
  }
  return lastView!;
}

/**
 * Write one numeric field that fills its container, in the byte order its type names:
 * for records written many thousand times (UDF file entries and identifiers, descriptor
 * tags), where {@linkcode writeFields}' lookup of each value's field by name costs more
 * than the writes.
 *
 * @param view The record's buffer ({@linkcode dataViewOf}).
 * @param base Offset of the record in the view.
 * @param f The field, from the record's table.
 * @param v The value (unsigned; `u64le` up to 2^53).
 * @throws {TypeError} For a bit field or a field that is not a number.
 * @example
 * ```ts
 * import { dataViewOf, writeNumber } from "./field_writer.ts";
 * const buf = new Uint8Array(4);
 * writeNumber(dataViewOf(buf), 0, { offset: 0, size: 4, type: "u16both", clause: "7.2.3" }, 1);
 * if (buf.join() !== "1,0,0,1") throw new Error(buf.join());
 * ```
 */
export function writeNumber(view: DataView, base: number, f: FieldSpec, v: number): void {
  const at = base + f.offset;
  if (f.bits === undefined) {
    switch (f.type) {
      case "u8":
        return view.setUint8(at, v);
      case "u16le":
        return view.setUint16(at, v, true);
      case "u16be":
        return view.setUint16(at, v, false);
      case "u32le":
        return view.setUint32(at, v, true);
      case "u32be":
        return view.setUint32(at, v, false);
      case "u64le":
        view.setUint32(at, v % 2 ** 32, true);
        return view.setUint32(at + 4, Math.floor(v / 2 ** 32), true);
      case "u16both":
        view.setUint16(at, v, true);
        return view.setUint16(at + 2, v, false);
      case "u32both":
        view.setUint32(at, v, true);
        return view.setUint32(at + 4, v, false);
    }
  }
  throw new TypeError(`Cannot write the ${f.type} field at offset ${f.offset} as a whole number`);
}

/**
 * Write a record's fields into `buf` at `base`. Fields absent from `values` are left as
 * they are (zero in a fresh buffer).
 *
 * @param buf Destination.
 * @param base Offset of the record in `buf`.
 * @param table The record's field table.
 * @param values Values by field name.
 * @example
 * ```ts
 * import { writeFields } from "./field_writer.ts";
 * const buf = new Uint8Array(8);
 * writeFields(buf, 0, { n: { offset: 0, size: 8, type: "u32both", clause: "7.3.3" } }, { n: 1 });
 * if (buf.join() !== "1,0,0,0,0,0,0,1") throw new Error(buf.join());
 * ```
 */
export function writeFields(
  buf: Uint8Array,
  base: number,
  table: FieldTable,
  values: Readonly<Record<string, FieldValue>>,
): void {
  const fields = compiled.get(table) ?? compile(table);
  const view = dataViewOf(buf);
  for (const name in values) {
    const f = fields.get(name);
    if (!f) throw new TypeError(`Cannot write field "${name}": the record has no such field`);
    f.write(buf, view, base + f.offset, values[name]);
  }
}
