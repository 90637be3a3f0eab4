/**
 * WASM core against TypeScript: CRC-16/CCITT, the CD EDC CRC-32 and the IEEE CRC-32 at 2 KiB
 * (one sector), 64 KiB and 4 MiB, each against the bit-at-a-time reference of
 * `wasm/reference.ts` and the table-driven TS of `table_crc.ts`. The core exports no ECC, so
 * there is none here. Each case first checks the three agree.
 *
 *   deno bench bench/checksum_bench.ts        (deno's own table)
 *   deno task bench --only wasm               (MB/s and ratios, see wasm_bench.ts)
 *
 * Bench names are `ALGO IMPL SIZE` with IMPL one of wasm, table, bitwise.
 *
 * @module
 */

import { crc16Ccitt, crc32Edc, crc32Ieee } from "../wasm/core.ts";
import * as ref from "../wasm/reference.ts";
import { crc16CcittTable, crc32EdcTable, crc32IeeeTable } from "./table_crc.ts";

type Crc = (data: Uint8Array, init?: number) => number;

const ALGOS: readonly [string, Crc, Crc, Crc][] = [
  ["crc16", crc16Ccitt, crc16CcittTable, ref.crc16Ccitt],
  ["edc", crc32Edc, crc32EdcTable, ref.crc32Edc],
  ["crc32", crc32Ieee, crc32IeeeTable, ref.crc32Ieee],
];

/** Sizes benched, with labels. */
export const SIZES: readonly (readonly [string, number])[] = [
  ["2KiB", 2048],
  ["64KiB", 65536],
  ["4MiB", 4 << 20],
];

for (const [label, size] of SIZES) {
  const data = new Uint8Array(size).map((_, i) => (i * 131 + 7) & 0xff);
  for (const [algo, wasm, table, bitwise] of ALGOS) {
    const want = wasm(data);
    if (table(data) !== want || bitwise(data) !== want) {
      throw new Error(`Cannot bench ${algo}: the implementations disagree at ${label}`);
    }
    const group = `${algo} ${label}`;
    Deno.bench({ name: `${algo} wasm ${label}`, group, baseline: true, fn: () => void wasm(data) });
    Deno.bench({ name: `${algo} table ${label}`, group, fn: () => void table(data) });
    Deno.bench({ name: `${algo} bitwise ${label}`, group, fn: () => void bitwise(data) });
  }
}
