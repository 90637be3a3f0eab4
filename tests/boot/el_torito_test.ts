import { expectError } from "../_helpers/expect_error.ts";
import { join } from "node:path";
import {
  addFromDisk,
  FileTree,
  InvalidInputError,
  masterImage,
  writeImageFile,
} from "../../src/iso.ts";
import type { MasterOptions } from "../../src/iso.ts";
import { BIOS_MARKER, EFI_MARKER, makeBootTree } from "../_helpers/boot_fixture.ts";
import { checkImage } from "../_helpers/check_image.ts";
import { isoinfoTree } from "../_helpers/isoinfo_reader.ts";
import { bootUntil } from "../_helpers/qemu_boot.ts";
import { runTool } from "../_helpers/run_tool.ts";
import { folderTree, sha256 } from "../_helpers/tree.ts";

const source = await makeBootTree();
const sourceBefore = await folderTree(source);
const work = await Deno.makeTempDir({ prefix: "kiln-boot-img-" });

async function build(
  name: string,
  options: MasterOptions,
): Promise<{ iso: string; tree: FileTree }> {
  const tree = new FileTree();
  await addFromDisk(tree, source);
  const iso = join(work, name);
  await writeImageFile(
    masterImage(tree, { time: new Date(Date.UTC(2026, 0, 1)), ...options }),
    iso,
  );
  return { iso, tree };
}

const BIOS_AND_EFI: MasterOptions = {
  boot: {
    entries: [
      { image: "/isolinux/isolinux.bin", bootInfoTable: true },
      { image: "/boot/efiboot.img", platform: "efi" },
    ],
    catalog: "/isolinux/boot.cat",
  },
};

Deno.test("El Torito BIOS + EFI catalog reads back in xorriso and pycdlib, with a correct boot info table", async () => {
  const { iso } = await build("both.iso", BIOS_AND_EFI);
  const r = await runTool("xorriso", ["-indev", iso, "-report_el_torito", "plain"]);
  const lines = r.text.split("\n");
  const want = [
    /El Torito cat path : \/isolinux\/boot\.cat/,
    /El Torito boot img :\s+1\s+BIOS\s+y\s+none\s+0x0000\s+0x00\s+4\s+\d+/,
    /El Torito boot img :\s+2\s+UEFI\s+y\s+none\s+0x0000\s+0x00\s+24000\s+\d+/,
    /El Torito img path :\s+1\s+\/isolinux\/isolinux\.bin/,
    /El Torito img opts :\s+1\s+boot-info-table/,
    /El Torito img path :\s+2\s+\/boot\/efiboot\.img/,
  ];
  for (const w of want) {
    if (!lines.some((l) => w.test(l))) {
      throw new Error(`xorriso -report_el_torito lacks ${w}:\n${r.text}`);
    }
  }
  const py = await runTool("/usr/bin/python3", [
    "-c",
    `
import pycdlib
iso = pycdlib.PyCdlib(); iso.open(${JSON.stringify(iso)})
bc = iso.eltorito_boot_catalog
print(bc.validation_entry.platform_id, bc.initial_entry.load_rba, bc.initial_entry.sector_count, len(bc.sections), bc.sections[0].header_indicator, bc.sections[0].platform_id, bc.sections[0].section_entries[0].sector_count)
`,
  ]);
  const [platform, , count, sections, indicator, secPlatform, secCount] = py.text.trim().split(" ")
    .map(Number);
  if (
    py.code !== 0 || platform !== 0 || count !== 4 || sections !== 1 || indicator !== 0x91 ||
    secPlatform !== 0xef || secCount !== 24000
  ) {
    throw new Error(`pycdlib: ${py.text}${py.stderr}`);
  }
  // The boot info table, read back through isoinfo's extraction of the file.
  const listing = await runTool("isoinfo", ["-i", iso, "-l"]);
  const lba = Number(/\[\s*(\d+)\s+00\]\s+ISOLINUX\.BIN;1/.exec(listing.text)?.[1]);
  const bin = (await runTool("isoinfo", ["-i", iso, "-x", "/ISOLINUX/ISOLINUX.BIN;1"])).stdout;
  const v = new DataView(bin.buffer, bin.byteOffset);
  if (
    v.getUint32(8, true) !== 16 || v.getUint32(12, true) !== lba ||
    v.getUint32(16, true) !== bin.length
  ) {
    throw new Error(
      `boot info table: pvd ${v.getUint32(8, true)} lba ${v.getUint32(12, true)}/${lba} length ${
        v.getUint32(16, true)
      }/${bin.length}`,
    );
  }
  let sum = 0;
  for (let i = 64; i < bin.length; i += 4) sum = (sum + v.getUint32(i, true)) >>> 0;
  if (v.getUint32(20, true) !== sum) throw new Error("boot info table checksum");
  // The source file itself is never modified.
  const after = await folderTree(source);
  if (
    after.get("/isolinux/isolinux.bin")!.sha256 !==
      sourceBefore.get("/isolinux/isolinux.bin")!.sha256
  ) throw new Error("source modified");
});

Deno.test("El Torito image boots isolinux under SeaBIOS from the CD drive", async () => {
  const { iso } = await build("bios.iso", BIOS_AND_EFI);
  await bootUntil({ image: iso, firmware: "bios", media: "cdrom", marker: BIOS_MARKER });
});

Deno.test("El Torito image boots GRUB under OVMF (UEFI) from the CD drive", async () => {
  const { iso } = await build("efi.iso", BIOS_AND_EFI);
  await bootUntil({ image: iso, firmware: "efi", media: "cdrom", marker: EFI_MARKER });
});

Deno.test("El Torito with a hidden catalog keeps it out of every tree and still boots", async () => {
  const { iso, tree } = await build("hidden.iso", {
    boot: { ...BIOS_AND_EFI.boot!, hideCatalog: true },
    udf: true,
  });
  const rr = await isoinfoTree(iso, "rr");
  if ([...rr.keys()].some((p) => p.includes("boot.cat"))) throw new Error("catalog listed");
  const image = masterImage(tree, {
    time: new Date(Date.UTC(2026, 0, 1)),
    boot: { ...BIOS_AND_EFI.boot!, hideCatalog: true },
    udf: true,
  });
  // isolinux.bin carries its boot info table in the image: every reader must agree with
  // the bytes isoinfo extracts (the table itself is checked in the first test).
  const patched = (await runTool("isoinfo", ["-i", iso, "-x", "/ISOLINUX/ISOLINUX.BIN;1"])).stdout;
  const expected = new Map(sourceBefore);
  expected.set("/isolinux/isolinux.bin", {
    ...sourceBefore.get("/isolinux/isolinux.bin")!,
    sha256: await sha256(patched),
  });
  await checkImage(iso, expected, image, { isoLevel: 3, joliet: true, rockRidge: true });
  await bootUntil({ image: iso, firmware: "bios", media: "cdrom", marker: BIOS_MARKER });
});

Deno.test("El Torito floppy emulation records the media type for a 1.44 MB image", async () => {
  const tree = new FileTree();
  tree.addFile("/floppy.img", new Uint8Array(1_474_560));
  const iso = join(work, "floppy.iso");
  await writeImageFile(
    masterImage(tree, { boot: { entries: [{ image: "/floppy.img", emulation: "floppy" }] } }),
    iso,
  );
  const r = await runTool("xorriso", ["-indev", iso, "-report_el_torito", "plain"]);
  if (!/El Torito boot img :\s+1\s+BIOS\s+y\s+fd1\.4\s/.test(r.text)) throw new Error(r.text);
});

Deno.test("El Torito bad input: missing image, wrong floppy size, no MBR, table with emulation", async () => {
  const tree = new FileTree();
  tree.addFile("/small.img", new Uint8Array(1000));
  tree.addDirectory("/dir");
  const cases: [MasterOptions["boot"], string][] = [
    [{ entries: [{ image: "/nope.bin" }] }, "no such file"],
    [{ entries: [{ image: "/dir" }] }, "it is a directory"],
    [
      { entries: [{ image: "/small.img", emulation: "floppy" }] },
      "not 1228800, 1474560 or 2949120",
    ],
    [{ entries: [{ image: "/small.img", emulation: "hard-disk" }] }, "master boot record"],
    [
      { entries: [{ image: "/small.img", emulation: "floppy", bootInfoTable: true }] },
      "no-emulation images only",
    ],
    [{ entries: [] }, "without a boot entry"],
    [{ entries: [{ image: "/small.img" }], catalog: "/missing/boot.cat" }, "folder does not exist"],
    [{ entries: [{ image: "/small.img" }], catalog: "/small.img" }, "already there"],
  ];
  for (const [boot, needle] of cases) {
    await expectError(() => masterImage(tree, { boot: boot! }), InvalidInputError, needle);
  }
});

Deno.test({
  name: "El Torito fixtures cleanup",
  fn: async () => {
    await Deno.remove(source, { recursive: true });
    await Deno.remove(work, { recursive: true });
    if ((await sha256(new Uint8Array())) === "") throw new Error("unreachable");
  },
});
