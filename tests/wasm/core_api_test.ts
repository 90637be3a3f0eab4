/** The TypeScript side of the WASM core: instantiation, memory views and the work area. */

import {
  bytes,
  coreExports,
  crc16Ccitt,
  crc32Edc,
  crc32Ieee,
  ensureWorkArea,
} from "../../wasm/core.ts";
import { CORE_WASM_BASE64 } from "../../wasm/gen/core_wasm.ts";
import { decodeBase64 } from "../../wasm/base64.ts";

Deno.test("CORE_WASM_BASE64 is a module with no imports and the typed exports", () => {
  const module = new WebAssembly.Module(decodeBase64(CORE_WASM_BASE64) as Uint8Array<ArrayBuffer>);
  const imports = WebAssembly.Module.imports(module);
  if (imports.length) throw new Error(`imports: ${JSON.stringify(imports)}`);
  const exported = WebAssembly.Module.exports(module).map((e) => e.name).sort();
  const typed = Object.keys(coreExports()).sort();
  if (exported.join() !== typed.join()) throw new Error(`${exported} vs ${typed}`);
  new WebAssembly.Instance(module, {});
});

Deno.test("coreExports() returns the same instance every time", () => {
  if (coreExports() !== coreExports()) throw new Error("instantiated twice");
});

Deno.test("ensureWorkArea() returns heapBase(), above the static tables, and grows memory", () => {
  const core = coreExports();
  const base = core.heapBase();
  if (base % 16 !== 0 || base < 8 * 256 * (2 + 4 + 4)) throw new Error(`heapBase ${base}`);
  const size = core.memory.buffer.byteLength - base + 3 * 65536 + 1;
  if (ensureWorkArea(size) !== base) throw new Error("base moved");
  if (core.memory.buffer.byteLength < base + size) throw new Error("did not grow");
  if (ensureWorkArea(0) !== base) throw new Error("base moved");
});

Deno.test("ensureWorkArea() rejects negative, fractional and huge sizes", () => {
  for (const size of [-1, 1.5, NaN, Infinity]) {
    let thrown: unknown;
    try {
      ensureWorkArea(size);
    } catch (e) {
      thrown = e;
    }
    if (!(thrown instanceof RangeError)) throw new Error(`accepted ${size}`);
  }
  try {
    ensureWorkArea(2 ** 33);
    throw new Error("grew past 4 GiB");
  } catch (e) {
    if (!(e instanceof RangeError) || !(e.cause instanceof Error)) throw e;
  }
});

Deno.test("bytes() gives a fresh view after the memory grows", () => {
  const before = bytes();
  const length = before.length;
  if (bytes() !== before) throw new Error("view not reused while memory is unchanged");
  coreExports().memory.grow(1);
  const after = bytes();
  if (after === before || after.length !== length + 65536) throw new Error("stale view");
  if (before.length !== 0) throw new Error("the old view should be detached");
});

Deno.test("crc16Ccitt() keeps only the low 16 bits of init, even on empty input", () => {
  if (crc16Ccitt(new Uint8Array(), 0x12345) !== 0x2345) throw new Error("empty");
  const data = new Uint8Array([1, 2, 3]);
  if (crc16Ccitt(data, 0xabcd1234) !== crc16Ccitt(data, 0x1234)) throw new Error("masked");
});

Deno.test("crc32Edc() and crc32Ieee() return init unchanged on empty input", () => {
  for (const init of [0, 1, 0x80000000, 0xffffffff]) {
    if (crc32Edc(new Uint8Array(), init) !== init) throw new Error(`edc ${init}`);
    if (crc32Ieee(new Uint8Array(), init) !== init) throw new Error(`ieee ${init}`);
  }
});

Deno.test("crc32Edc() reads a view of the core's own memory correctly", () => {
  const base = ensureWorkArea(4096);
  const inside = bytes().subarray(base + 2048, base + 4096).map((_, i) => i & 0xff);
  bytes().set(inside, base + 2048);
  const copy = inside.slice();
  if (crc32Edc(bytes().subarray(base + 2048, base + 4096)) !== crc32Edc(copy)) {
    throw new Error("aliasing");
  }
});
