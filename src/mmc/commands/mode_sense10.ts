/**
 * MODE SENSE(10) (5Ah): read mode pages: 05h (write parameters) and 2Ah (capabilities,
 * write speeds) for a burner (SPC-3, MMC-5 7; reference/mmc.md 3.9). The reply is a
 * mode parameter list (`mode_parameters.ts`); callers ask twice, first with a small
 * allocation to learn the page length.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import {
  buildModeParameters,
  type ModePage,
  type ModeParameters,
  parseModeParameters,
} from "../mode_parameters.ts";

/** Page control values (CDB byte 2 bits 7..6). */
export const PageControl = {
  /** Current values. */
  current: 0,
  /** Changeable bits mask. */
  changeable: 1,
  /** Default values. */
  default: 2,
  /** Saved values. */
  saved: 3,
} as const;

/** Page codes kiln uses. */
export const ModePageCode = {
  /** Read/write error recovery. */
  errorRecovery: 0x01,
  /** Write parameters (MMC-5 7.5). */
  writeParameters: 0x05,
  /** CD/DVD capabilities and mechanical status (MMC-3 6.3.11). */
  capabilities: 0x2a,
  /** All pages. */
  all: 0x3f,
} as const;

/** MODE SENSE(10) CDB (SPC-3). */
export const modeSense10CdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "SPC-3 MODE SENSE(10) (5Ah)" },
  dbd: { offset: 1, size: 1, type: "bool", bits: [3, 3], clause: "SPC-3 MODE SENSE(10) DBD" },
  pageControl: { offset: 2, size: 1, type: "u8", bits: [7, 6], clause: "SPC-3 MODE SENSE(10) PC" },
  pageCode: {
    offset: 2,
    size: 1,
    type: "u8",
    bits: [5, 0],
    clause: "SPC-3 MODE SENSE(10) PAGE CODE",
  },
  subpageCode: { offset: 3, size: 1, type: "u8", clause: "SPC-3 MODE SENSE(10) SUBPAGE CODE" },
  allocationLength: { offset: 7, size: 2, type: "u16be", clause: "SPC-3 MODE SENSE(10)" },
} as const satisfies FieldTable;

/** Fields of a MODE SENSE(10) CDB. */
export type ModeSense10Cdb = CdbFields<typeof modeSense10CdbTable>;

/** MODE SENSE(10): 10-byte CDB, data in. */
export const modeSense10: MmcCommand<typeof modeSense10CdbTable> = defineCommand({
  name: "MODE SENSE(10)",
  opcode: 0x5a,
  cdbLength: 10,
  direction: "in",
  clause: "SPC-3 MODE SENSE(10)",
  cdb: modeSense10CdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a MODE SENSE(10) CDB; the QEMU test bed's page 2Ah request with DBD is
 * `5A 08 2A 00 00 00 00 00 FF 00`.
 *
 * @param fields Page code, page control, DBD, allocation length.
 * @returns The CDB.
 */
export function buildModeSense10Cdb(fields: Partial<ModeSense10Cdb>): Uint8Array {
  return modeSense10.build(fields);
}

/**
 * Parse a MODE SENSE(10) CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseModeSense10Cdb(cdb: Uint8Array): ModeSense10Cdb {
  return modeSense10.parse(cdb);
}

/**
 * Parse MODE SENSE(10) data: header, block descriptors, pages.
 *
 * @param bytes The reply.
 * @returns The parts.
 * @throws {MmcDataError} When the header is short or the block descriptors run past the data.
 */
export function parseModeSense10Response(bytes: Uint8Array): ModeParameters {
  return parseModeParameters(bytes, "MODE SENSE(10)", "response");
}

/**
 * The page with this code, when the reply holds it.
 *
 * @param reply A parsed reply.
 * @param code Page code.
 * @returns The page or undefined.
 */
export function findModePage(reply: ModeParameters, code: number): ModePage | undefined {
  return reply.pages.find((p) => p.code === code);
}

/**
 * Build MODE SENSE(10) data (the drive side).
 *
 * @param pages Whole pages.
 * @param options Medium type, device-specific byte, block descriptors.
 * @returns The bytes, with MODE DATA LENGTH = total - 2.
 */
export function buildModeSense10Response(
  pages: readonly Uint8Array[],
  options: { mediumType?: number; deviceSpecific?: number; blockDescriptors?: Uint8Array } = {},
): Uint8Array {
  return buildModeParameters(pages, options);
}
