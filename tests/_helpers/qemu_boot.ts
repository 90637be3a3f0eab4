/**
 * Boot an image under QEMU (TCG, no KVM needed) and wait for a marker on the first serial
 * port: SeaBIOS for BIOS boots, OVMF for UEFI boots; from the CD drive or as a disk.
 */

import { join } from "node:path";

/** How to boot. */
export interface BootRun {
  /** Image path. */
  image: string;
  /** Firmware. */
  firmware: "bios" | "efi";
  /** Attach as a CD ("cdrom") or as a hard disk ("disk"). */
  media: "cdrom" | "disk";
  /** Text that proves the boot worked. */
  marker: string;
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
}

const OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";
const OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";

/**
 * Boot and wait for the marker; QEMU is always stopped afterwards.
 *
 * @param run What to boot.
 * @returns The serial log up to the marker.
 */
export async function bootUntil(run: BootRun): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "kiln-qemu-" });
  const log = join(dir, "serial.log");
  const args = [
    "-m",
    "512",
    "-display",
    "none",
    "-no-reboot",
    "-serial",
    `file:${log}`,
    "-monitor",
    "none",
  ];
  if (run.firmware === "efi") {
    await Deno.copyFile(OVMF_VARS, join(dir, "vars.fd")).catch((cause) => {
      throw new Error(`OVMF is missing: apt-get install ovmf (${OVMF_VARS})`, { cause });
    });
    args.push(
      "-drive",
      `if=pflash,format=raw,readonly=on,file=${OVMF_CODE}`,
      "-drive",
      `if=pflash,format=raw,file=${join(dir, "vars.fd")}`,
    );
  }
  if (run.media === "cdrom") {
    args.push("-drive", `file=${run.image},media=cdrom,readonly=on,if=ide,index=2`, "-boot", "d");
  } else {args.push(
      "-drive",
      `file=${run.image},format=raw,if=ide,index=0,snapshot=on`,
      "-boot",
      "c",
    );}
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
  const deadline = Date.now() + (run.timeoutMs ?? 120_000);
  let text = "";
  try {
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      text = await Deno.readTextFile(log).catch(() => "");
      if (text.includes(run.marker)) return text;
    }
    throw new Error(
      `No ${JSON.stringify(run.marker)} on the serial console after ${
        (run.timeoutMs ?? 120_000) / 1000
      } s (${run.firmware}, ${run.media}):\n${text.slice(-2000)}`,
    );
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.output();
    await Deno.remove(dir, { recursive: true });
  }
}
