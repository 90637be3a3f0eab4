/**
 * Open an OS drive and list OS drives, choosing the backend from `Deno.build.os`: SG_IO on
 * Linux, SCSI_PASS_THROUGH_DIRECT on Windows. The backends are loaded with string-literal
 * dynamic imports, so importing this module loads no FFI code and `deno compile` still
 * bundles both.
 *
 * Virtual drive specs ("virtual:PATH?media=…") belong to the recorder layer, not here.
 *
 * @module
 */

import { InvalidInputError } from "../src/model/errors.ts";
import type { Transport } from "../src/mmc/transport.ts";
import type { CallThread } from "./native_calls.ts";
import type { OsDrive } from "./os_drive.ts";

export type { OsDrive } from "./os_drive.ts";

/** Options of {@linkcode openOsTransport}. */
export interface OsTransportOptions {
  /** Claim the drive exclusively (default true; burning needs it). */
  readonly exclusive?: boolean;
  /** Linux: `"read-write"` (default) or `"read-only"`. */
  readonly access?: "read-write" | "read-only";
  /** Where blocking calls run: `"worker"` (default) or `"inline"`. */
  readonly thread?: CallThread;
  /** Linux: EBUSY open retries (default 3) and the pause between them (default 2000 ms). */
  readonly busyRetries?: number;
  /** See {@linkcode OsTransportOptions.busyRetries}. */
  readonly busyRetryDelayMs?: number;
}

/** Options of {@linkcode listOsDrives}. */
export interface ListOsDrivesOptions {
  /** Linux: the sysfs root (default "/sys"). */
  readonly sysfsRoot?: string;
  /** Linux: the device node root (default "/dev"). */
  readonly devRoot?: string;
  /** The OS to list for (default `Deno.build.os`). */
  readonly os?: typeof Deno.build.os;
}

/**
 * The Windows device path for a drive spec: "E:", "e:\\", "\\\\.\\E:", "CdRom0" or
 * "\\\\.\\CdRom0".
 *
 * @param spec The spec.
 * @returns `\\.\E:` or `\\.\CdRom0`.
 * @throws {InvalidInputError} For anything else.
 * @example
 * ```ts
 * import { windowsDevicePath } from "./open_transport.ts";
 * if (windowsDevicePath("e:") !== "\\\\.\\E:") throw new Error();
 * ```
 */
export function windowsDevicePath(spec: string): string {
  const letter = /^(?:\\\\\.\\)?([A-Za-z]):\\?$/.exec(spec);
  if (letter) return `\\\\.\\${letter[1]!.toUpperCase()}:`;
  const cdrom = /^(?:\\\\\.\\)?cdrom(\d+)$/i.exec(spec);
  if (cdrom) return `\\\\.\\CdRom${cdrom[1]}`;
  throw new InvalidInputError(
    `Cannot open drive ${JSON.stringify(spec)}: on Windows give a drive letter ("E:") or "CdRom0"`,
  );
}

/**
 * Open a drive of this machine.
 *
 * @param spec Linux: a node (`/dev/sr0`, `/dev/sg1`, `/dev/cdrom`); Windows: "E:" or "CdRom0".
 * @param options Exclusivity, access, thread, retries.
 * @returns The transport; close it when done.
 * @throws {InvalidInputError} For a virtual spec or an OS kiln has no backend for.
 * @throws {TransportError} When the OS refuses the drive.
 * @example
 * ```ts ignore
 * import { openOsTransport } from "./open_transport.ts";
 * const t = await openOsTransport("/dev/sr0");
 * await t.close();
 * ```
 */
export async function openOsTransport(
  spec: string,
  options: OsTransportOptions = {},
): Promise<Transport> {
  if (spec.startsWith("virtual:")) {
    throw new InvalidInputError(
      `Cannot open ${JSON.stringify(spec)} as an OS drive: it is a virtual drive spec`,
    );
  }
  switch (Deno.build.os) {
    case "linux": {
      if (!spec.startsWith("/")) {
        throw new InvalidInputError(
          `Cannot open drive ${JSON.stringify(spec)}: on Linux give a device node ("/dev/sr0")`,
        );
      }
      const { openSgIoTransport } = await import("./linux/sg_io_transport.ts");
      return await openSgIoTransport(spec, {
        ...(options.exclusive !== undefined ? { exclusive: options.exclusive } : {}),
        ...(options.access !== undefined ? { access: options.access } : {}),
        ...(options.thread !== undefined ? { thread: options.thread } : {}),
        ...(options.busyRetries !== undefined ? { busyRetries: options.busyRetries } : {}),
        ...(options.busyRetryDelayMs !== undefined
          ? { busyRetryDelayMs: options.busyRetryDelayMs }
          : {}),
      });
    }
    case "windows": {
      const path = windowsDevicePath(spec);
      const { openSptiTransport } = await import("./windows/spti_transport.ts");
      return await openSptiTransport(path, {
        ...(options.exclusive !== undefined ? { exclusive: options.exclusive } : {}),
        ...(options.thread !== undefined ? { thread: options.thread } : {}),
      });
    }
    default:
      throw new InvalidInputError(
        `Cannot open drive ${JSON.stringify(spec)}: kiln has no drive backend for ` +
          `${Deno.build.os} (Linux and Windows only); virtual drives work everywhere`,
      );
  }
}

/**
 * List the optical drives of this machine.
 *
 * @param options Roots (Linux) and the OS to list for.
 * @returns The drives; empty where kiln has no backend or the OS shows none.
 * @example
 * ```ts ignore
 * import { listOsDrives } from "./open_transport.ts";
 * for (const d of await listOsDrives()) console.log(d.path, d.vendor, d.model);
 * ```
 */
export async function listOsDrives(options: ListOsDrivesOptions = {}): Promise<OsDrive[]> {
  switch (options.os ?? Deno.build.os) {
    case "linux": {
      const { listLinuxDrives } = await import("./linux/list_linux_drives.ts");
      return await listLinuxDrives({
        ...(options.sysfsRoot !== undefined ? { sysfsRoot: options.sysfsRoot } : {}),
        ...(options.devRoot !== undefined ? { devRoot: options.devRoot } : {}),
      });
    }
    case "windows": {
      if (Deno.build.os !== "windows") return [];
      const { listWindowsDrives } = await import("./windows/list_windows_drives.ts");
      return await listWindowsDrives();
    }
    default:
      return [];
  }
}
