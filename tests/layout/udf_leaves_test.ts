/** `leaves()` writes the same entries as `leaf()` one by one, into one buffer. */

import { FileTree } from "../../src/model/file_tree.ts";
import { resolveMasterOptions, type UdfRevision } from "../../src/model/master_options.ts";
import { planImage } from "../../src/layout/layout_plan.ts";
import { leaf, leaves } from "../../src/layout/udf_writer.ts";

for (const udfRevision of ["1.02", "2.01", "2.50"] as UdfRevision[]) {
  Deno.test(`leaves() equals leaf() block by block (UDF ${udfRevision})`, () => {
    const tree = new FileTree();
    for (let i = 0; i < 30; i++) tree.addFile(`/d${i % 3}/f${i}`, new Uint8Array(i * 100));
    tree.addSymlink("/d0/link", "../d1/f1");
    const options = resolveMasterOptions({ udf: true, udfRevision, time: new Date(0) });
    const plan = planImage(tree.root, options);
    const nodes = plan.udf!.leaves;
    const all = leaves(plan, nodes);
    if (all.length !== nodes.length * 2048) throw new Error(`${all.length} bytes`);
    nodes.forEach((n, i) => {
      const one = leaf(plan, n);
      const part = all.subarray(i * 2048, (i + 1) * 2048);
      if (one.some((b, j) => b !== part[j])) throw new Error(`entry ${i} differs`);
    });
  });
}
