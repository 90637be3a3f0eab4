/**
 * GET CONFIGURATION feature descriptors: the 4-byte header, the feature codes a burner
 * uses, and a field table for each (offsets from the descriptor start, so byte 4 is the
 * first after the header). MMC-5 5.3 (features), reference/mmc.md 3.4. Older descriptor
 * versions are shorter: fields past a descriptor's additional length read as 0/false.
 *
 * @module
 */

import type { FieldTable, FieldValues } from "../records/field_table.ts";
import { FeatureCode, featureNames, featureTables } from "./feature_tables.ts";

export { FeatureCode, featureNames, featureTables } from "./feature_tables.ts";
import {
  buildRecord,
  type PayloadContext,
  readRecordPrefix,
  recordSize,
  requireLength,
} from "./payload.ts";

/** Features whose descriptor carries only reserved bytes, and how many (MMC-5 5.3, feature 0038h). */
const reservedDataBytes: Readonly<Record<number, number>> = { [0x0038]: 4 };

/** Feature descriptor header (MMC-5 5.2). */
export const featureHeaderTable = {
  code: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 5.2 Feature Code" },
  version: { offset: 2, size: 1, type: "u8", bits: [5, 2], clause: "MMC-5 5.2 Version" },
  persistent: { offset: 2, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.2" },
  current: { offset: 2, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.2 Current" },
  additionalLength: { offset: 3, size: 1, type: "u8", clause: "MMC-5 5.2 (n-3)" },
} as const satisfies FieldTable;

/** A profile descriptor of feature 0000h (MMC-5 5.3.1, 4 bytes from byte 4). */
export const profileDescriptorTable = {
  profile: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 5.3.1 Profile Number" },
  current: { offset: 2, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3.1 CurrentP" },
} as const satisfies FieldTable;

/** Feature codes with a field table. */
export type TabledFeatureCode = keyof typeof featureTables;

/** The decoded fields of a feature with a table. */
export type FeatureFields<C extends TabledFeatureCode> = FieldValues<(typeof featureTables)[C]>;

/** A profile of feature 0000h. */
export interface ProfileEntry {
  /** Profile number (see `profiles.ts`). */
  profile: number;
  /** CurrentP: the loaded medium has this profile. */
  current: boolean;
}

/** One feature descriptor as the drive reported it. */
export interface FeatureDescriptor {
  /** Feature code. */
  code: number;
  /** Its name, or "feature XXXXh". */
  name: string;
  /** Descriptor version. */
  version: number;
  /** Persistent: current whatever medium is loaded. */
  persistent: boolean;
  /** Current: usable with the loaded medium. */
  current: boolean;
  /** The whole descriptor, header included. */
  bytes: Uint8Array;
  /** Feature 0000h: the profiles. */
  profiles?: ProfileEntry[];
  /** Feature 0021h: the link sizes. */
  linkSizes?: number[];
}

/**
 * The name of a feature code.
 *
 * @param code Feature code.
 * @returns Its name, or "feature XXXXh".
 */
export function featureName(code: number): string {
  return featureNames[code] ?? `feature ${code.toString(16).toUpperCase().padStart(4, "0")}h`;
}

const ctx: PayloadContext = { commandName: "GET CONFIGURATION", part: "response" };

/**
 * Parse one feature descriptor at the start of `bytes`.
 *
 * @param bytes Bytes starting with a descriptor.
 * @returns The descriptor, or undefined when it is cut off (an allocation too small).
 * @throws {MmcDataError} When fewer than 4 header bytes are present.
 */
export function parseFeatureDescriptor(bytes: Uint8Array): FeatureDescriptor | undefined {
  requireLength(bytes, 4, ctx, "a feature descriptor header");
  const h = readRecordPrefix(bytes, 0, 4, featureHeaderTable);
  const size = 4 + h.additionalLength;
  if (bytes.length < size) return undefined;
  const d: FeatureDescriptor = {
    code: h.code,
    name: featureName(h.code),
    version: h.version,
    persistent: h.persistent,
    current: h.current,
    bytes: bytes.slice(0, size),
  };
  if (h.code === FeatureCode.profileList) {
    d.profiles = [];
    for (let at = 4; at + 4 <= size; at += 4) {
      d.profiles.push(readRecordPrefix(bytes, at, size, profileDescriptorTable));
    }
  } else if (h.code === FeatureCode.incrementalStreamingWritable) {
    const n = size >= 8 ? bytes[7]! : 0;
    d.linkSizes = [...bytes.subarray(8, Math.min(size, 8 + n))];
  }
  return d;
}

/**
 * The decoded fields of a feature with a field table (fields past the descriptor's length
 * read as 0/false).
 *
 * @param d The descriptor.
 * @param code The feature code it has (checked).
 * @returns The fields.
 * @throws {TypeError} When `d` is another feature.
 * @example
 * ```ts
 * import { buildFeatureDescriptor, FeatureCode, featureFields, parseFeatureDescriptor } from "./features.ts";
 * const d = parseFeatureDescriptor(buildFeatureDescriptor({
 *   code: FeatureCode.randomWritable, current: true, fields: { lastLba: 12219391, blockSize: 2048, blocking: 32 },
 * }))!;
 * if (featureFields(d, FeatureCode.randomWritable).blocking !== 32) throw new Error();
 * ```
 */
export function featureFields<C extends TabledFeatureCode>(
  d: FeatureDescriptor,
  code: C,
): FeatureFields<C> {
  if (d.code !== code) {
    throw new TypeError(`Cannot read ${featureName(code)} fields from ${d.name}`);
  }
  return readRecordPrefix(d.bytes, 0, d.bytes.length, featureTables[code]) as FeatureFields<C>;
}

/** What {@linkcode buildFeatureDescriptor} takes. */
export interface FeatureInput {
  /** Feature code. */
  code: number;
  /** Version (default 0). */
  version?: number;
  /** Persistent (default false). */
  persistent?: boolean;
  /** Current (default false). */
  current?: boolean;
  /** Field values for a tabled feature. */
  fields?: Readonly<Record<string, number | boolean>>;
  /** Feature 0000h: the profiles. */
  profiles?: readonly ProfileEntry[];
  /** Feature 0021h: the link sizes. */
  linkSizes?: readonly number[];
  /** Raw bytes after the header, for features without a table. */
  data?: Uint8Array;
}

/**
 * Build one feature descriptor (the drive side). The additional length is a multiple of 4.
 *
 * @param f Code, flags and contents.
 * @returns The descriptor bytes.
 */
export function buildFeatureDescriptor(f: FeatureInput): Uint8Array {
  const table = (featureTables as Record<number, FieldTable>)[f.code];
  let body: Uint8Array;
  if (f.profiles) {
    body = new Uint8Array(4 * f.profiles.length);
    f.profiles.forEach((p, i) => body.set(buildRecord(profileDescriptorTable, p), 4 * i));
  } else if (f.data) {
    body = f.data;
  } else {
    const links = f.linkSizes ?? [];
    let size = table ? recordSize(table) : 4 + (reservedDataBytes[f.code] ?? 0);
    if (f.code === FeatureCode.incrementalStreamingWritable) {
      size = Math.max(size, 8 + links.length);
    }
    const padded = new Uint8Array(size);
    if (table) padded.set(buildRecord(table, { ...f.fields } as never, size));
    if (f.code === FeatureCode.incrementalStreamingWritable && f.linkSizes) {
      padded[7] = links.length; // a quirk model may give a count that disagrees: fields only
      padded.set(links, 8);
    }
    body = padded.subarray(4);
  }
  const out = new Uint8Array(4 + Math.ceil(body.length / 4) * 4);
  out.set(buildRecord(featureHeaderTable, {
    code: f.code,
    version: f.version ?? 0,
    persistent: f.persistent ?? false,
    current: f.current ?? false,
    additionalLength: out.length - 4,
  }));
  out.set(body, 4);
  return out;
}
