/**
 * {@linkcode Recorder}: one optical drive, as IMAPI2's `IDiscRecorder2` and the query side
 * of `IDiscFormat2Data` present it: identity (INQUIRY), supported and current profiles and
 * features (GET CONFIGURATION), the media state (blank / appendable / closed / overwritable
 * / no media / unsupported, free and total sectors, next writable address, sessions,
 * tracks), the supported write speeds (GET PERFORMANCE 03h, falling back to mode page
 * 2Ah), eject and load, and the tray lock used while burning.
 *
 * A recorder runs one operation at a time (burn, erase, verify): a second one started while
 * the first runs is refused, the way IMAPI2's exclusive access refuses a second writer.
 *
 * @module
 */

import { MmcDrive } from "../mmc/drive.ts";
import { MmcDataError, ScsiCommandError } from "../mmc/errors.ts";
import { RetriesExhaustedError, withRetry } from "./command_retry.ts";
import type { FeatureDescriptor } from "../mmc/features.ts";
import { profileInfo } from "../mmc/profiles.ts";
import type { Transport } from "../mmc/transport.ts";
import { InvalidInputError } from "../model/errors.ts";
import { classifyMedia, type MediaState } from "./media_state.ts";
import { mediaKind, type PhysicalMedia } from "./media_type.ts";
import { readMediaFacts } from "./read_media_facts.ts";
import { normalizeWriteSpeeds, type WriteSpeed } from "./write_speeds.ts";

/** Who the drive is. */
export interface DriveIdentity {
  /** The spec it was opened with ("/dev/sr0", "virtual:disc.img?media=bd-r"). */
  readonly spec: string;
  /** The device path, or a virtual drive's user-data file. */
  readonly path: string;
  /** INQUIRY vendor. */
  readonly vendor: string;
  /** INQUIRY product. */
  readonly product: string;
  /** INQUIRY revision. */
  readonly revision: string;
}

/** A profile the drive supports. */
export interface ProfileSummary {
  /** Profile number. */
  readonly number: number;
  /** MMC name ("DVD+R DL"). */
  readonly name: string;
  /** kiln's medium name, "unknown" when kiln does not write it. */
  readonly media: PhysicalMedia;
  /** The loaded disc has this profile. */
  readonly current: boolean;
}

/** Options of {@linkcode Recorder.open}. */
export interface RecorderOptions {
  /** A hex trace of every command. */
  readonly trace?: (line: string) => void;
  /** How often long operations are polled, in ms (default 500, libburn's rate). */
  readonly pollIntervalMs?: number;
}

/** One optical drive. */
export class Recorder {
  /** The MMC commands. */
  readonly drive: MmcDrive;
  /** Who the drive is. */
  readonly identity: DriveIdentity;
  /** Poll interval for long operations. */
  readonly pollIntervalMs: number;
  #operation: string | undefined;
  #closed = false;

  private constructor(drive: MmcDrive, identity: DriveIdentity, pollIntervalMs: number) {
    this.drive = drive;
    this.identity = identity;
    this.pollIntervalMs = pollIntervalMs;
  }

  /**
   * Take over a transport: INQUIRY, and refuse anything that is not an MMC drive.
   *
   * @param transport The transport (closed with the recorder).
   * @param spec The spec it was opened with.
   * @param options Trace and polling.
   * @returns The recorder.
   * @throws {InvalidInputError} When the device is not a CD/DVD/BD drive (peripheral type 5).
   */
  static async open(
    transport: Transport,
    spec: string,
    options: RecorderOptions = {},
  ): Promise<Recorder> {
    const drive = new MmcDrive(transport, options.trace ? { trace: options.trace } : {});
    try {
      const inq = await drive.inquiry();
      if (inq.peripheralType !== 5 || inq.peripheralQualifier !== 0) {
        throw new InvalidInputError(
          `Cannot use ${
            JSON.stringify(spec)
          } as a recorder: it is SCSI device type ${inq.peripheralType}, not a CD/DVD/BD drive (type 5)`,
        );
      }
      // Take the power-on / media-change unit attention now (libburn's grab does the
      // same), so that the first query does not trip over it.
      for (let i = 0; i < 3; i++) {
        try {
          await drive.testUnitReady();
          break;
        } catch (err) {
          if (!(err instanceof ScsiCommandError) || err.category !== "unit-attention") break;
        }
      }
      const path = spec.startsWith("virtual:") ? spec.slice(8).split("?")[0]! : spec;
      return new Recorder(drive, {
        spec,
        path,
        vendor: inq.vendor,
        product: inq.product,
        revision: inq.revision,
      }, options.pollIntervalMs ?? 500);
    } catch (err) {
      await transport.close().catch(() => {});
      throw err;
    }
  }

  /** The supported profiles (feature 0000h) and which one is current. */
  async profiles(): Promise<ProfileSummary[]> {
    const config = await this.drive.getConfiguration();
    const list = config.profiles.length > 0
      ? config.profiles
      : config.currentProfile
      ? [{ profile: config.currentProfile, current: true }]
      : [];
    return list.map((p) => ({
      number: p.profile,
      name: profileInfo(p.profile).name,
      media: mediaKind(p.profile).media,
      current: p.current || p.profile === config.currentProfile && config.currentProfile !== 0,
    }));
  }

  /** Every feature descriptor the drive reports (current or not). */
  async features(): Promise<FeatureDescriptor[]> {
    return (await this.drive.getConfiguration()).features;
  }

  /** What is in the drive (see `media_state.ts` for the rules). */
  async mediaState(): Promise<MediaState> {
    return classifyMedia((await readMediaFacts(this.drive, this.pollIntervalMs)).facts);
  }

  /**
   * The write speeds the drive offers for the loaded disc, fastest first: GET PERFORMANCE
   * type 03h; when that fails or lists nothing usable, the descriptors of mode page 2Ah
   * (libburn's and growisofs' fallback). Empty without a writable disc.
   */
  async writeSpeeds(): Promise<WriteSpeed[]> {
    const config = await this.drive.getConfiguration().catch(() => undefined);
    const mediaClass = mediaKind(config?.currentProfile ?? 0).mediaClass;
    if (!mediaClass) return [];
    const budget = { remaining: 10 };
    try {
      const perf = await withRetry(() => this.drive.getPerformance({ type: 3 }), {
        kind: "other",
        budget,
      });
      const list = normalizeWriteSpeeds(
        perf.descriptors.map((d) => ({ writeKBps: d.writeSpeed, rotationControl: d.wrc })),
        mediaClass,
        "get-performance",
      );
      if (list.length > 0) return list;
    } catch (err) {
      if (!isDriveAnswer(err)) throw err;
    }
    try {
      const caps = await withRetry(() => this.drive.readCapabilities(), { kind: "other", budget });
      return normalizeWriteSpeeds(
        caps.writeSpeeds.map((d) => ({
          writeKBps: d.writeSpeed,
          rotationControl: d.rotationControl,
        })),
        mediaClass,
        "mode-page-2a",
      );
    } catch (err) {
      if (isDriveAnswer(err)) return [];
      throw err;
    }
  }

  /**
   * Open the tray (or eject the disc): allow removal first, then START STOP UNIT with LoEj.
   *
   * @throws {ScsiCommandError} When the drive refuses (5/53/02 if locked by someone else).
   */
  async eject(): Promise<void> {
    this.#assertIdle("eject the disc");
    await this.drive.preventAllowMediumRemoval(false).catch(() => {});
    await this.drive.startStopUnit({ loadEject: true, start: false });
  }

  /** Close the tray and wait until the drive is ready (or reports no disc). */
  async load(): Promise<void> {
    this.#assertIdle("load the disc");
    await this.drive.startStopUnit({ loadEject: true, start: true });
    await this.mediaState();
  }

  /**
   * Run `fn` as this recorder's one operation, with the tray locked (PREVENT MEDIUM
   * REMOVAL) while it runs and unlocked afterwards, whatever happens.
   *
   * @param what For messages ("burn").
   * @param fn The operation.
   * @returns What `fn` returns.
   * @throws {InvalidInputError} When another operation is running.
   */
  async exclusive<T>(what: string, fn: () => Promise<T>): Promise<T> {
    this.#assertIdle(what);
    this.#operation = what;
    let locked = false;
    try {
      await withRetry(() => this.drive.preventAllowMediumRemoval(true), {
        kind: "other",
        budget: { remaining: 5 },
      }).then(() => (locked = true), () => {});
      return await fn();
    } finally {
      if (locked) await this.drive.preventAllowMediumRemoval(false).catch(() => {});
      this.#operation = undefined;
    }
  }

  #assertIdle(what: string): void {
    if (this.#closed) {
      throw new InvalidInputError(`Cannot ${what}: the recorder ${this.identity.spec} is closed`);
    }
    if (this.#operation) {
      throw new InvalidInputError(
        `Cannot ${what}: the recorder ${this.identity.spec} is busy with a ${this.#operation}`,
      );
    }
  }

  /** Release the drive (its transport and exclusive access). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.drive.transport.close();
  }

  /** `await using recorder = await openDrive(...)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** The drive refused or answered nonsense (as opposed to a transport or program error). */
function isDriveAnswer(err: unknown): boolean {
  return err instanceof ScsiCommandError || err instanceof MmcDataError ||
    err instanceof RetriesExhaustedError;
}
