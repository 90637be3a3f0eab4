/**
 * READ DISC STRUCTURE (ADh): DVD physical format, DVD+R DL layer boundary, BD disc
 * information, the list of readable structures, and others by format code (MMC-5 6.23,
 * reference/mmc.md 3.25). Every reply is a 4-byte header (length = total - 2) and a
 * payload; the tables below give offsets from the reply start (payload byte p is at 4 + p).
 *
 * @module
 */

import type { FieldTable, FieldValues } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import {
  buildRecord,
  declaredEnd,
  type PayloadContext,
  readRecordPrefix,
  requireLength,
} from "../payload.ts";

/** Media types (CDB byte 1 bits 3..0). */
export const DiscStructureMedia = { dvd: 0, bd: 1 } as const;

/** Format codes kiln reads (CDB byte 7). */
export const DiscStructureFormat = {
  /** DVD physical format information / BD disc information. */
  physical: 0x00,
  /** DVD-R/-RW pre-recorded information (lead-in). */
  preRecorded: 0x0e,
  /** DVD+R/+RW ADIP information. */
  adip: 0x11,
  /** DVD+R DL layer boundary information. */
  layerBoundary: 0x20,
  /** BD spare area information. */
  spareArea: 0x0a,
  /** The list of structures the drive can read or send. */
  list: 0xff,
} as const;

/** READ DISC STRUCTURE CDB (MMC-5 6.23). */
export const readDiscStructureCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.23 (ADh)" },
  mediaType: { offset: 1, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 6.23 Media Type" },
  address: { offset: 2, size: 4, type: "u32be", clause: "MMC-5 6.23 Address" },
  layer: { offset: 6, size: 1, type: "u8", clause: "MMC-5 6.23 Layer Number" },
  format: { offset: 7, size: 1, type: "u8", clause: "MMC-5 6.23 Format Code" },
  allocationLength: { offset: 8, size: 2, type: "u16be", clause: "MMC-5 6.23" },
  agid: { offset: 10, size: 1, type: "u8", bits: [7, 6], clause: "MMC-5 6.23 AGID" },
} as const satisfies FieldTable;

/** Fields of a READ DISC STRUCTURE CDB. */
export type ReadDiscStructureCdb = CdbFields<typeof readDiscStructureCdbTable>;

/** READ DISC STRUCTURE: 12-byte CDB, data in. */
export const readDiscStructure: MmcCommand<typeof readDiscStructureCdbTable> = defineCommand({
  name: "READ DISC STRUCTURE",
  opcode: 0xad,
  cdbLength: 12,
  direction: "in",
  clause: "MMC-5 6.23",
  cdb: readDiscStructureCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a READ DISC STRUCTURE CDB; DVD physical format with 2052 bytes is
 * `AD 00 00 00 00 00 00 00 08 04 00 00`.
 *
 * @param fields Media type, format, layer, address, allocation length (default 4100).
 * @returns The CDB.
 */
export function buildReadDiscStructureCdb(fields: Partial<ReadDiscStructureCdb>): Uint8Array {
  return readDiscStructure.build({ allocationLength: 4100, ...fields });
}

/**
 * Parse a READ DISC STRUCTURE CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseReadDiscStructureCdb(cdb: Uint8Array): ReadDiscStructureCdb {
  return readDiscStructure.parse(cdb);
}

/** The 4-byte header of every reply (MMC-5 6.23). */
export const discStructureHeaderTable = {
  length: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 6.23 Disc Structure Data Length" },
} as const satisfies FieldTable;

/** A reply split into header and payload. */
export interface DiscStructure {
  /** Data length (the reply is this + 2). */
  length: number;
  /** The payload bytes that arrived (after the 4-byte header). */
  payload: Uint8Array;
  /** The reply's valid bytes (header + payload), for the format tables below. */
  bytes: Uint8Array;
}

const ctx: PayloadContext = { commandName: "READ DISC STRUCTURE", part: "response" };

/**
 * Split a READ DISC STRUCTURE reply.
 *
 * @param bytes The reply.
 * @returns Length and payload.
 * @throws {MmcDataError} When the 4-byte header is missing.
 */
export function parseReadDiscStructureResponse(bytes: Uint8Array): DiscStructure {
  requireLength(bytes, 4, ctx, "the 4-byte header");
  const { length } = readRecordPrefix(bytes, 0, 4, discStructureHeaderTable);
  const end = Math.max(4, declaredEnd(bytes, 2, length));
  return { length, payload: bytes.slice(4, end), bytes: bytes.slice(0, end) };
}

/**
 * Build a READ DISC STRUCTURE reply: header then payload.
 *
 * @param payload The structure's bytes.
 * @returns The reply.
 */
export function buildReadDiscStructureResponse(payload: Uint8Array): Uint8Array {
  const out = buildRecord(
    discStructureHeaderTable,
    { length: payload.length + 2 },
    4 + payload.length,
  );
  out.set(payload, 4);
  return out;
}

/** DVD physical format information, format 00h (MMC-5 6.23), from the reply start. */
export const dvdPhysicalFormatTable = {
  bookType: { offset: 4, size: 1, type: "u8", bits: [7, 4], clause: "MMC-5 6.23 Book Type" },
  partVersion: { offset: 4, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 Part Version" },
  discSize: { offset: 5, size: 1, type: "u8", bits: [7, 4], clause: "MMC-5 Disc Size" },
  maximumRate: { offset: 5, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 Maximum Rate" },
  layersMinusOne: { offset: 6, size: 1, type: "u8", bits: [6, 5], clause: "MMC-5 Layers" },
  trackPath: { offset: 6, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 Track Path" },
  layerType: { offset: 6, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 Layer Type" },
  linearDensity: { offset: 7, size: 1, type: "u8", bits: [7, 4], clause: "MMC-5" },
  trackDensity: { offset: 7, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5" },
  dataStart: { offset: 9, size: 3, type: "u24be", clause: "MMC-5 Starting PSN of Data Area" },
  dataEnd: { offset: 13, size: 3, type: "u24be", clause: "MMC-5 End PSN of Data Area" },
  layer0End: { offset: 17, size: 3, type: "u24be", clause: "MMC-5 End PSN in Layer 0" },
  bca: { offset: 20, size: 1, type: "bool", bits: [7, 7], clause: "MMC-5 BCA" },
} as const satisfies FieldTable;

/** DVD+R DL layer boundary information, format 20h (MMC-5 6.23). */
export const layerBoundaryTable = {
  l0Fixed: { offset: 4, size: 1, type: "bool", bits: [7, 7], clause: "MMC-5 Init Status" },
  l0Capacity: { offset: 8, size: 4, type: "u32be", clause: "MMC-5 L0 Data Zone Capacity" },
} as const satisfies FieldTable;

/** One entry of the structure list, format FFh (MMC-5 6.23), from the payload start. */
export const structureListEntryTable = {
  format: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.23 Format Code" },
  sendable: { offset: 1, size: 1, type: "bool", bits: [7, 7], clause: "MMC-5 SDS" },
  readable: { offset: 1, size: 1, type: "bool", bits: [6, 6], clause: "MMC-5 RDS" },
  length: { offset: 2, size: 2, type: "u16be", clause: "MMC-5 Structure Length" },
} as const satisfies FieldTable;

/** DVD physical format fields. */
export type DvdPhysicalFormat = FieldValues<typeof dvdPhysicalFormatTable>;

/** Layer boundary fields. */
export type LayerBoundary = FieldValues<typeof layerBoundaryTable>;

/** A structure list entry. */
export type StructureListEntry = FieldValues<typeof structureListEntryTable>;

/**
 * Decode format 00h on DVD (fields past the reply read as 0).
 *
 * @param s A split reply.
 * @returns The physical format fields (book type 0 DVD-ROM, 2 DVD-R, 9 DVD+RW, Ah DVD+R ...).
 */
export function parseDvdPhysicalFormat(s: DiscStructure): DvdPhysicalFormat {
  return readRecordPrefix(s.bytes, 0, s.bytes.length, dvdPhysicalFormatTable);
}

/**
 * Decode format 20h (DVD+R DL layer boundary).
 *
 * @param s A split reply.
 * @returns L0 fixed flag and L0 data zone capacity.
 * @throws {MmcDataError} When the capacity field did not arrive.
 */
export function parseLayerBoundary(s: DiscStructure): LayerBoundary {
  requireLength(s.bytes, 12, ctx, "the L0 data zone capacity");
  return readRecordPrefix(s.bytes, 0, s.bytes.length, layerBoundaryTable);
}

/**
 * Decode format FFh (the structure list).
 *
 * @param s A split reply.
 * @returns The entries that arrived.
 */
export function parseStructureList(s: DiscStructure): StructureListEntry[] {
  const out: StructureListEntry[] = [];
  for (let at = 0; at + 4 <= s.payload.length; at += 4) {
    out.push(readRecordPrefix(s.payload, at, s.payload.length, structureListEntryTable));
  }
  return out;
}

/**
 * Build a DVD physical format reply (format 00h, 2048-byte payload).
 *
 * @param values Fields.
 * @returns The reply.
 */
export function buildDvdPhysicalFormatResponse(values: Partial<DvdPhysicalFormat>): Uint8Array {
  const out = buildRecord(dvdPhysicalFormatTable, values, 4 + 2048);
  out.set(buildRecord(discStructureHeaderTable, { length: 2048 + 2 }));
  return out;
}
