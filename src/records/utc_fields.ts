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
  const fields = Number.isFinite(ms) ? fieldsOf(ms) : INVALID;
  keys[slot] = ms;
  values[slot] = fields;
  return fields;
}

const MS_PER_DAY = 86_400_000;
/** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
const EPOCH_FROM_MARCH_0 = 719_468;
/** Days in 400 Gregorian years: the calendar repeats with this period. */
const DAYS_PER_ERA = 146_097;

/**
 * The fields by arithmetic: the `getUTC…` calls cost more than this, and a tree's records
 * ask for many distinct times (files written one after another differ by milliseconds).
 * Years are counted from March, so that the leap day ends a year: then the day of the year
 * gives the month by a linear formula (153 days per 5 months, March to July and August to
 * December), and the leap rules only enter the year's length.
 */
function fieldsOf(ms: number): UtcFields {
  const days = Math.floor(ms / MS_PER_DAY);
  let rest = ms - days * MS_PER_DAY; // 0 ≤ rest < one day, also before 1970
  const z = days + EPOCH_FROM_MARCH_0;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA; // 0–146096
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) / 365,
  ); // 0–399
  const dayOfYear = dayOfEra -
    (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100)); // 0–365
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March … 11 = February
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1,
    hours,
    minutes,
    seconds,
    centiseconds: Math.floor((rest - seconds * 1000) / 10),
  };
}

/** An invalid date's fields: NaN each, as its `getUTC…` calls give them. */
const INVALID: UtcFields = Object.freeze({
  year: NaN,
  month: NaN,
  day: NaN,
  hours: NaN,
  minutes: NaN,
  seconds: NaN,
  centiseconds: NaN,
});
