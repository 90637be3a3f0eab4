/**
 * {@linkcode MmcDrive}: typed MMC commands over a {@linkcode Transport}. Each method sends
 * one command (or the length probe the protocol needs: GET CONFIGURATION, MODE SENSE, READ
 * FORMAT CAPACITIES, GET PERFORMANCE, READ DISC INFORMATION with OPC tables), decodes the
 * reply with the command's own parser and throws `ScsiCommandError` on CHECK CONDITION or
 * a bad status; `TransportError` passes through. It never retries and never sleeps.
 *
 * @example
 * ```ts ignore
 * const drive = new MmcDrive(transport, { trace: console.error });
 * await drive.testUnitReady();
 * const config = await drive.getConfiguration();
 * const disc = await drive.readDiscInformation();
 * ```
 *
 * @module
 */

import { InvalidInputError } from "../model/errors.ts";
import { type Capabilities, parseCapabilitiesPage } from "./capabilities_page.ts";
import { CommandRunner, type CommandRunnerOptions, type SendOptions } from "./command_runner.ts";
import { buildBlankCdb } from "./commands/blank.ts";
import { buildCloseTrackSessionCdb } from "./commands/close_track_session.ts";
import * as fu from "./commands/format_unit.ts";
import type { Configuration } from "./commands/get_configuration.ts";
import * as gesn from "./commands/get_event_status_notification.ts";
import type * as gp from "./commands/get_performance.ts";
import { buildInquiryCdb, type InquiryData, parseInquiryResponse } from "./commands/inquiry.ts";
import { buildModeSelect10Cdb, buildModeSelect10Parameters } from "./commands/mode_select10.ts";
import { findModePage } from "./commands/mode_sense10.ts";
import { buildPreventAllowMediumRemovalCdb } from "./commands/prevent_allow_medium_removal.ts";
import { buildRead10Cdb } from "./commands/read10.ts";
import { buildRead12Cdb } from "./commands/read12.ts";
import * as rbc from "./commands/read_buffer_capacity.ts";
import * as rc from "./commands/read_capacity.ts";
import type { DiscInformation } from "./commands/read_disc_information.ts";
import * as rds from "./commands/read_disc_structure.ts";
import type { FormatCapacities } from "./commands/read_format_capacities.ts";
import * as toc from "./commands/read_toc.ts";
import * as tocFull from "./commands/read_toc_full.ts";
import * as rti from "./commands/read_track_information.ts";
import { buildRequestSenseCdb } from "./commands/request_sense.ts";
import { buildReserveTrackCdb } from "./commands/reserve_track.ts";
import { buildCueSheet, buildSendCueSheetCdb, type CueEntry } from "./commands/send_cue_sheet.ts";
import * as opc from "./commands/send_opc_information.ts";
import { buildSetCdSpeedCdb, type SetCdSpeedCdb } from "./commands/set_cd_speed.ts";
import * as ss from "./commands/set_streaming.ts";
import { buildStartStopUnitCdb, type StartStopUnitCdb } from "./commands/start_stop_unit.ts";
import { buildSynchronizeCacheCdb } from "./commands/synchronize_cache.ts";
import { buildTestUnitReadyCdb } from "./commands/test_unit_ready.ts";
import { buildWrite10Cdb } from "./commands/write10.ts";
import { buildWrite12Cdb } from "./commands/write12.ts";
import {
  type ConfigurationOptions,
  type ModeSenseOptions,
  type PerformanceOptions,
  probeConfiguration,
  probeDiscInformation,
  probeFormatCapacities,
  probeModeSense,
  probePerformance,
  type Send,
} from "./drive_probes.ts";
import { MmcDataError } from "./errors.ts";
import type { ModeParameters } from "./mode_parameters.ts";
import { decodeSense, type Sense } from "./sense.ts";
import type { Transport } from "./transport.ts";
import { parseWriteParametersPage, type WriteParameters } from "./write_parameters_page.ts";

/** Options of {@linkcode MmcDrive}. */
export type MmcDriveOptions = CommandRunnerOptions;

/** Which track READ TRACK INFORMATION should describe. */
export type TrackTarget = number | { track: number } | { session: number } | { lba: number };

/** The write speeds in effect and supported: GET PERFORMANCE type 03h, decoded. */
export type WriteSpeeds = gp.Performance<gp.WriteSpeedPerformance>;

/** Typed MMC commands over a transport (see the module documentation). */
export class MmcDrive {
  /** The transport commands go through. */
  readonly transport: Transport;
  #runner: CommandRunner;
  #send: Send = (cdb, options) => this.#runner.send(cdb, options);

  /**
   * Create a drive.
   *
   * @param transport The transport.
   * @param options `trace` for a hex trace, `onRecovered` for RECOVERED ERROR conditions.
   */
  constructor(transport: Transport, options: MmcDriveOptions = {}) {
    this.transport = transport;
    this.#runner = new CommandRunner(transport, options);
  }

  /**
   * Send any CDB (the typed methods use this).
   *
   * @param cdb The CDB.
   * @param options Data phase, timeout, LBA for messages.
   * @returns The data-in bytes.
   */
  send(cdb: Uint8Array, options: SendOptions = {}): Promise<Uint8Array> {
    return this.#runner.send(cdb, options);
  }

  /** TEST UNIT READY: resolves when the drive is ready. */
  async testUnitReady(): Promise<void> {
    await this.send(buildTestUnitReadyCdb());
  }

  /** REQUEST SENSE: the drive's current sense (progress of a long operation), or none. */
  async requestSense(options: { desc?: boolean } = {}): Promise<Sense | undefined> {
    const allocationLength = options.desc ? 32 : 18;
    const data = await this.send(buildRequestSenseCdb({ ...options, allocationLength }), {
      dataIn: allocationLength,
    });
    return decodeSense(data);
  }

  /** INQUIRY: device type, vendor, product, revision. */
  async inquiry(): Promise<InquiryData> {
    return parseInquiryResponse(await this.send(buildInquiryCdb(), { dataIn: 36 }));
  }

  /** GET CONFIGURATION: current profile, profiles, features (8 bytes first, then all). */
  getConfiguration(options: ConfigurationOptions = {}): Promise<Configuration> {
    return probeConfiguration(this.#send, options);
  }

  /** READ DISC INFORMATION (standard; again with the OPC tables when there are any). */
  readDiscInformation(): Promise<DiscInformation> {
    return probeDiscInformation(this.#send);
  }

  /** READ TRACK INFORMATION of a track number (FFh: the invisible track), session or LBA. */
  async readTrackInformation(target: TrackTarget): Promise<rti.TrackInformation> {
    const t = typeof target === "number" ? { track: target } : target;
    const [addressType, address] = "track" in t
      ? [1, t.track]
      : "session" in t
      ? [2, t.session]
      : [0, t.lba >>> 0];
    const cdb = rti.buildReadTrackInformationCdb({ addressType, address, allocationLength: 48 });
    return rti.parseReadTrackInformationResponse(await this.send(cdb, { dataIn: 48 }));
  }

  /** READ CAPACITY: last LBA and block length. */
  async readCapacity(): Promise<rc.Capacity> {
    return rc.parseReadCapacityResponse(await this.send(rc.buildReadCapacityCdb(), { dataIn: 8 }));
  }

  /** READ TOC format 0 (TOC). Sets the format in CDB byte 2 and byte 9. */
  readToc(format: 0, options?: TocOptions): Promise<toc.Toc>;
  /** READ TOC format 1 (last complete session). */
  readToc(format: 1, options?: TocOptions): Promise<toc.TocSessionInfo>;
  /** READ TOC format 2 (full TOC). */
  readToc(format: 2, options?: TocOptions): Promise<tocFull.FullToc>;
  /** READ TOC format 4 (ATIP; MSF by default). */
  readToc(format: 4, options?: TocOptions): Promise<tocFull.Atip>;
  async readToc(
    format: 0 | 1 | 2 | 4,
    options: TocOptions = {},
  ): Promise<toc.Toc | toc.TocSessionInfo | tocFull.FullToc | tocFull.Atip> {
    const msf = options.msf ?? format === 4;
    const allocationLength = options.allocationLength ?? { 0: 804, 1: 12, 2: 4096, 4: 28 }[format];
    const cdb = toc.buildReadTocCdb({
      format,
      msf,
      trackSession: options.trackSession ?? 0,
      allocationLength,
    });
    const data = await this.send(cdb, { dataIn: allocationLength });
    if (format === 0) return toc.parseReadTocResponse(data, msf);
    if (format === 1) return toc.parseReadTocSessionInfoResponse(data, msf);
    if (format === 2) return tocFull.parseReadTocFullTocResponse(data);
    return tocFull.parseReadTocAtipResponse(data);
  }

  /** READ(10): `blocks` blocks from `lba`. */
  read10(lba: number, blocks: number, blockLength = 2048): Promise<Uint8Array> {
    const cdb = buildRead10Cdb({
      lba,
      transferLength: checkBlocks("READ(10)", lba, blocks, 0xffff),
    });
    return this.send(cdb, { dataIn: blocks * blockLength, lba });
  }

  /** READ(12): `blocks` blocks from `lba`, optionally streaming. */
  read12(
    lba: number,
    blocks: number,
    blockLength = 2048,
    options: { streaming?: boolean } = {},
  ): Promise<Uint8Array> {
    const transferLength = checkBlocks("READ(12)", lba, blocks, 2 ** 32 - 1);
    return this.send(buildRead12Cdb({ lba, transferLength, ...options }), {
      dataIn: blocks * blockLength,
      lba,
    });
  }

  /** WRITE(10): `data` (whole blocks) at `lba`. */
  async write10(lba: number, data: Uint8Array, blockLength = 2048): Promise<void> {
    const blocks = wholeBlocks("WRITE(10)", lba, data, blockLength, 0xffff);
    await this.send(buildWrite10Cdb({ lba, transferLength: blocks }), { dataOut: data, lba });
  }

  /** WRITE(12): `data` (whole blocks) at `lba`, optionally with the Streaming bit. */
  async write12(
    lba: number,
    data: Uint8Array,
    blockLength = 2048,
    options: { streaming?: boolean } = {},
  ): Promise<void> {
    const blocks = wholeBlocks("WRITE(12)", lba, data, blockLength, 2 ** 32 - 1);
    const cdb = buildWrite12Cdb({ lba, transferLength: blocks, ...options });
    await this.send(cdb, { dataOut: data, lba });
  }

  /** MODE SENSE(10) of one page: a 10-byte probe, then the whole page (DBD by default). */
  modeSense10(page: number, options: ModeSenseOptions = {}): Promise<ModeParameters> {
    return probeModeSense(this.#send, page, options);
  }

  /** The Write Parameters page (05h): the page bytes (to edit and send back) and fields. */
  async readWriteParameters(): Promise<{ page: Uint8Array; fields: WriteParameters }> {
    const page = requirePage(await this.modeSense10(0x05), 0x05);
    return { page, fields: parseWriteParametersPage(page) };
  }

  /** The Capabilities page (2Ah), with its write speed descriptors. */
  async readCapabilities(): Promise<Capabilities> {
    return parseCapabilitiesPage(requirePage(await this.modeSense10(0x2a), 0x2a));
  }

  /** MODE SELECT(10) of whole pages (PF=1; header zeroed and PS cleared for you). */
  async modeSelect10(pages: Uint8Array | readonly Uint8Array[]): Promise<void> {
    const list = buildModeSelect10Parameters(pages instanceof Uint8Array ? [pages] : pages);
    await this.send(buildModeSelect10Cdb({ parameterListLength: list.length }), { dataOut: list });
  }

  /** START STOP UNIT: `{ loadEject: true }` ejects, `{ loadEject: true, start: true }` loads. */
  async startStopUnit(fields: Partial<StartStopUnitCdb>): Promise<void> {
    await this.send(buildStartStopUnitCdb(fields));
  }

  /** PREVENT ALLOW MEDIUM REMOVAL. */
  async preventAllowMediumRemoval(prevent: boolean, persistent = false): Promise<void> {
    await this.send(buildPreventAllowMediumRemovalCdb({ prevent, persistent }));
  }

  /** SYNCHRONIZE CACHE (Immed: returns at once; poll TEST UNIT READY). */
  async synchronizeCache(options: { immed?: boolean } = {}): Promise<void> {
    await this.send(buildSynchronizeCacheCdb(options));
  }

  /** CLOSE TRACK/SESSION with a close function (see `CloseFunction`); Immed by default. */
  async closeTrackSession(
    options: { closeFunction: number; trackNumber?: number; immed?: boolean },
  ): Promise<void> {
    await this.send(buildCloseTrackSessionCdb({ immed: true, ...options }));
  }

  /** RESERVE TRACK of `blocks` blocks. */
  async reserveTrack(blocks: number): Promise<void> {
    await this.send(buildReserveTrackCdb({ reservationSize: blocks }));
  }

  /** BLANK with a blanking type (see `BlankingType`); Immed by default. */
  async blank(
    options: { blankingType: number; startAddress?: number; immed?: boolean },
  ): Promise<void> {
    await this.send(buildBlankCdb({ immed: true, ...options }));
  }

  /** FORMAT UNIT with a 12-byte parameter list; the timeout follows its Immed bit. */
  async formatUnit(
    parameters: Partial<fu.FormatUnitParameters>,
    cdb: Partial<fu.FormatUnitCdb> = {},
  ): Promise<void> {
    await this.send(fu.buildFormatUnitCdb(cdb), {
      dataOut: fu.buildFormatUnitParameters(parameters),
      timeoutMs: fu.formatUnitTimeoutMs({ immed: parameters.immed ?? false }),
    });
  }

  /** READ FORMAT CAPACITIES: a 4-byte probe, then the whole list. */
  readFormatCapacities(): Promise<FormatCapacities> {
    return probeFormatCapacities(this.#send);
  }

  /** GET PERFORMANCE type 03h: the write speeds for the current medium. */
  getPerformance(
    options: { type: 3 } & Partial<Omit<gp.GetPerformanceCdb, "type" | "maxDescriptors">>,
  ): Promise<WriteSpeeds>;
  /** GET PERFORMANCE type 00h: nominal performance (tolerance 10b by default). */
  getPerformance(
    options?: { type?: 0 } & Partial<Omit<gp.GetPerformanceCdb, "type" | "maxDescriptors">>,
  ): Promise<gp.Performance<gp.PerformanceDescriptor>>;
  getPerformance(
    options: PerformanceOptions = {},
  ): Promise<WriteSpeeds | gp.Performance<gp.PerformanceDescriptor>> {
    return probePerformance(this.#send, options);
  }

  /** SET STREAMING with one performance descriptor (times default to 1000 ms). */
  async setStreaming(descriptor: Partial<ss.StreamingDescriptor>): Promise<void> {
    const list = ss.buildSetStreamingParameters(descriptor);
    await this.send(ss.buildSetStreamingCdb({ parameterListLength: list.length }), {
      dataOut: list,
    });
  }

  /** SET CD SPEED (kB/s; FFFFh, the default, is the maximum). */
  async setCdSpeed(fields: Partial<SetCdSpeedCdb> = {}): Promise<void> {
    await this.send(buildSetCdSpeedCdb(fields));
  }

  /** GET EVENT STATUS NOTIFICATION, polled, for the classes in the bitmask (default 7Eh). */
  async getEventStatusNotification(classRequest = 0x7e): Promise<gesn.EventStatus> {
    const cdb = gesn.buildGetEventStatusNotificationCdb({ classRequest, allocationLength: 8 });
    return gesn.parseGetEventStatusNotificationResponse(await this.send(cdb, { dataIn: 8 }));
  }

  /** READ DISC STRUCTURE of a format (header and payload; see the format decoders). */
  async readDiscStructure(
    fields: Partial<rds.ReadDiscStructureCdb> & { format: number },
  ): Promise<rds.DiscStructure> {
    const allocationLength = fields.allocationLength ?? 4100;
    const cdb = rds.buildReadDiscStructureCdb({ ...fields, allocationLength });
    return rds.parseReadDiscStructureResponse(await this.send(cdb, { dataIn: allocationLength }));
  }

  /** READ BUFFER CAPACITY (byte mode). */
  async readBufferCapacity(): Promise<rbc.BufferCapacity> {
    return rbc.parseReadBufferCapacityResponse(
      await this.send(rbc.buildReadBufferCapacityCdb(), { dataIn: 12 }),
    );
  }

  /** SEND CUE SHEET (CD SAO). */
  async sendCueSheet(entries: readonly Partial<CueEntry>[]): Promise<void> {
    const sheet = buildCueSheet(entries);
    await this.send(buildSendCueSheetCdb({ cueSheetSize: sheet.length }), { dataOut: sheet });
  }

  /** SEND OPC INFORMATION: calibrate now (default), or send stored OPC values. */
  async sendOpcInformation(parameters?: Partial<opc.OpcParameters>): Promise<void> {
    const list = parameters ? opc.buildSendOpcParameters(parameters) : new Uint8Array(0);
    const cdb = opc.buildSendOpcInformationCdb({
      doOpc: !parameters,
      parameterListLength: list.length,
    });
    await this.send(cdb, { dataOut: list });
  }
}

/** Options of {@linkcode MmcDrive.readToc}. */
export interface TocOptions {
  /** Addresses as MSF (default: only for ATIP). */
  msf?: boolean;
  /** Starting track (format 0) or session (format 2). */
  trackSession?: number;
  /** Allocation length (defaults: 804, 12, 4096, 28). */
  allocationLength?: number;
}

function requirePage(reply: ModeParameters, code: number): Uint8Array {
  const page = findModePage(reply, code);
  if (!page) {
    const hex = code.toString(16).toUpperCase().padStart(2, "0");
    throw new MmcDataError(`Cannot parse MODE SENSE(10) response: page ${hex}h is missing`, {
      commandName: "MODE SENSE(10)",
      part: "response",
      offset: 8 + reply.blockDescriptors.length,
    });
  }
  return page.bytes;
}

function checkBlocks(name: string, lba: number, blocks: number, max: number): number {
  if (!Number.isInteger(blocks) || blocks < 0 || blocks > max) {
    throw new InvalidInputError(`Cannot ${name} at LBA ${lba}: ${blocks} blocks is not 0..${max}`);
  }
  return blocks;
}

function wholeBlocks(
  name: string,
  lba: number,
  data: Uint8Array,
  blockLength: number,
  max: number,
): number {
  if (blockLength <= 0 || data.length % blockLength !== 0) {
    throw new InvalidInputError(
      `Cannot ${name} at LBA ${lba}: ${data.length} bytes is not a whole number of ${blockLength}-byte blocks`,
    );
  }
  return checkBlocks(name, lba, data.length / blockLength, max);
}
