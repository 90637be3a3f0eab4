/**
 * GET CONFIGURATION (46h): the current profile and the feature descriptors: which media
 * the drive can write (feature 0000h, the profile list) and how (the write features)
 * (MMC-5 6.6, reference/mmc.md 3.4). Drives announce the total length in bytes 0-3, so
 * callers ask twice: 8 bytes first, then the whole reply (`MmcDrive` does).
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import {
  buildFeatureDescriptor,
  type FeatureDescriptor,
  type FeatureInput,
  parseFeatureDescriptor,
  type ProfileEntry,
} from "../features.ts";
import { buildRecord, type PayloadContext, payloadError, readRecord } from "../payload.ts";

/** RT values (CDB byte 1 bits 1..0). */
export const ConfigurationRequest = {
  /** All features from the starting feature on. */
  all: 0,
  /** Only current features from the starting feature on. */
  current: 1,
  /** Exactly the starting feature. */
  one: 2,
} as const;

/** GET CONFIGURATION CDB (MMC-5 6.6). */
export const getConfigurationCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.6 (46h)" },
  rt: { offset: 1, size: 1, type: "u8", bits: [1, 0], clause: "MMC-5 6.6 RT" },
  startingFeature: {
    offset: 2,
    size: 2,
    type: "u16be",
    clause: "MMC-5 6.6 Starting Feature Number",
  },
  allocationLength: { offset: 7, size: 2, type: "u16be", clause: "MMC-5 6.6" },
} as const satisfies FieldTable;

/** Fields of a GET CONFIGURATION CDB. */
export type GetConfigurationCdb = CdbFields<typeof getConfigurationCdbTable>;

/** GET CONFIGURATION: 10-byte CDB, data in. */
export const getConfiguration: MmcCommand<typeof getConfigurationCdbTable> = defineCommand({
  name: "GET CONFIGURATION",
  opcode: 0x46,
  cdbLength: 10,
  direction: "in",
  clause: "MMC-5 6.6",
  cdb: getConfigurationCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a GET CONFIGURATION CDB; libburn's length probe is `46 00 00 00 00 00 00 00 08 00`,
 * the QEMU test bed's `46 00 00 00 00 00 00 10 00 00`.
 *
 * @param fields RT, starting feature, allocation length (default 8).
 * @returns The CDB.
 */
export function buildGetConfigurationCdb(fields: Partial<GetConfigurationCdb> = {}): Uint8Array {
  return getConfiguration.build({ allocationLength: 8, ...fields });
}

/**
 * Parse a GET CONFIGURATION CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseGetConfigurationCdb(cdb: Uint8Array): GetConfigurationCdb {
  return getConfiguration.parse(cdb);
}

/** The feature header of the reply (MMC-5 6.6.2.1). */
export const configurationHeaderTable = {
  dataLength: { offset: 0, size: 4, type: "u32be", clause: "MMC-5 6.6.2.1 Data Length (n-3)" },
  currentProfile: { offset: 6, size: 2, type: "u16be", clause: "MMC-5 6.6.2.1 Current Profile" },
} as const satisfies FieldTable;

/** A decoded GET CONFIGURATION reply. */
export interface Configuration {
  /** Bytes the drive has after byte 3 (the whole reply is this + 4). */
  dataLength: number;
  /** Current profile (0 without a medium). */
  currentProfile: number;
  /** Feature 0000h's profiles, when the reply holds it. */
  profiles: ProfileEntry[];
  /** The feature descriptors that arrived whole. */
  features: FeatureDescriptor[];
  /** True when the drive has more than arrived (ask again with `dataLength + 4`). */
  truncated: boolean;
}

const ctx: PayloadContext = { commandName: "GET CONFIGURATION", part: "response" };

/**
 * Parse a GET CONFIGURATION reply. Uses the data length: descriptors past what arrived are
 * left out and `truncated` is set; a descriptor that overruns the data length itself is an
 * error.
 *
 * @param bytes The reply (may be the whole allocation).
 * @returns Current profile, profiles and features.
 * @throws {MmcDataError} When the header is short or a descriptor overruns the data length.
 */
export function parseGetConfigurationResponse(bytes: Uint8Array): Configuration {
  const h = readRecord(bytes, 0, configurationHeaderTable, ctx, "the 8-byte feature header");
  if (h.dataLength < 4) {
    throw payloadError(ctx, 0, `data length ${h.dataLength} is shorter than the header's 4`);
  }
  const declared = 4 + h.dataLength;
  const end = Math.min(bytes.length, declared);
  const features: FeatureDescriptor[] = [];
  let truncated = declared > bytes.length;
  let at = 8;
  while (at < end) {
    if (end - at < 4) {
      if (end === declared) throw payloadError(ctx, at, "a partial feature header ends the data");
      truncated = true;
      break;
    }
    const d = parseFeatureDescriptor(bytes.subarray(at, end));
    if (!d) {
      if (end === declared) {
        throw payloadError(
          ctx,
          at,
          `the feature descriptor at byte ${at} overruns the data length ${h.dataLength}`,
        );
      }
      truncated = true;
      break;
    }
    features.push(d);
    at += d.bytes.length;
  }
  const profiles = features.find((f) => f.code === 0)?.profiles ?? [];
  return {
    dataLength: h.dataLength,
    currentProfile: h.currentProfile,
    profiles,
    features,
    truncated,
  };
}

/**
 * The descriptor of a feature, when the reply has it.
 *
 * @param config A parsed reply.
 * @param code Feature code.
 * @returns The descriptor or undefined.
 */
export function findFeature(config: Configuration, code: number): FeatureDescriptor | undefined {
  return config.features.find((f) => f.code === code);
}

/**
 * Build a GET CONFIGURATION reply (the drive side): header, then each feature.
 *
 * @param reply Current profile and the features (in ascending code order, as drives send).
 * @returns The bytes.
 */
export function buildGetConfigurationResponse(
  reply: { currentProfile: number; features: readonly FeatureInput[] },
): Uint8Array {
  const parts = reply.features.map(buildFeatureDescriptor);
  const total = 8 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  out.set(buildRecord(configurationHeaderTable, {
    dataLength: total - 4,
    currentProfile: reply.currentProfile,
  }));
  let at = 8;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
