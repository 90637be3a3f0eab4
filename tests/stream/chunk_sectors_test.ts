/**
 * `ChunkWriter.sectorRuns()` has the UDF file entries made in place in a reused chunk
 * buffer, in runs (the files' by the WASM core through `FileEntryRows`, the symlinks' by
 * `leaf()`): the bytes equal `leaf()` into fresh memory, whatever the buffer held before
 * and wherever a run is cut.
 */

import { FileTree } from "../../src/model/file_tree.ts";
import { resolveMasterOptions, type UdfRevision } from "../../src/model/master_options.ts";
import { planImage } from "../../src/layout/layout_plan.ts";
import { leaf, leaves } from "../../src/layout/udf_entries.ts";
import { FileEntryRows } from "../../src/layout/file_entry_rows.ts";
import { udfLeaves } from "../../src/layout/udf_plan.ts";
import { ChunkWriter } from "../../src/stream/chunk_writer.ts";
import assert from "node:assert/strict";
import { InternalError } from "../../src/model/errors.ts";
import { assertSameBytes } from "../_helpers/assert.ts";

for (const udfRevision of ["1.02", "2.01", "2.50"] as UdfRevision[]) {
  Deno.test(`ChunkWriter.sectorRuns() writes what leaf() writes (UDF ${udfRevision})`, async () => {
    const tree = new FileTree();
    for (let i = 0; i < 30; i++) tree.addFile(`/d${i % 3}/f${i}`, new Uint8Array(i * 100));
    tree.addSymlink("/d0/link", "../d1/f1");
    const options = resolveMasterOptions({ udf: true, udfRevision, time: new Date(0) });
    const plan = planImage(tree.root, options);
    const nodes = [...udfLeaves(plan.udf!)];
    const expected = new Uint8Array(nodes.length * 2048);
    nodes.forEach((n, i) => expected.set(leaf(plan, n), i * 2048));
    // The sink copies each chunk, so the writer reuses one buffer of 4 sectors: dirty it
    // with 0xFF bytes first (a whole chunk, or 3 sectors so entries start mid-chunk), and
    // cut the runs by the chunk's room or by a `max` of 3.
    for (const [lead, max] of [[4, FileEntryRows.CAPACITY], [3, FileEntryRows.CAPACITY], [3, 3]]) {
      const parts: Uint8Array[] = [];
      const out = new ChunkWriter(
        { write: (b) => Promise.resolve(void parts.push(b.slice())) },
        lead! * 2048 + expected.length,
        { chunkSize: 4 * 2048 },
      );
      await out.put(new Uint8Array(lead! * 2048).fill(0xff));
      const it = nodes[Symbol.iterator]();
      const rows = new FileEntryRows(plan.udf!.extendedEntries, plan.udf!.descriptorVersion);
      const runs: number[] = [];
      await out.sectorRuns(nodes.length, max!, (buf, at, first, n) => {
        if (first !== runs.reduce((a, b) => a + b, 0)) throw new Error(`run at ${first}`);
        runs.push(n);
        leaves(plan, it, rows, buf, at, n);
      });
      await out.flush();
      const all = new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
      assertSameBytes(all.subarray(lead! * 2048), expected, `lead ${lead}, max ${max}`);
      if (Math.max(...runs) > Math.min(4, max!) || (lead === 3 && runs[0] !== 1)) {
        throw new Error(`runs ${runs.join()}`);
      }
    }
    // Off a sector boundary nothing can be made in place: the plan is broken.
    const off = new ChunkWriter({ write: () => Promise.resolve() }, 1 << 20, {});
    await off.put(new Uint8Array(1));
    await assert.rejects(off.sectorRuns(1, 1, () => {}), InternalError);
  });
}
