import { expectError } from "../_helpers/expect_error.ts";
import { join } from "node:path";
import {
  addFromDisk,
  FileTree,
  InvalidInputError,
  masterImage,
  type MasterOptions,
  writeImageFile,
} from "../../src/iso.ts";
import { BIOS_MARKER, EFI_MARKER, makeBootTree } from "../_helpers/boot_fixture.ts";
import { checkImage } from "../_helpers/check_image.ts";
import { bootUntil } from "../_helpers/qemu_boot.ts";
import { runCli } from "../_helpers/run_cli.ts";
import { runTool } from "../_helpers/run_tool.ts";
import { folderTree, sha256 } from "../_helpers/tree.ts";

const ISOHDPFX = "/usr/lib/ISOLINUX/isohdpfx.bin";
const source = await makeBootTree();
const work = await Deno.makeTempDir({ prefix: "kiln-hybrid-" });
const boot: NonNullable<MasterOptions["boot"]> = {
  entries: [{ image: "/isolinux/isolinux.bin", bootInfoTable: true }, {
    image: "/boot/efiboot.img",
    platform: "efi",
  }],
};

async function build(name: string, gpt: boolean): Promise<string> {
  const tree = new FileTree();
  await addFromDisk(tree, source);
  const iso = join(work, name);
  const options = {
    time: new Date(Date.UTC(2026, 0, 1)),
    boot,
    hybrid: { mbr: await Deno.readFile(ISOHDPFX), gpt },
  };
  const image = masterImage(tree, options);
  await writeImageFile(image, iso);
  const expected = await folderTree(source);
  const patched = (await runTool("isoinfo", ["-i", iso, "-x", "/ISOLINUX/ISOLINUX.BIN;1"])).stdout;
  expected.set("/isolinux/isolinux.bin", {
    ...expected.get("/isolinux/isolinux.bin")!,
    sha256: await sha256(patched),
  });
  expected.set("/boot.catalog", {
    type: "file",
    size: 2048,
    sha256: await sha256((await runTool("isoinfo", ["-i", iso, "-x", "/BOOT.CATALOG;1"])).stdout),
    mode: 0o444,
  });
  await checkImage(iso, expected, image, { isoLevel: 3, joliet: true, rockRidge: true });
  return iso;
}

Deno.test("isohybrid with GPT: sgdisk finds no problems, xorriso sees the EFI partition, both firmwares boot it as a disk", async () => {
  const iso = await build("gpt.iso", true);
  const v = await runTool("sgdisk", ["-v", iso]);
  if (v.code !== 0 || !v.text.includes("No problems found")) {
    throw new Error(`sgdisk -v:\n${v.text}${v.stderr}`);
  }
  const p = await runTool("sgdisk", ["-p", iso]);
  if (!/\s1\s+\d+\s+\d+\s+[\d.]+ MiB\s+EF00\s+EFI System/.test(p.text)) {
    throw new Error(`sgdisk -p:\n${p.text}`);
  }
  const sa = await runTool("xorriso", ["-indev", iso, "-report_system_area", "plain"]);
  if (
    !sa.text.includes("GPT partition path :   1  /boot/efiboot.img") ||
    !/MBR partition\s+:\s+1\s+0x80\s+0xee/.test(sa.text)
  ) {
    throw new Error(`xorriso -report_system_area:\n${sa.text}`);
  }
  await bootUntil({ image: iso, firmware: "bios", media: "disk", marker: BIOS_MARKER });
  await bootUntil({ image: iso, firmware: "efi", media: "disk", marker: EFI_MARKER });
  await bootUntil({ image: iso, firmware: "efi", media: "cdrom", marker: EFI_MARKER });
});

Deno.test("isohybrid with MBR only: an active ISO partition and an EFI partition; both firmwares boot it as a disk", async () => {
  const iso = await build("mbr.iso", false);
  const d = await runTool("sfdisk", ["-d", iso]);
  if (!/start=\s*0, size=\s*\d+, type=17, bootable/.test(d.text) || !/type=ef/.test(d.text)) {
    throw new Error(`sfdisk -d:\n${d.text}${d.stderr}`);
  }
  const mbr = (await Deno.readFile(iso)).subarray(0, 512);
  const template = await Deno.readFile(ISOHDPFX);
  if (!mbr.subarray(0, 432).every((b, i) => b === template[i])) {
    throw new Error("boot code differs from the template");
  }
  await bootUntil({ image: iso, firmware: "bios", media: "disk", marker: BIOS_MARKER });
  await bootUntil({ image: iso, firmware: "efi", media: "disk", marker: EFI_MARKER });
});

Deno.test("isohybrid bad input: GPT without an EFI image, MBR without a BIOS image, a missing template", async () => {
  const tree = new FileTree();
  tree.addFile("/efi.img", new Uint8Array(4096));
  tree.addFile("/bios.bin", new Uint8Array(4096));
  const mbr = new Uint8Array(432);
  const cases: [MasterOptions, string][] = [
    [
      { boot: { entries: [{ image: "/bios.bin" }] }, hybrid: { gpt: true } },
      "needs an EFI boot image",
    ],
    [
      { boot: { entries: [{ image: "/efi.img", platform: "efi" }] }, hybrid: { mbr } },
      "needs a BIOS boot image",
    ],
    [{ hybrid: { mbr } }, "needs a BIOS boot image"],
    [
      { boot: { entries: [{ image: "/bios.bin" }] }, hybrid: { mbr: new Uint8Array(10) } },
      "64 to 512 bytes",
    ],
  ];
  for (const [options, needle] of cases) {
    await expectError(() => masterImage(tree, options), InvalidInputError, needle);
  }
  const r = await runCli([
    "image",
    source,
    "-o",
    join(work, "x.iso"),
    "--bios-boot",
    "/isolinux/isolinux.bin",
    "--isohybrid-mbr",
    join(work, "nope.bin"),
  ]);
  if (r.code !== 1 || !r.stderr.includes("isohybrid MBR template")) {
    throw new Error(JSON.stringify(r));
  }
});

Deno.test({
  name: "isohybrid fixtures cleanup",
  fn: async () => {
    await Deno.remove(source, { recursive: true });
    await Deno.remove(work, { recursive: true });
  },
});
