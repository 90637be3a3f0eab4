/**
 * Reading and writing MMC data-in/data-out payloads through their field tables, with the
 * defensive checks a drive's reply needs: a reply shorter than its header, a length field
 * that claims more than arrived, a descriptor cut off. Every failure is an
 * {@linkcode MmcDataError} naming the command, the part and the byte offset.
 *
 * @module
 */

import {
  type FieldTable,
  type FieldValues,
  readFields,
  writeFields,
} from "../records/field_table.ts";
import { MmcDataError, type MmcDataPart } from "./errors.ts";

/** Which command and part a payload belongs to, for messages. */
export interface PayloadContext {
  /** The command, e.g. "READ DISC INFORMATION". */
  readonly commandName: string;
  /** Response (data-in) or parameter list (data-out). */
  readonly part: MmcDataPart;
}

/**
 * Create the error for malformed payload bytes.
 *
 * @param ctx Command and part.
 * @param offset Byte offset of the problem.
 * @param what What is wrong.
 * @returns The error (to throw).
 */
export function payloadError(ctx: PayloadContext, offset: number, what: string): MmcDataError {
  return new MmcDataError(`Cannot parse ${ctx.commandName} ${ctx.part}: ${what}`, {
    commandName: ctx.commandName,
    part: ctx.part,
    offset,
  });
}

/**
 * The size of a record: the end of its last field.
 *
 * @param table The record's field table.
 * @returns Bytes.
 */
export function recordSize(table: FieldTable): number {
  let end = 0;
  for (const f of Object.values(table)) end = Math.max(end, f.offset + f.size);
  return end;
}

/**
 * Require `bytes` to hold at least `end` bytes.
 *
 * @param bytes The payload.
 * @param end Bytes needed.
 * @param ctx Command and part.
 * @param what What needs them, e.g. "the 8-byte header".
 * @throws {MmcDataError} When the payload is shorter.
 */
export function requireLength(
  bytes: Uint8Array,
  end: number,
  ctx: PayloadContext,
  what: string,
): void {
  if (bytes.length < end) {
    const got = `${bytes.length} byte${bytes.length === 1 ? "" : "s"}`;
    throw payloadError(ctx, bytes.length, `${got}, ${what} needs ${end}`);
  }
}

/**
 * Read a whole record at `at`.
 *
 * @param bytes The payload.
 * @param at Offset of the record.
 * @param table Its field table.
 * @param ctx Command and part.
 * @param what The record's name for messages.
 * @returns Every field.
 * @throws {MmcDataError} When the record does not fit.
 */
export function readRecord<T extends FieldTable>(
  bytes: Uint8Array,
  at: number,
  table: T,
  ctx: PayloadContext,
  what: string,
): FieldValues<T> {
  requireLength(bytes, at + recordSize(table), ctx, what);
  return readFields(bytes, at, table);
}

/**
 * Read the fields of a record that end within `end`; the others read as 0 (or false): a
 * shorter (older) version of a record leaves its newer fields unset.
 *
 * @param bytes The payload.
 * @param at Offset of the record.
 * @param end End of the valid bytes (from the reply's own length field).
 * @param table Its field table.
 * @returns Every field.
 */
export function readRecordPrefix<T extends FieldTable>(
  bytes: Uint8Array,
  at: number,
  end: number,
  table: T,
): FieldValues<T> {
  const padded = new Uint8Array(recordSize(table));
  padded.set(bytes.subarray(at, Math.max(at, Math.min(end, at + padded.length))));
  return readFields(padded, 0, table);
}

/**
 * The end of the valid bytes: the length field's claim, limited by what arrived.
 *
 * @param bytes The payload (possibly the whole allocation, zero-padded).
 * @param lengthFieldEnd Where the length field ends (it counts the bytes after itself).
 * @param declared The length field's value.
 * @returns `min(bytes.length, lengthFieldEnd + declared)`.
 */
export function declaredEnd(bytes: Uint8Array, lengthFieldEnd: number, declared: number): number {
  return Math.min(bytes.length, lengthFieldEnd + declared);
}

/**
 * Write a record into a fresh buffer.
 *
 * @param table Its field table.
 * @param values Field values (absent ones are 0).
 * @param size Buffer size (default: the record's size).
 * @returns The bytes.
 */
export function buildRecord<T extends FieldTable>(
  table: T,
  values: Partial<FieldValues<T>>,
  size: number = recordSize(table),
): Uint8Array {
  const out = new Uint8Array(size);
  writeFields(out, 0, table, values as Record<string, FieldValues<T>[keyof T]>);
  return out;
}
