/**
 * WASM core against its TypeScript reference: CRC-16/CCITT and the CD EDC CRC-32 at
 * 2 KiB (one sector), 64 KiB and 4 MiB. Run: deno bench bench/checksum_bench.ts
 */

import { crc16Ccitt, crc32Edc } from "../wasm/core.ts";
import * as ref from "../wasm/reference.ts";

for (const [label, size] of [["2 KiB", 2048], ["64 KiB", 65536], ["4 MiB", 4 << 20]] as const) {
  const data = new Uint8Array(size).map((_, i) => (i * 131 + 7) & 0xff);
  Deno.bench({
    name: `crc16Ccitt wasm ${label}`,
    group: `crc16 ${label}`,
    baseline: true,
    fn: () => void crc16Ccitt(data),
  });
  Deno.bench({
    name: `crc16Ccitt reference ${label}`,
    group: `crc16 ${label}`,
    fn: () => void ref.crc16Ccitt(data),
  });
  Deno.bench({
    name: `crc32Edc wasm ${label}`,
    group: `edc ${label}`,
    baseline: true,
    fn: () => void crc32Edc(data),
  });
  Deno.bench({
    name: `crc32Edc reference ${label}`,
    group: `edc ${label}`,
    fn: () => void ref.crc32Edc(data),
  });
}
