/**
 * READ TRACK INFORMATION (52h): a track's start, next writable address (NWA), free blocks,
 * size and state (MMC-5 6.27, reference/mmc.md 3.6). The track is named by an LBA it
 * contains, its number, or a session number; track FFh is the invisible/incomplete track
 * (CD, DVD+R, DVD+R DL). NWA and track start are signed: some drives report NWA -150 on
 * blank media.
 *
 * @module
 */

import type { FieldTable } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import {
  buildRecord,
  declaredEnd,
  type PayloadContext,
  payloadError,
  readRecordPrefix,
  requireLength,
} from "../payload.ts";

/** Address/Number Type values (CDB byte 1 bits 1..0). */
export const TrackAddressType = {
  /** Bytes 2-5 are an LBA: the track that contains it. */
  lba: 0,
  /** Bytes 2-5 are a logical track number (FFh: the invisible track). */
  track: 1,
  /** Bytes 2-5 are a session number: its first track. */
  session: 2,
} as const;

/** The track number of the invisible (incomplete) track. */
export const invisibleTrack = 0xff;

/** READ TRACK INFORMATION CDB (MMC-5 6.27). */
export const readTrackInformationCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.27 (52h)" },
  addressType: {
    offset: 1,
    size: 1,
    type: "u8",
    bits: [1, 0],
    clause: "MMC-5 6.27 Address/Number Type",
  },
  address: {
    offset: 2,
    size: 4,
    type: "u32be",
    clause: "MMC-5 6.27 Logical Block Address/Track/Session Number",
  },
  allocationLength: { offset: 7, size: 2, type: "u16be", clause: "MMC-5 6.27" },
} as const satisfies FieldTable;

/** Fields of a READ TRACK INFORMATION CDB. */
export type ReadTrackInformationCdb = CdbFields<typeof readTrackInformationCdbTable>;

/** READ TRACK INFORMATION: 10-byte CDB, data in. */
export const readTrackInformation: MmcCommand<typeof readTrackInformationCdbTable> = defineCommand({
  name: "READ TRACK INFORMATION",
  opcode: 0x52,
  cdbLength: 10,
  direction: "in",
  clause: "MMC-5 6.27",
  cdb: readTrackInformationCdbTable,
  timeoutMs: defaultTimeoutMs,
});

/**
 * Build a READ TRACK INFORMATION CDB; track 1 with 48 bytes is
 * `52 01 00 00 00 01 00 00 30 00`.
 *
 * @param fields Address type, address, allocation length (default 48).
 * @returns The CDB.
 */
export function buildReadTrackInformationCdb(
  fields: Partial<ReadTrackInformationCdb>,
): Uint8Array {
  return readTrackInformation.build({ allocationLength: 48, ...fields });
}

/**
 * Parse a READ TRACK INFORMATION CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseReadTrackInformationCdb(cdb: Uint8Array): ReadTrackInformationCdb {
  return readTrackInformation.parse(cdb);
}

/** Track information, up to 48 bytes (MMC-5 6.27.3). */
export const trackInformationTable = {
  length: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 6.27.3 (total - 2)" },
  trackLsb: { offset: 2, size: 1, type: "u8", clause: "MMC-5 6.27.3" },
  sessionLsb: { offset: 3, size: 1, type: "u8", clause: "MMC-5 6.27.3" },
  layerJumpStatus: { offset: 5, size: 1, type: "u8", bits: [7, 6], clause: "MMC-5 LJRS" },
  damage: { offset: 5, size: 1, type: "bool", bits: [5, 5], clause: "MMC-5 6.27.3.7 Damage" },
  copy: { offset: 5, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 6.27.3 Copy" },
  trackMode: { offset: 5, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 6.27.3" },
  reserved: { offset: 6, size: 1, type: "bool", bits: [7, 7], clause: "MMC-5 6.27.3 RT" },
  blank: { offset: 6, size: 1, type: "bool", bits: [6, 6], clause: "MMC-5 6.27.3 Blank" },
  packet: { offset: 6, size: 1, type: "bool", bits: [5, 5], clause: "MMC-5 6.27.3 Packet/Inc" },
  fixedPacket: { offset: 6, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 6.27.3 FP" },
  dataMode: { offset: 6, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 6.27.3" },
  lraValid: { offset: 7, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 6.27.3 LRA_V" },
  nwaValid: { offset: 7, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.27.3 NWA_V" },
  trackStart: { offset: 8, size: 4, type: "i32be", clause: "MMC-5 6.27.3 Logical Track Start" },
  nextWritableAddress: { offset: 12, size: 4, type: "i32be", clause: "MMC-5 6.27.3 NWA" },
  freeBlocks: { offset: 16, size: 4, type: "u32be", clause: "MMC-5 6.27.3 Free Blocks" },
  fixedPacketSize: { offset: 20, size: 4, type: "u32be", clause: "MMC-5 6.27.3" },
  trackSize: { offset: 24, size: 4, type: "u32be", clause: "MMC-5 6.27.3 Logical Track Size" },
  lastRecordedAddress: { offset: 28, size: 4, type: "i32be", clause: "MMC-5 6.27.3 LRA" },
  trackMsb: { offset: 32, size: 1, type: "u8", clause: "MMC-5 6.27.3" },
  sessionMsb: { offset: 33, size: 1, type: "u8", clause: "MMC-5 6.27.3" },
  readCompatibilityLba: { offset: 36, size: 4, type: "i32be", clause: "MMC-5 6.27.3" },
  nextLayerJumpAddress: { offset: 40, size: 4, type: "u32be", clause: "MMC-5 6.27.3" },
  lastLayerJumpAddress: { offset: 44, size: 4, type: "u32be", clause: "MMC-5 6.27.3" },
} as const satisfies FieldTable;

/** Decoded track information; fields past `validLength` read as 0. */
export interface TrackInformation {
  /** Bytes of valid data (the length field + 2, limited by what arrived). */
  validLength: number;
  /** Logical track number. */
  track: number;
  /** Session number. */
  session: number;
  /** Layer jump recording status (DVD-R DL). */
  layerJumpStatus: number;
  /** Damage (with NWA_V=0: not writable, needs repair or closing). */
  damage: boolean;
  /** Copy. */
  copy: boolean;
  /** Track mode (CD: Q control nibble; DVD/BD: 4, 5 or 7). */
  trackMode: number;
  /** RT: a reserved track. */
  reserved: boolean;
  /** Blank. */
  blank: boolean;
  /** Packet/Inc: incremental (packet) track. */
  packet: boolean;
  /** FP: fixed packets. */
  fixedPacket: boolean;
  /** Data mode (1, 2, Fh unknown). */
  dataMode: number;
  /** LRA_V. */
  lraValid: boolean;
  /** NWA_V. */
  nwaValid: boolean;
  /** Logical track start address. */
  trackStart: number;
  /** Next writable address (valid if NWA_V). */
  nextWritableAddress: number;
  /** Free blocks. */
  freeBlocks: number;
  /** Fixed packet size / blocking factor (16 on DVD). */
  fixedPacketSize: number;
  /** Logical track size (a reserved track: the reserved size). */
  trackSize: number;
  /** Last recorded address (valid if LRA_V). */
  lastRecordedAddress: number;
  /** Read compatibility LBA (DVD-R/-RW). */
  readCompatibilityLba: number;
  /** Next layer jump address (DVD-R DL). */
  nextLayerJumpAddress: number;
  /** Last layer jump address (DVD-R DL). */
  lastLayerJumpAddress: number;
}

const ctx: PayloadContext = { commandName: "READ TRACK INFORMATION", part: "response" };

/**
 * Parse track information. Accepts the short replies of small allocations (libburn asks 20
 * bytes for the NWA) and the 36-byte MMC-3 layout: fields past the valid length read as 0.
 *
 * @param bytes The reply.
 * @returns The decoded information.
 * @throws {MmcDataError} When fewer than 8 bytes are valid.
 */
export function parseReadTrackInformationResponse(bytes: Uint8Array): TrackInformation {
  requireLength(bytes, 2, ctx, "the length field");
  const end = declaredEnd(bytes, 2, (bytes[0]! << 8) | bytes[1]!);
  if (end < 8) {
    throw payloadError(ctx, 0, `the length field leaves ${end} bytes, the track state needs 8`);
  }
  const { length: _, trackLsb, trackMsb, sessionLsb, sessionMsb, ...v } = readRecordPrefix(
    bytes,
    0,
    end,
    trackInformationTable,
  );
  return {
    validLength: end,
    track: trackMsb * 256 + trackLsb,
    session: sessionMsb * 256 + sessionLsb,
    ...v,
  };
}

/**
 * Build track information (the drive side): 48 bytes, length field 46.
 *
 * @param values The fields (absent: 0).
 * @returns The bytes.
 */
export function buildReadTrackInformationResponse(
  values: Partial<Omit<TrackInformation, "validLength">>,
): Uint8Array {
  const { track = 0, session = 0, ...rest } = values;
  return buildRecord(trackInformationTable, {
    ...rest,
    length: 46,
    trackLsb: track & 0xff,
    trackMsb: track >> 8,
    sessionLsb: session & 0xff,
    sessionMsb: session >> 8,
  });
}
