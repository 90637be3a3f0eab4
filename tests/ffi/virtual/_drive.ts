/**
 * Test helpers that talk to the virtual recorder with raw CDBs built by kiln's MMC layer:
 * open a drive on a temporary file, send a command, decode the sense.
 */

import { decodeSense, type Sense } from "../../../src/mmc/sense.ts";
import type { DataDirection } from "../../../src/mmc/transport.ts";
import type { Clock } from "../../../ffi/virtual/timing_model.ts";
import type { VirtualRecorderOptions } from "../../../ffi/virtual/open_drive.ts";
import { VirtualRecorder } from "../../../ffi/virtual/virtual_recorder.ts";
import { buildTestUnitReadyCdb } from "../../../src/mmc/commands/test_unit_ready.ts";

/** A drive on a temporary file. */
export interface TempDrive {
  drive: VirtualRecorder;
  dir: string;
  path: string;
  /** Close the drive and remove the folder. */
  cleanup(): Promise<void>;
}

/**
 * Open a drive on a fresh temporary file, and clear the power-on unit attention.
 *
 * @param options Options besides the path (timeScale defaults to 0).
 * @returns The drive.
 */
export async function tempDrive(options: Omit<VirtualRecorderOptions, "path">): Promise<TempDrive> {
  const dir = await Deno.makeTempDir({ prefix: "kiln-vdrive-" });
  const path = `${dir}/disc.iso`;
  const drive = await VirtualRecorder.open({ timeScale: 0, ...options, path });
  await send(drive, buildTestUnitReadyCdb());
  return {
    drive,
    dir,
    path,
    cleanup: async () => {
      await drive.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** One command's outcome. */
export interface Outcome {
  status: number;
  sense: Sense | undefined;
  /** "ok", or the sense as "K/AS/AQ". */
  code: string;
  /** Data-in bytes (as many as arrived: length minus residual). */
  data: Uint8Array;
  residual: number;
}

/**
 * Send one command.
 *
 * @param drive The drive.
 * @param cdb The CDB.
 * @param data Data-out bytes, or the size of the data-in buffer.
 * @param timeoutMs Timeout.
 * @returns The outcome.
 */
export async function send(
  drive: VirtualRecorder,
  cdb: Uint8Array,
  data?: Uint8Array | number,
  timeoutMs = 60_000,
): Promise<Outcome> {
  const direction: DataDirection = data === undefined
    ? "none"
    : typeof data === "number"
    ? "in"
    : "out";
  const buf = typeof data === "number" ? new Uint8Array(data) : data;
  const r = await drive.execute({ cdb, direction, ...(buf ? { data: buf } : {}), timeoutMs });
  const sense = r.sense.length > 0 ? decodeSense(r.sense) : undefined;
  const h = (n: number) => n.toString(16).toUpperCase().padStart(2, "0");
  return {
    status: r.status,
    sense,
    code: r.status === 0
      ? "ok"
      : sense
      ? `${sense.key}/${h(sense.asc)}/${h(sense.ascq)}`
      : `status ${r.status}`,
    data: direction === "in" && buf ? buf.subarray(0, buf.length - r.residual) : new Uint8Array(0),
    residual: r.residual,
  };
}

/**
 * Send a command that must succeed.
 *
 * @param drive The drive.
 * @param cdb The CDB.
 * @param data Data-out bytes or data-in size.
 * @returns The outcome.
 */
export async function ok(
  drive: VirtualRecorder,
  cdb: Uint8Array,
  data?: Uint8Array | number,
): Promise<Outcome> {
  const o = await send(drive, cdb, data);
  if (o.code !== "ok") {
    throw new Error(
      `expected GOOD, got ${o.code} (${o.sense?.text}) for CDB ${
        [...cdb].map((b) => b.toString(16).padStart(2, "0")).join(" ")
      }`,
    );
  }
  return o;
}

/** A clock that moves only when the drive or the test sleeps on it. */
export interface ManualClock extends Clock {
  /** Move time forward. */
  advance(ms: number): void;
}

/**
 * A manual clock starting at 0.
 *
 * @returns The clock.
 */
export function manualClock(): ManualClock {
  let t = 0;
  return {
    now: () => t,
    sleep: (ms) => Promise.resolve(void (t += Math.max(0, ms))),
    advance: (ms) => void (t += ms),
  };
}

/**
 * Poll TEST UNIT READY until GOOD, the way libburn does (2/04/xx: keep waiting, two polls a
 * second: with a manual clock, time moves 500 ms between polls).
 *
 * @param drive The drive.
 * @param clock The drive's manual clock, if it has one.
 * @returns How many busy answers came, and the progress values seen.
 */
export async function waitReady(
  drive: VirtualRecorder,
  clock?: ManualClock,
): Promise<{ polls: number; progress: number[] }> {
  const progress: number[] = [];
  for (let polls = 0; polls < 100_000; polls++) {
    if (polls > 0) clock?.advance(500);
    const o = await send(drive, buildTestUnitReadyCdb());
    if (o.code === "ok") return { polls, progress };
    if (o.sense?.key !== 2 || o.sense.asc !== 4) throw new Error(`TUR while waiting: ${o.code}`);
    if (o.sense.progress !== undefined) progress.push(o.sense.progress);
  }
  throw new Error("the drive stayed busy");
}

/**
 * Blocks of recognisable data: block i starts with its LBA in ASCII.
 *
 * @param lba First LBA.
 * @param blocks Count.
 * @returns The bytes.
 */
export function pattern(lba: number, blocks: number): Uint8Array {
  const out = new Uint8Array(blocks * 2048);
  const enc = new TextEncoder();
  for (let i = 0; i < blocks; i++) out.set(enc.encode(`LBA ${lba + i} `.repeat(8)), i * 2048);
  return out;
}
