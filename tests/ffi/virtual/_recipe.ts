/**
 * The steps of the write recipes (reference/mmc.md 4), each one raw CDB built by kiln's MMC
 * layer and sent to the virtual recorder.
 */

import { buildCloseTrackSessionCdb } from "../../../src/mmc/commands/close_track_session.ts";
import {
  buildModeSelect10Cdb,
  buildModeSelect10Parameters,
} from "../../../src/mmc/commands/mode_select10.ts";
import {
  buildReadCapacityCdb,
  parseReadCapacityResponse,
} from "../../../src/mmc/commands/read_capacity.ts";
import {
  buildReadDiscInformationCdb,
  type DiscInformation,
  parseReadDiscInformationResponse,
} from "../../../src/mmc/commands/read_disc_information.ts";
import {
  buildReadTrackInformationCdb,
  parseReadTrackInformationResponse,
  type TrackInformation,
} from "../../../src/mmc/commands/read_track_information.ts";
import { buildReserveTrackCdb } from "../../../src/mmc/commands/reserve_track.ts";
import { buildSynchronizeCacheCdb } from "../../../src/mmc/commands/synchronize_cache.ts";
import { buildWrite10Cdb } from "../../../src/mmc/commands/write10.ts";
import {
  buildWriteParametersPage,
  type WriteParameters,
} from "../../../src/mmc/write_parameters_page.ts";
import type { VirtualRecorder } from "../../../ffi/virtual/virtual_recorder.ts";
import { type ManualClock, ok, type Outcome, pattern, send, waitReady } from "./_drive.ts";

/**
 * READ DISC INFORMATION.
 *
 * @param d Drive.
 * @returns The decoded reply.
 */
export async function discInfo(d: VirtualRecorder): Promise<DiscInformation> {
  return parseReadDiscInformationResponse((await ok(d, buildReadDiscInformationCdb(), 34)).data);
}

/**
 * READ TRACK INFORMATION by track number (FFh: the invisible track).
 *
 * @param d Drive.
 * @param track Track number.
 * @returns The decoded reply.
 */
export async function trackInfo(d: VirtualRecorder, track: number): Promise<TrackInformation> {
  const o = await ok(
    d,
    buildReadTrackInformationCdb({ addressType: 1, address: track, allocationLength: 48 }),
    48,
  );
  return parseReadTrackInformationResponse(o.data);
}

/**
 * The NWA of the track a host would ask about (per mmc.md 3.6's table).
 *
 * @param d Drive.
 * @param useFF Ask for track FFh (CD, DVD+R) instead of the last track in the last session.
 * @returns The NWA.
 */
export async function nextWritable(d: VirtualRecorder, useFF: boolean): Promise<number> {
  const t = useFF
    ? await trackInfo(d, 0xff)
    : await trackInfo(d, (await discInfo(d)).lastTrackInLastSession);
  if (!t.nwaValid) throw new Error(`track ${t.track} has no NWA`);
  return t.nextWritableAddress;
}

/**
 * MODE SELECT page 05 with the given fields over the drive's defaults for the recipe.
 *
 * @param d Drive.
 * @param fields Page 05 fields.
 * @returns The outcome (not checked).
 */
export function selectPage05(
  d: VirtualRecorder,
  fields: Partial<WriteParameters>,
): Promise<Outcome> {
  const list = buildModeSelect10Parameters([
    buildWriteParametersPage({ bufe: true, dataBlockType: 8, ...fields }),
  ]);
  return send(
    d,
    buildModeSelect10Cdb({ pageFormat: true, parameterListLength: list.length }),
    list,
  );
}

/**
 * WRITE(10) `blocks` pattern blocks from `lba` in chunks.
 *
 * @param d Drive.
 * @param lba First block.
 * @param blocks Count.
 * @param chunk Blocks per command.
 */
export async function writeBlocks(
  d: VirtualRecorder,
  lba: number,
  blocks: number,
  chunk = 16,
): Promise<void> {
  for (let at = lba; at < lba + blocks; at += chunk) {
    const n = Math.min(chunk, lba + blocks - at);
    await ok(d, buildWrite10Cdb({ lba: at, transferLength: n }), pattern(at, n));
  }
}

/**
 * SYNCHRONIZE CACHE with Immed, then poll.
 *
 * @param d Drive.
 * @param clock The drive's manual clock, if any.
 */
export async function flush(d: VirtualRecorder, clock?: ManualClock): Promise<void> {
  await ok(d, buildSynchronizeCacheCdb({ immed: true }));
  await waitReady(d, clock);
}

/**
 * CLOSE TRACK/SESSION with Immed, then poll.
 *
 * @param d Drive.
 * @param closeFunction Close function.
 * @param trackNumber Track (for 001b).
 * @param clock The drive's manual clock, if any.
 * @returns The outcome of the CLOSE command.
 */
export async function close(
  d: VirtualRecorder,
  closeFunction: number,
  trackNumber = 0,
  clock?: ManualClock,
): Promise<Outcome> {
  const o = await send(d, buildCloseTrackSessionCdb({ immed: true, closeFunction, trackNumber }));
  if (o.code === "ok") await waitReady(d, clock);
  return o;
}

/**
 * RESERVE TRACK.
 *
 * @param d Drive.
 * @param blocks Size.
 * @returns The outcome.
 */
export function reserve(d: VirtualRecorder, blocks: number): Promise<Outcome> {
  return send(d, buildReserveTrackCdb({ reservationSize: blocks }));
}

/**
 * READ CAPACITY.
 *
 * @param d Drive.
 * @returns The last LBA.
 */
export async function lastLba(d: VirtualRecorder): Promise<number> {
  return parseReadCapacityResponse((await ok(d, buildReadCapacityCdb(), 8)).data).lastLba;
}
