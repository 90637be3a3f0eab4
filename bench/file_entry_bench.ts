/**
 * WASM core against TypeScript on UDF file entries: a batch of 256 files' entries written
 * by `FileEntryRows` (the core) and by `icbEntry` (TypeScript, field by field), plain and
 * extended. Each case first checks that the two write the same bytes.
 *
 *   deno bench bench/file_entry_bench.ts      (deno's own table)
 *   deno task bench --only wasm               (entries per second and ratios)
 *
 * Bench names are `udf-fe KIND IMPL` with KIND plain or extended and IMPL wasm or ts.
 *
 * @module
 */

import { FileEntryRows } from "../src/layout/file_entry_rows.ts";
import { type Icb, icbEntry } from "../src/layout/udf_icb.ts";
import type { UdfPlan } from "../src/layout/udf_plan.ts";

/** Entries per batch benched. */
export const FILE_ENTRY_BATCH = FileEntryRows.CAPACITY;

const icbs: Icb[] = Array.from({ length: FILE_ENTRY_BATCH }, (_, i) => ({
  fileType: 5,
  uid: 1000,
  gid: 1000,
  permissions: 0x14a5,
  links: 1,
  uniqueId: 16 + i,
  times: [new Date(1.7e12 + i * 7919), new Date(1.7e12 + i * 104_729), new Date(1.7e12 + i)],
  location: 300 + i,
  body: { length: (i * 2897) % 16385, block: 60_000 + i * 9 },
}));

for (const extended of [false, true]) {
  const kind = extended ? "extended" : "plain";
  const u = { extendedEntries: extended, descriptorVersion: 3 } as unknown as UdfPlan;
  const rows = new FileEntryRows(extended, 3);
  const wasm = new Uint8Array(FILE_ENTRY_BATCH * 2048);
  const ts = new Uint8Array(FILE_ENTRY_BATCH * 2048);
  const viaWasm = () => {
    for (const icb of icbs) rows.add(icb);
    rows.writeInto(wasm, 0);
  };
  const viaTs = () => {
    ts.fill(0);
    icbs.forEach((icb, k) => icbEntry(u, icb, ts, k * 2048));
  };
  viaWasm();
  viaTs();
  if (wasm.some((b, i) => b !== ts[i])) {
    throw new Error(`Cannot bench udf-fe ${kind}: the core and icbEntry disagree`);
  }
  const group = `udf-fe ${kind}`;
  Deno.bench({ name: `udf-fe ${kind} wasm`, group, baseline: true, fn: viaWasm });
  Deno.bench({ name: `udf-fe ${kind} ts`, group, fn: viaTs });
}
