/**
 * Optical drives on Linux, from sysfs (mmc.md 1.8): every SCSI device of peripheral type 5
 * (CD/DVD, MMC) or 4 (WORM) under `class/scsi_generic` (sg bound) or `class/block/sr*`
 * (sr bound), with the INQUIRY strings the kernel keeps (`device/vendor`, `model`, `rev`)
 * and the sg↔sr pairing (`device/block/srN`, `device/scsi_generic/sgN`).
 *
 * Needs `--allow-ffi` (sysfs is read through libc: Deno asks `--allow-all` for /sys); opens
 * no device.
 *
 * @module
 */

import { TransportError } from "../../src/mmc/transport.ts";
import type { OsDrive } from "../os_drive.ts";
import { defaultFsReader, type FsReader } from "./fs_reader.ts";

/** Where to look. */
export interface LinuxDriveRoots {
  /** The sysfs mount (default "/sys"); tests pass a fake tree. */
  readonly sysfsRoot?: string;
  /** Where device nodes live (default "/dev"). */
  readonly devRoot?: string;
  /** How to read sysfs (default: libc through FFI when permitted, else Deno's file API). */
  readonly reader?: FsReader;
}

/** SCSI peripheral device types sr drives: 5 = CD/DVD (MMC), 4 = WORM. */
const OPTICAL_TYPES = new Set(["4", "5"]);

function unitNumber(name: string): number {
  return Number(/\d+$/.exec(name)?.[0] ?? Infinity);
}

async function names(fs: FsReader, dir: string, prefix: string): Promise<string[]> {
  const all = (await fs.readDir(dir)) ?? [];
  return all.filter((n) => n.startsWith(prefix)).sort((a, b) => unitNumber(a) - unitNumber(b));
}

async function text(fs: FsReader, path: string): Promise<string | undefined> {
  return (await fs.readText(path))?.trim();
}

async function scsiAddress(fs: FsReader, deviceLink: string): Promise<string | undefined> {
  const target = await fs.readLink(deviceLink);
  const base = target?.slice(target.lastIndexOf("/") + 1);
  return base && /^\d+:\d+:\d+:\d+$/.test(base) ? base : undefined;
}

interface Found {
  sr?: string;
  sg?: string;
  device: string;
}

async function describe(fs: FsReader, found: Found, devRoot: string): Promise<OsDrive> {
  const vendor = await text(fs, `${found.device}/vendor`);
  const model = await text(fs, `${found.device}/model`);
  const revision = await text(fs, `${found.device}/rev`);
  const address = await scsiAddress(fs, found.device);
  const primary = found.sr ?? found.sg!;
  return {
    path: `${devRoot}/${primary}`,
    ...(found.sr && found.sg ? { sgPath: `${devRoot}/${found.sg}` } : {}),
    ...(vendor !== undefined ? { vendor } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(revision !== undefined ? { revision } : {}),
    ...(address !== undefined ? { scsiAddress: address } : {}),
  };
}

/**
 * List the optical drives sysfs shows: sr-bound drives first (by sr number), then drives
 * only the sg driver holds.
 *
 * @param roots The sysfs and /dev roots.
 * @returns The drives; empty when there is no sysfs or no drive.
 * @throws {TransportError} When sysfs cannot be read (no `--allow-ffi`).
 * @example
 * ```ts ignore
 * import { listLinuxDrives } from "./list_linux_drives.ts";
 * for (const d of await listLinuxDrives()) console.log(d.path, d.vendor, d.model);
 * ```
 */
export async function listLinuxDrives(roots: LinuxDriveRoots = {}): Promise<OsDrive[]> {
  const sys = roots.sysfsRoot ?? "/sys";
  const dev = roots.devRoot ?? "/dev";
  const fs = roots.reader ?? defaultFsReader();
  try {
    const bySr = new Map<string, Found>();
    const sgOnly: Found[] = [];
    for (const sr of await names(fs, `${sys}/class/block`, "sr")) {
      const device = `${sys}/class/block/${sr}/device`;
      if (!OPTICAL_TYPES.has((await text(fs, `${device}/type`)) ?? "5")) continue;
      const [sg] = await names(fs, `${device}/scsi_generic`, "sg");
      bySr.set(sr, sg ? { sr, sg, device } : { sr, device });
    }
    for (const sg of await names(fs, `${sys}/class/scsi_generic`, "sg")) {
      const device = `${sys}/class/scsi_generic/${sg}/device`;
      if (!OPTICAL_TYPES.has((await text(fs, `${device}/type`)) ?? "")) continue;
      const [sr] = await names(fs, `${device}/block`, "sr");
      if (sr && bySr.has(sr)) bySr.set(sr, { ...bySr.get(sr)!, sg });
      else if (sr) bySr.set(sr, { sr, sg, device });
      else sgOnly.push({ sg, device });
    }
    const ordered = [...bySr.values()].sort((a, b) => unitNumber(a.sr!) - unitNumber(b.sr!));
    const drives: OsDrive[] = [];
    for (const f of [...ordered, ...sgOnly]) drives.push(await describe(fs, f, dev));
    return drives;
  } catch (cause) {
    if (cause instanceof Deno.errors.NotCapable || cause instanceof Deno.errors.PermissionDenied) {
      throw new TransportError(
        `Cannot list drives: kiln reads ${sys} through libc and needs --allow-ffi ` +
          `(Deno's own file API asks --allow-all for /sys)`,
        { kind: "os", cause },
      );
    }
    throw cause;
  } finally {
    if (!roots.reader) fs.close();
  }
}
