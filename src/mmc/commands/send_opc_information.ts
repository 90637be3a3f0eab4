/**
 * SEND OPC INFORMATION (54h): run optimum power calibration now (DoOpc=1, no data) or send
 * stored OPC values (MMC-5 6.36, reference/mmc.md 3.15). A 1/73/01 reply is a warning.
 *
 * @module
 */

import type { FieldTable, FieldValues } from "../../records/field_table.ts";
import { type CdbFields, defineCommand, type MmcCommand } from "../command.ts";
import { buildRecord, type PayloadContext, readRecord } from "../payload.ts";

/** SEND OPC INFORMATION CDB (MMC-5 6.36). */
export const sendOpcInformationCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.36 (54h)" },
  doOpc: { offset: 1, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.36 DoOpc" },
  exclude1: { offset: 2, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 6.36 Exclude1" },
  exclude0: { offset: 2, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.36 Exclude0" },
  parameterListLength: { offset: 7, size: 2, type: "u16be", clause: "MMC-5 6.36" },
} as const satisfies FieldTable;

/** Fields of a SEND OPC INFORMATION CDB. */
export type SendOpcInformationCdb = CdbFields<typeof sendOpcInformationCdbTable>;

/** SEND OPC INFORMATION: 10-byte CDB, 0 or 8 bytes out, 200 s. */
export const sendOpcInformation: MmcCommand<typeof sendOpcInformationCdbTable> = defineCommand({
  name: "SEND OPC INFORMATION",
  opcode: 0x54,
  cdbLength: 10,
  direction: "out",
  clause: "MMC-5 6.36",
  cdb: sendOpcInformationCdbTable,
  timeoutMs: 200_000,
});

/**
 * Build a SEND OPC INFORMATION CDB; libburn's "calibrate now" is `54 01 00 ...`.
 *
 * @param fields DoOpc, exclude bits, parameter list length.
 * @returns The CDB.
 */
export function buildSendOpcInformationCdb(fields: Partial<SendOpcInformationCdb>): Uint8Array {
  return sendOpcInformation.build(fields);
}

/**
 * Parse a SEND OPC INFORMATION CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseSendOpcInformationCdb(cdb: Uint8Array): SendOpcInformationCdb {
  return sendOpcInformation.parse(cdb);
}

/** An OPC table entry sent (MMC-5 6.36, 8 bytes). */
export const opcParametersTable = {
  speed: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 6.36 Speed (kB/s)" },
  values: { offset: 2, size: 6, type: "bytes", clause: "MMC-5 6.36 OPC Value" },
} as const satisfies FieldTable;

/** OPC parameters. */
export type OpcParameters = FieldValues<typeof opcParametersTable>;

/**
 * Build the 8-byte parameter list.
 *
 * @param values Speed and OPC values.
 * @returns 8 bytes.
 */
export function buildSendOpcParameters(values: Partial<OpcParameters>): Uint8Array {
  return buildRecord(opcParametersTable, values);
}

const ctx: PayloadContext = { commandName: "SEND OPC INFORMATION", part: "parameter list" };

/**
 * Parse the parameter list (the drive side).
 *
 * @param bytes The parameter list.
 * @returns Speed and values.
 * @throws {MmcDataError} When fewer than 8 bytes arrived.
 */
export function parseSendOpcParameters(bytes: Uint8Array): OpcParameters {
  return readRecord(bytes, 0, opcParametersTable, ctx, "the OPC entry");
}
