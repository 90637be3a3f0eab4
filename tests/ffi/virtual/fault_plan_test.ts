import { InvalidInputError } from "../../../src/model/errors.ts";
import { FaultPlan, noFaults, parseFaultKey } from "../../../ffi/virtual/fault_plan.ts";
import { assertEquals, throws } from "../../_helpers/assert.ts";

function parsed(entries: [string, string][]) {
  const f = noFaults();
  for (const [k, v] of entries) parseFaultKey(f, k, v);
  return f;
}

Deno.test("parseFaultKey() reads every fault key", () => {
  const f = parsed([
    ["senseOnWrite", "3:3/0C/00,7:2/04/08"],
    ["notReady", "2@5:2/04/07"],
    ["mediumError", "100-103,200"],
    ["powerLoss", "9:4"],
  ]);
  assertEquals(f.senseOnWrite.map((s) => [s.write, s.code.key, s.code.asc, s.code.ascq]), [
    [3, 3, 0x0c, 0],
    [7, 2, 4, 8],
  ]);
  assertEquals([f.notReady[0]!.count, f.notReady[0]!.atWrite, f.notReady[0]!.code.ascq], [2, 5, 7]);
  assertEquals(f.mediumErrors, [[100, 103], [200, 200]]);
  assertEquals(f.powerLoss, { write: 9, blocks: 4 });
});

Deno.test("parseFaultKey() names the key and the problem", () => {
  throws(() => parsed([["senseOnWrite", "3"]]), InvalidInputError, "senseOnWrite", "N:K/ASC/ASCQ");
  throws(() => parsed([["senseOnWrite", "3:3/0G/00"]]), InvalidInputError, "3/0G/00");
  throws(() => parsed([["mediumError", "9-3"]]), InvalidInputError, "backwards");
  throws(() => parsed([["notReady", "x"]]), InvalidInputError, "COUNT");
});

Deno.test("FaultPlan fires on exactly the configured WRITE and command", () => {
  const plan = new FaultPlan(
    parsed([["senseOnWrite", "2:3/0C/00"], ["notReady", "2"], ["powerLoss", "4"]]),
  );
  assertEquals([plan.notReadyNow()?.ascq, plan.notReadyNow()?.ascq, plan.notReadyNow()], [
    1,
    1,
    undefined,
  ]);
  assertEquals(plan.onWrite(), {});
  assertEquals(plan.onWrite().sense?.asc, 0x0c);
  assertEquals(plan.onWrite(), {});
  assertEquals(plan.onWrite(), { powerLossBlocks: "half" });
  assertEquals(plan.writes, 4);
});

Deno.test("FaultPlan not-ready burst at a WRITE, bad blocks, programmatic faults", () => {
  const plan = new FaultPlan(parsed([["notReady", "2@2:2/04/08"], ["mediumError", "50-60"]]));
  assertEquals(plan.onWrite(), {});
  assertEquals(plan.onWrite().sense?.ascq, 8);
  assertEquals(plan.notReadyNow()?.ascq, 8);
  assertEquals(plan.notReadyNow(), undefined);
  assertEquals([plan.badBlock(0, 50), plan.badBlock(40, 16), plan.badBlock(55, 100)], [
    undefined,
    50,
    55,
  ]);
  plan.mediumError(10);
  assertEquals(plan.badBlock(0, 16), 10);
  plan.senseOnWrite(plan.writes + 1, { key: 7, asc: 0x27, ascq: 0, text: "x" });
  assertEquals(plan.onWrite().sense?.key, 7);
  plan.clear();
  assertEquals([plan.badBlock(0, 100), plan.onWrite()], [undefined, {}]);
});
