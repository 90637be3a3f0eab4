/**
 * The WASM section: runs `deno bench --json` on `bench/checksum_bench.ts` and
 * `bench/file_entry_bench.ts` as a subprocess and prints MB/s (10^6 bytes per second, from
 * each case's fastest call: the one least disturbed by other load on a shared machine) of
 * the WASM core, the table-driven TS and the bitwise TS reference, with the ratios
 * wasm/table and wasm/bitwise; then UDF file entries per second, core against TypeScript.
 *
 * @module
 */

import { fileURLToPath as fromFileUrl } from "node:url";
import { SIZES } from "./checksum_bench.ts";
import { FILE_ENTRY_BATCH } from "./file_entry_bench.ts";
import { median, meets, printTable, printTitle, printVerdict, progress } from "./report.ts";
import { REPO_ROOT } from "./tools.ts";

interface BenchJson {
  readonly benches: readonly {
    readonly name: string;
    readonly results: readonly { readonly ok?: { readonly min: number } }[];
  }[];
}

/**
 * Runs the section and prints its table and verdict.
 *
 * @throws Error with deno's stderr when the bench fails.
 */
export async function wasmBench(): Promise<void> {
  progress("wasm: deno bench --json bench/checksum_bench.ts bench/file_entry_bench.ts");
  const r = await new Deno.Command(Deno.execPath(), {
    args: [
      "bench",
      "--no-lock",
      "--json",
      fromFileUrl(new URL("./checksum_bench.ts", import.meta.url)),
      fromFileUrl(new URL("./file_entry_bench.ts", import.meta.url)),
    ],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!r.success) {
    throw new Error(`deno bench failed:\n${new TextDecoder().decode(r.stderr).slice(-2000)}`);
  }
  const json = JSON.parse(new TextDecoder().decode(r.stdout)) as BenchJson;
  const ns = new Map<string, number>();
  for (const b of json.benches) {
    const min = b.results[0]?.ok?.min;
    if (min !== undefined) ns.set(b.name, min);
  }
  const bytes = new Map(SIZES.map(([label, size]) => [label, size]));
  const mbps = (name: string, label: string) => bytes.get(label)! / (ns.get(name) ?? NaN) * 1e3;
  const rows: string[][] = [];
  const vsTable: number[] = [];
  const vsBitwise: number[] = [];
  for (const algo of ["crc16", "edc", "crc32"]) {
    for (const [label] of SIZES) {
      const w = mbps(`${algo} wasm ${label}`, label);
      const t = mbps(`${algo} table ${label}`, label);
      const b = mbps(`${algo} bitwise ${label}`, label);
      vsTable.push(w / t);
      vsBitwise.push(w / b);
      rows.push([
        `${algo} ${label}`,
        w.toFixed(0),
        t.toFixed(0),
        b.toFixed(0),
        `${(w / t).toFixed(2)}x`,
        `${(w / b).toFixed(2)}x`,
      ]);
    }
  }
  printTitle("WASM core vs TypeScript (deno bench, fastest call of each case)");
  printTable(
    ["case", "wasm MB/s", "TS table MB/s", "TS bitwise MB/s", "wasm/table", "wasm/bitwise"],
    rows,
  );
  console.log(
    "(crc16: CRC-16/CCITT of UDF tags; edc: CD EDC; crc32: IEEE as in GPT; no ECC export)",
  );
  const [t, b] = [median(vsTable), median(vsBitwise)];
  printVerdict(
    `wasm: median ${t.toFixed(2)}x the table-driven TS (worst ${
      Math.min(...vsTable).toFixed(2)
    }x; ` +
      `target ≥3x: ${meets(t >= 3)}), median ${b.toFixed(1)}x the bitwise reference ` +
      `(worst ${Math.min(...vsBitwise).toFixed(1)}x: ${meets(b >= 3)})`,
  );
  const entries = (name: string) => FILE_ENTRY_BATCH / (ns.get(name) ?? NaN) * 1e9;
  const feRows = ["plain", "extended"].map((kind) => {
    const w = entries(`udf-fe ${kind} wasm`);
    const t = entries(`udf-fe ${kind} ts`);
    return [`UDF file entries, ${kind}`, w.toFixed(0), t.toFixed(0), `${(w / t).toFixed(2)}x`];
  });
  printTable(["case", "wasm entries/s", "TS entries/s", "wasm/TS"], feRows);
  console.log(
    `(${FILE_ENTRY_BATCH} files' entries a call: FileEntryRows against icbEntry; no target)`,
  );
}
