/**
 * Field tables: the single description of an on-disc record. Each field names its offset,
 * size, encoding and the clause it comes from; writers, readers and tests all use it.
 * Byte order is part of every numeric type's name: nothing here is host-endian.
 *
 * SCSI/MMC records pack several fields into one byte: a field may name a bit range
 * (`bits: [hi, lo]`, bit 7 is a byte's most significant bit) inside its big-endian container,
 * and `bool` fields hold one flag. Writing a bit field keeps the container's other bits.
 *
 * @module
 */

import { bitRange, isBitField, readUintBe } from "./field_writer.ts";

export { dataViewOf, writeFields, writeNumber } from "./field_writer.ts";

/** How a field is encoded. */
export type FieldType =
  | "u8"
  | "i8"
  | "u16le"
  | "u16be"
  | "u32le"
  | "u32be"
  /** 64-bit little-endian (ECMA-167 1/7.1.5), values up to 2^53. */
  | "u64le"
  /** ECMA-119 7.2.3: little-endian then big-endian copy. */
  | "u16both"
  /** ECMA-119 7.3.3: little-endian then big-endian copy. */
  | "u32both"
  /** Text padded with spaces (a- or d-characters, ECMA-119 7.4). */
  | "chars"
  /** UCS-2 big-endian text padded with UCS-2 spaces (Joliet). */
  | "ucs2be"
  /** Raw bytes. */
  | "bytes"
  /** ECMA-119 8.4.26.1: 17-byte digits-and-offset date and time. */
  | "decDateTime"
  /** ECMA-119 9.1.5: 7-byte binary date and time. */
  | "dirDateTime"
  /** 24-bit big-endian (SCSI: cue sheet sizes, block lengths in descriptors). */
  | "u24be"
  /** Signed 32-bit big-endian, two's complement (SCSI logical block addresses). */
  | "i32be"
  /** A flag: one bit (with `bits`) or a whole byte that is 0 or not; read as a boolean. */
  | "bool";

/** One field of a record. */
export interface FieldSpec {
  /** Byte offset from the start of the record. */
  readonly offset: number;
  /** Size in bytes. */
  readonly size: number;
  /** Encoding. */
  readonly type: FieldType;
  /** The spec clause that defines the field. */
  readonly clause: string;
  /**
   * For numeric and `bool` fields: the bits the field occupies in its big-endian container
   * of `size` bytes, as `[highest, lowest]`, counting from 0 at the least significant bit
   * (so `[7, 5]` is the top three bits of a byte). Absent: the whole container.
   */
  readonly bits?: readonly [hi: number, lo: number];
}

/** A record's fields by name. */
export type FieldTable = Readonly<Record<string, FieldSpec>>;

/** A value a field holds. */
export type FieldValue = number | string | Uint8Array | Date | boolean | undefined;

/** The value type a field type reads as (distributes over unions of types). */
export type ValueOfType<T extends FieldType> = T extends "bool" ? boolean
  : T extends "bytes" ? Uint8Array
  : T extends "chars" | "ucs2be" ? string
  : T extends "decDateTime" ? Date | undefined
  : T extends "dirDateTime" ? Date
  : number;

/** The value type a field of spec `S` reads as. */
export type ValueOfField<S extends FieldSpec> = ValueOfType<S["type"]>;

/** The values of every field of table `T`, typed by field type. */
export type FieldValues<T extends FieldTable> = { -readonly [K in keyof T]: ValueOfField<T[K]> };

function readBits(buf: Uint8Array, at: number, f: FieldSpec): number {
  const [hi, lo] = bitRange(f);
  const raw = readUintBe(buf, at, f.size);
  return Math.floor(raw / 2 ** lo) % 2 ** (hi - lo + 1);
}

const latin1 = new TextDecoder("latin1");

function readDecDateTime(buf: Uint8Array, at: number): Date | undefined {
  const text = latin1.decode(buf.subarray(at, at + 16));
  if (/^0+$/.test(text) || !/^\d{16}$/.test(text)) return undefined;
  const n = (s: number, l: number) => Number(text.slice(s, s + l));
  const offset = (buf[at + 16]! << 24 >> 24) * 15 * 60_000;
  return new Date(
    Date.UTC(n(0, 4), n(4, 2) - 1, n(6, 2), n(8, 2), n(10, 2), n(12, 2), n(14, 2) * 10) - offset,
  );
}

/**
 * Read one field.
 *
 * @param buf Source.
 * @param base Offset of the record in `buf`.
 * @param f The field.
 * @returns Its value (the little-endian half for both-endian fields).
 * @example
 * ```ts
 * import { readField } from "./field_table.ts";
 * const v = readField(new Uint8Array([2, 0, 0, 2]), 0, { offset: 0, size: 4, type: "u16both", clause: "7.2.3" });
 * if (v !== 2) throw new Error(String(v));
 * ```
 */
export function readField(buf: Uint8Array, base: number, f: FieldSpec): FieldValue {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const at = base + f.offset;
  if (isBitField(f)) {
    const v = readBits(buf, at, f);
    return f.type === "bool" ? v !== 0 : v;
  }
  switch (f.type) {
    case "u8":
      return view.getUint8(at);
    case "i8":
      return view.getInt8(at);
    case "u16le":
    case "u16both":
      return view.getUint16(at, true);
    case "u16be":
      return view.getUint16(at, false);
    case "u32le":
    case "u32both":
      return view.getUint32(at, true);
    case "u32be":
      return view.getUint32(at, false);
    case "u64le":
      return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    case "chars":
      return latin1.decode(buf.subarray(at, at + f.size));
    case "ucs2be": {
      let s = "";
      for (let i = 0; i + 1 < f.size; i += 2) {
        s += String.fromCharCode(view.getUint16(at + i, false));
      }
      return s;
    }
    case "bytes":
      return buf.slice(at, at + f.size);
    case "decDateTime":
      return readDecDateTime(buf, at);
    case "u24be":
      return readUintBe(buf, at, 3);
    case "i32be":
      return view.getInt32(at, false);
    case "bool":
      return undefined; // handled as a bit field above
    case "dirDateTime": {
      const offset = (buf[at + 6]! << 24 >> 24) * 15 * 60_000;
      return new Date(
        Date.UTC(
          1900 + buf[at]!,
          buf[at + 1]! - 1,
          buf[at + 2]!,
          buf[at + 3]!,
          buf[at + 4]!,
          buf[at + 5]!,
        ) - offset,
      );
    }
  }
}

/**
 * Read every field of a record.
 *
 * @param buf Source.
 * @param base Offset of the record in `buf`.
 * @param table The record's field table.
 * @returns The values by field name.
 * @throws {RangeError} When a field lies outside `buf`.
 * @example
 * ```ts
 * import { readFields } from "./field_table.ts";
 * const v = readFields(new Uint8Array([0xa5]), 0, {
 *   high: { offset: 0, size: 1, type: "u8", bits: [7, 4], clause: "x" },
 *   flag: { offset: 0, size: 1, type: "bool", bits: [0, 0], clause: "x" },
 * } as const);
 * if (v.high !== 10 || v.flag !== true) throw new Error(JSON.stringify(v));
 * ```
 */
export function readFields<T extends FieldTable>(
  buf: Uint8Array,
  base: number,
  table: T,
): FieldValues<T> {
  const out: Record<string, FieldValue> = {};
  for (const [name, f] of Object.entries(table)) {
    if (base + f.offset + f.size > buf.length) {
      throw new RangeError(
        `Cannot read field "${name}": it ends at ${
          base + f.offset + f.size
        }, the buffer has ${buf.length}`,
      );
    }
    out[name] = readField(buf, base, f);
  }
  return out as FieldValues<T>;
}

/**
 * Check that a both-endian field's two halves agree (ECMA-119 7.2.3, 7.3.3).
 *
 * @param buf Source.
 * @param base Offset of the record.
 * @param f A `u16both` or `u32both` field.
 * @returns True when both halves hold the same number.
 * @example
 * ```ts
 * import { bothEndianAgree } from "./field_table.ts";
 * if (!bothEndianAgree(new Uint8Array([2, 0, 0, 2]), 0, { offset: 0, size: 4, type: "u16both", clause: "7.2.3" })) throw new Error();
 * ```
 */
export function bothEndianAgree(buf: Uint8Array, base: number, f: FieldSpec): boolean {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const at = base + f.offset;
  if (f.type === "u16both") return view.getUint16(at, true) === view.getUint16(at + 2, false);
  if (f.type === "u32both") return view.getUint32(at, true) === view.getUint32(at + 4, false);
  throw new TypeError(`Cannot compare halves of a ${f.type} field: it is not both-endian`);
}
