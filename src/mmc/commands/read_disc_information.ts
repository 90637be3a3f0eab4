/**
 * READ DISC INFORMATION (51h): disc status (blank, appendable, complete, other), the state
 * of the last session, erasability, sessions and tracks, lead-in and lead-out addresses and
 * OPC tables (MMC-5 6.22, reference/mmc.md 3.5). QEMU answers `00 20 0E 01 01 01 01 20 00 ...`
 * (complete disc, one session).
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import { msfToLba } from "../msf.ts";
import {
  buildRecord,
  declaredEnd,
  type PayloadContext,
  payloadError,
  readRecordPrefix,
  requireLength,
} from "../payload.ts";

/** READ DISC INFORMATION CDB (MMC-5 6.22). */
export const readDiscInformationCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.22 (51h)" },
  dataType: {
    offset: 1,
    size: 1,
    type: "u8",
    bits: [2, 0],
    clause: "MMC-5 6.22 Data Type (0 standard, 1 track resources, 2 POW resources)",
  },
  allocationLength: { offset: 7, size: 2, type: "u16be", clause: "MMC-5 6.22" },
} as const satisfies FieldTable;

/** Fields of a READ DISC INFORMATION CDB. */
export type ReadDiscInformationCdb = CdbFields<typeof readDiscInformationCdbTable>;

/** READ DISC INFORMATION: 10-byte CDB, data in. */
export const readDiscInformation: MmcCommand<typeof readDiscInformationCdbTable> = defineCommand({
  name: "READ DISC INFORMATION",
  opcode: 0x51,
  cdbLength: 10,
  direction: "in",
  clause: "MMC-5 6.22",
  cdb: readDiscInformationCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a READ DISC INFORMATION CDB; libburn asks 34 bytes: `51 00 00 00 00 00 00 00 22 00`.
 *
 * @param fields Data type, allocation length (default 34).
 * @returns The CDB.
 */
export function buildReadDiscInformationCdb(
  fields: Partial<ReadDiscInformationCdb> = {},
): Uint8Array {
  return readDiscInformation.build({ allocationLength: 34, ...fields });
}

/**
 * Parse a READ DISC INFORMATION CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseReadDiscInformationCdb(cdb: Uint8Array): ReadDiscInformationCdb {
  return readDiscInformation.parse(cdb);
}

/** Standard disc information, 34 bytes before the OPC tables (MMC-5 6.22.3.1). */
export const discInformationTable = {
  length: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 6.22.3.1 (total - 2)" },
  dataType: { offset: 2, size: 1, type: "u8", bits: [7, 5], clause: "MMC-5 6.22.3.1" },
  erasable: { offset: 2, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 6.22.3.1" },
  lastSessionState: { offset: 2, size: 1, type: "u8", bits: [3, 2], clause: "MMC-5 6.22.3.1" },
  discStatus: { offset: 2, size: 1, type: "u8", bits: [1, 0], clause: "MMC-5 6.22.3.1" },
  firstTrack: { offset: 3, size: 1, type: "u8", clause: "MMC-5 6.22.3.1" },
  sessionsLsb: { offset: 4, size: 1, type: "u8", clause: "MMC-5 6.22.3.1" },
  firstTrackInLastSessionLsb: { offset: 5, size: 1, type: "u8", clause: "MMC-5 6.22.3.1" },
  lastTrackInLastSessionLsb: { offset: 6, size: 1, type: "u8", clause: "MMC-5 6.22.3.1" },
  discIdValid: { offset: 7, size: 1, type: "bool", bits: [7, 7], clause: "MMC-5 DID_V" },
  barCodeValid: { offset: 7, size: 1, type: "bool", bits: [6, 6], clause: "MMC-5 DBC_V" },
  unrestrictedUse: { offset: 7, size: 1, type: "bool", bits: [5, 5], clause: "MMC-5 URU" },
  applicationCodeValid: { offset: 7, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 DAC_V" },
  dirty: { offset: 7, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 6.22.3.1 Dbit" },
  bgFormatStatus: { offset: 7, size: 1, type: "u8", bits: [1, 0], clause: "MMC-5 6.22.3.1.13" },
  discType: { offset: 8, size: 1, type: "u8", clause: "MMC-5 6.22.3.1 Disc Type" },
  sessionsMsb: { offset: 9, size: 1, type: "u8", clause: "MMC-5 6.22.3.1" },
  firstTrackInLastSessionMsb: { offset: 10, size: 1, type: "u8", clause: "MMC-5 6.22.3.1" },
  lastTrackInLastSessionMsb: { offset: 11, size: 1, type: "u8", clause: "MMC-5 6.22.3.1" },
  discId: { offset: 12, size: 4, type: "u32be", clause: "MMC-5 6.22.3.1" },
  lastSessionLeadIn: { offset: 16, size: 4, type: "u32be", clause: "MMC-5 6.22.3.1.16" },
  lastPossibleLeadOut: { offset: 20, size: 4, type: "u32be", clause: "MMC-5 6.22.3.1.17" },
  barCode: { offset: 24, size: 8, type: "bytes", clause: "MMC-5 6.22.3.1" },
  applicationCode: { offset: 32, size: 1, type: "u8", clause: "MMC-5 6.22.3.1" },
  opcTableCount: { offset: 33, size: 1, type: "u8", clause: "MMC-5 6.22.3.1" },
} as const satisfies FieldTable;

/** One OPC table entry (MMC-5 6.22.3.1, 8 bytes from byte 34). */
export const opcEntryTable = {
  speed: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 6.22.3.1 OPC speed (kB/s)" },
  values: { offset: 2, size: 6, type: "bytes", clause: "MMC-5 6.22.3.1 OPC values" },
} as const satisfies FieldTable;

/** Disc status names (byte 2 bits 1..0). */
export const discStatusNames = ["blank", "appendable", "complete", "other"] as const;

/** An OPC table entry. */
export interface OpcEntry {
  /** Speed in kB/s. */
  speed: number;
  /** Six bytes of OPC values. */
  values: Uint8Array;
}

/** Decoded standard disc information. */
export interface DiscInformation {
  /** Bytes of valid data (the length field + 2, limited by what arrived). */
  validLength: number;
  /** Data type (0: standard). */
  dataType: number;
  /** Blankable or rewritable medium. */
  erasable: boolean;
  /** Last session: 0 empty, 1 incomplete, 2 reserved/damaged, 3 complete. */
  lastSessionState: number;
  /** 0 blank, 1 appendable, 2 complete, 3 other (random access). */
  discStatus: number;
  /** `discStatus` as a word. */
  status: (typeof discStatusNames)[number];
  /** Number of the first track on the disc. */
  firstTrack: number;
  /** Number of sessions (a blank disc reports 1). */
  sessions: number;
  /** First track number in the last session. */
  firstTrackInLastSession: number;
  /** Last track number in the last session (the incomplete track on an appendable disc). */
  lastTrackInLastSession: number;
  /** DID_V. */
  discIdValid: boolean;
  /** DBC_V. */
  barCodeValid: boolean;
  /** URU. */
  unrestrictedUse: boolean;
  /** DAC_V. */
  applicationCodeValid: boolean;
  /** Dbit (MRW / DVD+RW dirty). */
  dirty: boolean;
  /** Background format: 0 none, 1 suspended, 2 in progress, 3 complete. */
  bgFormatStatus: number;
  /** 00h CD-DA/CD-ROM, 10h CD-I, 20h CD-ROM XA, FFh undefined. */
  discType: number;
  /** Disc identification. */
  discId: number;
  /** Raw bytes 16-19: an LBA, or on CD an MSF in bytes 17-19 (see {@linkcode discAddress}). */
  lastSessionLeadIn: number;
  /** Raw bytes 20-23: as `lastSessionLeadIn`. */
  lastPossibleLeadOut: number;
  /** Disc bar code. */
  barCode: Uint8Array;
  /** Disc application code. */
  applicationCode: number;
  /** OPC table entries that arrived. */
  opcTables: OpcEntry[];
}

const ctx: PayloadContext = { commandName: "READ DISC INFORMATION", part: "response" };

/**
 * Convert a lead-in/lead-out field to an LBA: on CD it holds 00h, M, S, F.
 *
 * @param raw The field's value.
 * @param cd True for CD media (profiles 08h-0Ah).
 * @returns The LBA (signed on other media: FFFFFFFFh is -1).
 */
export function discAddress(raw: number, cd: boolean): number {
  if (!cd) return raw | 0;
  return msfToLba({ m: (raw >>> 16) & 0xff, s: (raw >>> 8) & 0xff, f: raw & 0xff });
}

/**
 * Parse standard disc information. Uses the reply's own length: fields past it read as 0.
 *
 * @param bytes The reply (may be the whole allocation).
 * @returns The decoded information.
 * @throws {MmcDataError} When fewer than 8 bytes arrived or the length field claims less.
 */
export function parseReadDiscInformationResponse(bytes: Uint8Array): DiscInformation {
  requireLength(bytes, 2, ctx, "the length field");
  const end = declaredEnd(bytes, 2, (bytes[0]! << 8) | bytes[1]!);
  if (end < 8) {
    throw payloadError(ctx, 0, `the length field leaves ${end} bytes, disc status needs 8`);
  }
  const v = readRecordPrefix(bytes, 0, end, discInformationTable);
  const opcTables: OpcEntry[] = [];
  for (let i = 0, at = 34; i < v.opcTableCount && at + 8 <= end; i++, at += 8) {
    opcTables.push(readRecordPrefix(bytes, at, end, opcEntryTable));
  }
  return {
    validLength: end,
    dataType: v.dataType,
    erasable: v.erasable,
    lastSessionState: v.lastSessionState,
    discStatus: v.discStatus,
    status: discStatusNames[v.discStatus]!,
    firstTrack: v.firstTrack,
    sessions: v.sessionsMsb * 256 + v.sessionsLsb,
    firstTrackInLastSession: v.firstTrackInLastSessionMsb * 256 + v.firstTrackInLastSessionLsb,
    lastTrackInLastSession: v.lastTrackInLastSessionMsb * 256 + v.lastTrackInLastSessionLsb,
    discIdValid: v.discIdValid,
    barCodeValid: v.barCodeValid,
    unrestrictedUse: v.unrestrictedUse,
    applicationCodeValid: v.applicationCodeValid,
    dirty: v.dirty,
    bgFormatStatus: v.bgFormatStatus,
    discType: v.discType,
    discId: v.discId,
    lastSessionLeadIn: v.lastSessionLeadIn,
    lastPossibleLeadOut: v.lastPossibleLeadOut,
    barCode: v.barCode,
    applicationCode: v.applicationCode,
    opcTables,
  };
}

/** What {@linkcode buildReadDiscInformationResponse} takes: the fields a drive reports. */
export type DiscInformationInput = Partial<Omit<DiscInformation, "validLength" | "status">>;

/**
 * Build standard disc information (the drive side): 34 bytes plus 8 per OPC entry, length
 * field = total - 2.
 *
 * @param values The fields (absent: 0; sessions and tracks default to 1).
 * @returns The bytes.
 */
export function buildReadDiscInformationResponse(values: DiscInformationInput): Uint8Array {
  const opc = values.opcTables ?? [];
  const sessions = values.sessions ?? 1;
  const firstLast = values.firstTrackInLastSession ?? 1;
  const lastLast = values.lastTrackInLastSession ?? 1;
  const {
    opcTables: _,
    sessions: _s,
    firstTrackInLastSession: _f,
    lastTrackInLastSession: _l,
    ...rest
  } = values;
  const out = buildRecord(discInformationTable, {
    firstTrack: 1,
    ...rest,
    length: 32 + 8 * opc.length,
    sessionsLsb: sessions & 0xff,
    sessionsMsb: sessions >> 8,
    firstTrackInLastSessionLsb: firstLast & 0xff,
    firstTrackInLastSessionMsb: firstLast >> 8,
    lastTrackInLastSessionLsb: lastLast & 0xff,
    lastTrackInLastSessionMsb: lastLast >> 8,
    opcTableCount: opc.length,
  }, 34 + 8 * opc.length);
  opc.forEach((e, i) => out.set(buildRecord(opcEntryTable, e), 34 + 8 * i));
  return out;
}
