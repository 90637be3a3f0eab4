import assert from "node:assert/strict";
import { join } from "node:path";
import { FileTree } from "../../src/iso.ts";
import { addFromDisk } from "../../src/source/add_from_disk.ts";
import { planImage } from "../../src/layout/layout_plan.ts";
import { resolveMasterOptions } from "../../src/model/master_options.ts";
import { emitDirectory } from "../../src/layout/directory_writer.ts";
import { BlockFileRecords } from "../../src/layout/block_file_record.ts";
import type { View } from "../../src/layout/directory_records.ts";
import { bytes, ensureWorkArea } from "../../wasm/core.ts";
import { assertSameBytes } from "../_helpers/assert.ts";
import { inTempDir } from "../_helpers/data_area_jobs.ts";

/**
 * Names that take every branch of the staged path and of its way back to the general one:
 * plain, lower case and dots (ISO mapping), UTF-8 of 2 to 4 bytes, names that map to the
 * same ISO identifier (kept identifiers), Joliet's 64-character limit, a name whose NM
 * entry does not fit in the record (a continuation area) and one that needs two NM entries.
 */
const NAMES = [
  "README",
  "a.txt",
  "archive.tar.gz",
  "naïve 日本 😀.bin",
  "Same name A.txt",
  "same_name_a.txt",
  "x".repeat(70) + ".dat",
  "n".repeat(200),
  "m".repeat(252),
  "empty",
];

async function fixture(dir: string): Promise<string> {
  const src = join(dir, "src");
  await Deno.mkdir(join(src, "sub"), { recursive: true });
  for (const [i, name] of NAMES.entries()) {
    for (const folder of [src, join(src, "sub")]) {
      const path = join(folder, name);
      await Deno.writeFile(path, new Uint8Array(name === "empty" ? 0 : 100 + 997 * i));
      await Deno.chmod(path, i % 2 ? 0o600 : 0o644);
      await Deno.utime(path, 1_600_000_000 + i, 1_500_000_000 + 7 * i);
    }
  }
  return src;
}

for (const rockRidge of [true, false]) {
  Deno.test(`directory records staged from a folder scan's columns are the general path's bytes (Rock Ridge ${rockRidge})`, async () => {
    await inTempDir(async (dir) => {
      const tree = new FileTree();
      await addFromDisk(tree, await fixture(dir), "/");
      const plan = planImage(tree.root, resolveMasterOptions({ rockRidge, joliet: true }));
      let staged = 0;
      for (const d of plan.tree.isoDirectories) {
        const views: View[] = ["iso", "joliet"];
        const fast = views.map((view) => {
          const stager = BlockFileRecords.of(d, view, plan.records);
          if (!stager) return undefined;
          const base = ensureWorkArea(512);
          for (let k = 0; k < d.isoChildCount; k++) {
            const p = d.blockPositionAt(k);
            if (p >= 0 && stager.stage(p, bytes(), base)) staged++;
          }
          return emitted(d, view);
        });
        // Every file made an object of its own: the general path writes them all.
        for (let k = 0; k < d.isoChildCount; k++) d.keep(k);
        for (const [i, view] of views.entries()) {
          if (!fast[i]) continue;
          for (let k = 0; k < d.isoChildCount; k++) assert.equal(d.blockPositionAt(k), -1);
          const general = emitted(d, view);
          assertSameBytes(fast[i]!.extent, general.extent, `${view} ${d.path}`);
          assertSameBytes(fast[i]!.region, general.region, `${view} ${d.path} continuations`);
        }
      }
      // Both folders' files in both views, but in the ISO view with Rock Ridge the two names
      // whose entries do not fit in one record.
      assert.equal(staged, 2 * (2 * NAMES.length - (rockRidge ? 2 : 0)));

      function emitted(d: (typeof plan.tree.isoDirectories)[number], view: View) {
        const sink = { next: 0, region: new Uint8Array(plan.continuationBlocks * 2048) };
        // Continuation areas are numbered across the whole ISO tree: start at this one's.
        for (const other of plan.tree.isoDirectories) {
          if (other === d || view !== "iso") break;
          emitDirectory(other, "iso", plan, sink, (n) => new Uint8Array(n));
        }
        sink.region.fill(0);
        const extent = emitDirectory(d, view, plan, sink, (n) => new Uint8Array(n)).slice();
        return { extent, region: sink.region };
      }
    });
  });
}
