/**
 * Verification by read-back, IMAPI2's `IBurnVerification` levels in kiln's words:
 *
 * - `none`: nothing.
 * - `quick`: the drive's disc and track information must be readable and must show the
 *   image's sectors as recorded (READ DISC INFORMATION, READ TRACK INFORMATION of every
 *   track), and a sample of sectors (the first, the last, the volume descriptor area 16–31
 *   and one from each of 32 stretches; `verify_sample.ts`) must have the image's SHA-256.
 * - `full`: the quick checks, then every sector of the image is read back (64 KiB at a
 *   time, streaming the image alongside) and its SHA-256 compared with the image's.
 *
 * The first difference stops with a {@linkcode VerifyError} naming its LBA; a sector the
 * drive cannot read stops with one naming the LBA and the sense.
 *
 * @module
 */

import { InvalidInputError } from "../model/errors.ts";
import type { StreamableImage } from "../stream/write_image_file.ts";
import { type RetryBudget, scsiCause, withRetry } from "./command_retry.ts";
import { describeSense } from "../mmc/errors.ts";
import type { SectorImage } from "./image_file.ts";
import type { MediaState } from "./media_state.ts";
import { ProgressClock } from "./progress_clock.ts";
import type { Recorder } from "./recorder.ts";
import { VerifyError } from "./recorder_errors.ts";
import { SectorCapture, sectorDigest } from "./sector_capture.ts";
import { SectorRing } from "./sector_ring.ts";
import { imageChunks } from "./chunk_source.ts";
import { dataAreaThread } from "../stream/data_area_thread.ts";
import { quickSampleSectors } from "./verify_sample.ts";

/** How thoroughly to verify. */
export type VerifyLevel = "none" | "quick" | "full";

/** Progress of a verification. */
export interface VerifyProgress {
  /** The LBA most recently read. */
  readonly lba: number;
  /** Sectors compared so far. */
  readonly sectorsDone: number;
  /** Sectors to compare. */
  readonly totalSectors: number;
  /** Milliseconds since the verification started. */
  readonly elapsedMs: number;
  /** Estimated milliseconds left. */
  readonly remainingMs: number | undefined;
}

/** Options of {@linkcode verify}. */
export interface VerifyOptions {
  /** Level (default "full"). */
  readonly level?: VerifyLevel;
  /** LBA of the image's sector 0 (default: the start of the disc's last session, else 0). */
  readonly startLba?: number;
  /** Stops verifying (the signal's reason is thrown). */
  readonly signal?: AbortSignal | undefined;
  /** Progress. */
  readonly onProgress?: (p: VerifyProgress) => void;
  /** Digests of the sample sectors, when the caller already has them (a burn keeps them). */
  readonly sampleDigests?: ReadonlyMap<number, string>;
}

/** What was verified. */
export interface VerifyResult {
  /** The level. */
  readonly level: VerifyLevel;
  /** LBA of the image's first sector. */
  readonly startLba: number;
  /** Sectors of the image. */
  readonly sectors: number;
  /** Sectors read back and compared. */
  readonly sectorsChecked: number;
  /** Milliseconds it took. */
  readonly elapsedMs: number;
}

const READ_SECTORS = 32;

function hasSectors(image: StreamableImage): image is SectorImage {
  return typeof (image as SectorImage).readSectors === "function";
}

/**
 * End of the recorded sectors of the track holding `lba`: the formatted size on overwritable
 * media; on a disc the drive shows as read-only (pressed, or burned and shown as a CD-ROM or
 * DVD-ROM) the disc's size when the drive lists no track there (QEMU answers no READ TRACK
 * INFORMATION).
 */
function recordedEnd(state: MediaState, lba: number): number {
  if (state.status === "overwritable") return state.totalSectors;
  const track = state.tracks.find((t) =>
    t.sectors > 0 && t.start <= lba && lba < t.start + t.sectors
  );
  if (track) return track.start + track.sectors;
  return state.status === "unsupported" ? state.totalSectors : lba;
}

/** Why nothing can be read back from the disc, or undefined when something can. */
function unreadable(state: MediaState): string | undefined {
  if (state.status === "no-media") return "no disc";
  if (state.blank) return `a blank ${state.media.toUpperCase()}`;
  if (state.status === "unsupported" && state.totalSectors === 0) {
    return `a disc it cannot read (${state.notWritableReason ?? "unsupported"})`;
  }
  return undefined;
}

async function imageSampleDigests(
  image: StreamableImage,
  samples: readonly number[],
  signal: AbortSignal | undefined,
): Promise<ReadonlyMap<number, string>> {
  if (hasSectors(image)) {
    const out = new Map<number, string>();
    for (const s of samples) out.set(s, sectorDigest(await image.readSectors(s, 1)));
    return out;
  }
  const capture = new SectorCapture(samples);
  let offset = 0;
  for await (const piece of image.stream(signal ? { signal } : {})) {
    capture.feed(piece, offset);
    offset += piece.length;
  }
  return capture.digests;
}

/**
 * Verify that the disc holds the image, as the recorder's one operation (the tray stays
 * locked while it runs).
 *
 * @param recorder The recorder.
 * @param image The image (a stream that can be opened again).
 * @param options Level (default full), start LBA, progress.
 * @returns What was checked.
 * @throws {VerifyError} At the first sector that differs or cannot be read.
 * @throws {InvalidInputError} When the image is not whole sectors, or the recorder is busy.
 * @example
 * ```ts ignore
 * import { openImageFile, openDrive, verify } from "@kiln/kiln/burn";
 * await using recorder = await openDrive("/dev/sr0");
 * const result = await verify(recorder, await openImageFile("disc.iso"), { level: "full" });
 * console.log(result.sectorsChecked);
 * ```
 */
export function verify(
  recorder: Recorder,
  image: StreamableImage,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  return recorder.exclusive("verify", () => verifyDisc(recorder, image, options));
}

/**
 * {@linkcode verify} without taking the recorder (for a burn that already holds it).
 *
 * @param recorder The recorder.
 * @param image The image.
 * @param options Level, start LBA, progress, sample digests.
 * @returns What was checked.
 */
export async function verifyDisc(
  recorder: Recorder,
  image: StreamableImage,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const level = options.level ?? "full";
  const started = performance.now();
  if (image.size % 2048 !== 0 || image.size <= 0) {
    throw new InvalidInputError(
      `Cannot verify: the image's size (${image.size} bytes) is not a whole number of sectors`,
    );
  }
  const sectors = image.size / 2048;
  if (level === "none") {
    return { level, startLba: options.startLba ?? 0, sectors, sectorsChecked: 0, elapsedMs: 0 };
  }
  const state = await recorder.mediaState();
  const startLba = options.startLba ?? state.lastSessionStart ?? 0;
  const nothing = unreadable(state);
  if (nothing) {
    throw new VerifyError(`Cannot verify: the drive shows ${nothing}`, {
      lba: startLba,
      kind: "unreadable",
    });
  }
  const end = recordedEnd(state, startLba);
  if (end < startLba + sectors) {
    throw new VerifyError(
      `Cannot verify: the disc has recorded sectors up to LBA ${
        end - 1
      }, but the image needs LBA ${startLba} to ${startLba + sectors - 1}`,
      { lba: Math.max(startLba, end), kind: "unreadable" },
    );
  }
  const budget: RetryBudget = { remaining: 200 };
  const read = async (lba: number, count: number) => {
    try {
      return await withRetry(() => recorder.drive.read10(lba, count), { kind: "other", budget });
    } catch (err) {
      const scsi = scsiCause(err);
      if (!scsi) throw err;
      const bad = scsi.sense?.information ?? lba;
      throw new VerifyError(
        `Cannot verify sector ${bad}: the drive cannot read it (${
          scsi.sense ? describeSense(scsi.sense) : scsi.message
        })`,
        { lba: bad, kind: "unreadable", cause: err },
      );
    }
  };
  const mismatch = (lba: number) =>
    new VerifyError(
      `Cannot verify sector ${lba}: what the disc holds differs from the image (SHA-256 mismatch, image sector ${
        lba - startLba
      })`,
      { lba, kind: "mismatch" },
    );

  const samples = quickSampleSectors(sectors);
  const want = options.sampleDigests ?? await imageSampleDigests(image, samples, options.signal);
  for (const s of samples) {
    if (options.signal?.aborted) throw options.signal.reason;
    const digest = want.get(s);
    if (digest === undefined) continue;
    if (sectorDigest(await read(startLba + s, 1)) !== digest) throw mismatch(startLba + s);
  }
  if (level === "quick") {
    return {
      level,
      startLba,
      sectors,
      sectorsChecked: samples.length,
      elapsedMs: performance.now() - started,
    };
  }

  const clock = new ProgressClock(sectors);
  const reader = image.writeTo ? await dataAreaThread() : undefined;
  const ring = new SectorRing(imageChunks(image, options.signal, reader), {
    chunkBytes: READ_SECTORS * 2048,
    streamBytes: image.size,
  });
  let done = 0;
  try {
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason;
      const chunk = await ring.take();
      if (!chunk) break;
      const first = chunk.offset / 2048;
      const count = chunk.data.length / 2048;
      const disc = await read(startLba + first, count);
      for (let i = 0; i < count; i++) {
        const a = chunk.data.subarray(i * 2048, (i + 1) * 2048);
        const b = disc.subarray(i * 2048, (i + 1) * 2048);
        if (sectorDigest(a) !== sectorDigest(b)) throw mismatch(startLba + first + i);
      }
      ring.release();
      done += count;
      options.onProgress?.({
        lba: startLba + first + count - 1,
        sectorsDone: done,
        totalSectors: sectors,
        elapsedMs: performance.now() - started,
        remainingMs: clock.update(done),
      });
    }
  } finally {
    await ring.cancel();
  }
  return { level, startLba, sectors, sectorsChecked: done, elapsedMs: performance.now() - started };
}
