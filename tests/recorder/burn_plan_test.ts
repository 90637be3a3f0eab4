import { CD_MIN_TRACK_SECTORS, planBurn } from "../../src/recorder/burn_plan.ts";
import { classifyMedia } from "../../src/recorder/media_state.ts";
import { NotEnoughSpaceError, UnsuitableMediaError } from "../../src/recorder/recorder_errors.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { appendableFacts, blankFacts, closedFacts, disc } from "./media_facts.ts";

function eq(actual: unknown, expected: unknown, what = ""): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}\nexpected ${e}\n  actual ${a}`);
}

const caps = { incremental: true, trackAtOnce: true };
const fns = (p: ReturnType<typeof planBurn>) => p.closeSteps.map((s) => s.closeFunction);

Deno.test("planBurn() CD-R TAO: page 05 TAO data, 300-block minimum, close session", () => {
  const s = classifyMedia(blankFacts(0x09, 359_847));
  const open = planBurn(s, 100, caps);
  eq([open.recipe, open.writeSectors, open.chunkSectors, open.speedCommand, open.leaves], [
    "tao",
    CD_MIN_TRACK_SECTORS,
    16,
    "set-cd-speed",
    "appendable",
  ]);
  eq(
    [
      open.writeParameters?.writeType,
      open.writeParameters?.multiSession,
      open.writeParameters?.trackMode,
      open.writeParameters?.dataBlockType,
    ],
    [1, 3, 4, 8],
  );
  eq(fns(open), [2]);
  const closed = planBurn(s, 1001, caps, { close: true });
  eq([closed.writeSectors, closed.writeParameters?.multiSession, closed.leaves], [
    1001,
    0,
    "closed",
  ]);
});

Deno.test("planBurn() DVD-R incremental vs DAO after a quick blank", async () => {
  const s = classifyMedia(blankFacts(0x14, 2_295_104, true));
  const inc = planBurn(s, 1000, caps);
  eq([
    inc.writeParameters?.writeType,
    inc.writeParameters?.linkSize,
    inc.writeParameters?.packetSize,
    inc.writeSectors,
  ], [
    0,
    16,
    16,
    1008,
  ]);
  eq(fns(inc), [1, 2]);
  const dao = planBurn(s, 1000, { incremental: false, trackAtOnce: false });
  eq([dao.writeParameters?.writeType, dao.reserveSectors, dao.closeSteps.length, dao.leaves], [
    2,
    1000,
    0,
    "closed",
  ]);
  const appendable = classifyMedia(appendableFacts(0x14, 2_295_104, 5000));
  await expectError(
    () => planBurn(appendable, 10, { incremental: false, trackAtOnce: false }),
    UnsuitableMediaError,
    "DAO needs a blank disc",
  );
});

Deno.test("planBurn() DVD-R DL sequential is single-session: always closed", () => {
  const p = planBurn(classifyMedia(blankFacts(0x15, 4_171_712)), 1000, caps);
  eq([p.writeParameters?.multiSession, p.leaves], [0, "closed"]);
});

Deno.test("planBurn() DVD+R: no page 05, full 32 KiB chunks, close track then session or finalize 101b", () => {
  const s = classifyMedia(blankFacts(0x1b, 2_295_104));
  const p = planBurn(s, 1001, caps);
  eq([p.writeParameters, p.writeSectors, fns(p), p.track, p.leaves], [
    undefined,
    1008,
    [1, 2],
    1,
    "appendable",
  ]);
  eq(fns(planBurn(s, 1001, caps, { close: true })), [1, 5]);
});

Deno.test("planBurn() BD-R: 64 KiB chunks, finalize is 110b", () => {
  const s = classifyMedia(appendableFacts(0x41, 12_219_392, 32_000));
  const p = planBurn(s, 100, caps, { close: true });
  eq([p.chunkSectors, p.writeSectors, p.startLba, p.track, fns(p)], [32, 128, 32_000, 2, [1, 6]]);
});

Deno.test("planBurn() overwritable media start at 0; DVD+RW unformatted is formatted first", () => {
  const plusRw = classifyMedia({
    present: true,
    profile: 0x1a,
    writeProtected: false,
    disc: disc({ erasable: true }),
    tracks: [],
    formatCapacity: { blocks: 2_295_104, type: 1 },
  });
  const p = planBurn(plusRw, 500, caps, { close: true });
  eq([p.startLba, p.format?.restart, fns(p), p.leaves], [0, false, [2], "overwritable"]);
  const bdre = classifyMedia({
    present: true,
    profile: 0x43,
    writeProtected: false,
    disc: disc({ erasable: true, discStatus: 3 }),
    tracks: [],
    capacity: 11_826_176,
    formatCapacity: { blocks: 11_826_176, type: 2 },
  });
  const b = planBurn(bdre, 33, caps);
  eq([b.alignSectors, b.writeSectors, b.format, b.closeSteps.length], [32, 64, undefined, 0]);
  const ro = classifyMedia({
    present: true,
    profile: 0x13,
    writeProtected: false,
    disc: disc({ erasable: true, discStatus: 3 }),
    tracks: [],
    capacity: 2_295_104,
  });
  const r = planBurn(ro, 17, caps);
  eq(
    [r.alignSectors, r.writeSectors, r.writeParameters?.writeType, r.writeParameters?.fixedPacket],
    [
      16,
      32,
      0,
      true,
    ],
  );
});

Deno.test("planBurn() an image larger than the free space names needed and free sectors", async () => {
  const s = classifyMedia(appendableFacts(0x1b, 2_295_104, 2_290_000));
  const err = await expectError(
    () => planBurn(s, 10_000, caps),
    NotEnoughSpaceError,
    "the image needs 10000 sectors",
    "has 5104 free",
    "nothing was written",
  );
  eq([err.neededSectors, err.freeSectors], [10_000, 5104]);
});

Deno.test("planBurn() refuses closed, write-protected and pressed discs", async () => {
  await expectError(
    () => planBurn(classifyMedia(closedFacts(0x1b, 1000)), 10, caps),
    UnsuitableMediaError,
    "Cannot burn: the DVD+R is closed",
  );
  await expectError(
    () => planBurn(classifyMedia({ ...blankFacts(0x09, 359_847), writeProtected: true }), 10, caps),
    UnsuitableMediaError,
    "write-protected",
  );
  await expectError(
    () =>
      planBurn(
        classifyMedia({ present: true, profile: 8, tracks: [], writeProtected: false }),
        10,
        caps,
      ),
    UnsuitableMediaError,
    "CD-ROM is pressed",
  );
  await expectError(
    () =>
      planBurn(classifyMedia(blankFacts(0x09, 359_847)), 10, {
        incremental: false,
        trackAtOnce: false,
      }),
    UnsuitableMediaError,
    "track-at-once",
  );
});
