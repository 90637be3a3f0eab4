/**
 * Options that shape a mastered image, and their resolution to concrete values.
 *
 * @module
 */

import { InvalidInputError } from "./errors.ts";
import { type BootOptions, resolveBootOptions, type ResolvedBootOptions } from "./boot_options.ts";

/** ISO 9660 interchange level (ECMA-119 10.1–10.3). */
export type IsoLevel = 1 | 2 | 3;

/** A file as seen by a custom data-order function. */
export interface FileOrderInfo {
  /** Path inside the image. */
  readonly path: string;
  /** Size in bytes. */
  readonly size: number;
}

/** What the caller may set; every field has a default. */
export interface MasterOptions {
  /** Volume identifier (label), up to 32 characters. Default "KILN". */
  volumeId?: string;
  /** System identifier, up to 32 characters. Default "LINUX" on Linux, else the OS name. */
  systemId?: string;
  /** Volume set identifier, up to 128 characters. */
  volumeSetId?: string;
  /** Publisher identifier, up to 128 characters. */
  publisherId?: string;
  /** Data preparer identifier, up to 128 characters. */
  preparerId?: string;
  /** Application identifier, up to 128 characters. Default "KILN". */
  applicationId?: string;
  /** Interchange level: 1 (8.3 names), 2 (31-character names), 3 (level 2 plus files of 4 GiB and more). Default 3. */
  isoLevel?: IsoLevel;
  /** Write a Joliet tree (UCS-2 names up to 64 characters) for Windows. Default true. */
  joliet?: boolean;
  /** Write Rock Ridge (true names, POSIX modes, symlinks, times). Default true. */
  rockRidge?: boolean;
  /**
   * One time for every timestamp in the image (volume dates and every file), for
   * byte-identical rebuilds. When absent, `SOURCE_DATE_EPOCH` is used if set and readable,
   * otherwise volume dates are now and file dates come from the sources.
   */
  time?: Date;
  /** Order of file data on the disc; default is the directory tree order. */
  fileOrder?: (a: FileOrderInfo, b: FileOrderInfo) => number;
  /** El Torito boot entries (BIOS and EFI), the boot catalog and its visibility. */
  boot?: BootOptions;
  /**
   * isohybrid: make the image bootable as a disk too. `mbr` is boot code (such as
   * syslinux's isohdpfx.bin, as `xorriso -isohybrid-mbr` takes it); `gpt` adds a GUID
   * partition table with an EFI system partition over the EFI boot image.
   */
  hybrid?: { mbr?: Uint8Array; gpt?: boolean };
  /** Add a UDF file system sharing the file data (a UDF bridge image). Default false. */
  udf?: boolean;
  /** Write the ISO 9660 (and Joliet) trees; false with `udf` makes a UDF-only image. Default true. */
  iso9660?: boolean;
  /**
   * UDF revision when `udf` is set: "1.02", "1.50", "2.00", "2.01", "2.50" or "2.60"
   * (default "2.01"). 2.50 and 2.60 record the file set, entries and directories in a
   * metadata partition with a mirror copy.
   */
  udfRevision?: UdfRevision;
  /**
   * Fail instead of adapting a name that a view cannot hold exactly (a Joliet name over
   * 64 characters or with characters outside UCS-2). ISO 9660 names are always mapped.
   */
  strictNames?: boolean;
}

/** Options with every default applied. */
export interface ResolvedMasterOptions {
  /** See {@linkcode MasterOptions.volumeId}. */
  volumeId: string;
  /** See {@linkcode MasterOptions.systemId}. */
  systemId: string;
  /** See {@linkcode MasterOptions.volumeSetId}. */
  volumeSetId: string;
  /** See {@linkcode MasterOptions.publisherId}. */
  publisherId: string;
  /** See {@linkcode MasterOptions.preparerId}. */
  preparerId: string;
  /** See {@linkcode MasterOptions.applicationId}. */
  applicationId: string;
  /** See {@linkcode MasterOptions.isoLevel}. */
  isoLevel: IsoLevel;
  /** See {@linkcode MasterOptions.joliet}. */
  joliet: boolean;
  /** See {@linkcode MasterOptions.rockRidge}. */
  rockRidge: boolean;
  /** Fixed time for every timestamp, if any. */
  fixedTime: Date | undefined;
  /** Time written as the volume creation date. */
  volumeTime: Date;
  /** See {@linkcode MasterOptions.fileOrder}. */
  fileOrder: ((a: FileOrderInfo, b: FileOrderInfo) => number) | undefined;
  /** See {@linkcode MasterOptions.strictNames}. */
  strictNames: boolean;
  /** UDF revision to write, or undefined for no UDF. */
  udf: UdfRevision | undefined;
  /** See {@linkcode MasterOptions.iso9660}. */
  iso9660: boolean;
  /** El Torito options, or undefined for a non-bootable image. */
  boot: ResolvedBootOptions | undefined;
  /** isohybrid options, or undefined. */
  hybrid: { mbr: Uint8Array | undefined; gpt: boolean } | undefined;
}

/** UDF revisions (IMAPI2's UDFRevision values 0x102 … 0x260). */
export type UdfRevision = "1.02" | "1.50" | "2.00" | "2.01" | "2.50" | "2.60";

const UDF_REVISIONS: readonly string[] = ["1.02", "1.50", "2.00", "2.01", "2.50", "2.60"];

function checkId(value: string, field: string, max: number): string {
  if (value.length > max) {
    throw new InvalidInputError(
      `Cannot use ${field} ${JSON.stringify(value)}: it is longer than ${max} characters`,
    );
  }
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new InvalidInputError(
      `Cannot use ${field} ${JSON.stringify(value)}: it contains control characters`,
    );
  }
  return value;
}

/**
 * Read `SOURCE_DATE_EPOCH` when the environment permission allows it.
 *
 * @returns The time it names, or undefined when unset or not readable.
 */
export function sourceDateEpoch(): Date | undefined {
  const state = Deno.permissions.querySync({ name: "env", variable: "SOURCE_DATE_EPOCH" }).state;
  if (state !== "granted") return undefined;
  const raw = Deno.env.get("SOURCE_DATE_EPOCH");
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) {
    throw new InvalidInputError(
      `Cannot use SOURCE_DATE_EPOCH=${JSON.stringify(raw)}: it must be whole seconds since 1970`,
    );
  }
  return new Date(Number(raw) * 1000);
}

/**
 * Apply defaults and validate.
 *
 * @param options What the caller set.
 * @returns Concrete options.
 * @example
 * ```ts
 * import { resolveMasterOptions } from "./master_options.ts";
 * const o = resolveMasterOptions({ volumeId: "DATA", time: new Date(0) });
 * if (o.isoLevel !== 3 || !o.joliet || o.volumeTime.getTime() !== 0) throw new Error("defaults");
 * ```
 */
export function resolveMasterOptions(options: MasterOptions = {}): ResolvedMasterOptions {
  const level = options.isoLevel ?? 3;
  if (level !== 1 && level !== 2 && level !== 3) {
    throw new InvalidInputError(`Cannot use ISO level ${level}: it must be 1, 2 or 3`);
  }
  const fixedTime = options.time ?? sourceDateEpoch();
  if (fixedTime && Number.isNaN(fixedTime.getTime())) {
    throw new InvalidInputError("Cannot use the given time: it is not a valid date");
  }
  const os = Deno.build.os === "linux" ? "LINUX" : Deno.build.os.toUpperCase();
  return {
    volumeId: checkId(options.volumeId ?? "KILN", "volume id", 32),
    systemId: checkId(options.systemId ?? os, "system id", 32),
    volumeSetId: checkId(options.volumeSetId ?? "", "volume set id", 128),
    publisherId: checkId(options.publisherId ?? "", "publisher id", 128),
    preparerId: checkId(options.preparerId ?? "", "preparer id", 128),
    applicationId: checkId(options.applicationId ?? "KILN", "application id", 128),
    isoLevel: level,
    joliet: (options.joliet ?? true) && options.iso9660 !== false,
    rockRidge: (options.rockRidge ?? true) && options.iso9660 !== false,
    fixedTime,
    volumeTime: fixedTime ?? new Date(),
    fileOrder: options.fileOrder,
    strictNames: options.strictNames ?? false,
    udf: resolveUdf(options),
    iso9660: resolveIso9660(options),
    boot: options.boot ? resolveBootOptions(options.boot) : undefined,
    hybrid: resolveHybrid(options),
  };
}

function resolveHybrid(options: MasterOptions): ResolvedMasterOptions["hybrid"] {
  const h = options.hybrid;
  if (!h || (!h.mbr && !h.gpt)) return undefined;
  const entries = options.boot?.entries ?? [];
  if (h.mbr && !entries.some((e) => (e.platform ?? "bios") === "bios")) {
    throw new InvalidInputError(
      "Cannot write an isohybrid MBR: the image needs a BIOS boot image (boot.entries) for its boot code to load",
    );
  }
  if (h.mbr && (h.mbr.length < 64 || h.mbr.length > 512)) {
    throw new InvalidInputError(
      `Cannot use a ${h.mbr.length}-byte isohybrid MBR template: it must hold 64 to 512 bytes of boot code (isohdpfx.bin has 432)`,
    );
  }
  if (h.gpt && !entries.some((e) => e.platform === "efi")) {
    throw new InvalidInputError(
      "Cannot write a GPT: the image needs an EFI boot image (boot.entries with platform efi) for its EFI system partition",
    );
  }
  return { mbr: h.mbr, gpt: h.gpt ?? false };
}

function resolveIso9660(options: MasterOptions): boolean {
  if (options.iso9660 !== false) return true;
  if (!options.udf) {
    throw new InvalidInputError(
      "Cannot make an image without ISO 9660 and without UDF: add udf, or keep iso9660",
    );
  }
  if (options.boot) {
    throw new InvalidInputError(
      "Cannot boot a UDF-only image: El Torito lives in the ISO 9660 descriptors; keep iso9660",
    );
  }
  if (options.hybrid?.mbr || options.hybrid?.gpt) {
    throw new InvalidInputError(
      "Cannot make a UDF-only image isohybrid: it needs El Torito; keep iso9660",
    );
  }
  return false;
}

function resolveUdf(options: MasterOptions): UdfRevision | undefined {
  const revision = options.udfRevision ?? "2.01";
  if (!UDF_REVISIONS.includes(revision)) {
    throw new InvalidInputError(
      `Cannot use UDF revision ${JSON.stringify(revision)}: it must be one of ${
        UDF_REVISIONS.join(", ")
      }`,
    );
  }
  return options.udf ? revision : undefined;
}
