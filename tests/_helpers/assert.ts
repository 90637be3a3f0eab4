/**
 * Small synchronous assertions for tests (JSR's @std/assert is not reachable here):
 * deep equality through `node:assert`, and a throw check that names the expected class and
 * message parts.
 */

import { deepStrictEqual } from "node:assert/strict";

/**
 * Assert deep, strict equality (Uint8Arrays compare by content).
 *
 * @param actual The value under test.
 * @param expected The expected value.
 * @param message What is being compared.
 */
export function assertEquals(actual: unknown, expected: unknown, message?: string): void {
  deepStrictEqual(actual, expected, message);
}

/**
 * Assert that `fn` throws an instance of `type` whose message contains every needle.
 *
 * @param fn The action.
 * @param type The expected error class.
 * @param needles Texts the message must contain.
 * @returns The error.
 */
export function throws<T extends Error>(
  fn: () => unknown,
  type: new (...a: never[]) => T,
  ...needles: string[]
): T {
  try {
    fn();
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

/**
 * Format bytes as lowercase hex pairs separated by spaces.
 *
 * @param bytes The bytes.
 * @returns For example "2a 00 00 00".
 */
export function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

/**
 * Parse hex pairs (spaces optional) into bytes.
 *
 * @param text For example "46 01 00 00".
 * @returns The bytes.
 */
export function bytes(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  if (clean.length % 2 || /[^0-9a-f]/i.test(clean)) throw new Error(`bad hex: ${text}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Assert two byte arrays are equal, naming the first differing offset (a deep-equality diff
 * of megabytes of bytes takes the test runner's memory instead).
 *
 * @param actual The bytes under test.
 * @param expected The expected bytes.
 * @param what What is being compared.
 */
export function assertSameBytes(actual: Uint8Array, expected: Uint8Array, what = "bytes"): void {
  const n = Math.min(actual.length, expected.length);
  let i = 0;
  while (i < n && actual[i] === expected[i]) i++;
  if (i === n && actual.length === expected.length) return;
  throw new Error(
    i === n
      ? `${what}: ${actual.length} bytes, expected ${expected.length}`
      : `${what} differ first at byte ${i} (sector ${Math.floor(i / 2048)}): ${actual[i]} != ${
        expected[i]
      }`,
  );
}
