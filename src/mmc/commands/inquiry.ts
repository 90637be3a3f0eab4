/**
 * INQUIRY (12h): device type, removable flag and the vendor, product and revision strings
 * (reference/mmc.md 3.3; SPC-4 standard INQUIRY data). An MMC drive reports device type 5.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import { buildRecord, type PayloadContext, readRecord } from "../payload.ts";

/** INQUIRY CDB (SPC-4, INQUIRY command). */
export const inquiryCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "SPC-4 INQUIRY (12h)" },
  evpd: { offset: 1, size: 1, type: "bool", bits: [0, 0], clause: "SPC-4 INQUIRY EVPD" },
  pageCode: { offset: 2, size: 1, type: "u8", clause: "SPC-4 INQUIRY PAGE CODE" },
  allocationLength: { offset: 3, size: 2, type: "u16be", clause: "SPC-4 INQUIRY" },
} as const satisfies FieldTable;

/** Fields of an INQUIRY CDB. */
export type InquiryCdb = CdbFields<typeof inquiryCdbTable>;

/** INQUIRY: 6-byte CDB, data in. */
export const inquiry: MmcCommand<typeof inquiryCdbTable> = defineCommand({
  name: "INQUIRY",
  opcode: 0x12,
  cdbLength: 6,
  direction: "in",
  clause: "SPC-4 INQUIRY",
  cdb: inquiryCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build an INQUIRY CDB; the standard data needs 36 bytes: `12 00 00 00 24 00`.
 *
 * @param fields EVPD, page code, allocation length (default 36).
 * @returns The CDB.
 */
export function buildInquiryCdb(fields: Partial<InquiryCdb> = {}): Uint8Array {
  return inquiry.build({ allocationLength: 36, ...fields });
}

/**
 * Parse an INQUIRY CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseInquiryCdb(cdb: Uint8Array): InquiryCdb {
  return inquiry.parse(cdb);
}

/** Standard INQUIRY data, the first 36 bytes (SPC-4, standard INQUIRY data format). */
export const inquiryDataTable = {
  peripheralQualifier: { offset: 0, size: 1, type: "u8", bits: [7, 5], clause: "SPC-4" },
  peripheralType: { offset: 0, size: 1, type: "u8", bits: [4, 0], clause: "SPC-4 (5: MMC)" },
  removable: { offset: 1, size: 1, type: "bool", bits: [7, 7], clause: "SPC-4 RMB" },
  version: { offset: 2, size: 1, type: "u8", clause: "SPC-4 VERSION" },
  responseDataFormat: { offset: 3, size: 1, type: "u8", bits: [3, 0], clause: "SPC-4 (2)" },
  additionalLength: { offset: 4, size: 1, type: "u8", clause: "SPC-4 (n-4)" },
  vendor: { offset: 8, size: 8, type: "chars", clause: "SPC-4 T10 VENDOR IDENTIFICATION" },
  product: { offset: 16, size: 16, type: "chars", clause: "SPC-4 PRODUCT IDENTIFICATION" },
  revision: { offset: 32, size: 4, type: "chars", clause: "SPC-4 PRODUCT REVISION LEVEL" },
} as const satisfies FieldTable;

/** Decoded standard INQUIRY data (strings without their trailing spaces). */
export interface InquiryData {
  /** 0: a device is connected at this unit. */
  peripheralQualifier: number;
  /** Device type: 5 for CD/DVD/BD (MMC). */
  peripheralType: number;
  /** RMB: the medium is removable. */
  removable: boolean;
  /** Version of the standard claimed. */
  version: number;
  /** Response data format (2). */
  responseDataFormat: number;
  /** Additional length (total − 5). */
  additionalLength: number;
  /** Vendor identification, e.g. "QEMU". */
  vendor: string;
  /** Product identification, e.g. "QEMU DVD-ROM". */
  product: string;
  /** Product revision level. */
  revision: string;
}

const ctx: PayloadContext = { commandName: "INQUIRY", part: "response" };

/**
 * Parse standard INQUIRY data. Only the first 36 bytes are read; a shorter reply is an error
 * (SPC requires 36 bytes of standard data).
 *
 * @param bytes The reply.
 * @returns The decoded data.
 * @throws {MmcDataError} When fewer than 36 bytes arrived.
 */
export function parseInquiryResponse(bytes: Uint8Array): InquiryData {
  const v = readRecord(bytes, 0, inquiryDataTable, ctx, "standard INQUIRY data");
  return {
    ...v,
    vendor: v.vendor.trimEnd(),
    product: v.product.trimEnd(),
    revision: v.revision.trimEnd(),
  };
}

/**
 * Build standard INQUIRY data (the drive side): 36 bytes, additional length 31.
 *
 * @param values Fields; strings are space-padded.
 * @returns The bytes.
 */
export function buildInquiryResponse(values: Partial<InquiryData>): Uint8Array {
  return buildRecord(inquiryDataTable, {
    peripheralType: 5,
    removable: true,
    version: 0x05,
    responseDataFormat: 2,
    additionalLength: 31,
    vendor: "",
    product: "",
    revision: "",
    ...values,
  });
}
