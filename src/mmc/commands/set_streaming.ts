/**
 * SET STREAMING (B6h): set read and write speed on DVD and BD with a 28-byte performance
 * descriptor: size/time pairs for reading and writing over an LBA range (MMC-5 6.39,
 * reference/mmc.md 3.20). libburn uses a time of 1000 ms, so the size is the speed in kB/s.
 *
 * @module
 */

import type { FieldTable, FieldValues } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import { buildRecord, type PayloadContext, readRecord } from "../payload.ts";

/** SET STREAMING CDB (MMC-5 6.39). */
export const setStreamingCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.39 (B6h)" },
  type: { offset: 8, size: 1, type: "u8", clause: "MMC-5 6.39 Type (0: performance)" },
  parameterListLength: {
    offset: 9,
    size: 2,
    type: "u16be",
    clause: "MMC-5 6.39 Parameter List Length",
  },
} as const satisfies FieldTable;

/** Fields of a SET STREAMING CDB. */
export type SetStreamingCdb = CdbFields<typeof setStreamingCdbTable>;

/** SET STREAMING: 12-byte CDB, 28 bytes out. */
export const setStreaming: MmcCommand<typeof setStreamingCdbTable> = defineCommand({
  name: "SET STREAMING",
  opcode: 0xb6,
  cdbLength: 12,
  direction: "out",
  clause: "MMC-5 6.39",
  cdb: setStreamingCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a SET STREAMING CDB; with the 28-byte descriptor: `B6 00 ... 00 00 1C 00`.
 *
 * @param fields Type, parameter list length (default 28).
 * @returns The CDB.
 */
export function buildSetStreamingCdb(fields: Partial<SetStreamingCdb> = {}): Uint8Array {
  return setStreaming.build({ parameterListLength: 28, ...fields });
}

/**
 * Parse a SET STREAMING CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseSetStreamingCdb(cdb: Uint8Array): SetStreamingCdb {
  return setStreaming.parse(cdb);
}

/** The performance descriptor (MMC-5 6.39, 28 bytes). */
export const streamingDescriptorTable = {
  wrc: { offset: 0, size: 1, type: "u8", bits: [4, 3], clause: "MMC-5 6.39 WRC" },
  restoreDefaults: { offset: 0, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 RDD" },
  exact: { offset: 0, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 6.39 Exact" },
  randomAccess: { offset: 0, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.39 RA" },
  startLba: { offset: 4, size: 4, type: "u32be", clause: "MMC-5 6.39 Start LBA" },
  endLba: { offset: 8, size: 4, type: "u32be", clause: "MMC-5 6.39 End LBA" },
  readSize: { offset: 12, size: 4, type: "u32be", clause: "MMC-5 6.39 Read Size (kB)" },
  readTime: { offset: 16, size: 4, type: "u32be", clause: "MMC-5 6.39 Read Time (ms)" },
  writeSize: { offset: 20, size: 4, type: "u32be", clause: "MMC-5 6.39 Write Size (kB)" },
  writeTime: { offset: 24, size: 4, type: "u32be", clause: "MMC-5 6.39 Write Time (ms)" },
} as const satisfies FieldTable;

/** The descriptor's fields. */
export type StreamingDescriptor = FieldValues<typeof streamingDescriptorTable>;

const ctx: PayloadContext = { commandName: "SET STREAMING", part: "parameter list" };

/**
 * Build the performance descriptor; times default to 1000 ms (libburn), so sizes are kB/s.
 *
 * @param values Fields.
 * @returns 28 bytes.
 */
export function buildSetStreamingParameters(values: Partial<StreamingDescriptor>): Uint8Array {
  return buildRecord(streamingDescriptorTable, { readTime: 1000, writeTime: 1000, ...values });
}

/**
 * Parse the performance descriptor (the drive side).
 *
 * @param bytes The parameter list.
 * @returns Its fields.
 * @throws {MmcDataError} When fewer than 28 bytes arrived.
 */
export function parseSetStreamingParameters(bytes: Uint8Array): StreamingDescriptor {
  return readRecord(bytes, 0, streamingDescriptorTable, ctx, "the performance descriptor");
}
