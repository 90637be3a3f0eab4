/**
 * `ChunkWriter.sectors()` makes UDF file entries in place in a reused chunk buffer: the
 * bytes equal `leaf()` into fresh memory, whatever the buffer held before.
 */

import { FileTree } from "../../src/model/file_tree.ts";
import { resolveMasterOptions, type UdfRevision } from "../../src/model/master_options.ts";
import { planImage } from "../../src/layout/layout_plan.ts";
import { leaf } from "../../src/layout/udf_entries.ts";
import { udfLeaves } from "../../src/layout/udf_plan.ts";
import { ChunkWriter } from "../../src/stream/chunk_writer.ts";
import assert from "node:assert/strict";
import { InternalError } from "../../src/model/errors.ts";
import { assertSameBytes } from "../_helpers/assert.ts";

for (const udfRevision of ["1.02", "2.01", "2.50"] as UdfRevision[]) {
  Deno.test(`ChunkWriter.sectors() writes what leaf() writes (UDF ${udfRevision})`, async () => {
    const tree = new FileTree();
    for (let i = 0; i < 30; i++) tree.addFile(`/d${i % 3}/f${i}`, new Uint8Array(i * 100));
    tree.addSymlink("/d0/link", "../d1/f1");
    const options = resolveMasterOptions({ udf: true, udfRevision, time: new Date(0) });
    const plan = planImage(tree.root, options);
    const nodes = [...udfLeaves(plan.udf!)];
    const expected = new Uint8Array(nodes.length * 2048);
    nodes.forEach((n, i) => expected.set(leaf(plan, n), i * 2048));
    // The sink copies each chunk, so the writer reuses one buffer of 4 sectors: dirty it
    // with 0xFF bytes first (a whole chunk, or 3 sectors so entries start mid-chunk).
    for (const lead of [4 * 2048, 3 * 2048]) {
      const parts: Uint8Array[] = [];
      const out = new ChunkWriter(
        { write: (b) => Promise.resolve(void parts.push(b.slice())) },
        lead + expected.length,
        { chunkSize: 4 * 2048 },
      );
      await out.put(new Uint8Array(lead).fill(0xff));
      await out.sectors(nodes.length, (buf, at, i) => void leaf(plan, nodes[i]!, buf, at));
      await out.flush();
      const all = new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
      assertSameBytes(all.subarray(lead), expected, `lead ${lead}`);
    }
    // Off a sector boundary nothing can be made in place: the plan is broken.
    const off = new ChunkWriter({ write: () => Promise.resolve() }, 1 << 20, {});
    await off.put(new Uint8Array(1));
    await assert.rejects(off.sectors(1, () => {}), InternalError);
  });
}
