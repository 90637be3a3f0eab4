/**
 * The GUID partition table (UEFI specification 2.x, chapter 5.3) as hybrid images carry
 * it: a header and 128 entries of 128 bytes after the MBR, and a backup copy at the end of
 * the image. Sectors here are 512 bytes. CRCs come from the WASM core's IEEE CRC-32.
 *
 * @module
 */

import { crc32Ieee } from "../../wasm/core.ts";
import type { FieldTable } from "./field_table.ts";

/** GPT header (UEFI 5.3.2); 64-bit fields are stored as low and high halves. */
export const gptHeaderTable = {
  signature: { offset: 0, size: 8, type: "chars", clause: "UEFI 5.3.2 (EFI PART)" },
  revision: { offset: 8, size: 4, type: "u32le", clause: "UEFI 5.3.2 (0x00010000)" },
  headerSize: { offset: 12, size: 4, type: "u32le", clause: "UEFI 5.3.2 (92)" },
  headerCrc: {
    offset: 16,
    size: 4,
    type: "u32le",
    clause: "UEFI 5.3.2 (CRC-32 of the header, this field 0)",
  },
  myLba: { offset: 24, size: 4, type: "u32le", clause: "UEFI 5.3.2 (low half)" },
  alternateLba: { offset: 32, size: 4, type: "u32le", clause: "UEFI 5.3.2 (low half)" },
  firstUsableLba: { offset: 40, size: 4, type: "u32le", clause: "UEFI 5.3.2 (low half)" },
  lastUsableLba: { offset: 48, size: 4, type: "u32le", clause: "UEFI 5.3.2 (low half)" },
  diskGuid: { offset: 56, size: 16, type: "bytes", clause: "UEFI 5.3.2" },
  entriesLba: { offset: 72, size: 4, type: "u32le", clause: "UEFI 5.3.2 (low half)" },
  entryCount: { offset: 80, size: 4, type: "u32le", clause: "UEFI 5.3.2" },
  entrySize: { offset: 84, size: 4, type: "u32le", clause: "UEFI 5.3.2 (128)" },
  entriesCrc: { offset: 88, size: 4, type: "u32le", clause: "UEFI 5.3.2" },
} as const satisfies FieldTable;

/** GPT partition entry (UEFI 5.3.3). */
export const gptEntryTable = {
  typeGuid: { offset: 0, size: 16, type: "bytes", clause: "UEFI 5.3.3" },
  uniqueGuid: { offset: 16, size: 16, type: "bytes", clause: "UEFI 5.3.3" },
  firstLba: { offset: 32, size: 4, type: "u32le", clause: "UEFI 5.3.3 (low half)" },
  lastLba: { offset: 40, size: 4, type: "u32le", clause: "UEFI 5.3.3 (low half, inclusive)" },
  attributes: { offset: 48, size: 8, type: "bytes", clause: "UEFI 5.3.3" },
  name: { offset: 56, size: 72, type: "bytes", clause: "UEFI 5.3.3 (UTF-16LE)" },
} as const satisfies FieldTable;

/** The EFI system partition type (UEFI 5.3.3 table 5-7). */
export const EFI_SYSTEM_PARTITION = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
/** Entries in the array and their size. */
export const GPT_ENTRIES = 128;
/** Bytes per entry. */
export const GPT_ENTRY_SIZE = 128;
/** 512-byte sectors the entry array takes. */
export const GPT_ENTRY_SECTORS = (GPT_ENTRIES * GPT_ENTRY_SIZE) / 512;

/**
 * A GUID's bytes: the first three fields little-endian, the rest as written (UEFI appendix A).
 *
 * @param text Such as "C12A7328-F81F-11D2-BA4B-00A0C93EC93B".
 * @returns 16 bytes.
 */
export function guidBytes(text: string): Uint8Array {
  const hex = text.replaceAll("-", "");
  const raw = Uint8Array.from(
    { length: 16 },
    (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16),
  );
  return Uint8Array.from([
    raw[3]!,
    raw[2]!,
    raw[1]!,
    raw[0]!,
    raw[5]!,
    raw[4]!,
    raw[7]!,
    raw[6]!,
    ...raw.subarray(8),
  ]);
}

/** One partition. */
export interface GptPartition {
  /** Type GUID text. */
  type: string;
  /** Unique partition GUID bytes. */
  unique: Uint8Array;
  /** First 512-byte sector. */
  first: number;
  /** Last 512-byte sector (inclusive). */
  last: number;
  /** Name. */
  name: string;
}

function set64(v: DataView, at: number, n: number): void {
  v.setUint32(at, n % 2 ** 32, true);
  v.setUint32(at + 4, Math.floor(n / 2 ** 32), true);
}

/**
 * The partition entry array.
 *
 * @param parts Partitions.
 * @returns 16 KiB.
 */
export function gptEntries(parts: GptPartition[]): Uint8Array {
  const out = new Uint8Array(GPT_ENTRIES * GPT_ENTRY_SIZE);
  const v = new DataView(out.buffer);
  parts.forEach((p, i) => {
    const at = i * GPT_ENTRY_SIZE;
    out.set(guidBytes(p.type), at);
    out.set(p.unique, at + 16);
    set64(v, at + 32, p.first);
    set64(v, at + 40, p.last);
    for (let c = 0; c < Math.min(36, p.name.length); c++) {
      v.setUint16(at + 56 + 2 * c, p.name.charCodeAt(c), true);
    }
  });
  return out;
}

/** Where a header sits and points. */
export interface GptHeaderFields {
  /** This header's sector. */
  myLba: number;
  /** The other header's sector. */
  alternateLba: number;
  /** First usable sector. */
  firstUsable: number;
  /** Last usable sector. */
  lastUsable: number;
  /** Disk GUID bytes. */
  diskGuid: Uint8Array;
  /** Sector of this copy's entry array. */
  entriesLba: number;
  /** The entry array (for its CRC). */
  entries: Uint8Array;
}

/**
 * A GPT header sector with both CRCs.
 *
 * @param h Fields.
 * @returns 512 bytes.
 */
export function gptHeader(h: GptHeaderFields): Uint8Array {
  const out = new Uint8Array(512);
  const v = new DataView(out.buffer);
  out.set(new TextEncoder().encode("EFI PART"));
  v.setUint32(8, 0x00010000, true);
  v.setUint32(12, 92, true);
  set64(v, 24, h.myLba);
  set64(v, 32, h.alternateLba);
  set64(v, 40, h.firstUsable);
  set64(v, 48, h.lastUsable);
  out.set(h.diskGuid, 56);
  set64(v, 72, h.entriesLba);
  v.setUint32(80, GPT_ENTRIES, true);
  v.setUint32(84, GPT_ENTRY_SIZE, true);
  v.setUint32(88, crc32Ieee(h.entries), true);
  v.setUint32(16, crc32Ieee(out.subarray(0, 92)), true);
  return out;
}
