/**
 * The virtual drive's state (reference/mmc.md 6.1 "Drive") around the disc: tray and lock,
 * page 05, selected speeds, the buffer and long-operation timer, pending unit attentions,
 * faults, the backing file and the sidecar. Command handlers (`commands/*.ts`) work on it;
 * `VirtualRecorder` owns it and dispatches to them.
 *
 * @module
 */

import { TransportError } from "../../src/mmc/transport.ts";
import { type BackingStore, DATA_BLOCK } from "./backing_store.ts";
import { discSpec, type DiscState, growingTrack, recordingKind } from "./disc_state.ts";
import type { DriveConfig } from "./drive_config.ts";
import type { FaultPlan } from "./fault_plan.ts";
import { type MediaClass, type MediaSpec, mediaSpec } from "./media_catalogue.ts";
import { SENSE, type SenseCode } from "./sense_error.ts";
import { type SidecarData, writeSidecar } from "./sidecar.ts";
import type { TimeModel } from "./timing_model.ts";
import { defaultWriteParameters, type WriteParameters } from "./write_parameters.ts";
import type { WriteContext } from "./write_rules.ts";

/**
 * Tolerance when matching a requested speed: growisofs counts 1x DVD as 1352 kB/s where the
 * drive lists 1385 (2.4 %), and hosts round; a request within 3 % of a speed selects it.
 */
const SPEED_SLACK = 0.97;

/** The drive. */
export class DriveModel {
  /** Fixed configuration. */
  readonly config: DriveConfig;
  /** The user-data file. */
  readonly path: string;
  /** Faults armed. */
  readonly faults: FaultPlan;
  /** Buffer and long operations. */
  readonly time: TimeModel;
  /** Where user data is kept. */
  readonly store: BackingStore;
  /** The loaded disc (also when the tray is open: it sits in the tray). */
  disc: DiscState | undefined;
  /** Tray position. */
  tray: "open" | "closed" = "closed";
  /** PREVENT ALLOW MEDIUM REMOVAL state. */
  prevent = false;
  /** Current page 05. */
  params: WriteParameters;
  /** Write speed asked for (kB/s), before clamping to the medium's list. */
  requestedWriteSpeed = Infinity;
  /** Read speed asked for (kB/s). */
  requestedReadSpeed = Infinity;
  /** Unit attentions waiting for delivery. */
  readonly unitAttention: SenseCode[] = [];
  /** Power is off (a power-loss fault fired). */
  poweredOff = false;
  /** State changed since the sidecar was written. */
  dirty = false;
  /** Media event for GET EVENT STATUS NOTIFICATION (0 none, 2 new media, 3 removal). */
  mediaEvent = 0;
  /** Background format end time (clock ms), while a DVD+RW format runs. */
  bgFormatEnd: number | undefined;

  /**
   * Create the drive.
   *
   * @param path The user-data file.
   * @param config Fixed configuration.
   * @param parts Faults, time model and backing store.
   */
  constructor(
    path: string,
    config: DriveConfig,
    parts: { faults: FaultPlan; time: TimeModel; store: BackingStore },
  ) {
    this.path = path;
    this.config = config;
    this.faults = parts.faults;
    this.time = parts.time;
    this.store = parts.store;
    this.params = defaultWriteParameters(undefined);
  }

  /** The disc when it is in the drive and the tray is closed. */
  get loaded(): DiscState | undefined {
    return this.tray === "closed" ? this.disc : undefined;
  }

  /** The loaded disc's catalogue entry. */
  get spec(): MediaSpec | undefined {
    const d = this.loaded;
    return d ? discSpec(d) : undefined;
  }

  /** The loaded medium's class. */
  get mediaClass(): MediaClass | undefined {
    return this.spec?.mediaClass;
  }

  /** Current profile (0 without a medium). */
  get profile(): number {
    return this.loaded?.profile ?? 0;
  }

  /**
   * Write speeds for the loaded medium, fastest first, cut at the drive's maximum.
   *
   * @returns kB/s values (empty for pressed media or no medium).
   */
  writeSpeeds(): number[] {
    const all = this.spec?.writeSpeeds ?? [];
    if (recordingKind(this.loaded ?? ({ profile: 8 } as DiscState)) === "rom") return [];
    const max = this.config.maxWriteSpeed;
    if (max === undefined) return [...all];
    const cut = all.filter((s) => s <= max);
    return cut.length > 0 ? cut : all.slice(-1);
  }

  /**
   * The write speed in effect: the fastest supported speed not above the one asked for
   * (allowing growisofs' 1024-based units), or the slowest.
   *
   * @returns kB/s (0 without a writable medium).
   */
  writeSpeed(): number {
    const list = this.writeSpeeds();
    const fit = list.find((s) => s * SPEED_SLACK <= this.requestedWriteSpeed);
    return fit ?? list[list.length - 1] ?? 0;
  }

  /** Read speed in effect, kB/s. */
  readSpeed(): number {
    const nominal = this.spec?.readSpeed ?? 0;
    return Math.min(nominal, this.requestedReadSpeed);
  }

  /** Re-derive the buffer drain rate after a speed or medium change. */
  applySpeed(): void {
    this.time.setWriteSpeed(this.writeSpeed());
  }

  /** Drive buffer size for the loaded medium. */
  bufferSize(): number {
    return this.config.bufferBytes ?? this.spec?.bufferBytes ?? 0x180000;
  }

  /**
   * The write rules' view of the drive.
   *
   * @returns Disc, page 05, quirks (the disc must be loaded).
   */
  writeContext(): WriteContext {
    return { disc: this.loaded!, params: this.params, quirks: this.config.quirks };
  }

  /**
   * The NOT READY condition for a busy drive (quirk `busy-04-00` hides the cause).
   *
   * @param natural What the operation reports on a clean drive.
   * @returns The condition.
   */
  busyCode(natural: SenseCode): SenseCode {
    return this.config.quirks.has("busy-04-00") ? SENSE.notReady : natural;
  }

  /** Power-on or reset: page 05 and speeds back to defaults (mmc.md 6 #28). */
  reset(): void {
    this.params = defaultWriteParameters(this.mediaClass);
    this.requestedWriteSpeed = Infinity;
    this.requestedReadSpeed = Infinity;
    this.prevent = false;
    this.time.resetBuffer(this.bufferSize());
    this.time.abandon();
    this.applySpeed();
  }

  /**
   * Lose power: what is in the buffer never reaches the disc, a track being written is left
   * damaged (mmc.md 6 #2), and the drive stops answering.
   *
   * @param why For the TransportError of later commands.
   */
  losePower(why: string): void {
    const lostBytes = this.time.dropBuffer();
    const disc = this.disc;
    if (disc) interruptWrite(disc, this.store, Math.ceil(lostBytes / DATA_BLOCK), this.config);
    this.time.abandon();
    this.poweredOff = true;
    this.powerLossReason = why;
    this.dirty = true;
  }

  /** Why the drive is off. */
  powerLossReason = "";

  /**
   * Fail a command because the drive has no power.
   *
   * @throws {TransportError} Always (kind "closed").
   */
  assertPowered(): void {
    if (this.poweredOff) {
      throw new TransportError(
        `Cannot execute a command on virtual drive ${this.path}: it lost power (${this.powerLossReason})`,
        { kind: "closed", device: this.path },
      );
    }
  }

  /** The sidecar contents for the current state. */
  sidecar(): SidecarData {
    const { identity, maxWriteSpeed, bufferBytes, quirks } = this.config;
    return {
      kind: "kiln-virtual-disc",
      version: 1,
      disc: this.disc ?? null,
      tray: this.tray,
      drive: {
        identity,
        ...(maxWriteSpeed === undefined ? {} : { maxWriteSpeed }),
        ...(bufferBytes === undefined ? {} : { bufferBytes }),
        quirks: [...quirks],
      },
    };
  }

  /** Write the sidecar when the state changed. */
  async persist(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await writeSidecar(this.path, this.sidecar());
  }
}

/**
 * What a power loss (or a reopened sidecar that still shows a write burst) leaves: the
 * track being written keeps what reached the disc and is marked damaged; blocks that were
 * only buffered are gone from the data file.
 *
 * @param disc The disc (changed).
 * @param store The data file.
 * @param lostBlocks Blocks that were still in the buffer.
 * @param config For the `damage-writable` quirk.
 */
export function interruptWrite(
  disc: DiscState,
  store: BackingStore,
  lostBlocks: number,
  config: DriveConfig,
): void {
  if (disc.inFlight === undefined) return;
  if (recordingKind(disc) === "sequential") {
    const t = disc.tracks.find((t) => t.number === disc.inFlight) ?? growingTrack(disc);
    if (t && !t.closed) {
      t.recorded = Math.max(0, t.recorded - lostBlocks);
      t.damage = config.quirks.has("damage-writable") ? "writable" : "unwritable";
      const end = t.start + t.recorded;
      const next = disc.tracks.find((o) => o.start > t.start);
      if (next) store.zero(end, next.start - end);
      else store.truncate(end);
    }
  } else if (disc.format.state === "running") {
    disc.format.state = "suspended";
  }
  delete disc.inFlight;
}

/**
 * The catalogue entry of a disc's medium (re-exported for handlers).
 *
 * @param disc The disc.
 * @returns Its spec.
 */
export function specOf(disc: DiscState): MediaSpec {
  return mediaSpec(disc.media);
}
