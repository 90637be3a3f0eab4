/**
 * Why a drive node could not be opened, in words a user can act on: which group to join,
 * who holds a busy drive, what a missing medium or device means. The message is built from
 * facts ({@linkcode OpenFailureFacts}) so it can be tested without a drive;
 * {@linkcode gatherOpenFailureFacts} collects them, reading only what the process is
 * already allowed to read (it never prompts for a permission).
 *
 * @module
 */

import { TransportError } from "../../mmc/transport.ts";
import { Errno, errnoMessage, errnoName } from "./errno.ts";

/** What is known about a node that failed to open. */
export interface OpenFailureFacts {
  /** The group owning the node: its id, and its name from /etc/group when found. */
  readonly group?: { readonly gid: number; readonly name?: string };
  /** Who holds the drive: "mounted on /media/cdrom (iso9660)", "process 812 (wodim)". */
  readonly holders?: readonly string[];
}

/** How the node was opened. */
export type OpenAccess = "read-write" | "read-only";

/**
 * The error for a failed `open()` of a drive node.
 *
 * @param path The node.
 * @param errno errno from the call.
 * @param facts Group and holders, when known.
 * @param access How it was opened.
 * @returns A {@linkcode TransportError} of kind `os` with errno and its name.
 * @example
 * ```ts
 * import { describeOpenFailure } from "./open_failure.ts";
 * const e = describeOpenFailure("/dev/sr0", 13, { group: { gid: 24, name: "cdrom" } }, "read-write");
 * if (!e.message.includes('group "cdrom"') || e.osName !== "EACCES") throw new Error(e.message);
 * ```
 */
export function describeOpenFailure(
  path: string,
  errno: number,
  facts: OpenFailureFacts,
  access: OpenAccess,
): TransportError {
  const name = errnoName(errno);
  const base = `Cannot open ${path}${access === "read-write" ? " read-write" : ""}`;
  let message: string;
  switch (errno) {
    case Errno.EACCES:
    case Errno.EPERM: {
      const group = facts.group;
      const need = access === "read-write" ? "read and write access" : "read access";
      message = group?.name
        ? `${base}: permission denied (${name}); the drive belongs to group "${group.name}": ` +
          `join it ("sudo usermod -aG ${group.name} $USER", then log in again) or run as root`
        : group
        ? `${base}: permission denied (${name}); the drive belongs to group id ${group.gid}: ` +
          `join that group or run as root`
        : `${base}: permission denied (${name}); kiln needs ${need} to the node: join the ` +
          `group that owns it (often "cdrom") or run as root`;
      break;
    }
    case Errno.EBUSY: {
      const holders = facts.holders ?? [];
      message = holders.length > 0
        ? `${base}: the drive is in use (${holders.join("; ")}); unmount it or close that ` +
          `program, then try again`
        : `${base}: the drive is in use by another program (a mount, a burner or a desktop ` +
          `media service holds it exclusively); close it, then try again`;
      break;
    }
    case Errno.ENOMEDIUM:
      message = `${base}: no medium in the drive (ENOMEDIUM); insert a disc and close the tray`;
      break;
    case Errno.ENODEV:
    case Errno.ENXIO:
      message = `${base}: no drive answers behind this node (${name}): it was unplugged, ` +
        `its driver is not loaded, or the node is stale`;
      break;
    case Errno.ENOENT:
      message = `${base}: no such device node; "kiln drives" lists the drives there are`;
      break;
    case Errno.EROFS:
      message = `${base}: the kernel refused a write open of read-only media (EROFS); kiln ` +
        `opens drives with O_NONBLOCK, which skips that check, so this node is not a ` +
        `cdrom-layer drive or the device is write-protected`;
      break;
    default:
      message = `${base}: ${errnoMessage(errno)} (${name})`;
  }
  return new TransportError(message, { kind: "os", device: path, osCode: errno, osName: name });
}

function canRead(path: string): boolean {
  try {
    return Deno.permissions.querySync({ name: "read", path }).state === "granted";
  } catch {
    return false;
  }
}

function groupName(gid: number): string | undefined {
  if (!canRead("/etc/group")) return undefined;
  try {
    for (const line of Deno.readTextFileSync("/etc/group").split("\n")) {
      const [name, , id] = line.split(":");
      if (name && id !== undefined && Number(id) === gid) return name;
    }
  } catch { /* no /etc/group */ }
  return undefined;
}

/** Octal escapes in /proc/mounts fields ("\040" for a space). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

async function holdersOf(path: string): Promise<string[]> {
  const holders: string[] = [];
  let real = path;
  if (canRead(path)) {
    try {
      real = await Deno.realPath(path);
    } catch { /* keep the given path */ }
  }
  if (canRead("/proc/mounts")) {
    try {
      for (const line of (await Deno.readTextFile("/proc/mounts")).split("\n")) {
        const [dev, at, type] = line.split(" ").map(unescapeMountField);
        if (dev === path || dev === real) holders.push(`mounted on ${at} (${type})`);
      }
    } catch { /* no procfs */ }
  }
  if (canRead("/proc")) {
    try {
      for await (const proc of Deno.readDir("/proc")) {
        if (!/^\d+$/.test(proc.name) || holders.length >= 4) continue;
        try {
          for await (const fd of Deno.readDir(`/proc/${proc.name}/fd`)) {
            const target = await Deno.readLink(`/proc/${proc.name}/fd/${fd.name}`);
            if (target === real || target === path) {
              const comm = (await Deno.readTextFile(`/proc/${proc.name}/comm`)).trim();
              holders.push(`process ${proc.name} (${comm})`);
              break;
            }
          }
        } catch { /* gone, or not ours to read */ }
      }
    } catch { /* no procfs */ }
  }
  return holders;
}

/**
 * Collect what helps explain a failed open: the node's group for EACCES/EPERM, the holders
 * for EBUSY. Reads only paths the process may already read; never throws.
 *
 * @param path The node.
 * @param errno errno from the open.
 * @returns The facts found.
 */
export async function gatherOpenFailureFacts(
  path: string,
  errno: number,
): Promise<OpenFailureFacts> {
  if (errno === Errno.EACCES || errno === Errno.EPERM) {
    if (!canRead(path)) return {};
    try {
      const gid = (await Deno.stat(path)).gid;
      if (gid === null) return {};
      const name = groupName(gid);
      return { group: name === undefined ? { gid } : { gid, name } };
    } catch {
      return {};
    }
  }
  if (errno === Errno.EBUSY) return { holders: await holdersOf(path) };
  return {};
}
