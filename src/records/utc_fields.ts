/**
 * The UTC calendar fields of a time, as the on-disc date formats record them (ECMA-119
 * 8.4.26.1 and 9.1.5, ECMA-167 1/7.3), behind a small cache. Every record of an image
 * carries one to four times and a tree holds few distinct ones, while each `getUTC…` call
 * recomputes the calendar from the time value.
 *
 * @module
 */

/** A time's UTC calendar fields. */
export interface UtcFields {
  /** Full year, such as 2024. */
  readonly year: number;
  /** Month, 1–12. */
  readonly month: number;
  /** Day of the month, 1–31. */
  readonly day: number;
  /** Hours, 0–23. */
  readonly hours: number;
  /** Minutes, 0–59. */
  readonly minutes: number;
  /** Seconds, 0–59. */
  readonly seconds: number;
  /** Hundredths of a second, 0–99. */
  readonly centiseconds: number;
}

/** Cache slots; a time goes in the slot its millisecond value picks (direct-mapped). */
const SLOTS = 256;
const keys = new Float64Array(SLOTS).fill(NaN);
const values: UtcFields[] = new Array(SLOTS);

/**
 * The UTC fields of a time.
 *
 * @param date The time.
 * @returns Its fields (shared between calls: do not modify).
 * @example
 * ```ts
 * import { utcFields } from "./utc_fields.ts";
 * const f = utcFields(new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 120)));
 * if (f.year !== 2024 || f.month !== 2 || f.centiseconds !== 12) throw new Error();
 * ```
 */
export function utcFields(date: Date): UtcFields {
  const ms = date.getTime();
  const slot = ((ms % SLOTS) + SLOTS) % SLOTS || 0; // NaN (an invalid date) uses slot 0
  if (keys[slot] === ms) return values[slot]!;
  const fields: UtcFields = {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hours: date.getUTCHours(),
    minutes: date.getUTCMinutes(),
    seconds: date.getUTCSeconds(),
    centiseconds: Math.floor(date.getUTCMilliseconds() / 10),
  };
  keys[slot] = ms;
  values[slot] = fields;
  return fields;
}
