/**
 * A one-line progress bar for terminals: percentage, bytes, rate and time left, redrawn
 * at most ten times a second on stderr.
 *
 * @module
 */

const MiB = 1024 * 1024;

/** Formats a byte count for people. */
export function formatBytes(n: number): string {
  if (n >= 1024 * MiB) return `${(n / 1024 / MiB).toFixed(2)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** Draws progress on a terminal; does nothing when the stream is not a terminal. */
export class ProgressBar {
  readonly #out: { writeSync(p: Uint8Array): number; isTerminal(): boolean };
  readonly #label: string;
  readonly #start = performance.now();
  readonly #enabled: boolean;
  #last = 0;
  #phase: string | undefined;
  #encoder = new TextEncoder();

  /**
   * @param label What is being done ("Writing image").
   * @param out Where to draw (default stderr).
   */
  constructor(
    label: string,
    out: { writeSync(p: Uint8Array): number; isTerminal(): boolean } = Deno.stderr,
  ) {
    this.#label = label;
    this.#out = out;
    this.#enabled = out.isTerminal();
  }

  /**
   * Redraw.
   *
   * @param done Bytes done.
   * @param total Bytes in all.
   * @param extra A label for this phase (replacing the constructor's), the time left when
   *   the caller knows it better than the bar's own rate estimate, text to append (such
   *   as buffer fill levels), and `fraction` for work that is not bytes (no byte counts
   *   or rate are shown).
   */
  update(
    done: number,
    total: number,
    extra: { label?: string; remainingMs?: number; suffix?: string; fraction?: boolean } = {},
  ): void {
    if (!this.#enabled) return;
    const now = performance.now();
    const phase = extra.label ?? this.#label;
    if (now - this.#last < 100 && done < total && phase === this.#phase) return;
    if (phase !== this.#phase && this.#phase !== undefined) {
      this.#out.writeSync(this.#encoder.encode("\n"));
    }
    this.#phase = phase;
    this.#last = now;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(frac * width);
    const secs = (now - this.#start) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = extra.remainingMs !== undefined
      ? extra.remainingMs / 1000
      : rate > 0
      ? (total - done) / rate
      : 0;
    const line =
      `\r${phase} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${
        (frac * 100).toFixed(0).padStart(3)
      }% ` +
      (extra.fraction ? "" : `${formatBytes(done)}/${formatBytes(total)} ${formatBytes(rate)}/s `) +
      `ETA ${eta.toFixed(0)}s` +
      `${extra.suffix ? ` ${extra.suffix}` : ""}  `;
    this.#out.writeSync(this.#encoder.encode(line));
  }

  /** Finish the line. */
  done(): void {
    if (this.#enabled) this.#out.writeSync(this.#encoder.encode("\n"));
  }
}
