/**
 * The recorder's retry policy: whether a failed command is sent again, after what, and how
 * many times at most. Decided from the sense category alone (`ScsiCommandError.category`,
 * see `src/mmc/sense.ts`), never from message text. The MMC layer's `retryPolicies` say
 * which categories are retryable and what comes first; this table adds the bounds and the
 * pacing, per kind of command, after libburn and growisofs (mmc.md §4.10, §4.11):
 *
 * | Category | WRITE | Other commands |
 * |---|---|---|
 * | long-write-in-progress (2/04/08) | wait for the drive buffer to drain (READ BUFFER CAPACITY), retry the same WRITE; 192 times (growisofs' "LUN appears to be stuck" bound) | 20 times, 100 ms apart |
 * | not-ready-retry (2/04/xx) | 20 times, 100 ms + 100 ms per attempt, at most 500 ms | the same; CLOSE TRACK/SESSION 120 times (Pioneer's 2/04/07 loop) |
 * | becoming-ready (2/04/01) | 20 times, as above | the same |
 * | unit-attention (6/xx) | re-read the disc state, continue only if unchanged; 3 times | re-read, 3 times |
 * | command-sequence (5/2C/00) | SYNCHRONIZE CACHE, retry; 3 times | the same |
 * | aborted-retry (B/xx) | 3 times, 100 ms apart | the same |
 * | start-required (2/04/02) | START UNIT, retry; twice | the same |
 * | status BUSY / TASK SET FULL | 10 times, 100 ms apart | the same |
 * | recovered (1/xx) | success (logged) | success |
 * | medium-error, hardware-error, write-protected, no-space, invalid-address, illegal-request, no-medium, incompatible-medium, blank-check, other | stop, never retry | stop |
 *
 * A WRITE that fails with a medium error is never retried: the disc is likely ruined and
 * on sequential media the next writable address has moved.
 *
 * @module
 */

import { retryPolicies, type SenseCategory } from "../mmc/sense.ts";

/** Which kind of command failed: pacing and bounds differ. */
export type CommandKind = "write" | "close" | "other";

/** What to do before sending the command again. */
export type RetryAction =
  | "nothing"
  | "wait"
  | "wait-for-buffer"
  | "re-read-state"
  | "start-unit"
  | "synchronize-cache";

/** The decision for one failure. */
export interface RetryDecision {
  /** Success (recovered error), retry, or fail. */
  readonly outcome: "success" | "retry" | "fail";
  /** What to do first, when retrying. */
  readonly action: RetryAction;
  /** How long to wait before the retry, in milliseconds. */
  readonly delayMs: number;
  /** Why it fails, when it fails after retries ("gave up after 20 attempts"). */
  readonly reason: string | undefined;
}

/** Bounds and pacing of one retryable category. */
export interface RetryLimit {
  /** Retries allowed (not counting the first attempt). */
  readonly attempts: number;
  /** First delay in ms. */
  readonly firstMs: number;
  /** Added per attempt. */
  readonly stepMs: number;
  /** Largest delay. */
  readonly maxMs: number;
}

const limit = (attempts: number, firstMs: number, stepMs = 0, maxMs = firstMs): RetryLimit => ({
  attempts,
  firstMs,
  stepMs,
  maxMs,
});

/** Bounds per category and command kind (the module table). Absent: never retried. */
export const RETRY_LIMITS: Readonly<
  Partial<Record<SenseCategory | "status", Readonly<Record<CommandKind, RetryLimit>>>>
> = {
  "long-write-in-progress": {
    write: limit(192, 0, 2, 25),
    close: limit(20, 100),
    other: limit(20, 100),
  },
  "not-ready-retry": {
    write: limit(20, 100, 100, 500),
    close: limit(120, 250, 0, 250),
    other: limit(20, 100, 100, 500),
  },
  "becoming-ready": {
    write: limit(20, 100, 100, 500),
    close: limit(20, 100, 100, 500),
    other: limit(20, 100, 100, 500),
  },
  "unit-attention": { write: limit(3, 0), close: limit(3, 0), other: limit(3, 0) },
  "command-sequence": { write: limit(3, 0), close: limit(3, 0), other: limit(3, 0) },
  "aborted-retry": { write: limit(3, 100), close: limit(3, 100), other: limit(3, 100) },
  "start-required": { write: limit(2, 0), close: limit(2, 0), other: limit(2, 0) },
  "status": { write: limit(10, 100), close: limit(10, 100), other: limit(10, 100) },
};

const ACTIONS: Readonly<Record<string, RetryAction>> = {
  "wait": "wait",
  "re-read-state": "re-read-state",
  "start-unit": "start-unit",
  "synchronize-cache": "synchronize-cache",
};

/**
 * Decide what to do after a command failed.
 *
 * @param category The failure's sense category (or "status" without sense).
 * @param attempt How many times this command has failed so far (1 after the first failure).
 * @param kind WRITE, CLOSE TRACK/SESSION, or another command.
 * @returns The decision.
 * @example
 * ```ts
 * import { decideRetry } from "./retry_policy.ts";
 * if (decideRetry("medium-error", 1, "write").outcome !== "fail") throw new Error();
 * const d = decideRetry("long-write-in-progress", 1, "write");
 * if (d.outcome !== "retry" || d.action !== "wait-for-buffer") throw new Error();
 * if (decideRetry("not-ready-retry", 21, "write").outcome !== "fail") throw new Error();
 * ```
 */
export function decideRetry(
  category: SenseCategory | "status",
  attempt: number,
  kind: CommandKind,
): RetryDecision {
  if (category !== "status") {
    const policy = retryPolicies[category];
    if (policy.outcome === "success") {
      return { outcome: "success", action: "nothing", delayMs: 0, reason: undefined };
    }
    if (policy.outcome === "fail") {
      return { outcome: "fail", action: "nothing", delayMs: 0, reason: undefined };
    }
  }
  const bounds = RETRY_LIMITS[category]?.[kind];
  if (!bounds) return { outcome: "fail", action: "nothing", delayMs: 0, reason: undefined };
  if (attempt > bounds.attempts) {
    return {
      outcome: "fail",
      action: "nothing",
      delayMs: 0,
      reason: `gave up after ${bounds.attempts} retries`,
    };
  }
  const delayMs = Math.min(bounds.maxMs, bounds.firstMs + bounds.stepMs * (attempt - 1));
  let action: RetryAction = category === "status"
    ? "wait"
    : ACTIONS[retryPolicies[category].before] ?? "wait";
  if (category === "long-write-in-progress" && kind === "write") action = "wait-for-buffer";
  return { outcome: "retry", action, delayMs, reason: undefined };
}
