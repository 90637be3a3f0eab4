/**
 * El Torito (Bootable CD-ROM Format Specification 1.0, 1995) records: the boot record
 * volume descriptor, the boot catalog entries, and the boot info table isolinux expects
 * (a syslinux convention, as mkisofs -boot-info-table writes it). Little-endian throughout.
 *
 * @module
 */

import { type FieldTable, writeFields } from "./field_table.ts";

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

/** Boot info table inside a no-emulation boot image (syslinux convention, mkisofs -boot-info-table). */
export const bootInfoTable = {
  pvdLba: {
    offset: 8,
    size: 4,
    type: "u32le",
    clause: "bi_pvd: sector of the primary volume descriptor",
  },
  imageLba: { offset: 12, size: 4, type: "u32le", clause: "bi_file: sector of the boot image" },
  imageLength: { offset: 16, size: 4, type: "u32le", clause: "bi_length: bytes of the boot image" },
  checksum: {
    offset: 20,
    size: 4,
    type: "u32le",
    clause: "bi_csum: sum of the 32-bit words from byte 64",
  },
  reserved: { offset: 24, size: 40, type: "bytes", clause: "bi_reserved: zero" },
} as const satisfies FieldTable;

/** First byte after the boot info table; the checksum covers the image from here. */
export const BOOT_INFO_TABLE_END = 64;

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
  const id = new Uint8Array(32);
  id.set(new TextEncoder().encode("EL TORITO SPECIFICATION"));
  writeFields(out, 0, bootRecordTable, {
    type: 0,
    standardId: "CD001",
    version: 1,
    bootSystemId: id,
    catalogLba,
  });
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
  writeFields(out, 0, validationEntryTable, {
    headerId: 1,
    platformId: platform,
    key: new Uint8Array([0x55, 0xaa]),
  });
  const v = new DataView(out.buffer);
  let sum = 0;
  for (let i = 0; i < 32; i += 2) sum = (sum + v.getUint16(i, true)) & 0xffff;
  writeFields(out, 0, validationEntryTable, { checksum: (0x10000 - sum) & 0xffff });
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
  writeFields(out, 0, bootEntryTable, { indicator: 0x88, ...e });
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
  writeFields(out, 0, sectionHeaderTable, {
    indicator: final ? 0x91 : 0x90,
    platformId: platform,
    entries,
  });
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
  let sum = 0;
  for (let i = BOOT_INFO_TABLE_END; i < image.length; i += 4) {
    let word = 0;
    for (let b = 0; b < 4 && i + b < image.length; b++) word |= image[i + b]! << (8 * b);
    sum = (sum + (word >>> 0)) >>> 0;
  }
  writeFields(image, 0, bootInfoTable, {
    pvdLba,
    imageLba,
    imageLength: image.length,
    checksum: sum,
    reserved: new Uint8Array(40),
  });
}
