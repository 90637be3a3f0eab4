import { SENSE } from "../../../ffi/virtual/sense_error.ts";
import { type Clock, TimeModel } from "../../../ffi/virtual/timing_model.ts";
import { assertEquals } from "../../_helpers/assert.ts";

/** A clock the test moves by hand. */
function manualClock(): Clock & { advance(ms: number): void } {
  let t = 0;
  return {
    now: () => t,
    sleep: (ms) => Promise.resolve(void (t += ms)),
    advance: (ms) => void (t += ms),
  };
}

Deno.test("TimeModel buffer fills with writes and drains at the write speed", () => {
  const clock = manualClock();
  const m = new TimeModel(clock, 1, 1_000_000);
  m.setWriteSpeed(5540); // 4x DVD: 5540 bytes per ms
  m.accept(600_000);
  assertEquals(m.bufferFill, 600_000);
  clock.advance(100);
  assertEquals(m.bufferFill, 600_000 - 554_000);
  m.accept(1_000_000);
  assertEquals(m.bufferFill, 1_000_000); // clamped to the buffer size
  assertEquals(m.waitForRoom(5540), 1); // one ms drains the room needed
  assertEquals(m.flushTime(), 1_000_000 / 5540);
});

Deno.test("TimeModel scale 0.5 doubles the drain; scale 0 keeps the buffer empty", () => {
  const clock = manualClock();
  const half = new TimeModel(clock, 0.5, 1_000_000);
  half.setWriteSpeed(1000);
  half.accept(100_000);
  clock.advance(10);
  assertEquals(half.bufferFill, 80_000);
  const instant = new TimeModel(clock, 0, 1_000_000);
  instant.setWriteSpeed(1000);
  instant.accept(100_000);
  assertEquals([instant.bufferFill, instant.waitForRoom(2_000_000), instant.flushTime()], [
    0,
    0,
    0,
  ]);
});

Deno.test("TimeModel long operation: busy until its time is up and one poll was answered", () => {
  const clock = manualClock();
  const m = new TimeModel(clock, 1, 1 << 20);
  let done = 0;
  m.start("BLANK", SENSE.operationInProgress, 1000, () => done++);
  assertEquals(m.operation?.name, "BLANK");
  clock.advance(500);
  assertEquals(m.progress(), 32768);
  clock.advance(600);
  assertEquals(m.operation?.name, "BLANK"); // time is up but nobody polled yet
  m.polled();
  assertEquals([m.operation, done], [undefined, 1]);
});

Deno.test("TimeModel at scale 0 still answers busy once", () => {
  const m = new TimeModel(manualClock(), 0, 1 << 20);
  let done = false;
  m.start("FORMAT UNIT", SENSE.formatInProgress, 3_600_000, () => (done = true));
  assertEquals(m.operation?.busy.ascq, 4);
  m.polled();
  assertEquals([m.operation, done], [undefined, true]);
});
