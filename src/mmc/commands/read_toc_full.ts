/**
 * READ TOC/PMA/ATIP formats 2 (full TOC) and 4 (ATIP): the reply layouts; the CDB is in
 * `read_toc.ts` (MMC-5 6.26.3.4, 6.26.2.6; reference/mmc.md 3.8).
 *
 * @module
 */

import type { FieldTable, FieldValues } from "../../records/field_table.ts";
import { type Msf, msfToLba } from "../msf.ts";
import {
  buildRecord,
  declaredEnd,
  type PayloadContext,
  readRecord,
  readRecordPrefix,
  requireLength,
} from "../payload.ts";
import { readTocHeader, tocHeaderTable } from "./read_toc.ts";

/** A full TOC descriptor: one Q sub-channel entry of the lead-in (MMC-5 6.26.3.4, 11 bytes). */
export const fullTocEntryTable = {
  session: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.26.3.4 Session Number" },
  adr: { offset: 1, size: 1, type: "u8", bits: [7, 4], clause: "MMC-5 6.26.3.4 ADR" },
  control: { offset: 1, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 6.26.3.4 CONTROL" },
  tno: { offset: 2, size: 1, type: "u8", clause: "MMC-5 6.26.3.4 TNO (0)" },
  point: { offset: 3, size: 1, type: "u8", clause: "MMC-5 6.26.3.4 POINT" },
  min: { offset: 4, size: 1, type: "u8", clause: "MMC-5 6.26.3.4 Min" },
  sec: { offset: 5, size: 1, type: "u8", clause: "MMC-5 6.26.3.4 Sec" },
  frame: { offset: 6, size: 1, type: "u8", clause: "MMC-5 6.26.3.4 Frame" },
  zero: { offset: 7, size: 1, type: "u8", clause: "MMC-5 6.26.3.4 Zero/HOUR" },
  pmin: { offset: 8, size: 1, type: "u8", clause: "MMC-5 6.26.3.4 PMIN" },
  psec: { offset: 9, size: 1, type: "u8", clause: "MMC-5 6.26.3.4 PSEC" },
  pframe: { offset: 10, size: 1, type: "u8", clause: "MMC-5 6.26.3.4 PFRAME" },
} as const satisfies FieldTable;

/** One full TOC entry. POINT 01-63h: a track at PMSF; A0h/A1h/A2h: first/last/lead-out. */
export type FullTocEntry = FieldValues<typeof fullTocEntryTable>;

/** POINT values with a meaning of their own (MMC-5 6.26.3.4). */
export const TocPoint = {
  /** PMIN = first track number, PSEC = disc type. */
  firstTrack: 0xa0,
  /** PMIN = last track number. */
  lastTrack: 0xa1,
  /** PMSF = lead-out start. */
  leadOut: 0xa2,
  /** MSF = next program area start, PMSF = last possible lead-out (ADR 5). */
  nextProgramArea: 0xb0,
  /** ATIP values (ADR 5). */
  atip: 0xc0,
} as const;

/** A format 2 reply. */
export interface FullToc {
  /** First complete session number. */
  firstSession: number;
  /** Last complete session number. */
  lastSession: number;
  /** The entries that arrived. */
  entries: FullTocEntry[];
}

const ctx: PayloadContext = { commandName: "READ TOC/PMA/ATIP", part: "response" };

/**
 * Parse a format 2 (full TOC) reply.
 *
 * @param bytes The reply.
 * @returns Sessions and entries.
 * @throws {MmcDataError} When the header is malformed.
 */
export function parseReadTocFullTocResponse(bytes: Uint8Array): FullToc {
  const { first, last, end } = readTocHeader(bytes, 11);
  const entries: FullTocEntry[] = [];
  for (let at = 4; at + 11 <= end; at += 11) {
    entries.push(readRecord(bytes, at, fullTocEntryTable, ctx, "a full TOC entry"));
  }
  return { firstSession: first, lastSession: last, entries };
}

/**
 * Build a format 2 reply (the drive side).
 *
 * @param toc Sessions and entries.
 * @returns The bytes.
 */
export function buildReadTocFullTocResponse(toc: FullToc): Uint8Array {
  const out = new Uint8Array(4 + 11 * toc.entries.length);
  out.set(buildRecord(tocHeaderTable, {
    length: out.length - 2,
    first: toc.firstSession,
    last: toc.lastSession,
  }));
  toc.entries.forEach((e, i) => out.set(buildRecord(fullTocEntryTable, e), 4 + 11 * i));
  return out;
}

/** ATIP data after the 4-byte header (MMC-5 6.26.3.6); offsets from the reply start. */
export const atipTable = {
  length: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 6.26.3.6 ATIP Data Length" },
  writingPower: { offset: 4, size: 1, type: "u8", bits: [6, 4], clause: "MMC-5 6.26.3.6" },
  ddcd: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 6.26.3.6 DDCD" },
  referenceSpeed: { offset: 4, size: 1, type: "u8", bits: [2, 0], clause: "MMC-5 6.26.3.6" },
  unrestrictedUse: { offset: 5, size: 1, type: "bool", bits: [6, 6], clause: "MMC-5 URU" },
  rewritable: { offset: 6, size: 1, type: "bool", bits: [6, 6], clause: "MMC-5 Disc Type" },
  discSubType: { offset: 6, size: 1, type: "u8", bits: [5, 3], clause: "MMC-5 6.26.3.6" },
  a1Valid: { offset: 6, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 A1 Valid" },
  a2Valid: { offset: 6, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 A2 Valid" },
  a3Valid: { offset: 6, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 A3 Valid" },
  leadInStart: { offset: 8, size: 3, type: "bytes", clause: "MMC-5 ATIP Start Time of Lead-in" },
  leadOutStart: { offset: 12, size: 3, type: "bytes", clause: "MMC-5 Last Possible Lead-out" },
  a1: { offset: 16, size: 3, type: "bytes", clause: "MMC-5 6.26.3.6 A1 Values" },
  a2: { offset: 20, size: 3, type: "bytes", clause: "MMC-5 6.26.3.6 A2 Values" },
  a3: { offset: 24, size: 3, type: "bytes", clause: "MMC-5 6.26.3.6 A3 Values" },
} as const satisfies FieldTable;

/** A decoded ATIP. */
export interface Atip {
  /** Indicative target writing power. */
  writingPower: number;
  /** DDCD. */
  ddcd: boolean;
  /** Reference speed. */
  referenceSpeed: number;
  /** URU. */
  unrestrictedUse: boolean;
  /** Disc type bit: true for CD-RW. */
  rewritable: boolean;
  /** Disc sub-type. */
  discSubType: number;
  /** Start of the lead-in. */
  leadInStart: Msf;
  /** Its LBA (negative, e.g. 97:26:66 is -11634). */
  leadInStartLba: number;
  /** Last possible start of the lead-out (the capacity, e.g. 79:59:74). */
  leadOutStart: Msf;
  /** Its LBA. */
  leadOutStartLba: number;
  /** A1/A2/A3 values when valid. */
  a1?: Uint8Array;
  /** A2 values. */
  a2?: Uint8Array;
  /** A3 values. */
  a3?: Uint8Array;
}

function toMsf(b: Uint8Array): Msf {
  return { m: b[0]!, s: b[1]!, f: b[2]! };
}

/**
 * Parse a format 4 (ATIP) reply. Pressed media may answer garbage: check that the lead-in
 * starts before the lead-out.
 *
 * @param bytes The reply.
 * @returns The ATIP.
 * @throws {MmcDataError} When the reply stops before the lead-out time (byte 15).
 */
export function parseReadTocAtipResponse(bytes: Uint8Array): Atip {
  requireLength(bytes, 4, ctx, "the 4-byte header");
  const end = declaredEnd(bytes, 2, (bytes[0]! << 8) | bytes[1]!);
  requireLength(bytes.subarray(0, end), 15, ctx, "the ATIP lead-out time");
  const v = readRecordPrefix(bytes, 0, end, atipTable);
  const leadInStart = toMsf(v.leadInStart);
  const leadOutStart = toMsf(v.leadOutStart);
  return {
    writingPower: v.writingPower,
    ddcd: v.ddcd,
    referenceSpeed: v.referenceSpeed,
    unrestrictedUse: v.unrestrictedUse,
    rewritable: v.rewritable,
    discSubType: v.discSubType,
    leadInStart,
    leadInStartLba: msfToLba(leadInStart),
    leadOutStart,
    leadOutStartLba: msfToLba(leadOutStart),
    ...(v.a1Valid && end >= 19 ? { a1: v.a1 } : {}),
    ...(v.a2Valid && end >= 23 ? { a2: v.a2 } : {}),
    ...(v.a3Valid && end >= 27 ? { a3: v.a3 } : {}),
  };
}

/**
 * Build a format 4 reply (the drive side): 28 bytes; bytes 4 and 6 get their fixed bit 7.
 *
 * @param atip The ATIP (the LBA fields are ignored: the MSF ones are written).
 * @returns The bytes.
 */
export function buildReadTocAtipResponse(
  atip: Omit<Atip, "leadInStartLba" | "leadOutStartLba">,
): Uint8Array {
  const m = (x: Msf) => new Uint8Array([x.m, x.s, x.f]);
  const out = buildRecord(atipTable, {
    length: 26,
    writingPower: atip.writingPower,
    ddcd: atip.ddcd,
    referenceSpeed: atip.referenceSpeed,
    unrestrictedUse: atip.unrestrictedUse,
    rewritable: atip.rewritable,
    discSubType: atip.discSubType,
    a1Valid: atip.a1 !== undefined,
    a2Valid: atip.a2 !== undefined,
    a3Valid: atip.a3 !== undefined,
    leadInStart: m(atip.leadInStart),
    leadOutStart: m(atip.leadOutStart),
    a1: atip.a1 ?? new Uint8Array(3),
    a2: atip.a2 ?? new Uint8Array(3),
    a3: atip.a3 ?? new Uint8Array(3),
  }, 28);
  out[4] = out[4]! | 0x80;
  out[6] = out[6]! | 0x80;
  return out;
}
