import { quickSampleSectors } from "../../src/recorder/verify_sample.ts";

Deno.test("quickSampleSectors() first, last, descriptors 16-31 and a spread, sorted and distinct", () => {
  const s = quickSampleSectors(100_000);
  if (s[0] !== 0 || s.at(-1) !== 99_999) throw new Error("ends");
  for (let i = 16; i <= 31; i++) if (!s.includes(i)) throw new Error(`descriptor ${i}`);
  if (new Set(s).size !== s.length || s.some((x, i) => i > 0 && x <= s[i - 1]!)) {
    throw new Error("order");
  }
  // One sample in each of 32 stretches of 3125 sectors.
  for (let i = 0; i < 32; i++) {
    if (!s.some((x) => x >= i * 3125 && x < (i + 1) * 3125)) throw new Error(`stretch ${i}`);
  }
  if (quickSampleSectors(100_000).join() !== s.join()) throw new Error("not repeatable");
});

Deno.test("quickSampleSectors() small images stay in range", () => {
  if (quickSampleSectors(1).join() !== "0") throw new Error("1");
  const s = quickSampleSectors(20);
  if (s.some((x) => x < 0 || x >= 20)) throw new Error(s.join());
  if (quickSampleSectors(0).length !== 0) throw new Error("0");
});
