/**
 * kiln's OS drive backends: open a CD/DVD/BD drive of this machine as a
 * {@linkcode Transport} and list the drives the OS shows. Linux uses SG_IO on `/dev/srN` or
 * `/dev/sgN`; Windows uses `IOCTL_SCSI_PASS_THROUGH_DIRECT` (not yet run on Windows).
 * Needs `--allow-ffi` only (Linux sysfs and /proc are read through libc too, because Deno
 * asks `--allow-all` for /sys, /proc and /dev). Nothing is loaded
 * until a drive is opened or listed.
 *
 * @example List and open
 * ```ts ignore
 * import { listOsDrives, openOsTransport } from "./mod.ts";
 * const [first] = await listOsDrives();
 * if (first) {
 *   const drive = await openOsTransport(first.path);
 *   await drive.close();
 * }
 * ```
 *
 * @module
 */

export {
  listOsDrives,
  type ListOsDrivesOptions,
  openOsTransport,
  type OsDrive,
  type OsTransportOptions,
  windowsDevicePath,
} from "./open_transport.ts";
export type { CallThread } from "./native_calls.ts";
export {
  type DataDirection,
  type ScsiRequest,
  type ScsiResult,
  ScsiStatus,
  type Transport,
  TransportError,
  type TransportErrorKind,
  type TransportErrorOptions,
} from "../src/mmc/transport.ts";
