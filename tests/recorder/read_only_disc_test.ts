/**
 * Discs the drive shows in a read-only profile: a pressed CD-ROM, DVD-ROM or BD-ROM, and a
 * burned write-once disc that the drive shows as read-only media once it is closed (quirk
 * `close-shows-rom`: tgt's MMC recorder turns a DVD+R into a DVD-ROM at CLOSE TRACK, see
 * tests/guest/TGT_FINDINGS.md; reader drives show closed discs so too). Nothing can be
 * written to them, but `mediaState()` lists what is recorded, `verify()` reads them back,
 * and a burn whose disc turns read-only at its close step verifies, reports the disc as
 * closed and warns when it was meant to stay appendable.
 */

import { burn } from "../../src/recorder/burn.ts";
import { UnsuitableMediaError, VerifyError } from "../../src/recorder/recorder_errors.ts";
import { verify } from "../../src/recorder/verify.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { makeRandomTree } from "../_helpers/fixture_tree.ts";
import { masterFor, tempRecorder } from "./_virtual.ts";
import type { MediaClass } from "../../src/model/media_defaults.ts";

const source = await makeRandomTree(5);

function eq(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}\nexpected ${e}\n  actual ${a}`);
}

const WRITE_ONCE: readonly { media: string; mediaClass: MediaClass; rom: string }[] = [
  { media: "cd-r", mediaClass: "cd", rom: "cd-rom" },
  { media: "dvd-r", mediaClass: "dvd", rom: "dvd-rom" },
  { media: "dvd+r", mediaClass: "dvd", rom: "dvd-rom" },
  { media: "dvd+r-dl", mediaClass: "dvd", rom: "dvd-rom" },
  { media: "bd-r", mediaClass: "bd", rom: "bd-rom" },
];

for (const m of WRITE_ONCE) {
  for (const close of [false, true]) {
    Deno.test(
      `burn() ${m.media}${
        close ? " with close" : ""
      } on a drive that shows it as a ${m.rom} once closed: verified in full, closed${
        close ? "" : ", with a warning"
      }`,
      async () => {
        const t = await tempRecorder(m.media, "quirks=close-shows-rom");
        try {
          const image = await masterFor(source, m.mediaClass);
          const result = await burn(t.recorder, image, { close, verify: "full" });
          eq(
            [
              result.closed,
              result.stateAfter.media,
              result.stateAfter.writable,
              result.verify?.sectorsChecked,
            ],
            [true, m.rom, false, image.sectors],
            "result",
          );
          const warned = result.warnings.filter((w) =>
            w.includes(`the drive now shows the disc as a ${m.rom.toUpperCase()}`) &&
            w.includes("no further session can be added")
          );
          eq(warned.length, close ? 0 : 1, `warnings ${JSON.stringify(result.warnings)}`);
          const after = result.stateAfter;
          if (after.totalSectors < result.sectorsWritten || after.tracks.length !== 1) {
            throw new Error(`state after: ${JSON.stringify(after)}`);
          }
          // The state persists: reopened, the disc still reads back and refuses another burn.
          const again = await t.reopen();
          await verify(again, image, { level: "full" });
          await expectError(
            burn(again, image),
            UnsuitableMediaError,
            `a ${m.rom.toUpperCase()} is pressed, read-only media`,
          );
        } finally {
          await t.cleanup();
        }
      },
    );
  }
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

for (const [rom, mediaClass] of [["cd-rom", "cd"], ["dvd-rom", "dvd"], ["bd-rom", "bd"]] as const) {
  Deno.test(`verify() reads a pressed ${rom} back against its image; mediaState() lists its one track`, async () => {
    const image = await masterFor(source, mediaClass);
    const bytes = await bytesOf(image.stream());
    const t = await tempRecorder(rom, "", bytes);
    try {
      const state = await t.recorder.mediaState();
      eq(
        [state.status, state.media, state.totalSectors, state.sessions, state.lastSessionStart],
        ["unsupported", rom, image.sectors, 1, 0],
        "state",
      );
      eq(
        state.tracks,
        [{ number: 1, session: 1, start: 0, sectors: image.sectors, open: false }],
        "tracks",
      );
      const full = await verify(t.recorder, image, { level: "full" });
      eq([full.sectorsChecked, full.startLba], [image.sectors, 0], "full");
      // Another image of the same size differs from the disc: found at its first sector.
      const other = await masterFor(source, mediaClass, "OTHER");
      if (other.sectors !== image.sectors) throw new Error("the other image's size differs");
      await expectError(
        verify(t.recorder, other, { level: "full" }),
        VerifyError,
        "what the disc holds differs from the image",
      );
    } finally {
      await t.cleanup();
    }
  });
}

addEventListener("unload", () => Deno.removeSync(source, { recursive: true }));
