/**
 * The guest's kernel: Debian's cloud kernel, resolved through the `linux-image-cloud-amd64`
 * meta-package (the ABI package name rotates), fetched with `apt-get download`, unpacked
 * with `dpkg-deb -x` (never installed) and given a `modules.dep` by `depmod -b`
 * (qemu-testbed.md 1, 9.1–9.3). Cached outside the repository, keyed by package and version.
 */

import { join } from "node:path";

/** An unpacked kernel. */
export interface GuestKernel {
  /** Package name and version, e.g. "linux-image-6.1.0-57-cloud-amd64 6.1.158-1". */
  readonly id: string;
  /** The bzImage. */
  readonly vmlinuz: string;
  /** `lib/modules/<release>` of the unpacked package. */
  readonly modulesDir: string;
  /** The kernel release ("6.1.0-57-cloud-amd64"). */
  readonly release: string;
}

/** Where kiln's guest test keeps what it builds: $KILN_GUEST_CACHE or ~/.cache/kiln/guest. */
export function guestCacheDir(): string {
  const explicit = Deno.env.get("KILN_GUEST_CACHE");
  if (explicit) return explicit;
  const base = Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? "/tmp", ".cache");
  return join(base, "kiln", "guest");
}

const TOOL_PACKAGES: Record<string, string> = {
  "apt-cache": "apt",
  "apt-get": "apt",
  "dpkg-deb": "dpkg",
  depmod: "kmod",
};

/**
 * Run a command; a missing tool is an error naming its Debian package.
 *
 * @param cmd Program.
 * @param args Arguments.
 * @param cwd Working directory.
 * @returns Its standard output.
 */
export async function run(cmd: string, args: string[], cwd?: string): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(cmd, {
      args,
      stdout: "piped",
      stderr: "piped",
      stdin: "null",
      ...(cwd ? { cwd } : {}),
      env: { LC_ALL: "C" },
    }).output();
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) {
      throw new Error(`${cmd} is not installed: apt-get install ${TOOL_PACKAGES[cmd] ?? cmd}`, {
        cause,
      });
    }
    throw cause;
  }
  const text = new TextDecoder().decode(out.stdout);
  if (out.code !== 0) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed (exit ${out.code}): ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return text;
}

async function resolveOnce(): Promise<{ name: string; version: string }> {
  const deps = await run("apt-cache", ["depends", "linux-image-cloud-amd64"]);
  const name = /Depends:\s*(linux-image-[0-9][^\s]*-cloud-amd64)/.exec(deps)?.[1];
  if (!name) throw new Error(`linux-image-cloud-amd64 names no kernel package:\n${deps}`);
  const policy = await run("apt-cache", ["policy", name]);
  const version = /Candidate:\s*(\S+)/.exec(policy)?.[1];
  if (!version || version === "(none)") throw new Error(`No candidate version of ${name}`);
  return { name, version };
}

async function resolveKernelPackage(): Promise<{ name: string; version: string }> {
  try {
    return await resolveOnce();
  } catch (first) {
    // A machine whose package lists were never fetched knows no packages yet.
    if (Deno.uid() !== 0) throw first;
    await run("apt-get", ["update", "-qq"]);
    return await resolveOnce();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fetch and unpack the cloud kernel (once per package version).
 *
 * @returns The kernel.
 */
export async function fetchGuestKernel(): Promise<GuestKernel> {
  const { name, version } = await resolveKernelPackage();
  const dir = join(guestCacheDir(), "kernel", `${name}_${version.replaceAll(":", "%")}`);
  const root = join(dir, "root");
  if (!(await exists(join(dir, "ready")))) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    const tmp = `${dir}.tmp-${Deno.pid}`;
    await Deno.mkdir(tmp, { recursive: true });
    await run("apt-get", ["download", "-qq", `${name}=${version}`], tmp);
    const deb = [...Deno.readDirSync(tmp)].find((e) => e.name.endsWith(".deb"));
    if (!deb) throw new Error(`apt-get download ${name}=${version} left no .deb in ${tmp}`);
    await run("dpkg-deb", ["-x", join(tmp, deb.name), join(tmp, "root")]);
    await Deno.remove(join(tmp, deb.name));
    const release = [...Deno.readDirSync(join(tmp, "root/lib/modules"))][0]!.name;
    await run("depmod", ["-b", join(tmp, "root"), release]);
    await Deno.rename(tmp, dir);
    await Deno.writeTextFile(join(dir, "ready"), `${name} ${version}\n`);
  }
  const release = [...Deno.readDirSync(join(root, "lib/modules"))][0]!.name;
  return {
    id: `${name} ${version}`,
    vmlinuz: join(root, "boot", `vmlinuz-${release}`),
    modulesDir: join(root, "lib/modules", release),
    release,
  };
}
