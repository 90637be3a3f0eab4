/**
 * Where a command writes: text out, text err, and the stream a progress bar draws on.
 *
 * @module
 */

/** Output channels of a CLI command. */
export interface CommandIo {
  /** Normal output (stdout). */
  out(text: string): void;
  /** Diagnostics (stderr). */
  err(text: string): void;
  /** Terminal stream for progress bars. */
  progress: { writeSync(p: Uint8Array): number; isTerminal(): boolean };
}
