/**
 * Running a long operation the way a drive does (reference/mmc.md 4.10): with Immed the
 * command ends at once and the drive stays busy (2/04/xx, progress) until the modelled time
 * has passed; without Immed the command itself takes that time, and a command that would
 * outlast the host's timeout ends with a TransportError of kind `timeout` while the drive
 * carries on, busy. Quirk `immed-ignored` makes every operation synchronous.
 *
 * The disc state changes when the command is accepted; while the drive is busy nothing can
 * observe it (every medium command gets 2/04/xx).
 *
 * @module
 */

import { TransportError } from "../../../src/mmc/transport.ts";
import type { SenseCode } from "../sense_error.ts";
import type { CommandContext } from "./command_entry.ts";

/**
 * Keep the drive busy for an operation.
 *
 * @param ctx Drive and request.
 * @param name Operation name.
 * @param busy Its NOT READY condition.
 * @param realMs Duration at 1x real time.
 * @param immed The CDB's Immed bit.
 * @param finish What happens when it ends (default nothing).
 */
export async function runLong(
  ctx: CommandContext,
  name: string,
  busy: SenseCode,
  realMs: number,
  immed: boolean,
  finish: () => void = () => {},
): Promise<void> {
  const { drive, req } = ctx;
  const time = drive.time;
  const done = () => {
    finish();
    drive.dirty = true;
  };
  if (immed && !drive.config.quirks.has("immed-ignored")) {
    time.start(name, busy, realMs, done);
    return;
  }
  const ms = time.scaled(realMs);
  if (ms > req.timeoutMs) {
    time.start(name, busy, realMs, done);
    await time.clock.sleep(req.timeoutMs);
    throw new TransportError(
      `${name} did not complete within ${req.timeoutMs} ms on ${drive.path} (it needs ${
        Math.round(ms)
      } ms)`,
      { kind: "timeout", device: drive.path },
    );
  }
  if (ms > 0) await time.clock.sleep(ms);
  done();
}

/**
 * Real time to record `blocks` blocks of `blockBytes` at `kBps`.
 *
 * @param blocks Block count.
 * @param kBps Write speed (kB/s; bytes per ms).
 * @param blockBytes Bytes per block on the medium.
 * @returns Milliseconds.
 */
export function recordingMs(blocks: number, kBps: number, blockBytes = 2048): number {
  return kBps > 0 ? (blocks * blockBytes) / kBps : 0;
}
