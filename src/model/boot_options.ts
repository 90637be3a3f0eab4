/**
 * El Torito boot options: which files of the image boot, on which platform, how.
 * Pure validation; the layout finds the files and writes the catalog.
 *
 * @module
 */

import { InvalidInputError } from "./errors.ts";

/** El Torito platform (El Torito 2.0 section 2.1: 0 = 80x86, 0xEF = EFI). */
export type BootPlatform = "bios" | "efi";

/** Emulation mode (El Torito 2.0 section 2.2 boot media type). */
export type BootEmulation = "none" | "floppy" | "hard-disk";

/** One bootable image. */
export interface BootEntryOptions {
  /** Path of the boot image inside the image tree (it must be a file there). */
  image: string;
  /** Platform; default "bios". */
  platform?: BootPlatform;
  /** Emulation; default "none". Floppy images must be 1.2, 1.44 or 2.88 MB; hard-disk images need an MBR with one partition. */
  emulation?: BootEmulation;
  /** Real-mode load segment (BIOS, no emulation); default 0 = 0x7C0. */
  loadSegment?: number;
  /** 512-byte sectors the firmware loads; default 4 for BIOS, the whole image for EFI. */
  loadSectors?: number;
  /** Patch a boot info table into the image at offset 8 (isolinux needs it). */
  bootInfoTable?: boolean;
}

/** El Torito options. */
export interface BootOptions {
  /** Boot entries; the first is the default entry. */
  entries: BootEntryOptions[];
  /** Path of the boot catalog in the image; default "/boot.catalog". */
  catalog?: string;
  /** Keep the boot catalog out of every directory tree. */
  hideCatalog?: boolean;
}

/** A boot entry with its defaults applied. */
export type ResolvedBootEntry = Required<Omit<BootEntryOptions, "loadSectors">> & {
  loadSectors?: number;
};

/** Validated boot options. */
export interface ResolvedBootOptions {
  /** Entries with defaults applied (loadSectors may still be undefined: chosen from the image size). */
  entries: ResolvedBootEntry[];
  /** Catalog path. */
  catalog: string;
  /** Hide the catalog. */
  hideCatalog: boolean;
}

function normalize(path: string, what: string): string {
  const parts = path.split("/").filter((p) => p !== "");
  if (parts.length === 0 || parts.some((p) => p === "." || p === "..")) {
    throw new InvalidInputError(
      `Cannot use ${what} ${
        JSON.stringify(path)
      }: it must name a file inside the image, like /boot/isolinux.bin`,
    );
  }
  return `/${parts.join("/")}`;
}

/**
 * Validate boot options.
 *
 * @param boot The caller's options.
 * @returns Validated options.
 * @example
 * ```ts
 * import { resolveBootOptions } from "./boot_options.ts";
 * const b = resolveBootOptions({ entries: [{ image: "isolinux/isolinux.bin", bootInfoTable: true }] });
 * if (b.entries[0]!.image !== "/isolinux/isolinux.bin" || b.catalog !== "/boot.catalog") throw new Error();
 * ```
 */
export function resolveBootOptions(boot: BootOptions): ResolvedBootOptions {
  if (!boot.entries.length) {
    throw new InvalidInputError("Cannot make a bootable image without a boot entry");
  }
  if (boot.entries.length > 32) {
    throw new InvalidInputError(`Cannot write ${boot.entries.length} boot entries: at most 32`);
  }
  const entries = boot.entries.map((e): ResolvedBootEntry => {
    const image = normalize(e.image, "boot image");
    const emulation = e.emulation ?? "none";
    if (!["none", "floppy", "hard-disk"].includes(emulation)) {
      throw new InvalidInputError(
        `Cannot boot ${image}: unknown emulation ${
          JSON.stringify(emulation)
        } (none, floppy, hard-disk)`,
      );
    }
    const platform = e.platform ?? "bios";
    if (platform !== "bios" && platform !== "efi") {
      throw new InvalidInputError(
        `Cannot boot ${image}: unknown platform ${JSON.stringify(platform)} (bios, efi)`,
      );
    }
    const loadSegment = e.loadSegment ?? 0;
    if (!Number.isInteger(loadSegment) || loadSegment < 0 || loadSegment > 0xffff) {
      throw new InvalidInputError(
        `Cannot boot ${image}: load segment ${loadSegment} is not a 16-bit number`,
      );
    }
    if (
      e.loadSectors !== undefined &&
      (!Number.isInteger(e.loadSectors) || e.loadSectors < 1 || e.loadSectors > 0xffff)
    ) {
      throw new InvalidInputError(
        `Cannot boot ${image}: load size ${e.loadSectors} must be 1 to 65535 sectors of 512 bytes`,
      );
    }
    if (e.bootInfoTable && emulation !== "none") {
      throw new InvalidInputError(
        `Cannot patch a boot info table into ${image}: it works with no-emulation images only`,
      );
    }
    return {
      image,
      platform,
      emulation,
      loadSegment,
      bootInfoTable: e.bootInfoTable ?? false,
      ...(e.loadSectors ? { loadSectors: e.loadSectors } : {}),
    };
  });
  return {
    entries,
    catalog: normalize(boot.catalog ?? "/boot.catalog", "boot catalog path"),
    hideCatalog: boot.hideCatalog ?? false,
  };
}
