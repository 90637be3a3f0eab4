import assert from "node:assert/strict";
import { join } from "node:path";
import { FileTree } from "../../src/model/file_tree.ts";
import { resolveMasterOptions } from "../../src/model/master_options.ts";
import { planImage } from "../../src/layout/layout_plan.ts";
import { addFromDisk } from "../../src/source/add_from_disk.ts";
import { PlanPlacedFiles } from "../../src/stream/plan_placed_files.ts";
import { SECTOR_SIZE } from "../../src/records/ecma119.ts";

/**
 * What the data-area thread is handed must be what the planned file objects say, whether a
 * file is read from its scanned folder (no object) or through its object.
 */
Deno.test("PlanPlacedFiles reads scanned files from their folders, others through their objects", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (
      const [path, size] of [["a/x.bin", 3000], ["a/y", 0], ["b/é 日.txt", 5000], ["z", 7]] as const
    ) {
      await Deno.mkdir(join(dir, path, ".."), { recursive: true });
      await Deno.writeFile(join(dir, path), new Uint8Array(size).fill(size % 251));
    }
    await Deno.writeFile(join(dir, "whole"), new Uint8Array(4097));
    const tree = new FileTree();
    await addFromDisk(tree, dir, "/disk", {});
    tree.addFile("/memory.bin", new Uint8Array(10)); // bytes in memory: the emit pass's own
    tree.addFile("/whole.bin", { kind: "path", path: join(dir, "whole") }, { size: 4097 });
    const plan = planImage(tree.root, resolveMasterOptions({ joliet: true, rockRidge: true }));
    const placed = new PlanPlacedFiles(plan);
    const expected: { path: string; size: number; at: number; index: number }[] = [];
    for (let i = 0; i < plan.dataFiles.length; i++) {
      const f = plan.dataFiles.at(i);
      const src = f.entry.source;
      assert.equal(placed.handles(i), src.kind === "path", f.path);
      if (src.kind !== "path") continue;
      expected.push({ path: src.path, size: f.entry.size, at: f.extent * SECTOR_SIZE, index: i });
    }
    // On disk: x.bin, é 日.txt, z and whole (a/y is empty: no data), and whole.bin again.
    assert.deepEqual(expected.map((e) => e.path.slice(dir.length)).sort(), [
      "/a/x.bin",
      "/b/é 日.txt",
      "/whole",
      "/whole",
      "/z",
    ]);
    assert.equal(placed.length, 5);
    const fromFolders = expected.filter((e) =>
      plan.dataFiles.directoryAt(e.index).blockPositionAt(plan.dataFiles.positionAt(e.index)) >= 0
    );
    assert.equal(fromFolders.length, 4, "the scanned files have no objects in the plan");
    // Read in an order that defeats the last-file cache, then in order.
    for (const j of [4, 0, 3, 3, 1, 4, 2, 0, 1, 2, 3, 4]) {
      const e = expected[j]!;
      assert.equal(placed.path(j), e.path);
      assert.equal(placed.size(j), e.size, e.path);
      assert.equal(placed.at(j), e.at, e.path);
      assert.equal(placed.folder(j) + placed.name(j), e.path);
      assert.equal(placed.planIndex(j), e.index);
      assert.equal(placed.fileAt(j)?.path, plan.dataFiles.at(e.index).path);
    }
    const whole = expected.findIndex((e) => plan.dataFiles.at(e.index).path === "/whole.bin");
    assert.equal(placed.folder(whole), "", "a whole-path source has no folder part");
    assert.equal(placed.name(whole), join(dir, "whole"));
    assert.equal(placed.fileAt(5), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
