/**
 * The call thread: errno is read on the thread that made the call (worker and inline),
 * a blocking call on the worker leaves the event loop free, memory is shared by address,
 * and a closed thread refuses calls.
 */

import assert from "node:assert/strict";
import { addressOf, openNativeCalls, sharedBytes } from "../../ffi/native_calls.ts";

const TEST_LIBC = {
  path: "libc.so.6",
  symbols: {
    open: { parameters: ["pointer", "i32"], result: "i32" },
    close: { parameters: ["i32"], result: "i32" },
    pipe: { parameters: ["pointer"], result: "i32" },
    read: { parameters: ["i32", "pointer", "usize"], result: "isize" },
    write: { parameters: ["i32", "pointer", "usize"], result: "isize" },
    __errno_location: { parameters: [], result: "pointer" },
  },
  lastError: { kind: "errno-location", symbol: "__errno_location" },
} as const;

const ENOENT = 2;
const EBADF = 9;

for (const thread of ["worker", "inline"] as const) {
  Deno.test({
    name: `openNativeCalls("${thread}") reads each call's own errno right after it`,
    ignore: Deno.build.os !== "linux",
    fn: async () => {
      const calls = openNativeCalls(TEST_LIBC, thread);
      try {
        const path = sharedBytes(64);
        path.set(new TextEncoder().encode("/nonexistent/kiln"));
        for (let i = 0; i < 3; i++) {
          const a = await calls.call("open", addressOf(path), 0);
          assert.deepEqual([a.result, a.error], [-1, ENOENT]);
          const b = await calls.call("close", -1);
          assert.deepEqual([b.result, b.error], [-1, EBADF]);
        }
      } finally {
        calls.close();
      }
    },
  });
}

Deno.test({
  name: 'openNativeCalls("worker") keeps the event loop running while a call blocks',
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    // The worker blocks in read() on an empty pipe; only the main thread can end that, by
    // writing to the pipe, and it can only do so if its event loop still runs.
    const main = openNativeCalls(TEST_LIBC, "inline");
    const worker = openNativeCalls(TEST_LIBC, "worker");
    try {
      const fds = sharedBytes(8);
      assert.equal((await main.call("pipe", addressOf(fds))).result, 0);
      const view = new DataView(fds.buffer);
      const [readFd, writeFd] = [view.getInt32(0, true), view.getInt32(4, true)];
      const buf = sharedBytes(16);
      let settled = false;
      const reading = worker.call("read", readFd, addressOf(buf), 16n).then((r) => {
        settled = true;
        return r;
      });
      let ticks = 0;
      while (ticks < 5) {
        await new Promise((r) => setTimeout(r, 1));
        ticks++;
      }
      assert.equal(settled, false, "read() returned before anything was written");
      const msg = sharedBytes(5);
      msg.set(new TextEncoder().encode("kiln!"));
      assert.equal((await main.call("write", writeFd, addressOf(msg), 5n)).result, 5n);
      const r = await reading;
      assert.equal(r.result, 5n);
      assert.equal(new TextDecoder().decode(buf.subarray(0, 5)), "kiln!");
      await main.call("close", readFd);
      await main.call("close", writeFd);
    } finally {
      worker.close();
      main.close();
    }
  },
});

Deno.test({
  name: "NativeCalls.close() makes later calls reject, for both threads",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    for (const thread of ["worker", "inline"] as const) {
      const calls = openNativeCalls(TEST_LIBC, thread);
      await calls.call("close", -1);
      calls.close();
      calls.close();
      await assert.rejects(calls.call("close", -1), /native call thread is closed/);
    }
  },
});
