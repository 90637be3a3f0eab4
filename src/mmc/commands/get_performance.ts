/**
 * GET PERFORMANCE (ACh): the nominal performance (type 00h) and the write speeds supported
 * for the current medium (type 03h) (MMC-5 6.8, reference/mmc.md 3.19). Drives announce the
 * length in bytes 0-3; some answer only one descriptor when asked for 0, one (LG GCA-4040N)
 * answers length 0: the parser gives no descriptors then, and the caller falls back to page
 * 2Ah.
 *
 * @module
 */

import type { FieldTable, FieldValues } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import {
  buildRecord,
  type PayloadContext,
  payloadError,
  readRecord,
  requireLength,
} from "../payload.ts";

/** Types (CDB byte 10). */
export const PerformanceType = {
  /** Performance: read or write throughput over LBA ranges. */
  performance: 0x00,
  /** Unusable area. */
  unusableArea: 0x01,
  /** Defect status. */
  defectStatus: 0x02,
  /** Write speed descriptors for the current medium. */
  writeSpeed: 0x03,
} as const;

/** GET PERFORMANCE CDB (MMC-5 6.8). */
export const getPerformanceCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.8 (ACh)" },
  tolerance: {
    offset: 1,
    size: 1,
    type: "u8",
    bits: [4, 3],
    clause: "MMC-5 6.8 Tolerance (10b: 10%)",
  },
  write: { offset: 1, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 6.8 Write" },
  except: { offset: 1, size: 1, type: "u8", bits: [1, 0], clause: "MMC-5 6.8 Except" },
  startingLba: { offset: 2, size: 4, type: "u32be", clause: "MMC-5 6.8 Starting LBA" },
  maxDescriptors: {
    offset: 8,
    size: 2,
    type: "u16be",
    clause: "MMC-5 6.8 Maximum Number of Descriptors",
  },
  type: { offset: 10, size: 1, type: "u8", clause: "MMC-5 6.8 Type" },
} as const satisfies FieldTable;

/** Fields of a GET PERFORMANCE CDB. */
export type GetPerformanceCdb = CdbFields<typeof getPerformanceCdbTable>;

/** GET PERFORMANCE: 12-byte CDB, data in. */
export const getPerformance: MmcCommand<typeof getPerformanceCdbTable> = defineCommand({
  name: "GET PERFORMANCE",
  opcode: 0xac,
  cdbLength: 12,
  direction: "in",
  clause: "MMC-5 6.8",
  cdb: getPerformanceCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a GET PERFORMANCE CDB; the write-speed query for 16 descriptors is
 * `AC 00 00 00 00 00 00 00 00 10 03 00`, libburn's nominal read performance
 * `AC 10 00 00 00 00 00 00 00 01 00 00`.
 *
 * @param fields Type, data type bits, starting LBA, maximum descriptors.
 * @returns The CDB.
 */
export function buildGetPerformanceCdb(fields: Partial<GetPerformanceCdb>): Uint8Array {
  return getPerformance.build(fields);
}

/**
 * Parse a GET PERFORMANCE CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseGetPerformanceCdb(cdb: Uint8Array): GetPerformanceCdb {
  return getPerformance.parse(cdb);
}

/** The 8-byte performance header (MMC-5 6.8). */
export const performanceHeaderTable = {
  dataLength: { offset: 0, size: 4, type: "u32be", clause: "MMC-5 6.8 Performance Data Length" },
  write: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 6.8 Write" },
  except: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.8 Except" },
} as const satisfies FieldTable;

/** A type 00h performance descriptor (MMC-5 6.8.5, 16 bytes). */
export const performanceDescriptorTable = {
  startLba: { offset: 0, size: 4, type: "u32be", clause: "MMC-5 6.8.5 Start LBA" },
  startPerformance: { offset: 4, size: 4, type: "u32be", clause: "MMC-5 6.8.5 (kB/s)" },
  endLba: { offset: 8, size: 4, type: "u32be", clause: "MMC-5 6.8.5 End LBA" },
  endPerformance: { offset: 12, size: 4, type: "u32be", clause: "MMC-5 6.8.5 (kB/s)" },
} as const satisfies FieldTable;

/** A type 03h write speed descriptor (MMC-5 6.8.5.3, table 312, 16 bytes). */
export const writeSpeedPerformanceTable = {
  wrc: { offset: 0, size: 1, type: "u8", bits: [4, 3], clause: "MMC-5 6.8.5.3 WRC" },
  rdd: { offset: 0, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 6.8.5.3 RDD" },
  exact: { offset: 0, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 6.8.5.3 Exact" },
  mrw: { offset: 0, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.8.5.3 MRW" },
  endLba: { offset: 4, size: 4, type: "u32be", clause: "MMC-5 6.8.5.3 End LBA" },
  readSpeed: { offset: 8, size: 4, type: "u32be", clause: "MMC-5 6.8.5.3 Read Speed (kB/s)" },
  writeSpeed: { offset: 12, size: 4, type: "u32be", clause: "MMC-5 6.8.5.3 Write Speed (kB/s)" },
} as const satisfies FieldTable;

/** A type 00h descriptor. */
export type PerformanceDescriptor = FieldValues<typeof performanceDescriptorTable>;

/** A type 03h descriptor. */
export type WriteSpeedPerformance = FieldValues<typeof writeSpeedPerformanceTable>;

/** A decoded GET PERFORMANCE reply. */
export interface Performance<D> {
  /** Performance Data Length: the reply is this + 4 bytes. */
  dataLength: number;
  /** Header Write bit. */
  write: boolean;
  /** Header Except bit. */
  except: boolean;
  /** The descriptors that arrived. */
  descriptors: D[];
  /** Descriptors the drive has in all (from the data length). */
  available: number;
}

const ctx: PayloadContext = { commandName: "GET PERFORMANCE", part: "response" };

function parse<T extends FieldTable>(bytes: Uint8Array, table: T): Performance<FieldValues<T>> {
  requireLength(bytes, 8, ctx, "the 8-byte header");
  const h = readRecord(bytes, 0, performanceHeaderTable, ctx, "the 8-byte header");
  if (h.dataLength !== 0 && (h.dataLength < 4 || (h.dataLength - 4) % 16 !== 0)) {
    throw payloadError(
      ctx,
      0,
      `performance data length ${h.dataLength} is not 4 plus a multiple of 16`,
    );
  }
  const end = Math.min(bytes.length, 4 + h.dataLength);
  const descriptors: FieldValues<T>[] = [];
  for (let at = 8; at + 16 <= end; at += 16) {
    descriptors.push(readRecord(bytes, at, table, ctx, "a descriptor"));
  }
  const available = h.dataLength === 0 ? 0 : (h.dataLength - 4) / 16;
  return { dataLength: h.dataLength, write: h.write, except: h.except, descriptors, available };
}

/**
 * Parse a type 00h (performance) reply.
 *
 * @param bytes The reply.
 * @returns Header and descriptors.
 * @throws {MmcDataError} When the header is short or the data length is not 4 + 16 n.
 */
export function parseGetPerformanceResponse(
  bytes: Uint8Array,
): Performance<PerformanceDescriptor> {
  return parse(bytes, performanceDescriptorTable);
}

/**
 * Parse a type 03h (write speed) reply.
 *
 * @param bytes The reply.
 * @returns Header and write speed descriptors.
 * @throws {MmcDataError} When the header is short or the data length is not 4 + 16 n.
 */
export function parseGetPerformanceWriteSpeedResponse(
  bytes: Uint8Array,
): Performance<WriteSpeedPerformance> {
  return parse(bytes, writeSpeedPerformanceTable);
}

function build<T extends FieldTable>(
  table: T,
  descriptors: readonly Partial<FieldValues<T>>[],
  header: { write?: boolean; except?: boolean },
): Uint8Array {
  const out = new Uint8Array(8 + 16 * descriptors.length);
  out.set(buildRecord(performanceHeaderTable, { ...header, dataLength: out.length - 4 }));
  descriptors.forEach((d, i) => out.set(buildRecord(table, d), 8 + 16 * i));
  return out;
}

/**
 * Build a type 00h reply (the drive side).
 *
 * @param descriptors The descriptors.
 * @param header Write and Except bits.
 * @returns The bytes.
 */
export function buildGetPerformanceResponse(
  descriptors: readonly Partial<PerformanceDescriptor>[],
  header: { write?: boolean; except?: boolean } = {},
): Uint8Array {
  return build(performanceDescriptorTable, descriptors, header);
}

/**
 * Build a type 03h reply (the drive side).
 *
 * @param descriptors The write speeds.
 * @returns The bytes.
 */
export function buildGetPerformanceWriteSpeedResponse(
  descriptors: readonly Partial<WriteSpeedPerformance>[],
): Uint8Array {
  return build(writeSpeedPerformanceTable, descriptors, {});
}
