/**
 * isohybrid: the ISO 9660 system area (sectors 0–15) made into a disk's first sectors, so
 * the same image boots from a USB stick or a hard disk. An MBR with boot code from a
 * template (as `xorriso -isohybrid-mbr`) points at the BIOS boot image; with `gpt`, a GUID
 * partition table with an EFI system partition over the El Torito EFI image follows it, and
 * its backup fills the image's last 33 sectors of 512 bytes.
 *
 * MBR partitions: without GPT, the whole image as an active type 0x17 partition (as
 * syslinux's isohybrid writes it) and, when there is an EFI image, a type 0xEF partition
 * over it; with GPT, one protective type 0xEE partition (UEFI 5.2.3), marked active: UEFI
 * asks for 0 there, but some BIOSes boot only a disk with an active partition, and readers
 * of isohybrid images (pycdlib) refuse an isohybrid MBR without one. OVMF boots it; sgdisk
 * reports a warning, not a problem.
 *
 * @module
 */

import { crc32Ieee } from "../../wasm/core.ts";
import { InternalError } from "../model/errors.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import {
  EFI_SYSTEM_PARTITION,
  GPT_ENTRY_SECTORS,
  gptEntries,
  gptHeader,
  type GptPartition,
} from "../records/gpt.ts";
import { type MbrPartition, mbrSector } from "../records/mbr.ts";
import { PlatformId } from "../records/el_torito.ts";
import type { ImagePlan } from "./layout_plan.ts";

/** 2048-byte sectors reserved at the end of a GPT image for the backup table (33 × 512 bytes fit in 9). */
export const GPT_TAIL_SECTORS = 9;

function seed(plan: ImagePlan, salt: number): number {
  const text =
    `${plan.options.volumeId}|${plan.options.volumeTime.toISOString()}|${plan.totalSectors}|${salt}`;
  return crc32Ieee(new TextEncoder().encode(text));
}

function guid(plan: ImagePlan, salt: number): Uint8Array {
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) v.setUint32(4 * i, seed(plan, salt * 4 + i), true);
  out[7] = (out[7]! & 0x0f) | 0x40; // version 4 (random-like), stored little-endian in field 3
  out[8] = (out[8]! & 0x3f) | 0x80; // RFC 4122 variant
  return out;
}

function efiImage(plan: ImagePlan): { first: number; sectors: number } | undefined {
  const e = plan.boot?.entries.find((x) => x.platform === PlatformId.efi);
  return e ? { first: e.file.extent * 4, sectors: Math.ceil(e.file.entry.size / 512) } : undefined;
}

function partitions(plan: ImagePlan): GptPartition[] {
  const efi = efiImage(plan);
  if (!efi) throw new InternalError("a GPT image without an EFI boot image");
  return [{
    type: EFI_SYSTEM_PARTITION,
    unique: guid(plan, 2),
    first: efi.first,
    last: efi.first + efi.sectors - 1,
    name: "EFI System",
  }];
}

/**
 * The 32 KiB system area: MBR, and with GPT the primary header and entries.
 *
 * @param plan The image plan.
 * @returns Sixteen sectors.
 */
export function systemArea(plan: ImagePlan): Uint8Array {
  const out = new Uint8Array(16 * SECTOR_SIZE);
  const hybrid = plan.options.hybrid;
  if (!hybrid) return out;
  const total512 = plan.totalSectors * 4;
  const bios = plan.boot?.entries.find((x) => x.platform === PlatformId.bios);
  const efi = efiImage(plan);
  const parts: MbrPartition[] = hybrid.gpt
    ? [{ status: 0x80, type: 0xee, first: 1, sectors: total512 - 1 }]
    : [
      { status: 0x80, type: 0x17, first: 0, sectors: total512 },
      ...(efi ? [{ status: 0, type: 0xef, ...efi }] : []),
    ];
  out.set(mbrSector(hybrid.mbr, bios ? bios.file.extent * 4 : undefined, seed(plan, 1), parts));
  if (hybrid.gpt) {
    const entries = gptEntries(partitions(plan));
    const last = total512 - 1;
    out.set(
      gptHeader({
        myLba: 1,
        alternateLba: last,
        firstUsable: 2 + GPT_ENTRY_SECTORS,
        lastUsable: last - 1 - GPT_ENTRY_SECTORS,
        diskGuid: guid(plan, 1),
        entriesLba: 2,
        entries,
      }),
      512,
    );
    out.set(entries, 1024);
  }
  return out;
}

/**
 * The backup GPT at the end of the image: entries, then the header in the last sector.
 *
 * @param plan The image plan (with `gptTailLba`).
 * @returns {@linkcode GPT_TAIL_SECTORS} sectors.
 */
export function gptTail(plan: ImagePlan): Uint8Array {
  const out = new Uint8Array(GPT_TAIL_SECTORS * SECTOR_SIZE);
  const entries = gptEntries(partitions(plan));
  const last = plan.totalSectors * 4 - 1;
  const entriesLba = last - GPT_ENTRY_SECTORS;
  const base = plan.gptTailLba! * 4;
  out.set(entries, (entriesLba - base) * 512);
  out.set(
    gptHeader({
      myLba: last,
      alternateLba: 1,
      firstUsable: 2 + GPT_ENTRY_SECTORS,
      lastUsable: last - 1 - GPT_ENTRY_SECTORS,
      diskGuid: guid(plan, 1),
      entriesLba,
      entries,
    }),
    (last - base) * 512,
  );
  return out;
}
