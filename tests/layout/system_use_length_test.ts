/** `rockRidgeLength()` and `measureSystemUse()` agree with the entries actually built. */

import { FileTree } from "../../src/model/file_tree.ts";
import { resolveMasterOptions } from "../../src/model/master_options.ts";
import { planImage } from "../../src/layout/layout_plan.ts";
import {
  measureSystemUse,
  type RecordRole,
  rockRidgeEntries,
  rockRidgeLength,
  splitSystemUse,
} from "../../src/layout/system_use.ts";

Deno.test("rockRidgeLength() and measureSystemUse() match the built entries", () => {
  const tree = new FileTree();
  const names = [
    "a",
    "x".repeat(249),
    "x".repeat(250),
    "x".repeat(251),
    "y".repeat(255),
    "名".repeat(85),
    "é".repeat(127),
    "😀".repeat(63),
  ];
  for (const n of names) tree.addFile(`/d/${n}`, new Uint8Array(3));
  tree.addSymlink("/d/link", `/${"p/".repeat(100)}${"q".repeat(300)}/../.`);
  tree.addSymlink("/d/short", "a");
  const times = { fixed: undefined, fallback: new Date(0) };
  const plan = planImage(tree.root, resolveMasterOptions({ time: new Date(0) }));
  const nodes = [
    plan.tree.root,
    ...plan.tree.isoDirectories,
    ...plan.tree.isoDirectories.flatMap((d) => d.isoChildren),
  ];
  let checked = 0;
  for (const node of nodes) {
    for (const role of ["self", "parent", "child"] as RecordRole[]) {
      const entries = rockRidgeEntries(node, role, times);
      const total = entries.reduce((n, e) => n + e.length, 0);
      if (rockRidgeLength(node, role) !== total) throw new Error(`${node.path} ${role}`);
      for (const budget of [40, 100, 200, 255]) {
        const want = splitSystemUse(entries, budget);
        const got = measureSystemUse(node, role, times, budget);
        if (
          got.inlineLength !== want.inlineLength ||
          got.areaLengths.join() !== want.areaLengths.join()
        ) throw new Error(`${node.path} ${role} ${budget}`);
        checked++;
      }
    }
  }
  if (checked < 40) throw new Error(`only ${checked} checks`);
});
