/**
 * Burns of trees large enough that the data area gets its read-ahead thread (more than
 * THREAD_ABOVE files, a file larger than the window): the files reach the drive through
 * shared memory, and the disc is read back file for file by xorriso, pycdlib, isoinfo and
 * 7-Zip (ISO 9660, Joliet, Rock Ridge) and by udfclient, libudfread and 7-Zip (UDF). A file that changes under the thread stops the burn, naming it.
 */

import { burn } from "../../src/recorder/burn.ts";
import { BurnCancelledError, BurnError } from "../../src/recorder/recorder_errors.ts";
import { InvalidInputError } from "../../src/model/errors.ts";
import { THREAD_ABOVE, WINDOW_BYTES } from "../../ffi/linux/data_area_writer.ts";
import { checkImage } from "../_helpers/check_image.ts";
import { pseudoRandomBytes, put } from "../_helpers/fixture_tree.ts";
import { assertSameTree, folderTree } from "../_helpers/tree.ts";
import {
  sevenZipUdfTree,
  udfclientScope,
  udfclientTree,
  udfreadScope,
  udfreadView,
} from "../_helpers/udf_readers.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { masterFor, tempRecorder } from "./_virtual.ts";

const FILES = THREAD_ABOVE.files + 200;

async function manyFiles(dir: string): Promise<void> {
  for (let i = 0; i < FILES; i++) {
    await put(dir, `d${i % 40}/f${i}.dat`, pseudoRandomBytes((i * 389) % 6000, i));
  }
  await put(dir, "big/large.bin", pseudoRandomBytes(WINDOW_BYTES * 2 + 12345, 4242));
}

type TempRecorder = Awaited<ReturnType<typeof tempRecorder>>;

/** Run `fn` with a folder of {@linkcode manyFiles} and a virtual recorder, both removed after. */
async function withManyFiles(
  media: Parameters<typeof tempRecorder>[0],
  fn: (src: string, t: TempRecorder) => Promise<void>,
): Promise<void> {
  const src = await Deno.makeTempDir();
  const t = await tempRecorder(media);
  try {
    await manyFiles(src);
    await fn(src, t);
  } finally {
    await t.cleanup();
    await Deno.remove(src, { recursive: true });
  }
}

for (const media of ["dvd+r", "bd-re"] as const) {
  Deno.test(
    `burn() ${media}: ${FILES} files and one larger than the read-ahead window, read back by every reader`,
    () =>
      withManyFiles(media, async (src, t) => {
        const mediaClass = media === "dvd+r" ? "dvd" : "bd";
        const image = await masterFor(src, mediaClass);
        const result = await burn(t.recorder, image, { verify: "full" });
        if (result.verify?.sectorsChecked !== image.sectors) throw new Error("not fully verified");
        await t.recorder.close();
        const expected = await folderTree(src);
        await checkImage(
          t.path,
          expected,
          image,
          { isoLevel: 3, joliet: true, rockRidge: true, udfMetadataPartition: mediaClass === "bd" },
          src,
        );
        // The UDF view (1.02 on DVD, 2.50 with a metadata partition on BD), file by file.
        const client = udfclientScope(expected, await udfclientTree(t.path));
        assertSameTree(client.expected, client.actual, `udfclient (${media})`);
        const lib = udfreadScope(expected, await udfreadView(t.path));
        assertSameTree(lib.expected, lib.actual, `libudfread (${media})`);
        const seven = await sevenZipUdfTree(t.path);
        assertSameTree(await folderTree(src, false), seven, `7-Zip UDF (${media})`);
      }),
  );
}

Deno.test("burn() with read-ahead: a file that shrank stops the burn, naming it; the disc is reported", () =>
  withManyFiles("dvd+r", async (src, t) => {
    const image = await masterFor(src, "dvd");
    // Late in image order: the thread finds it after many sectors went to the drive.
    await Deno.writeTextFile(`${src}/d39/f${FILES - 1}.dat`, "short");
    const err = await expectError(
      burn(t.recorder, image),
      BurnError,
      `f${FILES - 1}.dat`,
      "changed size while the image was written",
      "found 5 bytes (it shrank)",
      "the disc is now DVD+R, ",
    );
    if (!(err.cause instanceof InvalidInputError)) throw new Error(`cause ${err.cause}`);
    const state = await t.recorder.mediaState();
    if (!err.message.includes(`the disc is now DVD+R, ${state.status}`)) {
      throw new Error(`message names another state than ${state.status}: ${err.message}`);
    }
  }));

Deno.test("burn() with read-ahead cancelled in the data area stops the thread; the disc is appendable and takes the next burn", () =>
  withManyFiles("dvd+r", async (src, t) => {
    const image = await masterFor(src, "dvd");
    // Past the metadata (about 1,300 sectors here), in the files the thread reads ahead.
    const at = Math.floor(image.sectors / 2);
    const ac = new AbortController();
    const burning = burn(t.recorder, image, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.action === "writing" && p.sectorsDone >= at) ac.abort(new Error("stop"));
      },
    });
    // burn() settles only once the data-area job has (its abort waits for the thread): a
    // thread that ignored the stop would keep it pending.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error("the cancelled burn did not end in 30 s: its thread runs on")),
        30_000,
      );
    });
    const err = await expectError(
      Promise.race([burning, deadline]).finally(() => clearTimeout(timer)),
      BurnCancelledError,
      "The burn was cancelled after",
      "the disc is now DVD+R, appendable",
    );
    if (err.sectorsWritten < at || err.sectorsWritten >= image.sectors) {
      throw new Error(`written ${err.sectorsWritten} of ${image.sectors}`);
    }
    const reopened = await (await t.reopen()).mediaState();
    if (reopened.status !== "appendable" || !reopened.writable) {
      throw new Error(`reopened: ${reopened.status} ${reopened.notWritableReason}`);
    }
    const again = await burn(t.recorder, await masterFor(src, "dvd"), { verify: "full" });
    if (again.startLba !== reopened.nextWritableAddress) {
      throw new Error(`second burn at ${again.startLba}, not ${reopened.nextWritableAddress}`);
    }
  }));
