/**
 * Opening a virtual drive: reconcile the options with the sidecar, create or load the disc,
 * open the data file, apply what an interrupted session left, and power the drive on
 * (6/29/00 for the first command).
 *
 * @module
 */

import { InvalidInputError } from "../../src/model/errors.ts";
import { BackingStore, DATA_BLOCK } from "./backing_store.ts";
import { createDisc, type DiscState, recordingKind } from "./disc_state.ts";
import { driveConfig, type DriveIdentity, isQuirkName, type QuirkName } from "./drive_config.ts";
import { DriveModel, interruptWrite } from "./drive_model.ts";
import { FaultPlan, type FaultSpec, noFaults } from "./fault_plan.ts";
import { type MediaName, mediaSpec } from "./media_catalogue.ts";
import { SENSE } from "./sense_error.ts";
import { readSidecar, sidecarPath } from "./sidecar.ts";
import { type Clock, TimeModel } from "./timing_model.ts";
import type { SpeedSetting } from "./virtual_spec.ts";

/** Options of `VirtualRecorder.open` (the programmatic form of a drive spec). */
export interface VirtualRecorderOptions {
  /** The user-data file. */
  path: string;
  /** The disc to create when there is no sidecar yet. */
  media?: MediaName;
  /** Fastest write speed. */
  speed?: SpeedSetting;
  /** Time scale (default 1). */
  timeScale?: number;
  /** Drive buffer bytes. */
  bufferBytes?: number;
  /** INQUIRY identity. */
  identity?: Partial<DriveIdentity>;
  /** Write-protect the medium. */
  writeProtected?: boolean;
  /** Quirks (replace those kept in the sidecar). */
  quirks?: QuirkName[];
  /** Faults. */
  faults?: FaultSpec;
  /** Clock (tests). */
  clock?: Clock;
  /** Trace of each command and its outcome. */
  trace?: (line: string) => void;
}

const openPaths = new Set<string>();

/**
 * Release a path claimed by {@linkcode openDrive}.
 *
 * @param path The data file.
 */
export function releasePath(path: string): void {
  openPaths.delete(path);
}

function refuse(path: string, why: string): never {
  throw new InvalidInputError(`Cannot open virtual drive ${JSON.stringify(path)}: ${why}`, {
    path,
  });
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await Deno.stat(path)).size;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

function speedKbps(
  speed: SpeedSetting | undefined,
  disc: DiscState | undefined,
): number | undefined {
  if (!speed) return undefined;
  if ("kBps" in speed) return speed.kBps;
  if (!disc) return undefined;
  const unit = { cd: 176.4, dvd: 1385, bd: 4495 }[mediaSpec(disc.media).mediaClass];
  return Math.round(speed.x * unit);
}

async function newDisc(path: string, media: MediaName): Promise<DiscState | undefined> {
  if (media === "none") return undefined;
  const size = await fileSize(path);
  if (mediaSpec(media).kind === "rom") {
    if (!size || size % DATA_BLOCK !== 0) {
      refuse(
        path,
        `a pressed ${media} needs the image in the file (a non-empty multiple of 2048 bytes; it has ${
          size ?? "no file"
        })`,
      );
    }
    return createDisc(media, size / DATA_BLOCK);
  }
  if (size) {
    refuse(
      path,
      `the file holds ${size} bytes but has no ${
        sidecarPath(path)
      }: it is not a kiln virtual disc (use another PATH, or remove the file)`,
    );
  }
  return createDisc(media);
}

/**
 * Open the drive behind `VirtualRecorder.open`.
 *
 * @param o Options.
 * @param clock Clock.
 * @returns The powered-on drive.
 */
export async function openDrive(o: VirtualRecorderOptions, clock: Clock): Promise<DriveModel> {
  const path = o.path;
  if (!path) refuse(path, 'a virtual drive needs a file: "virtual:PATH?media=NAME"');
  if (openPaths.has(path)) refuse(path, "it is already open in this process");
  const sidecar = await readSidecar(path);
  let disc: DiscState | undefined;
  let tray: "open" | "closed" = "closed";
  if (sidecar) {
    disc = sidecar.disc ?? undefined;
    tray = sidecar.tray;
    const has = disc?.media ?? "none";
    if (o.media !== undefined && o.media !== has) {
      refuse(
        path,
        `its sidecar holds ${
          has === "none" ? "no disc" : `a ${has} disc`
        }, the spec asks for media=${o.media} (leave media= out, or use another PATH)`,
      );
    }
    if (disc && (await fileSize(path)) === undefined) {
      refuse(path, `the sidecar describes a ${disc.media} disc but the data file is missing`);
    }
  } else {
    if (o.media === undefined) {
      refuse(
        path,
        "there is no disc here yet: add media=NAME (cd-r, cd-rw, dvd-r, dvd-rw, dvd-rw-ro, dvd+r, dvd+r-dl, dvd+rw, dvd-ram, bd-r, bd-re, cd-rom, dvd-rom, bd-rom, none)",
      );
    }
    disc = await newDisc(path, o.media);
  }
  if (disc && o.writeProtected !== undefined) disc.writeProtected = o.writeProtected;
  const kept = sidecar?.drive;
  const quirks = o.quirks ?? (kept?.quirks ?? []).filter(isQuirkName);
  const config = driveConfig({
    identity: { ...(kept?.identity ?? driveConfig().identity), ...o.identity },
    maxWriteSpeed: speedKbps(o.speed, disc) ?? kept?.maxWriteSpeed,
    bufferBytes: o.bufferBytes ?? kept?.bufferBytes,
    timeScale: o.timeScale ?? 1,
    quirks: new Set(quirks),
  });
  const rom = disc !== undefined && recordingKind(disc) === "rom";
  const store = BackingStore.open(path, rom);
  openPaths.add(path);
  const drive = new DriveModel(path, config, {
    faults: new FaultPlan(o.faults ?? noFaults()),
    time: new TimeModel(clock, config.timeScale, 0),
    store,
  });
  drive.disc = disc;
  drive.tray = tray;
  if (disc?.inFlight !== undefined) interruptWrite(disc, store, 0, config);
  drive.reset();
  drive.unitAttention.push(SENSE.powerOnReset);
  if (disc && tray === "closed") drive.mediaEvent = 2;
  drive.dirty = true;
  await drive.persist();
  return drive;
}

/**
 * Swap the disc for a new one (`VirtualRecorder.insert`).
 *
 * @param drive The drive.
 * @param media The new medium.
 */
export async function replaceDisc(drive: DriveModel, media: MediaName): Promise<void> {
  drive.time.abandon();
  if (media !== "none" && mediaSpec(media).kind === "rom") {
    const blocks = Math.floor(drive.store.bytes / DATA_BLOCK);
    if (blocks === 0) refuse(drive.path, `a pressed ${media} needs the image in the file`);
    drive.disc = createDisc(media, blocks);
  } else {
    drive.store.truncate(0);
    drive.disc = media === "none" ? undefined : createDisc(media);
  }
  drive.tray = "closed";
  if (drive.disc) {
    drive.unitAttention.push(SENSE.mediumChanged);
    drive.mediaEvent = 2;
    drive.faults.mediumLoaded();
  }
  drive.time.resetBuffer(drive.bufferSize());
  drive.applySpeed();
  drive.dirty = true;
  await drive.persist();
}
