/**
 * `ChunkWriter.sectors()` makes UDF file entries in place in a reused chunk buffer: the
 * bytes equal `leaf()` into fresh memory, whatever the buffer held before, on aligned and
 * unaligned fills.
 */

import { FileTree } from "../../src/model/file_tree.ts";
import { resolveMasterOptions, type UdfRevision } from "../../src/model/master_options.ts";
import { planImage } from "../../src/layout/layout_plan.ts";
import { leaf } from "../../src/layout/udf_writer.ts";
import { ChunkWriter } from "../../src/stream/chunk_writer.ts";
import { assertSameBytes } from "../_helpers/assert.ts";

for (const udfRevision of ["1.02", "2.01", "2.50"] as UdfRevision[]) {
  Deno.test(`ChunkWriter.sectors() writes what leaf() writes (UDF ${udfRevision})`, async () => {
    const tree = new FileTree();
    for (let i = 0; i < 30; i++) tree.addFile(`/d${i % 3}/f${i}`, new Uint8Array(i * 100));
    tree.addSymlink("/d0/link", "../d1/f1");
    const options = resolveMasterOptions({ udf: true, udfRevision, time: new Date(0) });
    const plan = planImage(tree.root, options);
    const nodes = plan.udf!.leaves;
    const expected = new Uint8Array(nodes.length * 2048);
    nodes.forEach((n, i) => expected.set(leaf(plan, n), i * 2048));
    for (const lead of [0, 1, 2047]) {
      // The sink copies each chunk, so the writer reuses one buffer of 4 sectors: dirty it
      // with 0xFF bytes first, and start `lead` bytes off a sector boundary.
      const parts: Uint8Array[] = [];
      const total = 4 * 2048 + lead + expected.length;
      const out = new ChunkWriter(
        { write: (b) => Promise.resolve(void parts.push(b.slice())) },
        total,
        {
          chunkSize: 4 * 2048,
        },
      );
      await out.put(new Uint8Array(4 * 2048 + lead).fill(0xff));
      await out.sectors(nodes.length, (buf, at, i) => void leaf(plan, nodes[i]!, buf, at));
      await out.flush();
      const all = new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
      assertSameBytes(all.subarray(4 * 2048 + lead), expected, `lead ${lead}`);
    }
  });
}
