/**
 * GET CONFIGURATION feature descriptors: the 4-byte header, the feature codes a burner
 * uses, and a field table for each (offsets from the descriptor start, so byte 4 is the
 * first after the header). MMC-5 5.3 (features), reference/mmc.md 3.4. Older descriptor
 * versions are shorter: fields past a descriptor's additional length read as 0/false.
 *
 * @module
 */

import type { FieldTable, FieldValues } from "../records/field_table.ts";
import {
  buildRecord,
  type PayloadContext,
  readRecordPrefix,
  recordSize,
  requireLength,
} from "./payload.ts";

/** Feature codes (MMC-5 table 87). */
export const FeatureCode = {
  profileList: 0x0000,
  core: 0x0001,
  morphing: 0x0002,
  removableMedium: 0x0003,
  randomReadable: 0x0010,
  multiRead: 0x001d,
  cdRead: 0x001e,
  dvdRead: 0x001f,
  randomWritable: 0x0020,
  incrementalStreamingWritable: 0x0021,
  formattable: 0x0023,
  hardwareDefectManagement: 0x0024,
  writeOnce: 0x0025,
  restrictedOverwrite: 0x0026,
  dvdPlusRw: 0x002a,
  dvdPlusR: 0x002b,
  cdTrackAtOnce: 0x002d,
  cdMastering: 0x002e,
  dvdMinusRWrite: 0x002f,
  layerJumpRecording: 0x0033,
  bdrPseudoOverwrite: 0x0038,
  dvdPlusRwDl: 0x003a,
  dvdPlusRDl: 0x003b,
  bdRead: 0x0040,
  bdWrite: 0x0041,
  powerManagement: 0x0100,
  realTimeStreaming: 0x0107,
  driveSerialNumber: 0x0108,
} as const;

/** Feature descriptor header (MMC-5 5.2.2, table 86). */
export const featureHeaderTable = {
  code: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 5.2.2 Feature Code" },
  version: { offset: 2, size: 1, type: "u8", bits: [5, 2], clause: "MMC-5 5.2.2 Version" },
  persistent: { offset: 2, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.2.2" },
  current: { offset: 2, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.2.2 Current" },
  additionalLength: { offset: 3, size: 1, type: "u8", clause: "MMC-5 5.2.2 (n-3)" },
} as const satisfies FieldTable;

/** A profile descriptor of feature 0000h (MMC-5 5.3.1, 4 bytes from byte 4). */
export const profileDescriptorTable = {
  profile: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 5.3.1 Profile Number" },
  current: { offset: 2, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3.1 CurrentP" },
} as const satisfies FieldTable;

const c = (clause: string) => `MMC-5 ${clause}`;

/** Field tables of the features with data a burner reads, by feature code. */
export const featureTables = {
  [FeatureCode.core]: {
    physicalInterface: { offset: 4, size: 4, type: "u32be", clause: c("5.3.2") },
    inq2: { offset: 8, size: 1, type: "bool", bits: [1, 1], clause: c("5.3.2 INQ2") },
    dbe: { offset: 8, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.2 DBE") },
  },
  [FeatureCode.morphing]: {
    ocEvent: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: c("5.3.3 OCEvent") },
    async: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.3 Async") },
  },
  [FeatureCode.removableMedium]: {
    loadingMechanism: { offset: 4, size: 1, type: "u8", bits: [7, 5], clause: c("5.3.4") },
    load: { offset: 4, size: 1, type: "bool", bits: [4, 4], clause: c("5.3.4 Load") },
    eject: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: c("5.3.4 Eject") },
    preventJumper: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: c("5.3.4") },
    dbml: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: c("5.3.4 DBML") },
    lock: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.4 Lock") },
  },
  [FeatureCode.randomReadable]: {
    blockSize: { offset: 4, size: 4, type: "u32be", clause: c("5.3.5 Logical Block Size") },
    blocking: { offset: 8, size: 2, type: "u16be", clause: c("5.3.5 Blocking") },
    pp: { offset: 10, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.5 PP") },
  },
  [FeatureCode.randomWritable]: {
    lastLba: { offset: 4, size: 4, type: "u32be", clause: c("5.3.9 Last Logical Block Address") },
    blockSize: { offset: 8, size: 4, type: "u32be", clause: c("5.3.9 Logical Block Size") },
    blocking: { offset: 12, size: 2, type: "u16be", clause: c("5.3.9 Blocking") },
    pp: { offset: 14, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.9 PP") },
  },
  [FeatureCode.incrementalStreamingWritable]: {
    dataBlockTypes: { offset: 4, size: 2, type: "u16be", clause: c("5.3.10") },
    trio: { offset: 6, size: 1, type: "bool", bits: [2, 2], clause: c("5.3.10 TRIO") },
    arsv: { offset: 6, size: 1, type: "bool", bits: [1, 1], clause: c("5.3.10 ARSV") },
    buf: { offset: 6, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.10 BUF") },
    linkSizeCount: { offset: 7, size: 1, type: "u8", clause: c("5.3.10 Number of Link Sizes") },
  },
  [FeatureCode.formattable]: {
    reNoSa: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: c("5.3.12 RENoSA") },
    expand: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: c("5.3.12 Expand") },
    qCert: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: c("5.3.12 QCert") },
    cert: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.12 Cert") },
    rrm: { offset: 8, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.12 RRM") },
  },
  [FeatureCode.hardwareDefectManagement]: {
    ssa: { offset: 4, size: 1, type: "bool", bits: [7, 7], clause: c("5.3.13 SSA") },
  },
  [FeatureCode.writeOnce]: {
    blockSize: { offset: 4, size: 4, type: "u32be", clause: c("5.3.14 Logical Block Size") },
    blocking: { offset: 8, size: 2, type: "u16be", clause: c("5.3.14 Blocking") },
    pp: { offset: 10, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.14 PP") },
  },
  [FeatureCode.dvdPlusRw]: {
    write: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.19 Write") },
    quickStart: { offset: 5, size: 1, type: "bool", bits: [1, 1], clause: c("5.3.19") },
    closeOnly: { offset: 5, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.19") },
  },
  [FeatureCode.dvdPlusR]: {
    write: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.20 Write") },
  },
  [FeatureCode.cdTrackAtOnce]: {
    buf: { offset: 4, size: 1, type: "bool", bits: [6, 6], clause: c("5.3.22 BUF") },
    rwRaw: { offset: 4, size: 1, type: "bool", bits: [4, 4], clause: c("5.3.22 R-W Raw") },
    rwPack: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: c("5.3.22 R-W Pack") },
    testWrite: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: c("5.3.22") },
    cdRw: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: c("5.3.22 CD-RW") },
    rwSubcode: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.22") },
    dataTypes: { offset: 6, size: 2, type: "u16be", clause: c("5.3.22 Data Type Supported") },
  },
  [FeatureCode.cdMastering]: {
    buf: { offset: 4, size: 1, type: "bool", bits: [6, 6], clause: c("5.3.23 BUF") },
    sao: { offset: 4, size: 1, type: "bool", bits: [5, 5], clause: c("5.3.23 SAO") },
    rawMs: { offset: 4, size: 1, type: "bool", bits: [4, 4], clause: c("5.3.23 Raw MS") },
    raw: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: c("5.3.23 Raw") },
    testWrite: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: c("5.3.23") },
    cdRw: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: c("5.3.23 CD-RW") },
    rw: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.23 R-W") },
    maxCueSheetLength: { offset: 5, size: 3, type: "u24be", clause: c("5.3.23") },
  },
  [FeatureCode.dvdMinusRWrite]: {
    buf: { offset: 4, size: 1, type: "bool", bits: [6, 6], clause: c("5.3.24 BUF") },
    rdl: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: c("5.3.24 RDL") },
    testWrite: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: c("5.3.24") },
    dvdRw: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: c("5.3.24 DVD-RW SL") },
  },
  [FeatureCode.dvdPlusRwDl]: {
    write: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.29 Write") },
    quickStart: { offset: 5, size: 1, type: "bool", bits: [1, 1], clause: c("5.3.29") },
    closeOnly: { offset: 5, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.29") },
  },
  [FeatureCode.dvdPlusRDl]: {
    write: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.30 Write") },
  },
  [FeatureCode.bdRead]: {
    bdReClass0: { offset: 8, size: 2, type: "u16be", clause: c("5.3.31 BD-RE Class 0") },
    bdReClass1: { offset: 10, size: 2, type: "u16be", clause: c("5.3.31") },
    bdReClass2: { offset: 12, size: 2, type: "u16be", clause: c("5.3.31") },
    bdReClass3: { offset: 14, size: 2, type: "u16be", clause: c("5.3.31") },
    bdRClass0: { offset: 16, size: 2, type: "u16be", clause: c("5.3.31 BD-R Class 0") },
    bdRClass1: { offset: 18, size: 2, type: "u16be", clause: c("5.3.31") },
    bdRClass2: { offset: 20, size: 2, type: "u16be", clause: c("5.3.31") },
    bdRClass3: { offset: 22, size: 2, type: "u16be", clause: c("5.3.31") },
    bdRomClass0: { offset: 24, size: 2, type: "u16be", clause: c("5.3.31 BD-ROM Class 0") },
    bdRomClass1: { offset: 26, size: 2, type: "u16be", clause: c("5.3.31") },
    bdRomClass2: { offset: 28, size: 2, type: "u16be", clause: c("5.3.31") },
    bdRomClass3: { offset: 30, size: 2, type: "u16be", clause: c("5.3.31") },
  },
  [FeatureCode.bdWrite]: {
    svnr: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.32 SVNR") },
    bdReClass0: { offset: 8, size: 2, type: "u16be", clause: c("5.3.32 BD-RE Class 0") },
    bdReClass1: { offset: 10, size: 2, type: "u16be", clause: c("5.3.32") },
    bdReClass2: { offset: 12, size: 2, type: "u16be", clause: c("5.3.32") },
    bdReClass3: { offset: 14, size: 2, type: "u16be", clause: c("5.3.32") },
    bdRClass0: { offset: 16, size: 2, type: "u16be", clause: c("5.3.32 BD-R Class 0") },
    bdRClass1: { offset: 18, size: 2, type: "u16be", clause: c("5.3.32") },
    bdRClass2: { offset: 20, size: 2, type: "u16be", clause: c("5.3.32") },
    bdRClass3: { offset: 22, size: 2, type: "u16be", clause: c("5.3.32") },
  },
  [FeatureCode.realTimeStreaming]: {
    rbcb: { offset: 4, size: 1, type: "bool", bits: [4, 4], clause: c("5.3.38 RBCB") },
    scs: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: c("5.3.38 SCS") },
    mp2a: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: c("5.3.38 MP2A") },
    wspd: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: c("5.3.38 WSPD") },
    sw: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: c("5.3.38 SW") },
  },
} as const satisfies Readonly<Record<number, FieldTable>>;

/** Features whose descriptor carries only reserved bytes, and how many (MMC-5 5.3.28). */
const reservedDataBytes: Readonly<Record<number, number>> = { [0x0038]: 4 };

/** Names of the feature codes kiln knows. */
export const featureNames: Readonly<Record<number, string>> = {
  0x0000: "Profile List",
  0x0001: "Core",
  0x0002: "Morphing",
  0x0003: "Removable Medium",
  0x0010: "Random Readable",
  0x001d: "Multi-Read",
  0x001e: "CD Read",
  0x001f: "DVD Read",
  0x0020: "Random Writable",
  0x0021: "Incremental Streaming Writable",
  0x0023: "Formattable",
  0x0024: "Hardware Defect Management",
  0x0025: "Write Once",
  0x0026: "Restricted Overwrite",
  0x002a: "DVD+RW",
  0x002b: "DVD+R",
  0x002d: "CD Track at Once",
  0x002e: "CD Mastering",
  0x002f: "DVD-R/-RW Write",
  0x0033: "Layer Jump Recording",
  0x0038: "BD-R Pseudo-Overwrite",
  0x003a: "DVD+RW Dual Layer",
  0x003b: "DVD+R Dual Layer",
  0x0040: "BD Read",
  0x0041: "BD Write",
  0x0100: "Power Management",
  0x0107: "Real Time Streaming",
  0x0108: "Drive Serial Number",
};

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
