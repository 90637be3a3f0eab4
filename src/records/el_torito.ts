/**
 * El Torito (Bootable CD-ROM Format Specification 1.0, 1995) records: the boot record
 * volume descriptor, the boot catalog entries, and the boot info table isolinux expects
 * (a syslinux convention, as mkisofs -boot-info-table writes it). Little-endian throughout.
 *
 * @module
 */

import type { FieldTable } from "./field_table.ts";

/** Boot record volume descriptor (El Torito 2.0 section 2.0, ECMA-119 8.2). */
export const bootRecordTable = {
  type: { offset: 0, size: 1, type: "u8", clause: "ECMA-119 8.2.1 (0)" },
  standardId: { offset: 1, size: 5, type: "chars", clause: "8.2.2 (CD001)" },
  version: { offset: 6, size: 1, type: "u8", clause: "8.2.3 (1)" },
  bootSystemId: {
    offset: 7,
    size: 32,
    type: "bytes",
    clause: "El Torito 2.0 (EL TORITO SPECIFICATION)",
  },
  catalogLba: {
    offset: 71,
    size: 4,
    type: "u32le",
    clause: "El Torito 2.0 absolute pointer to the boot catalog",
  },
} as const satisfies FieldTable;

/** Validation entry (El Torito 2.1). */
export const validationEntryTable = {
  headerId: { offset: 0, size: 1, type: "u8", clause: "2.1 (1)" },
  platformId: { offset: 1, size: 1, type: "u8", clause: "2.1 (0 x86, 0xEF EFI)" },
  idString: { offset: 4, size: 24, type: "chars", clause: "2.1" },
  checksum: { offset: 28, size: 2, type: "u16le", clause: "2.1 (words sum to 0)" },
  key: { offset: 30, size: 2, type: "bytes", clause: "2.1 (55 AA)" },
} as const satisfies FieldTable;

/** Initial/default entry and section entries (El Torito 2.2, 2.4). */
export const bootEntryTable = {
  indicator: { offset: 0, size: 1, type: "u8", clause: "2.2 (0x88 bootable)" },
  mediaType: { offset: 1, size: 1, type: "u8", clause: "2.2 (0 none, 1-3 floppy, 4 hard disk)" },
  loadSegment: { offset: 2, size: 2, type: "u16le", clause: "2.2 (0: 0x7C0)" },
  systemType: {
    offset: 4,
    size: 1,
    type: "u8",
    clause: "2.2 (partition type of a hard-disk image)",
  },
  sectorCount: { offset: 6, size: 2, type: "u16le", clause: "2.2 (virtual 512-byte sectors)" },
  loadRba: { offset: 8, size: 4, type: "u32le", clause: "2.2" },
} as const satisfies FieldTable;

/** Section header entry (El Torito 2.3). */
export const sectionHeaderTable = {
  indicator: { offset: 0, size: 1, type: "u8", clause: "2.3 (0x90 more follow, 0x91 final)" },
  platformId: { offset: 1, size: 1, type: "u8", clause: "2.3" },
  entries: { offset: 2, size: 2, type: "u16le", clause: "2.3" },
  idString: { offset: 4, size: 28, type: "chars", clause: "2.3" },
} as const satisfies FieldTable;

/** Platform ids (El Torito 2.1 and the UEFI specification's 0xEF). */
export const PlatformId = { bios: 0, efi: 0xef } as const;

/** Emulation media types (El Torito 2.2). */
export const MediaType = {
  none: 0,
  floppy120: 1,
  floppy144: 2,
  floppy288: 3,
  hardDisk: 4,
} as const;

/**
 * The boot record volume descriptor.
 *
 * @param catalogLba Sector of the boot catalog.
 * @returns One sector.
 */
export function bootRecord(catalogLba: number): Uint8Array {
  const out = new Uint8Array(2048);
  out.set([0, 0x43, 0x44, 0x30, 0x30, 0x31, 1]);
  const id = "EL TORITO SPECIFICATION";
  for (let i = 0; i < id.length; i++) out[7 + i] = id.charCodeAt(i);
  new DataView(out.buffer).setUint32(71, catalogLba, true);
  return out;
}

/**
 * A validation entry with its checksum.
 *
 * @param platform First entry's platform.
 * @returns 32 bytes.
 */
export function validationEntry(platform: number): Uint8Array {
  const out = new Uint8Array(32);
  out[0] = 1;
  out[1] = platform;
  out[30] = 0x55;
  out[31] = 0xaa;
  const v = new DataView(out.buffer);
  let sum = 0;
  for (let i = 0; i < 32; i += 2) sum = (sum + v.getUint16(i, true)) & 0xffff;
  v.setUint16(28, (0x10000 - sum) & 0xffff, true);
  return out;
}

/** A boot entry's fields. */
export interface BootEntryFields {
  /** Media type. */
  mediaType: number;
  /** Load segment. */
  loadSegment: number;
  /** Partition type for hard-disk emulation. */
  systemType: number;
  /** Virtual sectors to load. */
  sectorCount: number;
  /** First sector of the image. */
  loadRba: number;
}

/**
 * A default or section entry (the same 32-byte layout; selection criteria left 0).
 *
 * @param e Fields.
 * @returns 32 bytes.
 */
export function bootEntry(e: BootEntryFields): Uint8Array {
  const out = new Uint8Array(32);
  const v = new DataView(out.buffer);
  out[0] = 0x88;
  out[1] = e.mediaType;
  v.setUint16(2, e.loadSegment, true);
  out[4] = e.systemType;
  v.setUint16(6, e.sectorCount, true);
  v.setUint32(8, e.loadRba, true);
  return out;
}

/**
 * A section header.
 *
 * @param final True for the last section (0x91).
 * @param platform Platform id.
 * @param entries Entries in the section.
 * @returns 32 bytes.
 */
export function sectionHeader(final: boolean, platform: number, entries: number): Uint8Array {
  const out = new Uint8Array(32);
  out[0] = final ? 0x91 : 0x90;
  out[1] = platform;
  new DataView(out.buffer).setUint16(2, entries, true);
  return out;
}

/**
 * Patch a boot info table into a boot image (bytes 8–63): the primary volume descriptor's
 * sector, the image's sector, its length, and the 32-bit sum of its little-endian words
 * from byte 64 on.
 *
 * @param image The boot image's bytes (patched in place).
 * @param pvdLba Sector of the primary volume descriptor (16).
 * @param imageLba Sector of the boot image.
 */
export function patchBootInfoTable(image: Uint8Array, pvdLba: number, imageLba: number): void {
  const v = new DataView(image.buffer, image.byteOffset, image.byteLength);
  let sum = 0;
  for (let i = 64; i < image.length; i += 4) {
    let word = 0;
    for (let b = 0; b < 4 && i + b < image.length; b++) word |= image[i + b]! << (8 * b);
    sum = (sum + (word >>> 0)) >>> 0;
  }
  v.setUint32(8, pvdLba, true);
  v.setUint32(12, imageLba, true);
  v.setUint32(16, image.length, true);
  v.setUint32(20, sum, true);
  image.fill(0, 24, 64);
}
