/**
 * Bad input: each case is refused with a clear error before anything is written, and the
 * disc's user-data file is left as it was.
 */

import { burn } from "../../src/recorder/burn.ts";
import { openDrive } from "../../src/recorder/open_drive.ts";
import {
  BurnError,
  NotEnoughSpaceError,
  UnsuitableMediaError,
} from "../../src/recorder/recorder_errors.ts";
import { InvalidInputError } from "../../src/model/errors.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { masterFor, tempRecorder } from "./_virtual.ts";
import { put } from "../_helpers/fixture_tree.ts";

const folder = await Deno.makeTempDir();
await put(folder, "a.txt", "hello\n");

/** A stream of `sectors` zero sectors (no data is read unless the burn starts writing). */
function zeros(sectors: number) {
  let read = false;
  return {
    size: sectors * 2048,
    get read() {
      return read;
    },
    stream: () =>
      new ReadableStream<Uint8Array>({
        pull(c) {
          read = true;
          c.enqueue(new Uint8Array(2048));
        },
      }),
  };
}

async function fileBytes(path: string): Promise<string> {
  try {
    const b = await Deno.readFile(path);
    return `${b.length}:${b.reduce((h, x, i) => (h * 31 + x + i) >>> 0, 7)}`;
  } catch {
    return "none";
  }
}

Deno.test("burn() an image larger than the free space names needed and free sectors; nothing written", async () => {
  const t = await tempRecorder("cd-r");
  try {
    const before = await fileBytes(t.path);
    const big = zeros(359_848);
    const err = await expectError(
      burn(t.recorder, big),
      NotEnoughSpaceError,
      "Cannot burn: the image needs 359848 sectors",
      "the CD-R has 359847 free",
      "nothing was written",
    );
    if (err.neededSectors !== 359_848 || err.freeSectors !== 359_847) throw new Error("fields");
    if (big.read) throw new Error("the image was read");
    if ((await fileBytes(t.path)) !== before) throw new Error("the disc changed");
    if ((await t.recorder.mediaState()).status !== "blank") throw new Error("not blank");
  } finally {
    await t.cleanup();
  }
});

Deno.test("burn() the second session larger than what is left after the first", async () => {
  const t = await tempRecorder("dvd+r");
  try {
    await burn(t.recorder, await masterFor(folder, "dvd"));
    const state = await t.recorder.mediaState();
    await expectError(
      burn(t.recorder, zeros(state.freeSectors + 1)),
      NotEnoughSpaceError,
      `the DVD+R has ${state.freeSectors} free`,
    );
  } finally {
    await t.cleanup();
  }
});

Deno.test("burn() a closed disc: finalized write-once media, and rewritable media that need an erase", async () => {
  for (const [media, needle] of [["dvd+r", "finalized"], ["cd-rw", "erase it first"]] as const) {
    const t = await tempRecorder(media);
    try {
      await burn(t.recorder, await masterFor(folder, media === "cd-rw" ? "cd" : "dvd"), {
        close: true,
      });
      const before = await fileBytes(t.path);
      await expectError(
        burn(t.recorder, zeros(400)),
        UnsuitableMediaError,
        `Cannot burn: the ${media.toUpperCase()} is closed`,
        needle,
      );
      if ((await fileBytes(t.path)) !== before) throw new Error("the disc changed");
    } finally {
      await t.cleanup();
    }
  }
});

Deno.test("burn() write-protected media: refused, nothing written", async () => {
  for (const media of ["dvd+r", "bd-re", "cd-rw"]) {
    const t = await tempRecorder(media, "wp=1");
    try {
      const before = await fileBytes(t.path);
      await expectError(
        burn(t.recorder, zeros(400)),
        UnsuitableMediaError,
        `the ${media.toUpperCase()} is write-protected`,
        "nothing was written",
      );
      if ((await fileBytes(t.path)) !== before) throw new Error(`${media}: the disc changed`);
    } finally {
      await t.cleanup();
    }
  }
});

const pressed = new Uint8Array(64 * 2048).fill(0x55);

Deno.test("burn() pressed media (CD-ROM, DVD-ROM, BD-ROM) and an empty drive are refused", async () => {
  for (
    const [media, needle] of [
      ["cd-rom", "a CD-ROM is pressed, read-only media"],
      ["dvd-rom", "a DVD-ROM is pressed, read-only media"],
      ["bd-rom", "a BD-ROM is pressed, read-only media"],
      ["none", "there is no disc"],
    ]
  ) {
    const t = await tempRecorder(media!, "", media === "none" ? undefined : pressed);
    try {
      const z = zeros(100);
      const err = await expectError(
        burn(t.recorder, z),
        UnsuitableMediaError,
        `Cannot burn: ${needle}`,
      );
      if (z.read || !err.state) throw new Error(media);
    } finally {
      await t.cleanup();
    }
  }
});

Deno.test("openDrive() an unknown drive spec, and a bad virtual spec, are input errors", async () => {
  await expectError(
    openDrive("sr0"),
    InvalidInputError,
    'Cannot open drive "sr0": not a drive spec',
  );
  await expectError(openDrive("virtual:/tmp/x.img?media=floppy"), InvalidInputError, "floppy");
});

Deno.test("burn() an image whose size is not whole sectors, a bad speed, a full verify of a one-shot stream", async () => {
  const t = await tempRecorder("dvd+r");
  try {
    await expectError(
      burn(t.recorder, { size: 1000, stream: () => new ReadableStream() }),
      InvalidInputError,
      "(1000 bytes) is not a whole, non-zero number of 2048-byte sectors",
    );
    await expectError(
      burn(t.recorder, zeros(10), { speed: "fast" }),
      InvalidInputError,
      "Cannot use speed",
    );
    await expectError(
      burn(t.recorder, { size: 2048, stream: new ReadableStream() }, { verify: "full" }),
      InvalidInputError,
      "one-shot stream",
    );
    if ((await t.recorder.mediaState()).status !== "blank") throw new Error("written");
  } finally {
    await t.cleanup();
  }
});

Deno.test("burn() a stream that ends early stops, naming the byte counts, with the disc flushed and usable", async () => {
  const t = await tempRecorder("dvd+rw");
  try {
    const short = {
      size: 64 * 2048,
      stream: () =>
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new Uint8Array(20 * 2048));
            c.close();
          },
        }),
    };
    const err = await expectError(
      burn(t.recorder, short),
      BurnError,
      "Cannot burn the image: its stream ended after 40960 of 131072 bytes",
      "the burn stopped after 16 of 64 sectors",
      "the disc is now DVD+RW, overwritable",
    );
    if (!(err.cause instanceof InvalidInputError)) throw new Error("cause");
  } finally {
    await t.cleanup();
  }
});

Deno.test("burn() a mastered tree whose source shrank after mastering stops, naming the file; the disc is reported", async () => {
  const src = await Deno.makeTempDir();
  const t = await tempRecorder("bd-r");
  try {
    await put(src, "first.bin", "x".repeat(300_000));
    await put(src, "second.bin", "y".repeat(300_000));
    const image = await masterFor(src, "bd");
    await Deno.writeTextFile(`${src}/second.bin`, "short");
    const err = await expectError(
      burn(t.recorder, image),
      BurnError,
      "second.bin",
      "changed size while the image was written (planned 300000 bytes, found 5 bytes (it shrank))",
      "the disc is now BD-R, ",
    );
    if (!(err.cause instanceof InvalidInputError)) throw new Error(`cause ${err.cause}`);
    // A read-ahead thread may find the change before any sector is written
    // (the disc stays blank) or after some are (appendable); either way the
    // message must say the state the drive then reports.
    const state = await t.recorder.mediaState();
    if (state.status !== "appendable" && state.status !== "blank") {
      throw new Error(`state ${state.status}`);
    }
    if (!err.message.includes(`the disc is now BD-R, ${state.status}`)) {
      throw new Error(`message names another state than ${state.status}: ${err.message}`);
    }
  } finally {
    await t.cleanup();
    await Deno.remove(src, { recursive: true });
  }
});

addEventListener("unload", () => Deno.removeSync(folder, { recursive: true }));
