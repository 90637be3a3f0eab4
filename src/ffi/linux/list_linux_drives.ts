/**
 * Optical drives on Linux, from sysfs (mmc.md 1.8): every SCSI device of peripheral type 5
 * (CD/DVD, MMC) or 4 (WORM) under `class/scsi_generic` (sg bound) or `class/block/sr*`
 * (sr bound), with the INQUIRY strings the kernel keeps (`device/vendor`, `model`, `rev`)
 * and the sg↔sr pairing (`device/block/srN`, `device/scsi_generic/sgN`).
 *
 * Needs `--allow-read` of the sysfs root only; opens no device.
 *
 * @module
 */

import { TransportError } from "../../mmc/transport.ts";
import type { OsDrive } from "../os_drive.ts";

/** Where to look. */
export interface LinuxDriveRoots {
  /** The sysfs mount (default "/sys"); tests pass a fake tree. */
  readonly sysfsRoot?: string;
  /** Where device nodes live (default "/dev"). */
  readonly devRoot?: string;
}

/** SCSI peripheral device types sr drives: 5 = CD/DVD (MMC), 4 = WORM. */
const OPTICAL_TYPES = new Set(["4", "5"]);

async function readText(path: string): Promise<string | undefined> {
  try {
    return (await Deno.readTextFile(path)).trim();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw err;
  }
}

async function names(dir: string, prefix: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.name.startsWith(prefix)) out.push(e.name);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) {
      return [];
    }
    throw err;
  }
  return out.sort((a, b) => unitNumber(a) - unitNumber(b));
}

function unitNumber(name: string): number {
  return Number(/\d+$/.exec(name)?.[0] ?? Infinity);
}

async function scsiAddress(deviceLink: string): Promise<string | undefined> {
  try {
    const target = await Deno.readLink(deviceLink);
    const base = target.slice(target.lastIndexOf("/") + 1);
    return /^\d+:\d+:\d+:\d+$/.test(base) ? base : undefined;
  } catch {
    return undefined;
  }
}

interface Found {
  sr?: string;
  sg?: string;
  device: string;
}

async function describe(found: Found, devRoot: string): Promise<OsDrive> {
  const [vendor, model, revision, address] = await Promise.all([
    readText(`${found.device}/vendor`),
    readText(`${found.device}/model`),
    readText(`${found.device}/rev`),
    scsiAddress(found.device),
  ]);
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
 * @throws {TransportError} When reading sysfs is not permitted (`--allow-read=/sys`).
 * @example
 * ```ts ignore
 * import { listLinuxDrives } from "./list_linux_drives.ts";
 * for (const d of await listLinuxDrives()) console.log(d.path, d.vendor, d.model);
 * ```
 */
export async function listLinuxDrives(roots: LinuxDriveRoots = {}): Promise<OsDrive[]> {
  const sys = roots.sysfsRoot ?? "/sys";
  const dev = roots.devRoot ?? "/dev";
  try {
    const bySr = new Map<string, Found>();
    const sgOnly: Found[] = [];
    for (const sr of await names(`${sys}/class/block`, "sr")) {
      const device = `${sys}/class/block/${sr}/device`;
      if (!OPTICAL_TYPES.has((await readText(`${device}/type`)) ?? "5")) continue;
      const [sg] = await names(`${device}/scsi_generic`, "sg");
      bySr.set(sr, sg ? { sr, sg, device } : { sr, device });
    }
    for (const sg of await names(`${sys}/class/scsi_generic`, "sg")) {
      const device = `${sys}/class/scsi_generic/${sg}/device`;
      if (!OPTICAL_TYPES.has((await readText(`${device}/type`)) ?? "")) continue;
      const [sr] = await names(`${device}/block`, "sr");
      if (sr && bySr.has(sr)) bySr.set(sr, { ...bySr.get(sr)!, sg });
      else if (sr) bySr.set(sr, { sr, sg, device });
      else sgOnly.push({ sg, device });
    }
    const ordered = [...bySr.values()].sort((a, b) => unitNumber(a.sr!) - unitNumber(b.sr!));
    return await Promise.all([...ordered, ...sgOnly].map((f) => describe(f, dev)));
  } catch (cause) {
    if (cause instanceof Deno.errors.NotCapable || cause instanceof Deno.errors.PermissionDenied) {
      throw new TransportError(
        `Cannot list drives: reading ${sys} is not permitted; run with --allow-read=${sys}`,
        { kind: "os", cause },
      );
    }
    throw cause;
  }
}
