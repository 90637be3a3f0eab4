/**
 * Full burns on every virtual medium: a real folder (the feature tree: unicode and long
 * names, symlinks, modes, a deep tree, a 3 MiB file) mastered with the media class's
 * default file systems, burned, verified in full by read-back, and the disc's user-data
 * file read by xorriso, pycdlib, isoinfo and 7-Zip file for file (check_image.ts). The disc
 * state afterwards follows `close`: appendable media stay appendable unless closed,
 * overwritable media stay overwritable.
 */

import { burn } from "../../src/recorder/burn.ts";
import { checkImage } from "../_helpers/check_image.ts";
import { makeFeatureTree } from "../_helpers/fixture_tree.ts";
import { folderTree } from "../_helpers/tree.ts";
import { masterFor, MEDIA, tempRecorder } from "./_virtual.ts";

const source = await makeFeatureTree();
const expected = await folderTree(source);

for (const [i, m] of MEDIA.entries()) {
  // Alternate close so that each family is burned both ways across the list.
  const close = i % 2 === 0;
  Deno.test(
    `burn() ${m.media}${close ? " with close" : ""}: readers see the folder, the disc is ${
      m.appendable ? (close ? "closed" : "appendable") : "overwritable"
    }`,
    async () => {
      const t = await tempRecorder(m.media);
      try {
        const before = await t.recorder.mediaState();
        const image = await masterFor(source, m.mediaClass);
        const result = await burn(t.recorder, image, { close, verify: "full" });
        const want = m.appendable ? (close ? "closed" : "appendable") : "overwritable";
        if (result.stateAfter.status !== want) {
          throw new Error(`state ${result.stateAfter.status}, want ${want}`);
        }
        if (result.startLba !== 0 || result.imageSectors !== image.sectors) {
          throw new Error("placement");
        }
        if (result.sectorsWritten < image.sectors) throw new Error("short");
        if (result.verify?.sectorsChecked !== image.sectors) throw new Error("not fully verified");
        if (result.closed !== (want === "closed")) throw new Error("closed flag");
        if (m.appendable && result.stateAfter.sessions !== 1) throw new Error("sessions");
        if (m.appendable && !close) {
          const nwa = result.stateAfter.nextWritableAddress;
          if (nwa === undefined || nwa < result.sectorsWritten) throw new Error(`NWA ${nwa}`);
          const free = result.stateAfter.freeSectors;
          if (free >= before.freeSectors || free <= 0) throw new Error(`free ${free}`);
        }
        await t.recorder.close();
        await checkImage(
          t.path,
          expected,
          image,
          // BD: UDF 2.50 with a metadata partition (mediaDefaults), which pycdlib cannot open
          {
            isoLevel: 3,
            joliet: true,
            rockRidge: true,
            udfMetadataPartition: m.mediaClass === "bd",
          },
          source,
        );
      } finally {
        await t.cleanup();
      }
    },
  );
}

Deno.test("burn() the state after close: true and false, on every appendable medium", async () => {
  const small = await Deno.makeTempDir();
  await Deno.writeTextFile(`${small}/a.txt`, "a\n");
  try {
    for (const m of MEDIA.filter((x) => x.appendable)) {
      for (const close of [false, true]) {
        const t = await tempRecorder(m.media);
        try {
          const r = await burn(t.recorder, await masterFor(small, m.mediaClass), { close });
          const again = await (await t.reopen()).mediaState();
          // DVD-R DL sequential holds one session: it is closed either way.
          const want = close ? "closed" : "appendable";
          if (r.stateAfter.status !== want || again.status !== want) {
            throw new Error(
              `${m.media} close=${close}: ${r.stateAfter.status} / reopened ${again.status}`,
            );
          }
        } finally {
          await t.cleanup();
        }
      }
    }
  } finally {
    await Deno.remove(small, { recursive: true });
  }
});

addEventListener("unload", () => Deno.removeSync(source, { recursive: true }));
