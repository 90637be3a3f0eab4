import { ProgressClock } from "../../src/recorder/progress_clock.ts";

Deno.test("ProgressClock estimates from the nominal speed first, then from the measured rate", () => {
  let t = 1000;
  const clock = new ProgressClock(10_000, { now: () => t, nominalSectorsPerSecond: 1000 });
  if (clock.update(0) !== 10_000) throw new Error("nominal");
  t += 1000;
  // 500 sectors in 1 s: 9500 left at 0.5 per ms.
  if (clock.update(500) !== 19_000) throw new Error("measured");
  if (clock.elapsedMs() !== 1000) throw new Error("elapsed");
  t += 1000;
  if (clock.update(10_000) !== 0) throw new Error("done");
});

Deno.test("ProgressClock follows a rate change within its window", () => {
  let t = 0;
  const clock = new ProgressClock(100_000, { now: () => t, windowMs: 2000 });
  if (clock.update(0) !== undefined) throw new Error("no estimate without a rate");
  for (let i = 1; i <= 10; i++) {
    t = i * 1000;
    clock.update(i * 100); // slow: 0.1 per ms
  }
  for (let i = 11; i <= 20; i++) {
    t = i * 1000;
    clock.update(1000 + (i - 10) * 1000); // fast: 1 per ms
  }
  const left = clock.update(11_000)!;
  if (Math.abs(left - 89_000) > 1) throw new Error(String(left));
});
