/**
 * Drive specs to recorders (IMAPI2's `IDiscMaster2` enumeration plus `InitializeDiscRecorder`):
 * {@linkcode openDrive} opens `virtual:PATH?media=NAME[&...]` as kiln's virtual recorder,
 * and an OS device (`/dev/sr0`, `/dev/sg1`, `E:`, `\\.\CdRom0`) through the FFI transports;
 * {@linkcode listDrives} lists the drives the OS shows (virtual drives only when asked).
 *
 * Neither module is loaded before it is needed: the OS backends and the virtual recorder are
 * string-literal dynamic imports, so importing kiln loads no FFI library.
 *
 * @module
 */

import { InvalidInputError } from "../model/errors.ts";
import type { Transport } from "../mmc/transport.ts";
import { Recorder, type RecorderOptions } from "./recorder.ts";

/**
 * The default virtual drive: a DVD+RW whose user data is `kiln-disc.img` in the current
 * folder (its state in `kiln-disc.img.kiln-disc.json` beside it). `virtual:` alone means
 * this drive. A DVD+RW, so the same command can burn it again and again (each burn
 * overwrites from LBA 0, as IMAPI2 does on overwrite-only media) and `kiln erase` can
 * reformat it.
 */
export const DEFAULT_VIRTUAL_DRIVE = "virtual:kiln-disc.img?media=dvd+rw";

/** A drive found by {@linkcode listDrives}. */
export interface DriveInfo {
  /** What to pass to {@linkcode openDrive}. */
  readonly spec: string;
  /** An OS drive or a virtual one. */
  readonly kind: "os" | "virtual";
  /** Vendor, when known without opening the drive. */
  readonly vendor?: string;
  /** Product, when known. */
  readonly product?: string;
  /** Revision, when known. */
  readonly revision?: string;
}

/** Options of {@linkcode openDrive}. */
export type OpenDriveOptions = RecorderOptions;

/** Options of {@linkcode listDrives}. */
export interface ListDrivesOptions {
  /** Virtual drive specs to list too. */
  readonly virtual?: readonly string[];
}

/**
 * Which kind of spec this is.
 *
 * @param spec A drive spec.
 * @returns "virtual", "os", or undefined when it is neither.
 * @example
 * ```ts
 * import { driveSpecKind } from "./open_drive.ts";
 * if (driveSpecKind("virtual:x.img?media=bd-r") !== "virtual") throw new Error();
 * if (driveSpecKind("/dev/sr0") !== "os" || driveSpecKind("E:") !== "os") throw new Error();
 * if (driveSpecKind("sr0") !== undefined) throw new Error();
 * ```
 */
export function driveSpecKind(spec: string): "virtual" | "os" | undefined {
  if (spec.startsWith("virtual:")) return "virtual";
  if (spec.startsWith("/dev/") || /^[A-Za-z]:\\?$/.test(spec)) return "os";
  if (/^\\\\\.\\/.test(spec) || /^cdrom\d+$/i.test(spec)) return "os";
  return undefined;
}

async function openTransport(spec: string): Promise<Transport> {
  switch (driveSpecKind(spec)) {
    case "virtual": {
      const { VirtualRecorder } = await import("../../ffi/virtual/mod.ts");
      return await VirtualRecorder.open(spec === "virtual:" ? DEFAULT_VIRTUAL_DRIVE : spec);
    }
    case "os": {
      const { openOsTransport } = await import("../../ffi/open_transport.ts");
      return await openOsTransport(spec);
    }
    default:
      throw new InvalidInputError(
        `Cannot open drive ${JSON.stringify(spec)}: not a drive spec; give a device such as ` +
          `/dev/sr0 (Linux) or E: (Windows), or a virtual drive virtual:PATH?media=NAME`,
      );
  }
}

/**
 * Open a drive as a {@linkcode Recorder}. An OS drive is opened exclusively (O_EXCL on
 * Linux, exclusive access on Windows) until the recorder is closed.
 *
 * @param spec `/dev/sr0`, `E:`, `virtual:PATH?media=NAME`, or `virtual:` for
 *   {@linkcode DEFAULT_VIRTUAL_DRIVE}.
 * @param options Trace, polling.
 * @returns The recorder; close it when done.
 * @throws {InvalidInputError} For a spec that names no drive, a bad virtual spec, or a device
 *   that is not an optical drive.
 * @throws {TransportError} When the OS refuses the device (permission, busy, missing).
 * @example
 * ```ts ignore
 * import { openDrive } from "./open_drive.ts";
 * await using recorder = await openDrive("virtual:/tmp/disc.img?media=bd-r&timeScale=0");
 * console.log((await recorder.mediaState()).status); // "blank"
 * ```
 */
export async function openDrive(spec: string, options: OpenDriveOptions = {}): Promise<Recorder> {
  const transport = await openTransport(spec);
  return await Recorder.open(
    transport,
    spec === "virtual:" ? DEFAULT_VIRTUAL_DRIVE : spec,
    options,
  );
}

/**
 * The drives of this machine (Linux: from sysfs; Windows: the CD-ROM drive letters), plus
 * the virtual specs given. Empty where there are none or kiln has no OS backend.
 *
 * @param options Virtual specs to include.
 * @returns The drives, OS drives first.
 */
export async function listDrives(options: ListDrivesOptions = {}): Promise<DriveInfo[]> {
  const { listOsDrives } = await import("../../ffi/open_transport.ts");
  const os = await listOsDrives();
  const out: DriveInfo[] = os.map((d) => ({
    spec: d.path,
    kind: "os" as const,
    ...(d.vendor ? { vendor: d.vendor } : {}),
    ...(d.model ? { product: d.model } : {}),
    ...(d.revision ? { revision: d.revision } : {}),
  }));
  for (const spec of options.virtual ?? []) out.push({ spec, kind: "virtual" });
  return out;
}
