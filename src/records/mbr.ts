/**
 * The master boot record of a hybrid image (the first 512 bytes of the ISO 9660 system
 * area): boot code from a template, the boot image address isohybrid MBRs read at 432, the
 * disk signature at 440 and four partition entries at 446, then 55 AA.
 *
 * @module
 */

import { type FieldTable, writeFields } from "./field_table.ts";

/** One MBR partition entry, 16 bytes at 446 + 16 × n. */
export const mbrPartitionTable = {
  status: { offset: 0, size: 1, type: "u8", clause: "MBR (0x80 active)" },
  chsFirst: { offset: 1, size: 3, type: "bytes", clause: "MBR CHS of the first sector" },
  type: { offset: 4, size: 1, type: "u8", clause: "MBR partition type" },
  chsLast: { offset: 5, size: 3, type: "bytes", clause: "MBR CHS of the last sector" },
  lbaFirst: { offset: 8, size: 4, type: "u32le", clause: "MBR first sector (512 bytes)" },
  sectors: { offset: 12, size: 4, type: "u32le", clause: "MBR sector count" },
} as const satisfies FieldTable;

/** The MBR sector's fields after the boot code (isohybrid convention, then the classic MBR). */
export const mbrTable = {
  bootImageLba: {
    offset: 432,
    size: 8,
    type: "u64le",
    clause: "isohybrid: boot image, 512-byte sectors",
  },
  diskId: { offset: 440, size: 4, type: "u32le", clause: "MBR disk signature" },
  signature: { offset: 510, size: 2, type: "bytes", clause: "MBR boot signature (55 AA)" },
} as const satisfies FieldTable;

/** Offset of partition entry n: 446 + 16 × n. */
export const MBR_PARTITIONS_OFFSET = 446;

/** Bytes of boot code kept from a template (isohdpfx.bin is exactly this long). */
export const MBR_CODE_LENGTH = 432;

/** A partition to record. */
export interface MbrPartition {
  /** 0x80 for the active partition, else 0. */
  status: number;
  /** Partition type (0xEE protective, 0xEF EFI system, 0x17 isohybrid's ISO partition). */
  type: number;
  /** First 512-byte sector. */
  first: number;
  /** Number of 512-byte sectors. */
  sectors: number;
}

function chs(lba: number): number[] {
  const c = Math.floor(lba / (255 * 63));
  if (c > 1023) return [0xfe, 0xff, 0xff];
  const h = Math.floor(lba / 63) % 255;
  const s = (lba % 63) + 1;
  return [h, s | ((c >> 2) & 0xc0), c & 0xff];
}

/**
 * Build the MBR sector.
 *
 * @param code Boot code template (its first 432 bytes are used), or undefined for none.
 * @param bootImageLba512 Where the BIOS boot image starts, in 512-byte sectors (read by isohybrid MBR code), if any.
 * @param diskId Disk signature.
 * @param partitions Up to four partitions.
 * @returns 512 bytes.
 */
export function mbrSector(
  code: Uint8Array | undefined,
  bootImageLba512: number | undefined,
  diskId: number,
  partitions: MbrPartition[],
): Uint8Array {
  const out = new Uint8Array(512);
  if (code) out.set(code.subarray(0, MBR_CODE_LENGTH));
  if (bootImageLba512 !== undefined) {
    writeFields(out, 0, mbrTable, { bootImageLba: bootImageLba512 });
  }
  writeFields(out, 0, mbrTable, { diskId: diskId >>> 0, signature: new Uint8Array([0x55, 0xaa]) });
  partitions.slice(0, 4).forEach((p, i) => {
    writeFields(out, MBR_PARTITIONS_OFFSET + 16 * i, mbrPartitionTable, {
      status: p.status,
      chsFirst: new Uint8Array(chs(p.first)),
      type: p.type,
      chsLast: new Uint8Array(chs(p.first + p.sectors - 1)),
      lbaFirst: p.first,
      sectors: Math.min(p.sectors, 0xffffffff),
    });
  });
  return out;
}
