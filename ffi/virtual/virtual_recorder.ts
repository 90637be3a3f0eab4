/**
 * kiln's virtual recorder: a software MMC drive over a file that implements
 * {@linkcode Transport}. See `mod.ts` for the behaviour it models and the spec keys.
 *
 * Command validation order (reference/mmc.md 6.1): unknown opcode 5/20/00; a pending unit
 * attention 6/xx (except INQUIRY, REQUEST SENSE, GET CONFIGURATION, GET EVENT STATUS
 * NOTIFICATION); a not-ready fault burst; no medium 2/3A/01 (tray closed) or 2/3A/02 (open);
 * a running long operation 2/04/xx with progress (TEST UNIT READY reports it, REQUEST SENSE,
 * INQUIRY, GET CONFIGURATION, GESN, MODE SENSE, READ BUFFER CAPACITY and PREVENT ALLOW are
 * answered normally); then the handler's own CDB checks (5/24/00), parameter list checks
 * (5/26/00, 5/1A/00), state checks (5/30/xx, 5/64/00, 5/21/02, 5/2C/00) and execution.
 *
 * @module
 */

import { buildSense } from "../../src/mmc/sense.ts";
import {
  type ScsiRequest,
  type ScsiResult,
  ScsiStatus,
  type Transport,
  TransportError,
} from "../../src/mmc/transport.ts";
import { allCommands } from "./commands/all_commands.ts";
import type { CommandEntry } from "./commands/command_entry.ts";
import { busyState, noMediumCode } from "./commands/identify.ts";
import { recordingMs } from "./commands/long_operation.ts";
import { closeTray, openTray } from "./commands/tray.ts";
import type { DiscState } from "./disc_state.ts";
import type { DriveModel } from "./drive_model.ts";
import type { FaultPlan } from "./fault_plan.ts";
import type { MediaName } from "./media_catalogue.ts";
import { openDrive, releasePath, replaceDisc, type VirtualRecorderOptions } from "./open_drive.ts";
import { SENSE, SenseError } from "./sense_error.ts";
import { systemClock } from "./timing_model.ts";
import { parseVirtualSpec } from "./virtual_spec.ts";

/** A copy of the drive's state for tests and inspection. */
export interface VirtualDiscStateSnapshot {
  /** The disc (in the drive or in the open tray), or undefined. */
  disc: DiscState | undefined;
  /** Tray position. */
  tray: "open" | "closed";
  /** PREVENT state. */
  prevent: boolean;
  /** Write speed in effect, kB/s. */
  writeSpeed: number;
  /** Bytes in the drive buffer. */
  bufferFill: number;
  /** The running long operation's name. */
  busy: string | undefined;
  /** Unit attentions waiting. */
  unitAttention: string[];
  /** Power is off after a power-loss fault. */
  poweredOff: boolean;
  /** Page 05 write type. */
  writeType: number;
}

const TABLE = new Map<number, CommandEntry>(allCommands.map((c) => [c.opcode, c]));

/** The virtual recorder. */
export class VirtualRecorder implements Transport {
  /** The drive spec or path, for messages. */
  readonly name: string;
  /** Fault injection (programmatic API). */
  readonly faults: FaultPlan;
  readonly #drive: DriveModel;
  readonly #trace: ((line: string) => void) | undefined;
  #closed = false;

  private constructor(name: string, drive: DriveModel, trace?: (line: string) => void) {
    this.name = name;
    this.#drive = drive;
    this.faults = drive.faults;
    this.#trace = trace;
  }

  /**
   * Open a virtual drive: create the disc on first use (`media=`), or load it from the
   * sidecar.
   *
   * @param spec `virtual:PATH?media=...` or options.
   * @returns The drive.
   * @throws {InvalidInputError} For a bad spec, a missing `media=` on first use, a PATH that
   *   holds other data, a sidecar that disagrees with `media=`, or a drive already open.
   * @example
   * ```ts ignore
   * const drive = await VirtualRecorder.open("virtual:/tmp/disc.iso?media=bd-r&timeScale=0");
   * await drive.close();
   * ```
   */
  static async open(spec: string | VirtualRecorderOptions): Promise<VirtualRecorder> {
    const options = typeof spec === "string" ? optionsFromSpec(spec) : spec;
    const drive = await openDrive(options, options.clock ?? systemClock);
    return new VirtualRecorder(
      typeof spec === "string" ? spec : `virtual:${options.path}`,
      drive,
      options.trace,
    );
  }

  /** The drive's state (a copy). */
  get state(): VirtualDiscStateSnapshot {
    const d = this.#drive;
    return {
      disc: d.disc === undefined ? undefined : structuredClone(d.disc),
      tray: d.tray,
      prevent: d.prevent,
      writeSpeed: d.writeSpeed(),
      bufferFill: d.time.bufferFill,
      busy: d.time.operation?.name,
      unitAttention: d.unitAttention.map((u) => u.text),
      poweredOff: d.poweredOff,
      writeType: d.params.writeType,
    };
  }

  /**
   * Execute one command.
   *
   * @param req The command.
   * @returns Status, sense and residual.
   * @throws {TransportError} After close, after a power loss, for a request whose data
   *   direction does not match the command, or when a command outlasts its timeout.
   */
  async execute(req: ScsiRequest): Promise<ScsiResult> {
    const drive = this.#drive;
    if (this.#closed) {
      throw new TransportError(`Cannot execute a command on ${this.name}: the drive is closed`, {
        kind: "closed",
        device: this.name,
      });
    }
    drive.assertPowered();
    const entry = TABLE.get(req.cdb[0] ?? -1);
    const length = req.data?.length ?? 0;
    try {
      this.#advance();
      if (!entry) throw new SenseError(SENSE.invalidOpcode, `opcode ${req.cdb[0]?.toString(16)}h`);
      if (entry.direction !== "none" && req.direction !== entry.direction && length > 0) {
        throw new TransportError(
          `Cannot execute ${entry.name} on ${this.name}: the request's data direction is "${req.direction}", the command's is "${entry.direction}"`,
          { kind: "host", device: this.name },
        );
      }
      this.#gate(entry);
      const out = await entry.run({ drive, req });
      let moved = 0;
      if (typeof out === "number") moved = out;
      else if (out instanceof Uint8Array && req.data) {
        moved = Math.min(out.length, req.data.length);
        req.data.set(out.subarray(0, moved));
      } else if (entry.direction === "out") moved = length;
      this.#trace?.(`${entry.name}: GOOD`);
      return {
        status: ScsiStatus.good,
        sense: new Uint8Array(0),
        residual: Math.max(0, length - moved),
      };
    } catch (e) {
      if (!(e instanceof SenseError)) throw e;
      this.#trace?.(`${entry?.name ?? "?"}: ${e.message}`);
      const sense = buildSense(e.code.key, e.code.asc, e.code.ascq, {
        ...e.detail,
        format: drive.config.quirks.has("sense-descriptor") ? "descriptor" : "fixed",
      });
      return { status: ScsiStatus.checkCondition, sense, residual: length };
    } finally {
      if (drive.dirty) await drive.persist();
    }
  }

  /** Validation before the handler (see the module doc). */
  #gate(entry: CommandEntry): void {
    const drive = this.#drive;
    if (!entry.ignoresUnitAttention) {
      const ua = drive.unitAttention.shift();
      if (ua) throw new SenseError(ua, "unit attention");
    }
    if (entry.medium) {
      const nr = drive.faults.notReadyNow();
      if (nr) throw new SenseError(nr, "injected not-ready burst");
      if (!drive.loaded) throw new SenseError(noMediumCode(drive), "no medium");
    }
    if (!entry.whileBusy && drive.time.operation) {
      const fallThrough = drive.config.quirks.has("immed-fall-through");
      const busy = busyState(drive, "other")!;
      drive.time.polled();
      const code = fallThrough ? drive.busyCode(SENSE.operationInProgress) : busy.code;
      throw new SenseError(
        code,
        `${drive.time.operation?.name ?? "a long operation"} in progress`,
        {
          ...(busy.progress === undefined ? {} : { progress: busy.progress }),
        },
      );
    }
  }

  /** Let modelled time act: a DVD+RW background format ends. */
  #advance(): void {
    const drive = this.#drive;
    const disc = drive.loaded;
    if (disc?.format.state !== "running") return;
    const now = drive.time.clock.now();
    if (drive.bgFormatEnd === undefined) {
      const ms = recordingMs(disc.capacity, drive.writeSpeed());
      drive.bgFormatEnd = now + drive.time.scaled(ms);
      return;
    }
    if (now >= drive.bgFormatEnd) {
      disc.format.state = "formatted";
      drive.bgFormatEnd = undefined;
      drive.dirty = true;
    }
  }

  /**
   * Put a new disc in the drive (the old one's data is discarded), as if a user swapped
   * discs: the next command gets 6/28/00.
   *
   * @param media The medium (`none` empties the drive); pressed media take the data file's
   *   current contents.
   */
  async insert(media: MediaName): Promise<void> {
    await replaceDisc(this.#drive, media);
  }

  /** Open the tray (ignoring PREVENT, like a user with a paper clip). */
  async eject(): Promise<void> {
    openTray(this.#drive, true);
    await this.#drive.persist();
  }

  /** Close the tray. */
  async load(): Promise<void> {
    closeTray(this.#drive);
    await this.#drive.persist();
  }

  /**
   * Switch the drive off and on: buffered data is lost (a track being written is left
   * damaged), settings return to their defaults, and the next command gets 6/29/00.
   */
  async powerCycle(): Promise<void> {
    const drive = this.#drive;
    if (!drive.poweredOff) drive.losePower("power cycle");
    drive.poweredOff = false;
    drive.unitAttention.length = 0;
    drive.unitAttention.push(SENSE.powerOnReset);
    drive.reset();
    await drive.persist();
  }

  /** Write the state and release the file. Calling it twice does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const drive = this.#drive;
    // the drive stays powered after the host lets go: what is buffered reaches the disc
    // (an open track stays open, but is not damaged)
    if (!drive.poweredOff) {
      drive.time.flushed();
      if (drive.disc) delete drive.disc.inFlight;
    }
    drive.dirty = true;
    try {
      await drive.persist();
    } finally {
      drive.store.close();
      releasePath(drive.path);
    }
  }
}

function optionsFromSpec(spec: string): VirtualRecorderOptions {
  const s = parseVirtualSpec(spec);
  return {
    path: s.path ?? "",
    ...(s.media === undefined ? {} : { media: s.media }),
    ...(s.speed === undefined ? {} : { speed: s.speed }),
    ...(s.timeScale === undefined ? {} : { timeScale: s.timeScale }),
    ...(s.bufferBytes === undefined ? {} : { bufferBytes: s.bufferBytes }),
    ...(s.writeProtected === undefined ? {} : { writeProtected: s.writeProtected }),
    identity: s.identity,
    ...(s.quirks.length > 0 ? { quirks: s.quirks } : {}),
    faults: s.faults,
  };
}
