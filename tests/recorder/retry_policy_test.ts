import { decideRetry, RETRY_LIMITS } from "../../src/recorder/retry_policy.ts";
import type { SenseCategory } from "../../src/mmc/sense.ts";

const ALL: SenseCategory[] = [
  "none",
  "recovered",
  "not-ready-retry",
  "becoming-ready",
  "long-write-in-progress",
  "start-required",
  "manual-intervention",
  "no-medium",
  "unit-attention",
  "medium-error",
  "hardware-error",
  "illegal-request",
  "invalid-address",
  "no-space",
  "write-protected",
  "incompatible-medium",
  "removal-prevented",
  "command-sequence",
  "blank-check",
  "aborted-retry",
  "other",
];

Deno.test("decideRetry() never retries a medium error, a hardware error or a protection failure", () => {
  for (
    const c of [
      "medium-error",
      "hardware-error",
      "write-protected",
      "no-space",
      "invalid-address",
      "no-medium",
      "illegal-request",
      "blank-check",
      "other",
    ] as const
  ) {
    for (const kind of ["write", "close", "other"] as const) {
      const d = decideRetry(c, 1, kind);
      if (d.outcome !== "fail") throw new Error(`${c} ${kind}: ${d.outcome}`);
    }
  }
});

Deno.test("decideRetry() recovered errors count as success", () => {
  if (decideRetry("recovered", 1, "write").outcome !== "success") throw new Error();
});

Deno.test("decideRetry() 2/04/08 on WRITE waits for the buffer and retries the same command", () => {
  const d = decideRetry("long-write-in-progress", 1, "write");
  if (d.outcome !== "retry" || d.action !== "wait-for-buffer") throw new Error(JSON.stringify(d));
});

Deno.test("decideRetry() unit attention re-reads the disc state; command sequence flushes first", () => {
  if (decideRetry("unit-attention", 1, "write").action !== "re-read-state") throw new Error("UA");
  if (decideRetry("command-sequence", 1, "write").action !== "synchronize-cache") {
    throw new Error("2C");
  }
  if (decideRetry("start-required", 1, "other").action !== "start-unit") throw new Error("04/02");
});

Deno.test("decideRetry() not-ready bursts back off and are bounded", () => {
  const delays = [1, 2, 3, 10].map((a) => decideRetry("not-ready-retry", a, "write").delayMs);
  if (delays.join() !== "100,200,300,500") throw new Error(delays.join());
  const last = decideRetry("not-ready-retry", 21, "write");
  if (last.outcome !== "fail" || last.reason !== "gave up after 20 retries") {
    throw new Error(JSON.stringify(last));
  }
});

Deno.test("decideRetry() every category and kind is bounded: retries end within the limit", () => {
  for (const c of [...ALL, "status" as const]) {
    for (const kind of ["write", "close", "other"] as const) {
      const max = RETRY_LIMITS[c]?.[kind]?.attempts ?? 0;
      if (max > 1000) throw new Error(`${c} ${kind} allows ${max}`);
      const d = decideRetry(c, max + 1, kind);
      if (d.outcome === "retry") throw new Error(`${c} ${kind} retries past ${max}`);
    }
  }
});
