/**
 * One `Date` per distinct time, for a scan's entries.
 *
 * @module
 */

/**
 * One Date per distinct time: files of a tree share a few hundred times (unpacked archives,
 * checkouts, copies), and a Date costs about as much memory as the rest of a file's entry.
 */
export class SharedDates {
  readonly #byTime = new Map<number, Date>();

  /**
   * @param ms Milliseconds since 1970.
   * @returns The one Date for that time (shared: treat it as read-only).
   */
  get(ms: number): Date {
    let date = this.#byTime.get(ms);
    if (!date) this.#byTime.set(ms, date = new Date(ms));
    return date;
  }
}
