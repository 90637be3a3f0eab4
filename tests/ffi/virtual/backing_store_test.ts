/**
 * The virtual disc's data file, written the way WRITE commands write it: gathered, and past
 * `THREAD_AFTER` bytes recorded on the recording thread. Every read, size, zeroing and
 * truncation must see what was written before it, in order, and a write the thread could
 * not make must be reported, naming the file.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { BackingStore, DATA_BLOCK, THREAD_AFTER } from "../../../ffi/virtual/backing_store.ts";
import { RecordingThread } from "../../../ffi/virtual/recording_thread.ts";
import { ImageWriteError } from "../../../src/model/errors.ts";
import { pseudoRandomBytes } from "../../_helpers/fixture_tree.ts";
import { assertSameBytes } from "../../_helpers/assert.ts";

async function withDir(fn: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "kiln-store-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The expected file: a model the writes are applied to as well. */
class Model {
  bytes = new Uint8Array(0);
  write(lba: number, data: Uint8Array): void {
    const end = lba * DATA_BLOCK + data.length;
    if (end > this.bytes.length) {
      const grown = new Uint8Array(end);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(data, lba * DATA_BLOCK);
  }
}

Deno.test("BackingStore past THREAD_AFTER: reads, sizes, zeroing and truncation see every write, in order", async () => {
  await withDir((dir) => {
    const path = join(dir, "disc.img");
    const store = BackingStore.open(path);
    const model = new Model();
    const put = (lba: number, blocks: number, seed: number) => {
      const data = pseudoRandomBytes(blocks * DATA_BLOCK, seed);
      store.write(lba, data);
      model.write(lba, data);
    };
    try {
      // 64 KiB WRITEs, as a BD burn sends them, well past the point where the thread starts.
      const first = (THREAD_AFTER / DATA_BLOCK) * 3;
      for (let lba = 0; lba < first; lba += 32) put(lba, 32, lba);
      // A long write (several buffers at once), one that does not continue the last, and
      // single blocks.
      put(first, 1500, 1);
      put(100, 700, 2);
      for (let i = 0; i < 40; i++) put(first + 1500 + i, 1, 100 + i);
      // A read sees all of it.
      const back = new Uint8Array(3000 * DATA_BLOCK);
      store.read(50, back);
      assertSameBytes(back, model.bytes.subarray(50 * DATA_BLOCK, 3050 * DATA_BLOCK), "read");
      assert.equal(store.bytes, model.bytes.length);
      // Lost blocks inside the file, then a cut; then more writes after both.
      store.zero(200, 64);
      model.bytes.fill(0, 200 * DATA_BLOCK, 264 * DATA_BLOCK);
      put(230, 16, 3);
      store.truncate(first + 10);
      model.bytes = model.bytes.slice(0, (first + 10) * DATA_BLOCK);
      for (let lba = first + 10; lba < first + 10 + 2048; lba += 32) put(lba, 32, 7 + lba);
      store.sync();
    } finally {
      store.close();
    }
    assertSameBytes(Deno.readFileSync(path), model.bytes, "data file");
  });
});

Deno.test("BackingStore: a write the recording thread cannot make is reported, naming the file", async () => {
  await withDir((dir) => {
    const path = join(dir, "disc.img");
    const store = BackingStore.open(path);
    // The thread opens the file by its path when it starts: make that fail.
    Deno.removeSync(path);
    Deno.mkdirSync(path);
    const chunk = new Uint8Array(32 * DATA_BLOCK);
    assert.throws(
      () => {
        try {
          for (let lba = 0; lba < (THREAD_AFTER / DATA_BLOCK) * 2; lba += 32) {
            store.write(lba, chunk);
          }
          store.sync();
        } finally {
          store.close();
        }
      },
      (err: unknown) => {
        assert.ok(err instanceof ImageWriteError, String(err));
        assert.match(err.message, /Cannot write \d+ bytes at offset \d+ of .*disc\.img: /);
        assert.equal(err.path, path);
        return true;
      },
    );
  });
});

Deno.test("RecordingThread: a thread that writes nothing for its stall time is reported, not waited on forever", async () => {
  await withDir(async (dir) => {
    // Opening a FIFO to write blocks until a reader comes: the thread is stuck in open(2).
    const fifo = join(dir, "disc.img");
    const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    assert.ok(made.success, "mkfifo");
    const thread = new RecordingThread(fifo, 4096, 300);
    thread.slot();
    thread.submit(0, 2048);
    assert.throws(() => thread.settle(), (err: unknown) => {
      assert.ok(err instanceof ImageWriteError, String(err));
      assert.match(err.message, /disc\.img: its recording thread wrote nothing for 0\.3 s/);
      return true;
    });
    // A reader lets the thread go on; a FIFO cannot seek, so its write fails, and the
    // failure is what close() reports.
    const reader = Deno.openSync(fifo, { read: true });
    try {
      assert.throws(() => thread.close(), (err: unknown) => {
        assert.ok(err instanceof ImageWriteError, String(err));
        assert.match(err.message, /Cannot write 2048 bytes at offset 0 of .*disc\.img: /);
        return true;
      });
    } finally {
      reader.close();
    }
  });
});
