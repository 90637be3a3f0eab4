/**
 * READ TOC/PMA/ATIP (43h): the table of contents (format 0), the last complete session
 * (format 1), the raw full TOC (format 2) and the ATIP of a CD-R/RW (format 4) (MMC-5 6.26,
 * reference/mmc.md 3.8). The builder puts the format in byte 2 **and**, for formats 0-2, in
 * byte 9 bits 7..6 (the SFF-8020 place): QEMU's ide-cd reads only byte 9, scsi-cd only byte 2.
 * Formats 2 and 4 are parsed in `read_toc_full.ts`.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import { lbaToMsf, type Msf, msfToLba } from "../msf.ts";
import {
  buildRecord,
  declaredEnd,
  type PayloadContext,
  payloadError,
  readRecord,
  requireLength,
} from "../payload.ts";

/** READ TOC formats (CDB byte 2 bits 3..0). */
export const TocFormat = {
  /** Tracks and lead-out. */
  toc: 0,
  /** First track of the last complete session (multisession). */
  sessionInfo: 1,
  /** Raw Q sub-channel entries of the lead-in. */
  fullToc: 2,
  /** Program memory area. */
  pma: 3,
  /** Absolute time in pre-groove (CD-R/RW). */
  atip: 4,
  /** CD-TEXT in the lead-in. */
  cdText: 5,
} as const;

/** READ TOC/PMA/ATIP CDB (MMC-5 6.26). */
export const readTocCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.26 (43h)" },
  msf: { offset: 1, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 6.26 MSF" },
  format: { offset: 2, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 6.26 Format" },
  trackSession: { offset: 6, size: 1, type: "u8", clause: "MMC-5 6.26 Track/Session Number" },
  allocationLength: { offset: 7, size: 2, type: "u16be", clause: "MMC-5 6.26" },
  legacyFormat: {
    offset: 9,
    size: 1,
    type: "u8",
    bits: [7, 6],
    clause: "SFF-8020i / MMC-1 READ TOC Format in the control byte",
  },
} as const satisfies FieldTable;

/** Fields of a READ TOC/PMA/ATIP CDB. */
export type ReadTocCdb = CdbFields<typeof readTocCdbTable>;

/** READ TOC/PMA/ATIP: 10-byte CDB, data in. */
export const readToc: MmcCommand<typeof readTocCdbTable> = defineCommand({
  name: "READ TOC/PMA/ATIP",
  opcode: 0x43,
  cdbLength: 10,
  direction: "in",
  clause: "MMC-5 6.26",
  cdb: readTocCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a READ TOC/PMA/ATIP CDB. `legacyFormat` defaults to `format` for formats 0-2, so
 * format 1 gives `43 00 01 00 00 00 00 LL LL 40`.
 *
 * @param fields Format, MSF, track/session, allocation length (default 4096).
 * @returns The CDB.
 */
export function buildReadTocCdb(fields: Partial<ReadTocCdb>): Uint8Array {
  const format = fields.format ?? 0;
  return readToc.build({
    allocationLength: 4096,
    legacyFormat: format <= 2 ? format : 0,
    ...fields,
  });
}

/**
 * Parse a READ TOC/PMA/ATIP CDB. The effective format is `format`, or `legacyFormat` when
 * byte 2 holds 0 (an SFF-8020 host).
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseReadTocCdb(cdb: Uint8Array): ReadTocCdb {
  return readToc.parse(cdb);
}

/**
 * The format a drive should answer: byte 2, or byte 9 bits 7..6 when byte 2 is 0.
 *
 * @param fields Parsed CDB fields.
 * @returns The format.
 */
export function effectiveTocFormat(fields: ReadTocCdb): number {
  return fields.format !== 0 ? fields.format : fields.legacyFormat;
}

/** The 4-byte header of every format (MMC-5 6.26.3). */
export const tocHeaderTable = {
  length: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 6.26.3 TOC Data Length (n-2)" },
  first: { offset: 2, size: 1, type: "u8", clause: "MMC-5 6.26.3 First Track/Session" },
  last: { offset: 3, size: 1, type: "u8", clause: "MMC-5 6.26.3 Last Track/Session" },
} as const satisfies FieldTable;

/** A track descriptor of formats 0 and 1 (MMC-5 6.26.3.2, 8 bytes). */
export const tocTrackTable = {
  adr: { offset: 1, size: 1, type: "u8", bits: [7, 4], clause: "MMC-5 6.26.3.2 ADR" },
  control: { offset: 1, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 6.26.3.2 CONTROL" },
  track: { offset: 2, size: 1, type: "u8", clause: "MMC-5 6.26.3.2 Track Number (AAh lead-out)" },
  address: { offset: 4, size: 4, type: "i32be", clause: "MMC-5 6.26.3.2 Track Start Address" },
} as const satisfies FieldTable;

/** A track of a format 0 or 1 reply. */
export interface TocTrack {
  /** Q sub-channel ADR (1: position). */
  adr: number;
  /** CONTROL: bit 2 data track, bit 0 pre-emphasis, bit 1 copy permitted, bit 3 4-channel. */
  control: number;
  /** Track number; AAh is the lead-out. */
  track: number;
  /** Start address as an LBA (converted from MSF when the CDB asked for MSF). */
  lba: number;
}

/** A format 0 reply. */
export interface Toc {
  /** First track number. */
  firstTrack: number;
  /** Last track number. */
  lastTrack: number;
  /** The tracks from the CDB's starting track, then the lead-out (AAh). */
  tracks: TocTrack[];
}

/** A format 1 reply. */
export interface TocSessionInfo {
  /** First complete session number. */
  firstSession: number;
  /** Last complete session number. */
  lastSession: number;
  /** The first track of the last complete session. */
  firstTrackInLastSession: TocTrack;
}

/** The number of the lead-out "track". */
export const leadOutTrack = 0xaa;

const ctx: PayloadContext = { commandName: "READ TOC/PMA/ATIP", part: "response" };

function readTrack(bytes: Uint8Array, at: number, msf: boolean): TocTrack {
  const v = readRecord(bytes, at, tocTrackTable, ctx, "a track descriptor");
  const lba = msf
    ? msfToLba({ m: bytes[at + 5]!, s: bytes[at + 6]!, f: bytes[at + 7]! })
    : v.address;
  return { adr: v.adr, control: v.control, track: v.track, lba };
}

function writeTrack(out: Uint8Array, at: number, t: TocTrack, msf: boolean): void {
  const address = msf ? 0 : t.lba;
  out.set(
    buildRecord(tocTrackTable, { adr: t.adr, control: t.control, track: t.track, address }),
    at,
  );
  if (msf) {
    const a: Msf = lbaToMsf(t.lba);
    out.set([0, a.m, a.s, a.f], at + 4);
  }
}

/**
 * Read a reply's header and check its length against the descriptor size.
 *
 * @param bytes The reply.
 * @param entrySize Descriptor size of the format (8 for formats 0 and 1, 11 for format 2).
 * @returns Header fields and the end of the valid bytes.
 * @throws {MmcDataError} When the header is missing or the length is not 2 + n entries.
 */
export function readTocHeader(
  bytes: Uint8Array,
  entrySize: number,
): { first: number; last: number; end: number } {
  const h = readRecord(bytes, 0, tocHeaderTable, ctx, "the 4-byte header");
  if (h.length < 2 || (h.length - 2) % entrySize !== 0) {
    throw payloadError(
      ctx,
      0,
      `TOC data length ${h.length} is not 2 plus a multiple of ${entrySize}`,
    );
  }
  return { first: h.first, last: h.last, end: declaredEnd(bytes, 2, h.length) };
}

/**
 * Parse a format 0 (TOC) reply. Descriptors cut off by a small allocation are left out.
 *
 * @param bytes The reply.
 * @param msf True when the CDB set MSF (addresses are 0, M, S, F).
 * @returns First and last track and the track descriptors.
 * @throws {MmcDataError} When the header is malformed.
 */
export function parseReadTocResponse(bytes: Uint8Array, msf = false): Toc {
  const { first, last, end } = readTocHeader(bytes, 8);
  const tracks: TocTrack[] = [];
  for (let at = 4; at + 8 <= end; at += 8) tracks.push(readTrack(bytes, at, msf));
  return { firstTrack: first, lastTrack: last, tracks };
}

/**
 * Build a format 0 reply (the drive side).
 *
 * @param toc First and last track and the descriptors (lead-out last).
 * @param msf Write addresses as MSF.
 * @returns The bytes.
 */
export function buildReadTocResponse(toc: Toc, msf = false): Uint8Array {
  const out = new Uint8Array(4 + 8 * toc.tracks.length);
  out.set(buildRecord(tocHeaderTable, {
    length: out.length - 2,
    first: toc.firstTrack,
    last: toc.lastTrack,
  }));
  toc.tracks.forEach((t, i) => writeTrack(out, 4 + 8 * i, t, msf));
  return out;
}

/**
 * Parse a format 1 (session information) reply.
 *
 * @param bytes The reply.
 * @param msf True when the CDB set MSF.
 * @returns First and last complete session and the first track of the last one.
 * @throws {MmcDataError} When the header is malformed or the descriptor is missing.
 */
export function parseReadTocSessionInfoResponse(bytes: Uint8Array, msf = false): TocSessionInfo {
  const { first, last, end } = readTocHeader(bytes, 8);
  requireLength(bytes.subarray(0, end), 12, ctx, "the session descriptor");
  return {
    firstSession: first,
    lastSession: last,
    firstTrackInLastSession: readTrack(bytes, 4, msf),
  };
}

/**
 * Build a format 1 reply (the drive side): 12 bytes.
 *
 * @param info Sessions and the first track of the last complete session.
 * @param msf Write the address as MSF.
 * @returns The bytes.
 */
export function buildReadTocSessionInfoResponse(info: TocSessionInfo, msf = false): Uint8Array {
  const out = new Uint8Array(12);
  out.set(buildRecord(tocHeaderTable, {
    length: 10,
    first: info.firstSession,
    last: info.lastSession,
  }));
  writeTrack(out, 4, info.firstTrackInLastSession, msf);
  return out;
}
