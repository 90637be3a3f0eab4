/**
 * In the guest: how the programs report. Each step prints one JSON line (`{"step": name,
 * "ok": …, …}`) on standard output, which the job sends to the second serial port; an error
 * is described by its class, message, the fields kiln's errors carry, and the sense of the
 * first SCSI error in its cause chain.
 */

import { ScsiCommandError } from "../../src/mmc/errors.ts";

/**
 * Print one step's JSON line (byte arrays as number arrays, bigints as numbers).
 *
 * @param name The step.
 * @param value What it found.
 */
export function emit(name: string, value: Record<string, unknown>): void {
  console.log(
    JSON.stringify(
      { step: name, ...value },
      (_, v) => v instanceof Uint8Array ? [...v] : typeof v === "bigint" ? Number(v) : v,
    ),
  );
}

function scsiIn(err: unknown): ScsiCommandError | undefined {
  for (let e = err, depth = 0; e && depth < 8; depth++) {
    if (e instanceof ScsiCommandError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * An error as JSON: class, message, kiln's fields, and the sense of the SCSI error behind it.
 *
 * @param err The error.
 * @returns Its description.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (typeof err !== "object" || err === null) return { error: typeof err, message: String(err) };
  const e = err as Error & Record<string, unknown>;
  const scsi = scsiIn(err);
  return {
    error: e.name,
    message: e.message,
    ...("kind" in e ? { kind: e.kind } : {}),
    ...("osName" in e ? { osName: e.osName } : {}),
    ...("lba" in e ? { lba: e.lba } : {}),
    ...("sectorsWritten" in e ? { sectorsWritten: e.sectorsWritten } : {}),
    ...(scsi
      ? {
        scsi: {
          command: scsi.commandName,
          key: scsi.sense?.key,
          asc: scsi.sense?.asc,
          ascq: scsi.sense?.ascq,
          category: scsi.category,
          retryable: scsi.retryable,
        },
      }
      : {}),
  };
}

/** Run one step and print its line: `ok: true` with what it returned, or the error. */
export type Step = (name: string, fn: () => Promise<Record<string, unknown>>) => Promise<void>;

/**
 * Run one step and print its line.
 *
 * @param name The step.
 * @param fn What it does.
 */
export const step: Step = async (name, fn) => {
  try {
    emit(name, { ok: true, ...(await fn()) });
  } catch (err) {
    emit(name, { ok: false, ...describeError(err) });
  }
};
