/**
 * {@linkcode burn}: write a mastered image (or an image file, or any stream of whole
 * sectors of known size) to the disc in a recorder, the way IMAPI2's
 * `IDiscFormat2Data::Write` does, following the recipe of its medium (`burn_plan.ts`):
 *
 * 1. validating: read the media state; refuse a disc that cannot be written and an image
 *    that does not fit (naming needed and free sectors) before any command changes it;
 * 2. formatting: DVD+RW never formatted (background format 26h), BD-RE unformatted;
 * 3. initializing: write speed, Write Parameters page 05h, RESERVE TRACK (DVD-R DAO);
 * 4. calibrating: SEND OPC on DVD-R/-RW without an OPC table;
 * 5. writing: WRITE(10) of 32 KiB (CD, DVD) or 64 KiB (BD) chunks from the next writable
 *    address, fed by a host ring buffer that reads the image ahead; retries by sense category;
 * 6. finalizing: SYNCHRONIZE CACHE (Immed, polled), CLOSE TRACK/SESSION or finalize
 *    (`close: true`, IMAPI's `ForceMediaToBeClosed`; otherwise the disc stays appendable
 *    where the medium allows);
 * 7. verifying: none, quick or full (`verify.ts`);
 * 8. completed: the result names what was written and the disc's state.
 *
 * The tray is locked (PREVENT MEDIUM REMOVAL) from step 1 to the end and unlocked after,
 * whatever happens. An AbortSignal stops writing; the disc is then left as `burn_stop.ts`
 * documents per medium, and {@linkcode BurnCancelledError} says which state it is in.
 *
 * @module
 */

import { InvalidInputError } from "../model/errors.ts";
import type { Configuration } from "../mmc/commands/get_configuration.ts";
import { readField } from "../records/field_table.ts";
import { directoryRecordTable, volumeDescriptorTable } from "../records/ecma119.ts";
import type { StreamableImage } from "../stream/write_image_file.ts";
import { planBurn, type PlanCapabilities } from "./burn_plan.ts";
import { type BurnProgress, BurnReporter } from "./burn_progress.ts";
import type { RetryBudget, RetryRecord } from "./command_retry.ts";
import { applySpeed, calibrate, nominalKBps, sendWriteParameters } from "./drive_setup.ts";
import { closeSteps, flushCache } from "./finalize_disc.ts";
import { formatMedia, planFormat } from "./format_media.ts";
import { classifyMedia, type MediaState } from "./media_state.ts";
import { mediaKind, type PhysicalMedia, type WriteRecipe } from "./media_type.ts";
import { readMediaFacts } from "./read_media_facts.ts";
import type { Recorder } from "./recorder.ts";
import { BurnCancelledError, BurnError, NotEnoughSpaceError } from "./recorder_errors.ts";
import { SectorCapture } from "./sector_capture.ts";
import { SectorRing } from "./sector_ring.ts";
import { type ChunkSource, imageChunks, streamChunks } from "./chunk_source.ts";
import type { DataAreaWriter } from "../stream/data_area.ts";
import { dataAreaThread } from "../stream/data_area_thread.ts";
import { stopAfterCancel, stopAfterFailure, type StopContext } from "./burn_stop.ts";
import { confirmNextWritable, readOnlyAfterClose, recheck } from "./burn_checks.ts";
import { verifyDisc, type VerifyLevel, type VerifyResult } from "./verify.ts";
import { quickSampleSectors } from "./verify_sample.ts";
import { WriteFailure, writeTrack } from "./write_engine.ts";
import { parseSpeed, type SpeedRequest } from "./write_speeds.ts";

/** What can be burned: a re-streamable image, or a one-shot stream of known size. */
export type BurnSource =
  | StreamableImage
  | { readonly stream: ReadableStream<Uint8Array>; readonly size: number };

/** Options of {@linkcode burn}. */
export interface BurnOptions {
  /** Finalize the disc (IMAPI's ForceMediaToBeClosed). Default false: stay appendable. */
  readonly close?: boolean;
  /** "max" (default), a multiple ("8x", 8) or kB/s ("5540kB"). */
  readonly speed?: SpeedRequest;
  /** Read back after writing: none (default), quick or full. */
  readonly verify?: VerifyLevel;
  /** Cancels the burn (the disc is left usable; see `burn_stop.ts`). */
  readonly signal?: AbortSignal;
  /** Progress events. */
  readonly onProgress?: (p: BurnProgress) => void;
  /** Each retry, as it happens. */
  readonly onRetry?: (r: RetryRecord) => void;
  /** Host ring buffer size in bytes (default 4 MiB). */
  readonly bufferBytes?: number;
}

/** What a burn wrote. */
export interface BurnResult {
  /** The medium. */
  readonly media: PhysicalMedia;
  /** The recipe followed. */
  readonly recipe: WriteRecipe;
  /** Its description ("DVD+R, one session per burn"). */
  readonly description: string;
  /** LBA of the image's first sector. */
  readonly startLba: number;
  /** Sectors of the image. */
  readonly imageSectors: number;
  /** Sectors written (the image plus padding). */
  readonly sectorsWritten: number;
  /** Track written (0 on overwritable media). */
  readonly track: number;
  /** The disc is closed now (finalized, or shown by the drive as read-only media). */
  readonly closed: boolean;
  /** Write speed asked for, kB/s (undefined: the drive's own). */
  readonly speedKBps: number | undefined;
  /** The format sent first, if any. */
  readonly formatted: string | undefined;
  /** State before. */
  readonly stateBefore: MediaState;
  /** State after. */
  readonly stateAfter: MediaState;
  /** Verification, when asked. */
  readonly verify: VerifyResult | undefined;
  /** Every retry. */
  readonly retries: readonly RetryRecord[];
  /** Things the caller should know. */
  readonly warnings: readonly string[];
  /** Milliseconds from start to end. */
  readonly elapsedMs: number;
}

/** Retries a whole burn may make, over all commands. */
const BURN_RETRY_BUDGET = 2000;

function capabilities(config: Configuration | undefined, profile: number): PlanCapabilities {
  if (!config || config.features.length === 0) {
    // An MMC-1 drive without GET CONFIGURATION: TAO on CD, incremental on DVD-R.
    return { incremental: true, trackAtOnce: mediaKind(profile).mediaClass === "cd" };
  }
  const feature = (code: number) => config.features.find((f) => f.code === code);
  const f21 = feature(0x0021);
  const link = f21?.linkSizes?.find((n) => n === 16) ?? 16;
  return {
    incremental: f21?.current === true,
    linkSize: link,
    trackAtOnce: feature(0x002d)?.current === true,
  };
}

function sessionWarning(capture: SectorCapture, startLba: number): string | undefined {
  const pvd = capture.kept(16);
  if (!pvd || startLba === 0 || pvd[0] !== 1) return undefined;
  if (readField(pvd, 0, volumeDescriptorTable.standardId) !== "CD001") return undefined;
  const root = readField(pvd, 0, volumeDescriptorTable.rootDirectoryRecord) as Uint8Array;
  const extent = readField(root, 0, directoryRecordTable.extent) as number;
  if (extent >= startLba) return undefined;
  return `the image was mastered for LBA 0 but written as a new session at LBA ${startLba}: ` +
    "readers that mount the last session will not find its files (kiln cannot yet master an " +
    "image for a start LBA; xorriso -C can)";
}

interface Source {
  readonly size: number;
  /** `reader`: a thread reading a mastered image's files ahead (`dataAreaThread()`). */
  readonly open: (signal: AbortSignal | undefined, reader?: DataAreaWriter) => ChunkSource;
  /** The image to verify against: the image itself, or the one-shot stream. */
  readonly image: StreamableImage | undefined;
  readonly stream: () => ReadableStream<Uint8Array>;
}

function source(s: BurnSource): Source {
  if (typeof s.stream === "function") {
    const image = s as StreamableImage;
    return {
      size: image.size,
      image,
      open: (signal, reader) => imageChunks(image, signal, reader),
      stream: () => image.stream(),
    };
  }
  const once = s as { stream: ReadableStream<Uint8Array>; size: number };
  return {
    size: once.size,
    image: undefined,
    open: () => streamChunks(once.stream),
    stream: () => once.stream,
  };
}

/**
 * Burn an image.
 *
 * @param recorder The recorder (see `openDrive`).
 * @param image A `MasteredImage`, an image file (`openImageFile`), or `{ stream, size }`.
 * @param options Close, speed, verify, cancellation, progress.
 * @returns What was written.
 * @throws {UnsuitableMediaError} No disc, a closed, pressed or write-protected disc; nothing written.
 * @throws {NotEnoughSpaceError} The image does not fit; nothing written.
 * @throws {BurnError} The drive failed (names the LBA, sense and the state left).
 * @throws {BurnCancelledError} The signal stopped it (names the state left).
 * @throws {VerifyError} The read-back differs from the image.
 * @throws {InvalidInputError} A bad size or speed, a full verify of a one-shot stream.
 * @example
 * ```ts ignore
 * import { addFromDisk, FileTree, masterImage } from "@kiln/kiln";
 * import { burn, mediaDefaults, openDrive } from "@kiln/kiln/burn";
 * await using recorder = await openDrive("virtual:disc.img?media=dvd+r");
 * const state = await recorder.mediaState();
 * const tree = new FileTree();
 * await addFromDisk(tree, "./photos");
 * const image = masterImage(tree, mediaDefaults(state.mediaClass ?? "dvd").options);
 * const result = await burn(recorder, image, { verify: "full" });
 * console.log(result.stateAfter.status); // "appendable"
 * ```
 */
export function burn(
  recorder: Recorder,
  image: BurnSource,
  options: BurnOptions = {},
): Promise<BurnResult> {
  const src = source(image);
  if (!Number.isInteger(src.size) || src.size <= 0 || src.size % 2048 !== 0) {
    return Promise.reject(
      new InvalidInputError(
        `Cannot burn: the image's size (${src.size} bytes) is not a whole, non-zero number of 2048-byte sectors`,
      ),
    );
  }
  if (options.verify === "full" && !src.image) {
    return Promise.reject(
      new InvalidInputError(
        "Cannot verify fully: the image is a one-shot stream; pass an image whose stream() can be opened again, or verify quick",
      ),
    );
  }
  return recorder.exclusive("burn", () => run(recorder, src, options));
}

async function run(recorder: Recorder, src: Source, options: BurnOptions): Promise<BurnResult> {
  const sectors = src.size / 2048;
  const signal = options.signal;
  const reporter = new BurnReporter(options.onProgress, sectors, undefined);
  reporter.phase("validating");
  const query = await readMediaFacts(recorder.drive, recorder.pollIntervalMs);
  const before = classifyMedia(query.facts);
  const plan = planBurn(before, sectors, capabilities(query.configuration, before.profile), {
    close: options.close ?? false,
  });
  parseSpeed(options.speed ?? "max", before.mediaClass ?? "cd");
  if (signal?.aborted) {
    throw new BurnCancelledError("The burn was cancelled before anything was written", {
      lba: undefined,
      sectorsWritten: 0,
      totalSectors: plan.writeSectors,
      stateAfter: before,
      cause: signal.reason,
    });
  }
  const retries: RetryRecord[] = [];
  const warnings: string[] = [];
  const budget: RetryBudget = { remaining: BURN_RETRY_BUDGET };
  const drive = recorder.drive;
  let written = 0;
  let ready = before; // the state writing starts from (after a format)
  const retry = {
    budget,
    signal,
    onRetry: (r: RetryRecord) => {
      retries.push(r);
      options.onRetry?.(r);
    },
    startUnit: () => drive.startStopUnit({ start: true }),
    synchronizeCache: () => drive.synchronizeCache({ immed: false }),
    reReadState: () => recheck(recorder, ready, plan, plan.startLba + written),
  };
  const stop: () => StopContext = () => ({
    recorder,
    plan,
    reporter,
    retry,
    sectorsWritten: written,
    before,
  });
  const capture = new SectorCapture(quickSampleSectors(sectors), [16]);
  let formatted: string | undefined;
  let speedKBps: number | undefined;
  let ring: SectorRing | undefined;
  // The format's size decides the space: check it before anything is sent.
  const format = plan.format
    ? await planFormat(recorder, before, "burn", plan.format.restart)
    : undefined;
  if (format && format.blocks !== 0xffffffff && format.blocks < plan.writeSectors) {
    throw new NotEnoughSpaceError(sectors, plan.writeSectors, {
      ...before,
      freeSectors: format.blocks,
    });
  }
  try {
    if (plan.format && format) {
      reporter.phase("formatting");
      await formatMedia(recorder, before, {
        purpose: "burn",
        restart: plan.format.restart,
        onProgress: (f) => reporter.operation(f),
        signal,
      }, format);
      formatted = `${format.description} (${plan.format.reason})`;
      ready = await recorder.mediaState();
    }
    reporter.phase("initializing");
    const speed = await applySpeed(recorder, before, plan, options.speed ?? "max");
    if (speed.warning) warnings.push(speed.warning);
    speedKBps = speed.kBps;
    await sendWriteParameters(recorder, plan);
    if (plan.reserveSectors !== undefined) await drive.reserveTrack(plan.reserveSectors);
    if (plan.recipe === "dvd-minus") {
      reporter.phase("calibrating");
      const w = await calibrate(recorder, plan);
      if (w) warnings.push(w);
    }
    await confirmNextWritable(recorder, before, plan);
    const kBps = nominalKBps(speed, before);
    reporter.phase("writing", { total: plan.writeSectors, sectorsPerSecond: (kBps * 1000) / 2048 });
    const reader = src.image?.writeTo ? await dataAreaThread() : undefined;
    ring = new SectorRing(src.open(signal, reader), {
      chunkBytes: plan.chunkSectors * 2048,
      streamBytes: src.size,
      totalBytes: plan.writeSectors * 2048,
      ...(options.bufferBytes ? { capacityBytes: options.bufferBytes } : {}),
      tap: (bytes, offset) => capture.feed(bytes, offset),
    });
    const outcome = await writeTrack({
      recorder,
      plan,
      ring,
      reporter,
      retry,
      speedKBps: kBps,
      signal,
      onWritten: (n) => (written = n),
    });
    written = outcome.sectorsWritten;
    if (outcome.cancelled) {
      await ring.cancel(signal?.reason);
      return await stopAfterCancel(stop(), signal?.reason);
    }
    reporter.phase("finalizing");
    await flushCache({ recorder, reporter, retry });
    try {
      await closeSteps({ recorder, reporter, retry }, plan.closeSteps);
    } catch (err) {
      if (plan.leaves !== "overwritable") throw err;
      warnings.push(`ending the DVD+RW background format failed: ${(err as Error).message}`);
    }
  } catch (err) {
    await ring?.cancel(err).catch(() => {});
    if (err instanceof BurnError || err instanceof BurnCancelledError) throw err;
    if (signal?.aborted && (err === signal.reason || written < plan.writeSectors)) {
      return await stopAfterCancel(stop(), signal.reason);
    }
    if (err instanceof WriteFailure) return await stopAfterFailure(stop(), err.cause, err.lba);
    if (err instanceof InvalidInputError) {
      // The image's stream failed (a source vanished or changed): close like a cancellation.
      if (ring) return await stopAfterCancel(stop(), err, true);
      throw err;
    }
    return await stopAfterFailure(stop(), err, undefined);
  }
  const w = sessionWarning(capture, plan.startLba);
  if (w) warnings.push(w);
  const after = await recorder.mediaState();
  const shownReadOnly = readOnlyAfterClose(before, after);
  if (shownReadOnly && plan.leaves === "appendable") {
    warnings.push(
      `the drive now shows the disc as a ${after.media.toUpperCase()}: closing the track or ` +
        "session closed the disc, so no further session can be added",
    );
  }
  let verified: VerifyResult | undefined;
  const level = options.verify ?? "none";
  if (level !== "none") {
    reporter.phase("verifying", { total: sectors });
    verified = await verifyDisc(
      recorder,
      src.image ?? { size: src.size, stream: src.stream },
      {
        level,
        startLba: plan.startLba,
        sampleDigests: capture.digests,
        signal,
        onProgress: (p) => reporter.sectors(p.lba, p.sectorsDone),
      },
    );
  }
  reporter.phase("completed");
  return {
    media: before.media,
    recipe: plan.recipe,
    description: plan.description,
    startLba: plan.startLba,
    imageSectors: sectors,
    sectorsWritten: written,
    track: plan.leaves === "overwritable" ? 0 : plan.track,
    closed: after.status === "closed" || shownReadOnly,
    speedKBps,
    formatted,
    stateBefore: before,
    stateAfter: after,
    verify: verified,
    retries,
    warnings,
    elapsedMs: reporter.elapsedMs,
  };
}
