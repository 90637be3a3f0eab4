/**
 * Plain-text tables and number formats for the bench sections, plus the median. Every section ends with one verdict line against the issue's
 * target; nothing here asserts: a person judges.
 *
 * @module
 */

/**
 * @param xs Samples (not changed).
 * @returns The median (the mean of the middle two for an even count); NaN when empty.
 */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Prints a table: a header row, a rule, then the rows.
 *
 * @param headers Column titles.
 * @param rows Cells, already formatted.
 * @param left How many leading columns are left-aligned (default 1); the rest align right.
 */
export function printTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  left = 1,
): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i < left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

/**
 * Prints a section title.
 *
 * @param title The title.
 */
export function printTitle(title: string): void {
  console.log(`\n=== ${title} ===`);
}

/**
 * Prints the one-line verdict of a section.
 *
 * @param text What was measured against which target.
 */
export function printVerdict(text: string): void {
  console.log(`verdict: ${text}`);
}

/**
 * Prints a progress line (to stderr, so the report on stdout stays clean).
 *
 * @param text What is happening.
 */
export function progress(text: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}`);
}

/**
 * @param s Seconds.
 * @returns Seconds with 3 decimals.
 */
export function fmtSeconds(s: number): string {
  return Number.isFinite(s) ? s.toFixed(3) : "-";
}

/**
 * @param mib MiB.
 * @returns Whole MiB with the unit.
 */
export function fmtMiB(mib: number): string {
  return Number.isFinite(mib) ? `${mib.toFixed(0)} MiB` : "-";
}

/**
 * @param r A ratio.
 * @returns The ratio with 2 decimals and "x", or "-" when undefined.
 */
export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}x` : "-";
}

/**
 * @param bytes Bytes moved.
 * @param seconds In this time.
 * @returns MB/s (10^6 bytes per second), whole.
 */
export function fmtMBps(bytes: number, seconds: number): string {
  return seconds > 0 ? `${(bytes / 1e6 / seconds).toFixed(0)} MB/s` : "-";
}

/**
 * @param ok Whether the target is met.
 * @returns "meets" or "misses".
 */
export function meets(ok: boolean): string {
  return ok ? "meets" : "MISSES";
}
