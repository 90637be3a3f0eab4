/**
 * The mode parameter list of MODE SENSE(10) and MODE SELECT(10): the 8-byte header, block
 * descriptors (MMC drives normally have none, old QEMU scsi-cd sent one), then pages
 * (SPC-3 7.4.3 and 7.4.5; reference/mmc.md 3.9). The first page starts at
 * `8 + block descriptor length`, always.
 *
 * @module
 */

import type { FieldTable } from "../records/field_table.ts";
import type { MmcDataPart } from "./errors.ts";
import { buildRecord, type PayloadContext, payloadError, readRecord } from "./payload.ts";

/** Mode parameter header(10) (SPC-3 7.4.3). */
export const modeHeaderTable = {
  modeDataLength: {
    offset: 0,
    size: 2,
    type: "u16be",
    clause: "SPC-3 7.4.3 MODE DATA LENGTH (n-2; reserved, 0, on MODE SELECT)",
  },
  mediumType: { offset: 2, size: 1, type: "u8", clause: "SPC-3 7.4.3 MEDIUM TYPE" },
  deviceSpecific: { offset: 3, size: 1, type: "u8", clause: "SPC-3 7.4.3 DEVICE-SPECIFIC" },
  blockDescriptorLength: {
    offset: 6,
    size: 2,
    type: "u16be",
    clause: "SPC-3 7.4.3 BLOCK DESCRIPTOR LENGTH",
  },
} as const satisfies FieldTable;

/** The first two bytes of every page (SPC-3 7.4, page_0 format). */
export const modePageHeaderTable = {
  savable: { offset: 0, size: 1, type: "bool", bits: [7, 7], clause: "SPC-3 7.4 PS" },
  subpageFormat: { offset: 0, size: 1, type: "bool", bits: [6, 6], clause: "SPC-3 7.4 SPF" },
  pageCode: { offset: 0, size: 1, type: "u8", bits: [5, 0], clause: "SPC-3 7.4 PAGE CODE" },
  pageLength: { offset: 1, size: 1, type: "u8", clause: "SPC-3 7.4 PAGE LENGTH (n-1)" },
} as const satisfies FieldTable;

/** One mode page as it arrived. */
export interface ModePage {
  /** Page code. */
  code: number;
  /** PS: the page can be saved (clear it before MODE SELECT). */
  savable: boolean;
  /** Page length + 2: the size the page says it has. */
  length: number;
  /** The page bytes that arrived, header included. */
  bytes: Uint8Array;
  /** True when fewer than `length` bytes arrived (the allocation was too small). */
  truncated: boolean;
}

/** A decoded mode parameter list. */
export interface ModeParameters {
  /** MODE DATA LENGTH (0 on MODE SELECT). */
  modeDataLength: number;
  /** Medium type (QEMU ide-cd: 70h). */
  mediumType: number;
  /** Device-specific parameter. */
  deviceSpecific: number;
  /** The block descriptors' bytes (usually none). */
  blockDescriptors: Uint8Array;
  /** The pages. */
  pages: ModePage[];
}

/**
 * Split a mode parameter list into header, block descriptors and pages.
 *
 * On MODE SENSE the valid bytes end at `2 + MODE DATA LENGTH`, except that a page whose own
 * length runs past it is taken whole when its bytes arrived (growisofs's SANYO workaround:
 * a drive that reports too short a total). On MODE SELECT (`part` "parameter list") the
 * list ends where the bytes end.
 *
 * @param bytes The bytes.
 * @param commandName For messages.
 * @param part "response" (MODE SENSE) or "parameter list" (MODE SELECT).
 * @returns The parts.
 * @throws {MmcDataError} A short header, block descriptors past the end, or (MODE SELECT)
 *   a page that overruns the list.
 */
export function parseModeParameters(
  bytes: Uint8Array,
  commandName: string,
  part: MmcDataPart,
): ModeParameters {
  const ctx: PayloadContext = { commandName, part };
  const h = readRecord(bytes, 0, modeHeaderTable, ctx, "the 8-byte mode parameter header");
  const sense = part === "response";
  const end = sense ? Math.min(bytes.length, 2 + h.modeDataLength) : bytes.length;
  const first = 8 + h.blockDescriptorLength;
  if (first > bytes.length) {
    throw payloadError(
      ctx,
      6,
      `block descriptor length ${h.blockDescriptorLength} runs past the ${bytes.length} bytes`,
    );
  }
  const pages: ModePage[] = [];
  for (let at = first; at + 2 <= end;) {
    const code = bytes[at]! & 0x3f;
    const length = 2 + bytes[at + 1]!;
    if (!sense && at + length > end) {
      throw payloadError(ctx, at, `page ${hex2(code)}h of ${length} bytes overruns the list`);
    }
    // the first page may run past a too-short MODE DATA LENGTH (SANYO): take what arrived
    const limit = pages.length === 0 ? bytes.length : end;
    const avail = Math.min(length, limit - at);
    pages.push({
      code,
      savable: (bytes[at]! & 0x80) !== 0,
      length,
      bytes: bytes.slice(at, at + avail),
      truncated: avail < length,
    });
    at += length;
  }
  return {
    modeDataLength: h.modeDataLength,
    mediumType: h.mediumType,
    deviceSpecific: h.deviceSpecific,
    blockDescriptors: bytes.slice(8, Math.min(first, bytes.length)),
    pages,
  };
}

/**
 * Write a mode parameter list.
 *
 * @param pages Whole pages, headers included.
 * @param options MODE SENSE: the header fields (mode data length is computed); MODE SELECT
 *   (`select: true`): an all-zero header and the PS bit of every page cleared.
 * @returns The bytes.
 */
export function buildModeParameters(
  pages: readonly Uint8Array[],
  options: {
    select?: boolean;
    mediumType?: number;
    deviceSpecific?: number;
    blockDescriptors?: Uint8Array;
  } = {},
): Uint8Array {
  const bd = options.blockDescriptors ?? new Uint8Array(0);
  const total = 8 + bd.length + pages.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  out.set(buildRecord(modeHeaderTable, {
    modeDataLength: options.select ? 0 : total - 2,
    mediumType: options.mediumType ?? 0,
    deviceSpecific: options.deviceSpecific ?? 0,
    blockDescriptorLength: bd.length,
  }));
  out.set(bd, 8);
  let at = 8 + bd.length;
  for (const p of pages) {
    out.set(p, at);
    if (options.select) out[at] = out[at]! & 0x7f;
    at += p.length;
  }
  return out;
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, "0");
}
