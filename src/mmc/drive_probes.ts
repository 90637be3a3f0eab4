/**
 * The two-step length probes of MMC queries, as libburn and growisofs run them: ask for a
 * header's worth, read the length the drive announces, ask again for that much
 * (reference/mmc.md 3.4, 3.9, 3.18, 3.19). Each takes the `send` of an `MmcDrive`.
 *
 * @module
 */

import type { SendOptions } from "./command_runner.ts";
import {
  buildGetConfigurationCdb,
  type Configuration,
  type GetConfigurationCdb,
  parseGetConfigurationResponse,
} from "./commands/get_configuration.ts";
import {
  buildGetPerformanceCdb,
  type GetPerformanceCdb,
  parseGetPerformanceResponse,
  parseGetPerformanceWriteSpeedResponse,
  type Performance,
  type PerformanceDescriptor,
  type WriteSpeedPerformance,
} from "./commands/get_performance.ts";
import {
  buildModeSense10Cdb,
  type ModeSense10Cdb,
  parseModeSense10Response,
} from "./commands/mode_sense10.ts";
import {
  buildReadDiscInformationCdb,
  type DiscInformation,
  parseReadDiscInformationResponse,
} from "./commands/read_disc_information.ts";
import {
  buildReadFormatCapacitiesCdb,
  type FormatCapacities,
  parseReadFormatCapacitiesResponse,
} from "./commands/read_format_capacities.ts";
import type { ModeParameters } from "./mode_parameters.ts";

/** Sends one CDB and returns the data-in bytes (`MmcDrive.send`). */
export type Send = (cdb: Uint8Array, options?: SendOptions) => Promise<Uint8Array>;

/** The largest allocation a 16-bit allocation length field can ask (even). */
export const maxAllocation = 0xfffe;

function clamp(n: number): number {
  return Math.min(Math.max(n, 0), maxAllocation);
}

/** Options of {@linkcode probeConfiguration}. */
export type ConfigurationOptions = Partial<GetConfigurationCdb>;

/**
 * GET CONFIGURATION: 8 bytes, then `data length + 4` (capped at 65534) when more is there.
 * With an explicit allocation length, one command.
 *
 * @param send The drive's send.
 * @param options RT, starting feature, allocation length.
 * @returns The configuration.
 */
export async function probeConfiguration(
  send: Send,
  options: ConfigurationOptions = {},
): Promise<Configuration> {
  const ask = async (allocationLength: number) =>
    parseGetConfigurationResponse(
      await send(buildGetConfigurationCdb({ ...options, allocationLength }), {
        dataIn: allocationLength,
      }),
    );
  if (options.allocationLength !== undefined) return ask(options.allocationLength);
  const probe = await ask(8);
  return probe.truncated ? ask(clamp(probe.dataLength + 4)) : probe;
}

/**
 * READ DISC INFORMATION: 34 bytes (libburn), then again when OPC tables follow.
 *
 * @param send The drive's send.
 * @returns The disc information.
 */
export async function probeDiscInformation(send: Send): Promise<DiscInformation> {
  const ask = (n: number) =>
    send(buildReadDiscInformationCdb({ allocationLength: n }), { dataIn: n });
  const first = await ask(34);
  const total = first.length >= 2 ? 2 + ((first[0]! << 8) | first[1]!) : 0;
  return parseReadDiscInformationResponse(
    total > 34 && first.length >= 34 ? await ask(clamp(total)) : first,
  );
}

/** Options of {@linkcode probeModeSense}. */
export type ModeSenseOptions = Partial<Omit<ModeSense10Cdb, "pageCode">>;

/**
 * MODE SENSE(10) of one page: 10 bytes (header and page header), then the larger of the
 * mode data length and the page's own length (growisofs's SANYO workaround). DBD is set
 * unless `dbd: false`.
 *
 * @param send The drive's send.
 * @param page Page code.
 * @param options Page control, DBD, allocation length (one command when given).
 * @returns The mode parameters.
 */
export async function probeModeSense(
  send: Send,
  page: number,
  options: ModeSenseOptions = {},
): Promise<ModeParameters> {
  const fields = { dbd: true, ...options, pageCode: page };
  const ask = async (allocationLength: number) =>
    parseModeSense10Response(
      await send(buildModeSense10Cdb({ ...fields, allocationLength }), {
        dataIn: allocationLength,
      }),
    );
  if (options.allocationLength !== undefined) return ask(options.allocationLength);
  const probe = await ask(10);
  const first = probe.pages[0];
  const needed = Math.max(
    2 + probe.modeDataLength,
    first ? 8 + probe.blockDescriptors.length + first.length : 0,
  );
  return needed <= 10 ? probe : ask(clamp(needed));
}

/**
 * READ FORMAT CAPACITIES: 4 bytes (libburn), then `list length + 4`.
 *
 * @param send The drive's send.
 * @returns The capacities.
 */
export async function probeFormatCapacities(send: Send): Promise<FormatCapacities> {
  const ask = async (n: number) =>
    parseReadFormatCapacitiesResponse(
      await send(buildReadFormatCapacitiesCdb({ allocationLength: n }), { dataIn: n }),
    );
  const probe = await ask(4);
  return ask(clamp(probe.listLength + 4));
}

/** Options of {@linkcode probePerformance}. */
export type PerformanceOptions = Partial<Omit<GetPerformanceCdb, "maxDescriptors">>;

/**
 * GET PERFORMANCE as libburn runs it: 0 descriptors (8 bytes), then the announced count,
 * and once more when that reply announces more (drives that announce 1 when asked for 0).
 * Type 00h gets tolerance 10b unless given.
 *
 * @param send The drive's send.
 * @param options Type (0 or 3), data type bits, starting LBA.
 * @returns The header and descriptors.
 */
export async function probePerformance(
  send: Send,
  options: PerformanceOptions = {},
): Promise<Performance<PerformanceDescriptor> | Performance<WriteSpeedPerformance>> {
  const type = options.type ?? 0;
  const fields = type === 0 ? { tolerance: 2, ...options, type } : { ...options, type };
  const parse = type === 3 ? parseGetPerformanceWriteSpeedResponse : parseGetPerformanceResponse;
  const ask = async (n: number) =>
    parse(
      await send(buildGetPerformanceCdb({ ...fields, maxDescriptors: n }), { dataIn: 8 + 16 * n }),
    );
  let reply = await ask(0);
  for (let i = 0; i < 2 && reply.available > reply.descriptors.length; i++) {
    reply = await ask(Math.min(reply.available, (maxAllocation - 8) >> 4));
  }
  return reply;
}
