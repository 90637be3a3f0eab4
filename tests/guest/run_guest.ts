/**
 * Boot the test guest under QEMU (TCG, `-machine pc`, no KVM needed) with kiln's sources,
 * a job script and the given drives, and collect what the job wrote to the second serial
 * port (qemu-testbed.md 4, 7, 9). Set KILN_GUEST_RESULTS_DIR to keep each boot's serial output.
 */

import { dirname, join } from "node:path";
import { buildGuestBase, type GuestBase, packCpio } from "./guest_initramfs.ts";

/** One boot. */
export interface GuestRun {
  /** Shell lines of the job (run by busybox sh in /kiln, output to ttyS1). */
  readonly job: readonly string[];
  /** Files to put under /kiln, by path relative to it (text, or bytes such as a disc image). */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  /** QEMU arguments that attach the drives. */
  readonly drives: readonly string[];
  /** Give up after this long (default 300 s). */
  readonly timeoutMs?: number;
}

/** What came back. */
export interface GuestOutcome {
  /** The job's output (ttyS1), carriage returns removed. */
  readonly results: string;
  /** The console (ttyS0). */
  readonly console: string;
  /** Milliseconds from QEMU start to exit. */
  readonly wallMs: number;
  /** The job's exit status, from the "KILN-GUEST-DONE rc=N" line (undefined if missing). */
  readonly rc: number | undefined;
}

const REPO = new URL("../..", import.meta.url).pathname;

/** The kiln sources the guest gets: src/, ffi/, wasm/ (sources only) and tests/guest/. */
const SOURCES = [
  "src",
  "ffi",
  "wasm/core.ts",
  "wasm/base64.ts",
  "wasm/reference.ts",
  "wasm/gen",
  "tests/guest",
];

let base: Promise<GuestBase> | undefined;

/** The cached base, built once per process. */
export function guestBase(): Promise<GuestBase> {
  base ??= buildGuestBase();
  return base;
}

/**
 * `insmod` lines for the modules and their dependencies, dependencies first.
 *
 * @param g The base.
 * @param wanted Top-level modules wanted.
 * @returns Shell lines.
 */
export function insmodLines(g: GuestBase, wanted: readonly string[]): string[] {
  const needed = new Set<string>();
  const add = (m: string) => {
    if (needed.has(m)) return;
    needed.add(m);
    for (const d of g.moduleDeps[m] ?? []) add(d);
  };
  wanted.forEach(add);
  return g.moduleOrder.filter((m) => needed.has(m)).map((m) => `insmod /modules/${m}.ko`);
}

/**
 * Boot once.
 *
 * @param spec Job, files and drives.
 * @returns The job's output and timings.
 */
export async function runGuest(spec: GuestRun): Promise<GuestOutcome> {
  const g = await guestBase();
  const work = await Deno.makeTempDir({ prefix: "kiln-guest-run-" });
  try {
    const overlay = join(work, "overlay");
    await Deno.mkdir(join(overlay, "kiln/tests"), { recursive: true });
    await Deno.mkdir(join(overlay, "kiln/wasm"), { recursive: true });
    for (const rel of SOURCES) {
      const cp = new Deno.Command("cp", {
        args: ["-r", join(REPO, rel), join(overlay, "kiln", rel)],
      });
      const out = await cp.output();
      if (out.code !== 0) throw new Error(`Cannot copy ${rel} into the guest`);
    }
    await Deno.writeTextFile(join(overlay, "kiln/job.sh"), spec.job.join("\n") + "\n");
    for (const [rel, content] of Object.entries(spec.files ?? {})) {
      const path = join(overlay, "kiln", rel);
      await Deno.mkdir(dirname(path), { recursive: true });
      if (typeof content === "string") await Deno.writeTextFile(path, content);
      else await Deno.writeFile(path, content);
    }
    const overlayCpio = join(work, "overlay.cpio");
    await packCpio(overlay, overlayCpio, false);
    const initrd = join(work, "initrd");
    {
      const f = await Deno.open(initrd, { write: true, create: true });
      for (const part of [overlayCpio, g.initrd]) {
        const src = await Deno.open(part);
        await src.readable.pipeTo(f.writable, { preventClose: true });
      }
      f.close();
    }
    const consoleLog = join(work, "console.txt");
    const resultsLog = join(work, "results.txt");
    const args = [
      "-machine",
      "pc,accel=tcg",
      "-cpu",
      "max",
      "-m",
      "1024",
      "-smp",
      "2",
      "-nodefaults",
      "-display",
      "none",
      "-monitor",
      "none",
      "-no-reboot",
      "-serial",
      `file:${consoleLog}`,
      "-serial",
      `file:${resultsLog}`,
      "-kernel",
      g.kernel.vmlinuz,
      "-initrd",
      initrd,
      "-append",
      "console=ttyS0 quiet panic=-1",
      ...spec.drives,
    ];
    const started = performance.now();
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command("qemu-system-x86_64", {
        args,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    } catch (cause) {
      throw new Error("qemu-system-x86_64 is missing: apt-get install qemu-system-x86", { cause });
    }
    const timeoutMs = spec.timeoutMs ?? 300_000;
    const timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
    }, timeoutMs);
    const status = await child.output();
    clearTimeout(timer);
    const wallMs = performance.now() - started;
    const read = async (p: string) =>
      (await Deno.readTextFile(p).catch(() => "")).replaceAll("\r", "");
    const results = await read(resultsLog);
    const consoleText = await read(consoleLog);
    if (status.code !== 0 || status.signal) {
      const stderr = new TextDecoder().decode(status.stderr);
      // QEMU's iSCSI block driver is a loadable module in its own Debian package.
      const hint = /Unknown protocol 'iscsi'/.test(stderr)
        ? "QEMU has no iSCSI block driver: apt-get install qemu-block-extra\n"
        : "";
      throw new Error(
        `${hint}QEMU ended with ${status.signal ?? `exit ${status.code}`} after ${
          Math.round(wallMs)
        } ms ` +
          `(timeout ${timeoutMs} ms): ${stderr}\n` +
          `console:\n${consoleText.slice(-3000)}\nresults:\n${results.slice(-3000)}`,
      );
    }
    const keep = Deno.env.get("KILN_GUEST_RESULTS_DIR");
    if (keep) {
      await Deno.mkdir(keep, { recursive: true });
      const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
      await Deno.writeTextFile(join(keep, `results-${stamp}.txt`), results);
      await Deno.writeTextFile(join(keep, `console-${stamp}.txt`), consoleText);
    }
    const rc = /KILN-GUEST-DONE rc=(\d+)/.exec(results)?.[1];
    return { results, console: consoleText, wallMs, rc: rc === undefined ? undefined : Number(rc) };
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}
