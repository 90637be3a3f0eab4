/**
 * The command line was wrong (exit code 2), as opposed to a failure while working (1).
 *
 * @module
 */

/** A command-line usage mistake. */
export class UsageError extends Error {
  /** The error class name. */
  override name = "UsageError";
}
