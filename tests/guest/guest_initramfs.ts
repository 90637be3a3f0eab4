/**
 * The guest's initramfs, in two parts (qemu-testbed.md 3):
 *
 * - the base (cached outside the repository, keyed by its inputs): busybox-static, the
 *   kernel modules with their dependencies, the Deno binary running these tests
 *   (`Deno.execPath()`) and the libraries it links, and `/init`; lz4 (legacy format, which
 *   the kernel unpacks);
 * - the overlay (built per run, uncompressed, placed first): kiln's sources and the job.
 *
 * The kernel unpacks concatenated cpio archives in order, so one `-initrd` file holds both.
 */

import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fetchGuestKernel, guestCacheDir, type GuestKernel, run } from "./guest_kernel.ts";

/** Modules the guest may load; dependencies are added from modules.dep. */
export const GUEST_MODULES = [
  "sg",
  "sr_mod",
  "virtio_pci",
  "virtio_scsi",
  "ata_piix",
  "scsi_debug",
  "isofs",
];

/** A built base. */
export interface GuestBase {
  /** The kernel. */
  readonly kernel: GuestKernel;
  /** The base initramfs (lz4 cpio). */
  readonly initrd: string;
  /** Module names in a valid load order (dependencies first). */
  readonly moduleOrder: readonly string[];
  /** Each module's dependencies, by name. */
  readonly moduleDeps: Readonly<Record<string, readonly string[]>>;
}

function dependencies(modulesDep: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of modulesDep.split("\n")) {
    const [mod, rest] = line.split(":");
    if (mod && rest !== undefined) {
      out[moduleName(mod)] = rest.trim().split(/\s+/).filter(Boolean).map(moduleName);
    }
  }
  return out;
}

function moduleName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1).replace(/\.ko(\.xz|\.zst)?$/, "");
}

/**
 * Module files in load order for the wanted modules, from modules.dep (a module's listed
 * dependencies are loaded before it, the last-listed first).
 *
 * @param modulesDep The text of modules.dep.
 * @param wanted Module names.
 * @returns Relative module paths, dependencies first.
 */
export function moduleLoadOrder(modulesDep: string, wanted: readonly string[]): string[] {
  const deps = new Map<string, string[]>();
  for (const line of modulesDep.split("\n")) {
    const [mod, rest] = line.split(":");
    if (mod && rest !== undefined) deps.set(mod, rest.trim().split(/\s+/).filter(Boolean));
  }
  const byName = new Map([...deps.keys()].map((p) => [moduleName(p), p]));
  const order: string[] = [];
  const visit = (path: string) => {
    if (order.includes(path)) return;
    for (const d of [...(deps.get(path) ?? [])].reverse()) visit(d);
    order.push(path);
  };
  for (const name of wanted) {
    const path = byName.get(name);
    if (!path) throw new Error(`The guest kernel has no module ${name}`);
    visit(path);
  }
  return order;
}

async function sharedLibraries(binary: string): Promise<string[]> {
  const out = await run("ldd", [binary]);
  const libs: string[] = [];
  for (const line of out.split("\n")) {
    const m = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (m) libs.push(m[1]!);
  }
  return libs;
}

async function copyInto(root: string, from: string, to: string, mode = 0o755): Promise<void> {
  const dest = join(root, to);
  await Deno.mkdir(dirname(dest), { recursive: true });
  await Deno.copyFile(from, dest);
  await Deno.chmod(dest, mode);
}

/**
 * Pack a folder as a newc cpio archive, optionally lz4-compressed.
 *
 * @param root The folder (becomes /).
 * @param out The archive.
 * @param lz4 Compress with `lz4 -l` (the legacy format the kernel reads).
 */
export async function packCpio(root: string, out: string, lz4: boolean): Promise<void> {
  const pipeline = `set -o pipefail; cd "$1" && find . -print0 | LC_ALL=C sort -z | ` +
    `cpio --null -o -H newc --quiet --owner=0:0 ${lz4 ? "| lz4 -l -9 -q" : ""} > "$2"`;
  await run("bash", ["-c", pipeline, "pack", root, out]);
}

async function baseKey(kernel: GuestKernel, init: string): Promise<string> {
  const deno = Deno.execPath();
  const st = await Deno.stat(deno);
  const busybox = await run("dpkg-query", ["-W", "-f", "${Version}", "busybox-static"]).catch(() =>
    ""
  );
  const builder = await Deno.readTextFile(new URL(import.meta.url));
  return createHash("sha256").update(JSON.stringify({
    kernel: kernel.id,
    deno: [deno, st.size, st.mtime?.getTime(), Deno.version.deno],
    busybox,
    init,
    builder,
    modules: GUEST_MODULES,
  })).digest("hex").slice(0, 16);
}

/**
 * Build (or reuse) the cached base initramfs.
 *
 * @returns Kernel, initramfs and module order.
 */
export async function buildGuestBase(): Promise<GuestBase> {
  const kernel = await fetchGuestKernel();
  const init = await Deno.readTextFile(new URL("./guest_init.sh", import.meta.url));
  const dep = await Deno.readTextFile(join(kernel.modulesDir, "modules.dep"));
  const order = moduleLoadOrder(dep, GUEST_MODULES);
  const moduleOrder = order.map(moduleName);
  const moduleDeps = dependencies(dep);
  const key = await baseKey(kernel, init);
  const dir = join(guestCacheDir(), "initramfs");
  const initrd = join(dir, `base-${key}.cpio.lz4`);
  try {
    await Deno.stat(initrd);
    return { kernel, initrd, moduleOrder, moduleDeps };
  } catch { /* build it */ }
  await Deno.mkdir(dir, { recursive: true });
  const root = await Deno.makeTempDir({ prefix: "kiln-guest-root-" });
  try {
    const busybox = "/bin/busybox";
    try {
      await Deno.stat(busybox);
    } catch (cause) {
      throw new Error("busybox is not installed: apt-get install busybox-static", { cause });
    }
    await copyInto(root, busybox, "bin/busybox");
    await Deno.writeTextFile(join(root, "init"), init, { mode: 0o755 });
    const deno = Deno.execPath();
    await copyInto(root, deno, "bin/deno");
    for (const lib of await sharedLibraries(deno)) await copyInto(root, lib, lib.slice(1));
    for (const rel of order) {
      await copyInto(root, join(kernel.modulesDir, rel), `modules/${moduleName(rel)}.ko`, 0o644);
    }
    await Deno.mkdir(join(root, "etc"));
    await Deno.writeTextFile(join(root, "etc/group"), "root:x:0:\ncdrom:x:24:\n");
    await Deno.writeTextFile(join(root, "etc/passwd"), "root:x:0:0:root:/tmp:/bin/sh\n");
    const tmp = `${initrd}.tmp-${Deno.pid}`;
    await packCpio(root, tmp, true);
    await Deno.rename(tmp, initrd);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
  return { kernel, initrd, moduleOrder, moduleDeps };
}
