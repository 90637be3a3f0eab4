import { ContinuationAllocator, splitSystemUse } from "../../src/layout/system_use.ts";

const entry = (n: number) => new Uint8Array(n);

Deno.test("splitSystemUse() keeps everything inline when it fits", () => {
  const s = splitSystemUse([entry(100), entry(50)], 150);
  if (s.areas.length !== 0 || s.inlineLength !== 150) {
    throw new Error(JSON.stringify(s.areaLengths));
  }
});

Deno.test("splitSystemUse() moves the overflow behind a CE and reserves its 28 bytes", () => {
  const s = splitSystemUse([entry(100), entry(50), entry(40)], 180);
  if (s.inline.length !== 2 || s.inlineLength !== 178) throw new Error(`inline ${s.inlineLength}`);
  if (s.areas.length !== 1 || s.areaLengths[0] !== 40) {
    throw new Error(JSON.stringify(s.areaLengths));
  }
});

Deno.test("splitSystemUse() chains areas so none exceeds a block", () => {
  const entries = Array.from({ length: 40 }, () => entry(250));
  const s = splitSystemUse(entries, 100);
  let count = s.inline.length;
  for (const [i, area] of s.areas.entries()) {
    count += area.length;
    const len = area.reduce((n, e) => n + e.length, 0) + (i + 1 < s.areas.length ? 28 : 0);
    if (len !== s.areaLengths[i] || len > 2048) throw new Error(`area ${i}: ${len}`);
  }
  if (count !== 40 || s.areas.length < 5) {
    throw new Error(`${count} entries in ${s.areas.length} areas`);
  }
});

Deno.test("ContinuationAllocator never lets an area cross a block boundary", () => {
  const a = new ContinuationAllocator();
  for (const len of [2000, 100, 2048, 1, 1]) a.allocate(len);
  const p = a.positions;
  if (JSON.stringify(p.map((x) => [x.block, x.offset])) !== "[[0,0],[1,0],[2,0],[3,0],[3,1]]") {
    throw new Error(JSON.stringify(p));
  }
  if (a.blocks !== 4) throw new Error(String(a.blocks));
});
