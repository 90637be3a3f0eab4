/**
 * The WRITE loop: take WRITE-sized chunks from the host ring (which keeps reading the image
 * ahead while each WRITE is in flight), send WRITE(10) at consecutive LBAs from the plan's
 * start, and apply the retry policy to each failure (mmc.md §4.11): 2/04/08 waits for the
 * drive buffer to drain (READ BUFFER CAPACITY, then about the time half the buffer takes at
 * the write speed, growisofs' pacing) and sends the same WRITE again; a medium error stops
 * at once. The drive buffer fill is sampled every 16 chunks (growisofs samples every 64th
 * block) for progress.
 *
 * Cancellation stops before the next WRITE; the caller flushes and closes.
 *
 * @module
 */

import { TransportError } from "../mmc/transport.ts";
import type { BurnPlan } from "./burn_plan.ts";
import type { BurnReporter } from "./burn_progress.ts";
import { type RetryHooks, scsiCause, withRetry } from "./command_retry.ts";
import type { Recorder } from "./recorder.ts";
import type { SectorRing } from "./sector_ring.ts";
import { sleep as realSleep } from "./wait_for_unit.ts";
import { bufferFill } from "../mmc/commands/read_buffer_capacity.ts";

/** Options of {@linkcode writeTrack}. */
export interface WriteTrackOptions {
  /** The recorder. */
  readonly recorder: Recorder;
  /** The plan (start LBA, sectors, chunking). */
  readonly plan: BurnPlan;
  /** The image, re-chunked. */
  readonly ring: SectorRing;
  /** Progress. */
  readonly reporter: BurnReporter;
  /** Retry budget, records and state checks. */
  readonly retry: Omit<RetryHooks, "kind" | "waitForBuffer" | "sleep">;
  /** Write speed in kB/s, for pacing after 2/04/08 (default: 1x of the medium). */
  readonly speedKBps: number;
  /** Stops before the next WRITE. */
  readonly signal?: AbortSignal | undefined;
  /** Sleep (tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called after each WRITE the drive accepted, with the sectors written so far. */
  readonly onWritten?: (sectorsWritten: number) => void;
}

/** How the loop ended. */
export interface WriteOutcome {
  /** Sectors the drive accepted. */
  readonly sectorsWritten: number;
  /** Stopped by the signal. */
  readonly cancelled: boolean;
}

/** A WRITE failed for good. */
export class WriteFailure extends Error {
  /** The LBA of the failing WRITE, or the first bad LBA the drive named. */
  readonly lba: number;
  /** Sectors accepted before. */
  readonly sectorsWritten: number;
  /**
   * Create a write failure.
   *
   * @param lba The LBA.
   * @param sectorsWritten Sectors accepted before.
   * @param cause The drive or transport error.
   */
  constructor(lba: number, sectorsWritten: number, cause: unknown) {
    super(`WRITE at LBA ${lba} failed`, { cause });
    this.lba = lba;
    this.sectorsWritten = sectorsWritten;
  }
  /** The error class name. */
  override name = "WriteFailure";
}

const BUFFER_POLL_CHUNKS = 16;

/**
 * Write the planned sectors.
 *
 * @param o Recorder, plan, ring, progress, retry hooks.
 * @returns Sectors written and whether it was cancelled.
 * @throws {WriteFailure} When a WRITE fails for good (cause: the ScsiCommandError,
 *   RetriesExhaustedError or TransportError).
 */
export async function writeTrack(o: WriteTrackOptions): Promise<WriteOutcome> {
  const drive = o.recorder.drive;
  const pause = o.sleep ?? realSleep;
  let written = 0;
  let chunks = 0;
  let driveFill: number | undefined;
  const waitForBuffer = async () => {
    const bytesPerMs = Math.max(1, o.speedKBps); // kB/s = bytes/ms
    let waitMs = (4 * 32768) / bytesPerMs;
    try {
      const cap = await drive.readBufferCapacity();
      if (!cap.blockMode && cap.bufferLength > 0 && cap.blankLength <= cap.bufferLength) {
        waitMs = cap.bufferLength / 2 / bytesPerMs;
        driveFill = bufferFill(cap);
      }
    } catch {
      // no buffer report: keep the 4-ECC-block estimate
    }
    await pause(Math.min(1000, Math.max(5, waitMs)));
  };
  for (;;) {
    if (o.signal?.aborted) return { sectorsWritten: written, cancelled: true };
    const chunk = await o.ring.take();
    if (!chunk) break;
    const lba = o.plan.startLba + chunk.offset / 2048;
    const sectors = chunk.data.length / 2048;
    try {
      await withRetry(() => drive.write10(lba, chunk.data), {
        ...o.retry,
        kind: "write",
        waitForBuffer,
        sleep: pause,
      });
    } catch (err) {
      const named = err instanceof TransportError ? undefined : scsiCause(err)?.sense?.information;
      throw new WriteFailure(named ?? lba, written, err);
    } finally {
      o.ring.release();
    }
    written += sectors;
    o.onWritten?.(written);
    chunks++;
    if (chunks % BUFFER_POLL_CHUNKS === 0) {
      try {
        driveFill = bufferFill(await drive.readBufferCapacity());
      } catch {
        driveFill = undefined;
      }
    }
    o.reporter.sectors(lba + sectors - 1, written, {
      ...(driveFill !== undefined ? { drive: driveFill } : {}),
      host: o.ring.fill,
    });
  }
  return { sectorsWritten: written, cancelled: false };
}
