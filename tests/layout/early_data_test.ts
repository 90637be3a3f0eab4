import { assertEquals } from "../_helpers/assert.ts";
import { FileTree } from "../../src/model/file_tree.ts";
import { addFromDisk } from "../../src/source/add_from_disk.ts";
import { resolveMasterOptions } from "../../src/model/master_options.ts";
import { planImage } from "../../src/layout/layout_plan.ts";
import { placeEarlyData } from "../../src/layout/early_data.ts";
import { headLayout } from "../../src/layout/head_layout.ts";

/** A folder with nested folders, empty files, a hard link pair, a symlink and names whose
 * scan order (UTF-16 units: upper case first) differs from the ISO 9660 record order. */
async function scannedTree(): Promise<{ tree: FileTree; dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "kiln-early-" });
  const write = (p: string, n: number) => Deno.writeFile(`${dir}/${p}`, new Uint8Array(n).fill(7));
  await Deno.mkdir(`${dir}/b/deep`, { recursive: true });
  await Deno.mkdir(`${dir}/A`);
  await write("zeta.txt", 3000);
  await write("Alpha.txt", 10);
  await write("beta.txt", 0);
  await write("b/x", 5000);
  await write("b/deep/y", 1);
  await write("A/only", 2049);
  await write("linked", 100);
  await Deno.link(`${dir}/linked`, `${dir}/b/hard`);
  await Deno.symlink("zeta.txt", `${dir}/ln`);
  const tree = new FileTree();
  await addFromDisk(tree, dir);
  tree.addFile("/memory.bin", new Uint8Array(4096));
  return { tree, dir };
}

Deno.test("placeEarlyData puts the scanned plain files first, in scan order, and the plan gives them those blocks", async () => {
  const { tree, dir } = await scannedTree();
  try {
    for (const udf of [undefined, "2.01", "2.50"] as const) {
      const options = resolveMasterOptions({
        time: new Date(0),
        ...(udf ? { udf: true, udfRevision: udf } : {}),
      });
      const early = placeEarlyData(tree.root, options)!;
      const plan = planImage(tree.root, options, early);
      assertEquals(plan.dataLba, headLayout(options).dataLba);
      // Plain files with data, by folder in walk order, each folder's in name order: the
      // hard links, the empty file, the link and the in-memory file are not among them.
      const paths = [...plan.dataFiles].map((f) => f.path);
      assertEquals(paths.slice(0, early.files), [
        "/Alpha.txt",
        "/zeta.txt",
        "/A/only",
        "/b/x",
        "/b/deep/y",
      ]);
      assertEquals(early.files, 5);
      // Then the rest, in tree order: the hard-linked pair once (its first in tree order
      // owns the data), the in-memory file.
      assertEquals(paths.slice(early.files), ["/linked", "/memory.bin"]);
      let lba = plan.dataLba;
      for (const f of [...plan.dataFiles].slice(0, early.files)) {
        assertEquals(f.extent, lba, f.path);
        lba += Math.ceil(f.entry.size / 2048);
      }
      assertEquals(lba, early.endLba);
      // The directories come after the data.
      assertEquals(
        plan.isoPathTable.lLba >= plan.dataFiles.at(plan.dataFiles.length - 1).extent,
        true,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("placeEarlyData leaves the order to the plan with a boot image or a file order of the caller's", async () => {
  const { tree, dir } = await scannedTree();
  try {
    const ordered = resolveMasterOptions({ fileOrder: (a, b) => b.size - a.size });
    assertEquals(placeEarlyData(tree.root, ordered), undefined);
    const plan = planImage(tree.root, ordered);
    const sizes = [...plan.dataFiles].map((f) => f.entry.size);
    assertEquals(sizes, [...sizes].sort((a, b) => b - a));
    const boot = resolveMasterOptions({
      boot: { entries: [{ image: "/A/only", emulation: "none" }] },
    });
    assertEquals(placeEarlyData(tree.root, boot), undefined);
    assertEquals(placeEarlyData(new FileTree().root, resolveMasterOptions({})), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
