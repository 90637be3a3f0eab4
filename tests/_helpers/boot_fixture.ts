/**
 * A bootable source tree made from Debian's boot loaders: isolinux (BIOS) whose
 * configuration proves it read the disc, and a GRUB EFI image (grub-mkstandalone) in a FAT
 * image that prints a marker on the serial console.
 */

import { join } from "node:path";
import { runTool } from "./run_tool.ts";

/** Markers the fixture's boot loaders print on the serial console. */
export const BIOS_MARKER = "Loading kiln-bios-marker";
/** See {@linkcode BIOS_MARKER}. */
export const EFI_MARKER = "KILN-EFI-BOOT-OK";

async function must(tool: string, args: string[], pkg: string): Promise<void> {
  let r;
  try {
    r = await runTool(tool, args);
  } catch (cause) {
    throw new Error(`${tool} is missing: apt-get install ${pkg}`, { cause });
  }
  if (r.code !== 0) throw new Error(`${tool} ${args.join(" ")} failed:\n${r.stderr}`);
}

/**
 * Make the tree: /isolinux/{isolinux.bin,ldlinux.c32,isolinux.cfg}, /boot/efiboot.img.
 *
 * @returns The folder.
 */
export async function makeBootTree(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "kiln-boot-" });
  await Deno.mkdir(join(root, "isolinux"));
  await Deno.mkdir(join(root, "boot"));
  try {
    await Deno.copyFile("/usr/lib/ISOLINUX/isolinux.bin", join(root, "isolinux/isolinux.bin"));
    await Deno.copyFile(
      "/usr/lib/syslinux/modules/bios/ldlinux.c32",
      join(root, "isolinux/ldlinux.c32"),
    );
  } catch (cause) {
    throw new Error("isolinux is missing: apt-get install isolinux syslinux-common", { cause });
  }
  // isolinux reads this file through the ISO 9660 tree; the DEFAULT label it then tries to
  // load is the marker ("Loading kiln-bios-marker... failed").
  await Deno.writeTextFile(
    join(root, "isolinux/isolinux.cfg"),
    "SERIAL 0 115200\nPROMPT 0\nTIMEOUT 600\nDEFAULT kiln-bios-marker\n",
  );
  const work = await Deno.makeTempDir({ prefix: "kiln-efi-" });
  try {
    await Deno.writeTextFile(
      join(work, "grub.cfg"),
      `serial --unit=0 --speed=115200\nterminal_output serial console\necho ${EFI_MARKER}\nsleep 600\n`,
    );
    await must("grub-mkstandalone", [
      "-O",
      "x86_64-efi",
      "-o",
      join(work, "BOOTX64.EFI"),
      `boot/grub/grub.cfg=${join(work, "grub.cfg")}`,
    ], "grub-efi-amd64-bin grub-common");
    const img = join(root, "boot/efiboot.img");
    await must("mkfs.vfat", ["-C", img, "12000"], "dosfstools");
    await must("mmd", ["-i", img, "::/EFI", "::/EFI/BOOT"], "mtools");
    await must("mcopy", ["-i", img, join(work, "BOOTX64.EFI"), "::/EFI/BOOT/"], "mtools");
  } finally {
    await Deno.remove(work, { recursive: true });
  }
  return root;
}
