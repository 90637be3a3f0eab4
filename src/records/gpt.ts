/**
 * The GUID partition table (UEFI specification 2.x, chapter 5.3) as hybrid images carry
 * it: a header and 128 entries of 128 bytes after the MBR, and a backup copy at the end of
 * the image. Sectors here are 512 bytes. CRCs come from the WASM core's IEEE CRC-32.
 *
 * @module
 */

import { crc32Ieee } from "../../wasm/core.ts";
import { type FieldTable, writeFields } from "./field_table.ts";

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
  myLba: { offset: 24, size: 8, type: "u64le", clause: "UEFI 5.3.2" },
  alternateLba: { offset: 32, size: 8, type: "u64le", clause: "UEFI 5.3.2" },
  firstUsableLba: { offset: 40, size: 8, type: "u64le", clause: "UEFI 5.3.2" },
  lastUsableLba: { offset: 48, size: 8, type: "u64le", clause: "UEFI 5.3.2" },
  diskGuid: { offset: 56, size: 16, type: "bytes", clause: "UEFI 5.3.2" },
  entriesLba: { offset: 72, size: 8, type: "u64le", clause: "UEFI 5.3.2" },
  entryCount: { offset: 80, size: 4, type: "u32le", clause: "UEFI 5.3.2" },
  entrySize: { offset: 84, size: 4, type: "u32le", clause: "UEFI 5.3.2 (128)" },
  entriesCrc: { offset: 88, size: 4, type: "u32le", clause: "UEFI 5.3.2" },
} as const satisfies FieldTable;

/** GPT partition entry (UEFI 5.3.3). */
export const gptEntryTable = {
  typeGuid: { offset: 0, size: 16, type: "bytes", clause: "UEFI 5.3.3" },
  uniqueGuid: { offset: 16, size: 16, type: "bytes", clause: "UEFI 5.3.3" },
  firstLba: { offset: 32, size: 8, type: "u64le", clause: "UEFI 5.3.3" },
  lastLba: { offset: 40, size: 8, type: "u64le", clause: "UEFI 5.3.3 (inclusive)" },
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

/**
 * The partition entry array.
 *
 * @param parts Partitions.
 * @returns 16 KiB.
 */
export function gptEntries(parts: GptPartition[]): Uint8Array {
  const out = new Uint8Array(GPT_ENTRIES * GPT_ENTRY_SIZE);
  parts.forEach((p, i) => {
    const name = new Uint8Array(72);
    for (let c = 0; c < Math.min(36, p.name.length); c++) {
      name[2 * c] = p.name.charCodeAt(c) & 0xff;
      name[2 * c + 1] = p.name.charCodeAt(c) >> 8;
    }
    writeFields(out, i * GPT_ENTRY_SIZE, gptEntryTable, {
      typeGuid: guidBytes(p.type),
      uniqueGuid: p.unique,
      firstLba: p.first,
      lastLba: p.last,
      attributes: new Uint8Array(8),
      name,
    });
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
  writeFields(out, 0, gptHeaderTable, {
    signature: "EFI PART",
    revision: 0x00010000,
    headerSize: 92,
    myLba: h.myLba,
    alternateLba: h.alternateLba,
    firstUsableLba: h.firstUsable,
    lastUsableLba: h.lastUsable,
    diskGuid: h.diskGuid,
    entriesLba: h.entriesLba,
    entryCount: GPT_ENTRIES,
    entrySize: GPT_ENTRY_SIZE,
    entriesCrc: crc32Ieee(h.entries),
  });
  writeFields(out, 0, gptHeaderTable, { headerCrc: crc32Ieee(out.subarray(0, 92)) });
  return out;
}
