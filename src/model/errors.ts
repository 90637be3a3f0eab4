/**
 * Error classes that say whose fault a failure is.
 *
 * - {@linkcode InvalidInputError}: the caller's input is wrong (a missing source, a bad
 *   option, a name that cannot be represented). Carries the offending path when there is one.
 * - {@linkcode ImageWriteError}: writing the image failed for an outside reason (disk full,
 *   permission); nothing half-written is left behind.
 * - {@linkcode InternalError}: a kiln bug; the message says what invariant broke.
 *
 * Messages follow the std style: sentence case, no final period, the action named first
 * ("Cannot add ...", "Cannot write ..."). Causes are always chained with `{ cause }`.
 *
 * @module
 */

/** Options accepted by kiln's error constructors. */
export interface KilnErrorOptions {
  /** The underlying failure. */
  cause?: unknown;
  /** The source or target path the error is about, when there is one. */
  path?: string;
}

/**
 * The caller's input cannot be used: a missing or unreadable source, an invalid option,
 * a name that cannot be represented in a file system view, a source that changed while it
 * was read.
 *
 * @example Catching input errors
 * ```ts
 * import { InvalidInputError } from "./errors.ts";
 * const err = new InvalidInputError("Cannot add \"x\": not found", { path: "x" });
 * if (!(err instanceof InvalidInputError) || err.path !== "x") throw new Error("unexpected");
 * ```
 */
export class InvalidInputError extends Error {
  /** The path the error is about, if any. */
  readonly path: string | undefined;
  /**
   * Create an input error.
   *
   * @param message What went wrong, naming the action.
   * @param options Cause and path.
   */
  constructor(message: string, options: KilnErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.path = options.path;
  }
  /** The error class name. */
  override name = "InvalidInputError";
}

/**
 * Writing an image to its destination failed for a reason outside kiln (disk full,
 * permission denied, I/O error). The partial output has been removed.
 *
 * @example
 * ```ts
 * import { ImageWriteError } from "./errors.ts";
 * const err = new ImageWriteError("Cannot write image \"a.iso\": no space left", { path: "a.iso" });
 * if (err.name !== "ImageWriteError") throw new Error("unexpected");
 * ```
 */
export class ImageWriteError extends Error {
  /** The destination path. */
  readonly path: string | undefined;
  /**
   * Create an image write error.
   *
   * @param message What went wrong, naming the action.
   * @param options Cause and path.
   */
  constructor(message: string, options: KilnErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.path = options.path;
  }
  /** The error class name. */
  override name = "ImageWriteError";
}

/**
 * An invariant inside kiln broke. This is a bug; please report it with the message.
 *
 * @example
 * ```ts
 * import { InternalError } from "./errors.ts";
 * const err = new InternalError("Directory record for \"/a\" exceeds 255 bytes");
 * if (!err.message.startsWith("Internal error")) throw new Error("unexpected");
 * ```
 */
export class InternalError extends Error {
  /**
   * Create an internal error.
   *
   * @param message The broken invariant.
   * @param options Cause.
   */
  constructor(message: string, options: KilnErrorOptions = {}) {
    super(
      `Internal error: ${message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
  }
  /** The error class name. */
  override name = "InternalError";
}
