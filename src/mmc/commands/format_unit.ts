/**
 * FORMAT UNIT (04h): format DVD+RW, DVD-RW, DVD-RAM, BD-RE and BD-R (MMC-5 6.5,
 * reference/mmc.md 3.17). CDB `04 11 00 00 00 00` (FmtData, format code 001b) and a 12-byte
 * parameter list: a 4-byte header (FOV, DCRT, Immed ...) and one format descriptor (blocks,
 * format type and sub-type, type-dependent parameter). The Immed bit is in the parameter
 * list, so the timeout comes from {@linkcode formatUnitTimeoutMs}.
 *
 * @module
 */

import type { FieldTable, FieldValues } from "../../records/field_table.ts";
import { type CdbFields, defineCommand, type MmcCommand } from "../command.ts";
import { buildRecord, type PayloadContext, readRecord } from "../payload.ts";

/** Format types (MMC-5 6.5.4.2, parameter list byte 8 bits 7..2). */
export const FormatType = {
  /** Full format (DVD-RAM, DVD-RW, BD-RE, BD-R). */
  full: 0x00,
  /** Spare area expansion (DVD-RAM, BD-RE). */
  spareExpansion: 0x01,
  /** DVD-RW full format to restricted overwrite. */
  dvdRwFull: 0x10,
  /** DVD-RW grow session. */
  dvdRwGrowSession: 0x11,
  /** DVD-RW quick grow last session. */
  dvdRwQuickGrow: 0x13,
  /** DVD-RW quick format to restricted overwrite. */
  dvdRwQuick: 0x15,
  /** MRW format (CD-RW, DVD+RW). */
  mrw: 0x24,
  /** DVD+RW basic format (background format). */
  dvdPlusRwBasic: 0x26,
  /** BD-RE with spare areas. */
  bdReWithSpare: 0x30,
  /** BD-RE without spare area. */
  bdReWithoutSpare: 0x31,
  /** BD-R with (non-default) spare areas. */
  bdRWithSpare: 0x32,
} as const;

/** FORMAT UNIT CDB (MMC-5 6.5). */
export const formatUnitCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.5 (04h)" },
  formatData: { offset: 1, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 6.5 FmtData" },
  completeList: { offset: 1, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 6.5 CmpList" },
  formatCode: { offset: 1, size: 1, type: "u8", bits: [2, 0], clause: "MMC-5 6.5 (001b)" },
} as const satisfies FieldTable;

/** Fields of a FORMAT UNIT CDB. */
export type FormatUnitCdb = CdbFields<typeof formatUnitCdbTable>;

/**
 * FORMAT UNIT: 6-byte CDB, 12 bytes out. The CDB alone gives the long timeout (18 000 s);
 * with Immed in the parameter list use {@linkcode formatUnitTimeoutMs}.
 */
export const formatUnit: MmcCommand<typeof formatUnitCdbTable> = defineCommand({
  name: "FORMAT UNIT",
  opcode: 0x04,
  cdbLength: 6,
  direction: "out",
  clause: "MMC-5 6.5",
  cdb: formatUnitCdbTable,
  timeoutMs: 18_000_000,
});

/**
 * Build a FORMAT UNIT CDB; the default is `04 11 00 00 00 00`.
 *
 * @param fields FmtData (default true), CmpList, format code (default 1).
 * @returns The CDB.
 */
export function buildFormatUnitCdb(fields: Partial<FormatUnitCdb> = {}): Uint8Array {
  return formatUnit.build({ formatData: true, formatCode: 1, ...fields });
}

/**
 * Parse a FORMAT UNIT CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseFormatUnitCdb(cdb: Uint8Array): FormatUnitCdb {
  return formatUnit.parse(cdb);
}

/** FORMAT UNIT parameter list: header and one format descriptor (MMC-5 6.5.3, 6.5.4). */
export const formatUnitParametersTable = {
  fov: { offset: 1, size: 1, type: "bool", bits: [7, 7], clause: "MMC-5 6.5.3 FOV" },
  dpry: { offset: 1, size: 1, type: "bool", bits: [6, 6], clause: "MMC-5 6.5.3 DPRY" },
  dcrt: { offset: 1, size: 1, type: "bool", bits: [5, 5], clause: "MMC-5 6.5.3 DCRT" },
  stpf: { offset: 1, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 6.5.3 STPF" },
  ip: { offset: 1, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 6.5.3 IP" },
  tryOut: { offset: 1, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 6.5.3 Try-Out" },
  immed: { offset: 1, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 6.5.3 Immed" },
  vs: { offset: 1, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.5.3 VS" },
  descriptorLength: { offset: 2, size: 2, type: "u16be", clause: "MMC-5 6.5.3 (8)" },
  blocks: { offset: 4, size: 4, type: "u32be", clause: "MMC-5 6.5.4 Number of Blocks" },
  formatType: { offset: 8, size: 1, type: "u8", bits: [7, 2], clause: "MMC-5 6.5.4 Format Type" },
  formatSubType: { offset: 8, size: 1, type: "u8", bits: [1, 0], clause: "MMC-5 6.5.4" },
  typeDependent: { offset: 9, size: 3, type: "u24be", clause: "MMC-5 6.5.4 Type Dependent" },
} as const satisfies FieldTable;

/** The parameter list's fields. */
export type FormatUnitParameters = FieldValues<typeof formatUnitParametersTable>;

/**
 * Build the 12-byte parameter list; descriptor length defaults to 8. DVD+RW basic format
 * to the maximum with Immed (growisofs): `{ immed: true, blocks: 0xffffffff, formatType: 0x26 }`.
 *
 * @param values Fields.
 * @returns 12 bytes.
 */
export function buildFormatUnitParameters(values: Partial<FormatUnitParameters>): Uint8Array {
  return buildRecord(formatUnitParametersTable, { descriptorLength: 8, ...values });
}

const ctx: PayloadContext = { commandName: "FORMAT UNIT", part: "parameter list" };

/**
 * Parse the parameter list (the drive side).
 *
 * @param bytes The parameter list.
 * @returns Its fields.
 * @throws {MmcDataError} When fewer than 12 bytes arrived.
 */
export function parseFormatUnitParameters(bytes: Uint8Array): FormatUnitParameters {
  return readRecord(bytes, 0, formatUnitParametersTable, ctx, "the header and format descriptor");
}

/**
 * The timeout for a FORMAT UNIT with this parameter list: 200 s with Immed, 18 000 s without.
 *
 * @param parameters The parameter list's fields.
 * @returns Milliseconds.
 */
export function formatUnitTimeoutMs(parameters: Pick<FormatUnitParameters, "immed">): number {
  return parameters.immed ? 200_000 : 18_000_000;
}
