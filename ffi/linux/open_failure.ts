/**
 * Why a drive node could not be opened, in words a user can act on: which group to join,
 * who holds a busy drive, what a missing medium or device means. The message is built from
 * facts ({@linkcode OpenFailureFacts}) so it can be tested without a drive;
 * {@linkcode gatherOpenFailureFacts} collects them (through libc, like sysfs: see
 * `fs_reader.ts`).
 *
 * @module
 */

import { TransportError } from "../../src/mmc/transport.ts";
import { Errno, errnoMessage, errnoName } from "./errno.ts";
import { defaultFsReader, type FsReader } from "./fs_reader.ts";

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

function groupName(groups: string, gid: number): string | undefined {
  for (const line of groups.split("\n")) {
    const [name, , id] = line.split(":");
    if (name && id !== undefined && id !== "" && Number(id) === gid) return name;
  }
  return undefined;
}

/** Octal escapes in /proc/mounts fields ("\\040" for a space). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

async function holdersOf(fs: FsReader, path: string): Promise<string[]> {
  const holders: string[] = [];
  const link = await fs.readLink(path);
  const real = link === undefined
    ? path
    : link.startsWith("/")
    ? link
    : `${path.slice(0, path.lastIndexOf("/"))}/${link}`;
  for (const line of ((await fs.readText("/proc/mounts")) ?? "").split("\n")) {
    const [dev, at, type] = line.split(" ").map(unescapeMountField);
    if (dev && (dev === path || dev === real)) holders.push(`mounted on ${at} (${type})`);
  }
  for (const pid of ((await fs.readDir("/proc")) ?? []).filter((n) => /^\d+$/.test(n))) {
    if (holders.length >= 4) break;
    for (const fd of (await fs.readDir(`/proc/${pid}/fd`).catch(() => undefined)) ?? []) {
      const target = await fs.readLink(`/proc/${pid}/fd/${fd}`).catch(() => undefined);
      if (target === real || target === path) {
        const comm = ((await fs.readText(`/proc/${pid}/comm`).catch(() => "")) ?? "").trim();
        holders.push(`process ${pid} (${comm})`);
        break;
      }
    }
  }
  return holders;
}

/**
 * Collect what helps explain a failed open: the node's group for EACCES/EPERM, the holders
 * (mounts, processes) for EBUSY. Never throws: a fact that cannot be read is left out.
 *
 * @param path The node.
 * @param errno errno from the open.
 * @param reader How to read /proc, /etc/group and the node (default: libc when FFI is
 *   permitted, since Deno asks `--allow-all` for /proc and /dev).
 * @returns The facts found.
 */
export async function gatherOpenFailureFacts(
  path: string,
  errno: number,
  reader?: FsReader,
): Promise<OpenFailureFacts> {
  const fs = reader ?? defaultFsReader();
  try {
    if (errno === Errno.EACCES || errno === Errno.EPERM) {
      const gid = await fs.groupOf(path);
      if (gid === undefined) return {};
      const name = groupName((await fs.readText("/etc/group").catch(() => "")) ?? "", gid);
      return { group: name === undefined ? { gid } : { gid, name } };
    }
    if (errno === Errno.EBUSY) return { holders: await holdersOf(fs, path) };
    return {};
  } catch {
    return {};
  } finally {
    if (!reader) fs.close();
  }
}
