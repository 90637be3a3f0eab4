/**
 * Sense categories: what a key/ASC/ASCQ triple means for the recorder, and the retry policy
 * that follows from the category alone (reference/mmc.md 4.10-4.12; libburn's RETRY/FAIL/
 * GO_ON classes and growisofs's write-error handling). The write engine never matches on
 * message text.
 *
 * Every category is chosen so that a dropped ASCQ (QEMU ide-cd reports ASCQ 0 always) lands
 * in the same or a more cautious category: 2/04/00 waits like 2/04/01, and 2/53/00 (ide-cd's
 * "removal prevented") is read as removal prevented when the key is 2 or 5.
 *
 * Categories and the retry policy the recorder applies (the write engine never matches on
 * message text):
 *
 * | Category | Sense | Outcome | Before retrying |
 * |---|---|---|---|
 * | none | 0/xx/xx | success | - |
 * | recovered | 1/xx/xx | success (log it) | - |
 * | not-ready-retry | 2/04/00, 2/04/04, 2/04/07, other 2/04/xx, 2/3E/00 | retry | wait 500 ms (poll TEST UNIT READY) |
 * | becoming-ready | 2/04/01 | retry | wait 500 ms |
 * | long-write-in-progress | 2/04/08 | retry the same command | wait 20 ms (buffer full) |
 * | start-required | 2/04/02 | retry | send START STOP UNIT (start) |
 * | manual-intervention | 2/04/03 | fail | - |
 * | no-medium | 2/3A/xx, 5/3A/xx, 6/3A/xx | fail | - |
 * | unit-attention | 6/xx/xx (6/28, 6/29, 6/2A, ...) | retry | re-read the drive and disc state, re-send page 05h and SET STREAMING |
 * | medium-error | 3/xx/xx (3/0C write error, 3/11 read error, 3/72 fixation) | fail, never retry | - |
 * | hardware-error | 4/xx/xx | fail | - |
 * | illegal-request | 5/xx/xx not listed elsewhere (5/20, 5/24, 5/26, 5/1A, 5/64) | fail (the caller may fall back) | - |
 * | invalid-address | 5/21/02, 5/21/03 | fail | re-read the next writable address first |
 * | no-space | 5/21/00, 5/63/00, 5/63/01 | fail | - |
 * | write-protected | 7/xx/xx, 5/27/xx | fail | - |
 * | incompatible-medium | 2/30/xx, 5/30/xx | fail | - |
 * | removal-prevented | 5/53/02, 2/53/02, and 2/53/00 or 5/53/00 | fail | allow removal first |
 * | command-sequence | 5/2C/00 | retry | SYNCHRONIZE CACHE (another process read the disc) |
 * | blank-check | 8/xx/xx | fail | - |
 * | aborted-retry | B/xx/xx | retry | wait 100 ms |
 * | other | anything else | fail | - |
 *
 * A deferred error (71h/73h) is categorised like a current one.
 *
 * @module
 */

/** What kind of condition a sense reports; the retry policy follows from it alone. */
export type SenseCategory =
  | "none"
  | "recovered"
  | "not-ready-retry"
  | "becoming-ready"
  | "long-write-in-progress"
  | "start-required"
  | "manual-intervention"
  | "no-medium"
  | "unit-attention"
  | "medium-error"
  | "hardware-error"
  | "illegal-request"
  | "invalid-address"
  | "no-space"
  | "write-protected"
  | "incompatible-medium"
  | "removal-prevented"
  | "command-sequence"
  | "blank-check"
  | "aborted-retry"
  | "other";

/**
 * The category of a key/ASC/ASCQ triple (see the module table).
 *
 * @param key Sense key.
 * @param asc Additional sense code.
 * @param ascq Additional sense code qualifier.
 * @returns The category.
 * @example
 * ```ts
 * import { senseCategory } from "./sense.ts";
 * if (senseCategory(2, 0x04, 0x08) !== "long-write-in-progress") throw new Error();
 * ```
 */
export function senseCategory(key: number, asc: number, ascq: number): SenseCategory {
  if (asc === 0x3a && (key === 2 || key === 5 || key === 6)) return "no-medium";
  if (asc === 0x53 && (ascq === 0x02 || ascq === 0x00) && (key === 2 || key === 5)) {
    return "removal-prevented";
  }
  if (asc === 0x30 && (key === 2 || key === 5)) return "incompatible-medium";
  switch (key) {
    case 0x0:
      return "none";
    case 0x1:
      return "recovered";
    case 0x2:
      if (asc === 0x04) {
        if (ascq === 0x01) return "becoming-ready";
        if (ascq === 0x02) return "start-required";
        if (ascq === 0x03) return "manual-intervention";
        if (ascq === 0x08) return "long-write-in-progress";
        return "not-ready-retry";
      }
      return asc === 0x3e && ascq === 0x00 ? "not-ready-retry" : "other";
    case 0x3:
      return "medium-error";
    case 0x4:
      return "hardware-error";
    case 0x5:
      if (asc === 0x21) return ascq === 0x00 ? "no-space" : "invalid-address";
      if (asc === 0x63) return "no-space";
      if (asc === 0x27) return "write-protected";
      if (asc === 0x2c && ascq === 0x00) return "command-sequence";
      return "illegal-request";
    case 0x6:
      return "unit-attention";
    case 0x7:
      return "write-protected";
    case 0x8:
      return "blank-check";
    case 0xb:
      return "aborted-retry";
    default:
      return "other";
  }
}

/** What the recorder does with a category. */
export interface RetryPolicy {
  /** Success (go on), retry the same command, or fail. */
  readonly outcome: "success" | "retry" | "fail";
  /** What to do before the retry (or before any new attempt, for a failure). */
  readonly before:
    | "nothing"
    | "wait"
    | "re-read-state"
    | "start-unit"
    | "synchronize-cache"
    | "re-read-next-writable-address"
    | "allow-removal";
  /** Suggested first wait in milliseconds (0: none). */
  readonly waitMs: number;
}

function p(outcome: RetryPolicy["outcome"], before: RetryPolicy["before"], waitMs = 0) {
  return { outcome, before, waitMs } as const;
}

/** The retry policy of every category (the module table, as data). */
export const retryPolicies: Readonly<Record<SenseCategory, RetryPolicy>> = {
  "none": p("success", "nothing"),
  "recovered": p("success", "nothing"),
  "not-ready-retry": p("retry", "wait", 500),
  "becoming-ready": p("retry", "wait", 500),
  "long-write-in-progress": p("retry", "wait", 20),
  "start-required": p("retry", "start-unit"),
  "manual-intervention": p("fail", "nothing"),
  "no-medium": p("fail", "nothing"),
  "unit-attention": p("retry", "re-read-state"),
  "medium-error": p("fail", "nothing"),
  "hardware-error": p("fail", "nothing"),
  "illegal-request": p("fail", "nothing"),
  "invalid-address": p("fail", "re-read-next-writable-address"),
  "no-space": p("fail", "nothing"),
  "write-protected": p("fail", "nothing"),
  "incompatible-medium": p("fail", "nothing"),
  "removal-prevented": p("fail", "allow-removal"),
  "command-sequence": p("retry", "synchronize-cache"),
  "blank-check": p("fail", "nothing"),
  "aborted-retry": p("retry", "wait", 100),
  "other": p("fail", "nothing"),
};

/**
 * Whether a command that failed with this category may be sent again.
 *
 * @param category The category.
 * @returns True when the policy's outcome is "retry".
 */
export function isRetryable(category: SenseCategory): boolean {
  return retryPolicies[category].outcome === "retry";
}
