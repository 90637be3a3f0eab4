/**
 * READ FORMAT CAPACITIES (23h): the medium's current or maximum capacity and the formats it
 * can take (MMC-5 6.24, reference/mmc.md 3.18). libburn asks 4 bytes first, then
 * `byte 3 + 4`.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import { buildRecord, type PayloadContext, payloadError, readRecord } from "../payload.ts";

/** Current/maximum descriptor types (byte 8 bits 1..0). */
export const CapacityDescriptorType = {
  /** Unformatted: the maximum formattable capacity. */
  unformatted: 1,
  /** Formatted: the current capacity. */
  formatted: 2,
  /** No medium or unknown: the maximum the drive can format. */
  noMedium: 3,
} as const;

/** READ FORMAT CAPACITIES CDB (MMC-5 6.24). */
export const readFormatCapacitiesCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.24 (23h)" },
  allocationLength: { offset: 7, size: 2, type: "u16be", clause: "MMC-5 6.24" },
} as const satisfies FieldTable;

/** Fields of a READ FORMAT CAPACITIES CDB. */
export type ReadFormatCapacitiesCdb = CdbFields<typeof readFormatCapacitiesCdbTable>;

/** READ FORMAT CAPACITIES: 10-byte CDB, data in. */
export const readFormatCapacities: MmcCommand<typeof readFormatCapacitiesCdbTable> = defineCommand({
  name: "READ FORMAT CAPACITIES",
  opcode: 0x23,
  cdbLength: 10,
  direction: "in",
  clause: "MMC-5 6.24",
  cdb: readFormatCapacitiesCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a READ FORMAT CAPACITIES CDB.
 *
 * @param fields Allocation length (default 4: libburn's length probe).
 * @returns The CDB.
 */
export function buildReadFormatCapacitiesCdb(
  fields: Partial<ReadFormatCapacitiesCdb> = {},
): Uint8Array {
  return readFormatCapacities.build({ allocationLength: 4, ...fields });
}

/**
 * Parse a READ FORMAT CAPACITIES CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseReadFormatCapacitiesCdb(cdb: Uint8Array): ReadFormatCapacitiesCdb {
  return readFormatCapacities.parse(cdb);
}

/** Capacity list header (MMC-5 6.24.3.1). */
export const capacityListHeaderTable = {
  listLength: { offset: 3, size: 1, type: "u8", clause: "MMC-5 6.24.3.1 Capacity List Length" },
} as const satisfies FieldTable;

/** Current/Maximum Capacity Descriptor (MMC-5 6.24.3.2). */
export const currentCapacityTable = {
  blocks: { offset: 0, size: 4, type: "u32be", clause: "MMC-5 6.24.3.2 Number of Blocks" },
  descriptorType: { offset: 4, size: 1, type: "u8", bits: [1, 0], clause: "MMC-5 6.24.3.2" },
  blockLength: { offset: 5, size: 3, type: "u24be", clause: "MMC-5 6.24.3.2 Block Length" },
} as const satisfies FieldTable;

/**
 * Formattable Capacity Descriptor (MMC-5 6.24.3.3). Byte 4 bits 1..0 are reserved here
 * (libburn reads only bits 7..2); the sub-type belongs to FORMAT UNIT's descriptor.
 */
export const formattableCapacityTable = {
  blocks: { offset: 0, size: 4, type: "u32be", clause: "MMC-5 6.24.3.3 Number of Blocks" },
  formatType: { offset: 4, size: 1, type: "u8", bits: [7, 2], clause: "MMC-5 6.24.3.3" },
  typeDependent: { offset: 5, size: 3, type: "u24be", clause: "MMC-5 6.24.3.3" },
} as const satisfies FieldTable;

/** The current/maximum capacity. */
export interface CurrentCapacity {
  /** Number of blocks. */
  blocks: number;
  /** 1 unformatted, 2 formatted, 3 no medium. */
  descriptorType: number;
  /** Block length (2048). */
  blockLength: number;
}

/** A format the medium can take. */
export interface FormattableCapacity {
  /** Number of blocks it gives. */
  blocks: number;
  /** Format type (see `FormatType` in `format_unit.ts`). */
  formatType: number;
  /** Type dependent parameter (block length, packet size, spare size). */
  typeDependent: number;
}

/** A decoded READ FORMAT CAPACITIES reply. */
export interface FormatCapacities {
  /** Capacity List Length: the whole reply is this + 4. */
  listLength: number;
  /** The current/maximum descriptor, when it arrived. */
  current?: CurrentCapacity;
  /** The formattable descriptors that arrived. */
  formats: FormattableCapacity[];
  /** True when the drive has more than arrived. */
  truncated: boolean;
}

const ctx: PayloadContext = { commandName: "READ FORMAT CAPACITIES", part: "response" };

/**
 * Parse a READ FORMAT CAPACITIES reply.
 *
 * @param bytes The reply.
 * @returns The capacities.
 * @throws {MmcDataError} When the header is short or the list length is not 8 × n, n ≥ 1.
 */
export function parseReadFormatCapacitiesResponse(bytes: Uint8Array): FormatCapacities {
  const { listLength } = readRecord(bytes, 0, capacityListHeaderTable, ctx, "the list header");
  if (listLength < 8 || listLength % 8 !== 0) {
    throw payloadError(ctx, 3, `capacity list length ${listLength} is not a multiple of 8`);
  }
  const end = Math.min(bytes.length, 4 + listLength);
  const formats: FormattableCapacity[] = [];
  for (let at = 12; at + 8 <= end; at += 8) {
    formats.push(readRecord(bytes, at, formattableCapacityTable, ctx, "a format descriptor"));
  }
  return {
    listLength,
    ...(end >= 12
      ? { current: readRecord(bytes, 4, currentCapacityTable, ctx, "the capacity descriptor") }
      : {}),
    formats,
    truncated: 4 + listLength > bytes.length,
  };
}

/**
 * Build a READ FORMAT CAPACITIES reply (the drive side).
 *
 * @param reply The current/maximum capacity and the formattable ones.
 * @returns The bytes.
 */
export function buildReadFormatCapacitiesResponse(
  reply: { current: CurrentCapacity; formats: readonly FormattableCapacity[] },
): Uint8Array {
  const out = new Uint8Array(12 + 8 * reply.formats.length);
  out.set(buildRecord(capacityListHeaderTable, { listLength: out.length - 4 }));
  out.set(buildRecord(currentCapacityTable, reply.current), 4);
  reply.formats.forEach((f, i) => out.set(buildRecord(formattableCapacityTable, f), 12 + 8 * i));
  return out;
}
