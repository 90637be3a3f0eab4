/**
 * Assert that an action fails with an error of the given class whose message names every
 * needle; returns the error for further checks.
 */

/**
 * @param p A promise, or a function (sync or async) to call.
 * @param type The expected error class.
 * @param needles Texts the message must contain.
 * @returns The error.
 */
export async function expectError<T extends Error>(
  p: Promise<unknown> | (() => unknown),
  type: new (...a: never[]) => T,
  ...needles: string[]
): Promise<T> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (err) {
    if (!(err instanceof type)) {
      throw new Error(
        `expected ${type.name}, got ${(err as Error)?.name}: ${(err as Error)?.message}`,
        { cause: err },
      );
    }
    for (const n of needles) {
      if (!err.message.includes(n)) {
        throw new Error(`message lacks ${JSON.stringify(n)}: ${err.message}`);
      }
    }
    return err;
  }
  throw new Error(`expected ${type.name}, but nothing was thrown`);
}
