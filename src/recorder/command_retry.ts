/**
 * Sending one command under the retry policy: run it; when it fails with a
 * `ScsiCommandError`, ask {@linkcode decideRetry} (sense category, attempt, command kind)
 * and do what it says before sending the same command again: wait, wait for the drive
 * buffer to drain, re-read the disc state (which may refuse to go on), start the unit, or
 * flush the cache. Every retry is recorded. A budget shared by a whole burn bounds the
 * total number of retries, whatever the categories.
 *
 * @module
 */

import { ScsiCommandError } from "../mmc/errors.ts";
import { type CommandKind, decideRetry, type RetryAction } from "./retry_policy.ts";
import { sleep as realSleep } from "./wait_for_unit.ts";

/** One retry, for the burn result and logs. */
export interface RetryRecord {
  /** The command ("WRITE(10)"). */
  readonly command: string;
  /** Its LBA, when it has one. */
  readonly lba: number | undefined;
  /** Sense category that caused it. */
  readonly category: string;
  /** "NOT READY [2/04/01] ..." */
  readonly sense: string;
  /** Which failure of this command (1 = first). */
  readonly attempt: number;
  /** What was done before retrying. */
  readonly action: RetryAction;
}

/** Retries left for a whole operation. */
export interface RetryBudget {
  /** Decremented on every retry. */
  remaining: number;
}

/** What a retried command may need. */
export interface RetryHooks {
  /** Kind of command (pacing and bounds). */
  readonly kind: CommandKind;
  /** The operation's retry budget. */
  readonly budget: RetryBudget;
  /** Called for every retry. */
  readonly onRetry?: (r: RetryRecord) => void;
  /** Stops retrying (the last error is thrown). */
  readonly signal?: AbortSignal | undefined;
  /** Sleep (tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** For 2/04/08 on WRITE: wait until the drive buffer has room. */
  readonly waitForBuffer?: () => Promise<void>;
  /** For a unit attention: re-read the disc state; throws when it changed. */
  readonly reReadState?: () => Promise<void>;
  /** For 2/04/02: START UNIT. */
  readonly startUnit?: () => Promise<void>;
  /** For 5/2C/00: SYNCHRONIZE CACHE. */
  readonly synchronizeCache?: () => Promise<void>;
}

/** A command failed after the retries the policy allows. */
export class RetriesExhaustedError extends Error {
  /** How many retries were made. */
  readonly retries: number;
  /** Why retrying stopped. */
  readonly why: string;
  /**
   * Create the error.
   *
   * @param last The last failure.
   * @param retries Retries made.
   * @param why "gave up after 20 retries" or "the burn's retry budget is used up".
   */
  constructor(last: ScsiCommandError, retries: number, why: string) {
    super(`${last.message} (${why})`, { cause: last });
    this.retries = retries;
    this.why = why;
  }
  /** The error class name. */
  override name = "RetriesExhaustedError";
}

/**
 * The drive error behind an error, if it is one (directly or after retries).
 *
 * @param err Anything thrown.
 * @returns The `ScsiCommandError`, or undefined.
 */
export function scsiCause(err: unknown): ScsiCommandError | undefined {
  if (err instanceof ScsiCommandError) return err;
  if (err instanceof RetriesExhaustedError) return err.cause as ScsiCommandError;
  return undefined;
}

/**
 * Run a command with retries.
 *
 * @param fn Sends the command once.
 * @param hooks Kind, budget, and what the retry actions need.
 * @returns What `fn` returns.
 * @throws {ScsiCommandError} When the policy says fail (never retried).
 * @throws {RetriesExhaustedError} When retries ran out.
 */
export async function withRetry<T>(fn: () => Promise<T>, hooks: RetryHooks): Promise<T> {
  const pause = hooks.sleep ?? realSleep;
  for (let attempt = 1;; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ScsiCommandError)) throw err;
      const decision = decideRetry(err.category, attempt, hooks.kind);
      if (decision.outcome === "success") return undefined as T;
      if (decision.outcome === "fail") {
        if (decision.reason) throw new RetriesExhaustedError(err, attempt - 1, decision.reason);
        throw err;
      }
      if (hooks.signal?.aborted) throw err;
      if (hooks.budget.remaining <= 0) {
        throw new RetriesExhaustedError(
          err,
          attempt - 1,
          "the operation's retry budget is used up",
        );
      }
      hooks.budget.remaining--;
      hooks.onRetry?.({
        command: err.commandName,
        lba: err.lba,
        category: err.category,
        sense: err.sense?.text ?? err.message,
        attempt,
        action: decision.action,
      });
      switch (decision.action) {
        case "wait-for-buffer":
          if (hooks.waitForBuffer) await hooks.waitForBuffer();
          else await pause(Math.max(decision.delayMs, 10));
          break;
        case "re-read-state":
          await hooks.reReadState?.();
          break;
        case "start-unit":
          await hooks.startUnit?.();
          break;
        case "synchronize-cache":
          await hooks.synchronizeCache?.();
          break;
        default:
          break;
      }
      if (decision.delayMs > 0 && decision.action !== "wait-for-buffer") {
        await pause(decision.delayMs);
      }
    }
  }
}
