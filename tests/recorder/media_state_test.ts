import { classifyMedia, ImapiMediaState } from "../../src/recorder/media_state.ts";
import { appendableFacts, blankFacts, closedFacts, disc, track } from "./media_facts.ts";

function eq(actual: unknown, expected: unknown, what = ""): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}\nexpected ${e}\n  actual ${a}`);
}

Deno.test("classifyMedia() with no disc reports no-media and not writable", () => {
  const s = classifyMedia({ present: false, profile: 0, tracks: [], writeProtected: false });
  eq([s.status, s.writable, s.notWritableReason, s.imapiState], [
    "no-media",
    false,
    "there is no disc",
    0,
  ]);
});

Deno.test("classifyMedia() refuses pressed media and unknown profiles", () => {
  for (const [profile, media] of [[0x08, "cd-rom"], [0x10, "dvd-rom"], [0x40, "bd-rom"]] as const) {
    const s = classifyMedia({
      present: true,
      profile,
      tracks: [],
      writeProtected: false,
      capacity: 1000,
    });
    eq([s.status, s.media, s.writable], ["unsupported", media, false], media);
    if (!s.notWritableReason?.includes("pressed, read-only")) throw new Error(s.notWritableReason);
    eq(s.imapiState, ImapiMediaState.unsupportedMedia);
  }
  const hd = classifyMedia({ present: true, profile: 0x51, tracks: [], writeProtected: false });
  eq([hd.status, hd.notWritableReason], [
    "unsupported",
    "profile 0x0051 is not a medium kiln writes",
  ]);
});

Deno.test("classifyMedia() lists what a read-only disc holds: its tracks, else READ CAPACITY's size", () => {
  // QEMU's drive: no READ TRACK INFORMATION, a complete one-session disc, READ CAPACITY 1607.
  const qemu = classifyMedia({
    present: true,
    profile: 0x08,
    disc: disc({ discStatus: 2, lastSessionState: 3 }),
    tracks: [],
    capacity: 1607,
    writeProtected: false,
  });
  eq(
    [qemu.status, qemu.totalSectors, qemu.sessions, qemu.tracks, qemu.lastSessionStart],
    ["unsupported", 1607, 1, [], undefined],
    "no tracks",
  );
  // tgt after CLOSE TRACK: a DVD-ROM whose track 1 holds the 1616 blocks written.
  const tgt = classifyMedia({
    present: true,
    profile: 0x10,
    disc: disc({ discStatus: 2, lastSessionState: 3 }),
    tracks: [track({ size: 1616, free: 0, nwa: undefined, blank: false })],
    capacity: 1616,
    writeProtected: false,
  });
  eq(
    [tgt.status, tgt.media, tgt.totalSectors, tgt.sessions, tgt.tracks, tgt.lastSessionStart],
    [
      "unsupported",
      "dvd-rom",
      1616,
      1,
      [{ number: 1, session: 1, start: 0, sectors: 1616, open: false }],
      0,
    ],
    "one track",
  );
  eq([tgt.writable, tgt.nextWritableAddress, tgt.freeSectors], [false, undefined, 0], "read-only");
});

Deno.test("classifyMedia() blank sequential discs: NWA 0, all free, IMAPI blank flag", () => {
  for (const profile of [0x09, 0x11, 0x14, 0x1b, 0x2b, 0x41]) {
    const s = classifyMedia(blankFacts(profile, 2_295_104));
    eq(
      [s.status, s.writable, s.nextWritableAddress, s.freeSectors, s.totalSectors, s.sessions],
      ["blank", true, 0, 2_295_104, 2_295_104, 0],
      `profile ${profile}`,
    );
    eq(s.imapiState, ImapiMediaState.blank);
  }
});

Deno.test("classifyMedia() clamps an NWA of -150 on a blank disc to the track start", () => {
  const facts = blankFacts(0x41, 12_219_392);
  const s = classifyMedia({ ...facts, tracks: [{ ...facts.tracks[0]!, nwa: -150 }] });
  eq(s.nextWritableAddress, 0);
});

Deno.test("classifyMedia() appendable disc: next session at the invisible track's NWA", () => {
  const s = classifyMedia(appendableFacts(0x09, 359_847, 5_000));
  eq(
    [s.status, s.sessions, s.nextWritableAddress, s.freeSectors, s.lastSessionStart],
    ["appendable", 1, 16_400, 359_847 - 16_400, 0],
  );
  eq(s.tracks.map((t) => [t.number, t.session, t.sectors, t.open]), [[1, 1, 5000, false], [
    2,
    2,
    0,
    true,
  ]]);
  eq(s.imapiState, ImapiMediaState.appendable);
});

Deno.test("classifyMedia() closed discs: not writable; CD-RW needs an erase, CD-R is finalized", () => {
  const r = classifyMedia(closedFacts(0x09, 5_000));
  eq([r.status, r.writable, r.freeSectors, r.sessions, r.nextWritableAddress], [
    "closed",
    false,
    0,
    1,
    undefined,
  ]);
  if (!r.notWritableReason?.includes("finalized")) throw new Error(r.notWritableReason);
  eq(r.imapiState, ImapiMediaState.finalized);
  const rw = classifyMedia(closedFacts(0x0a, 5_000, true));
  if (!rw.notWritableReason?.includes("erase it first")) throw new Error(rw.notWritableReason);
  eq(rw.imapiState, ImapiMediaState.eraseRequired);
});

Deno.test("classifyMedia() a formatted but unwritten BD-R is blank (libburn's rule)", () => {
  const s = classifyMedia({
    ...blankFacts(0x41, 12_000_000),
    disc: disc({ discStatus: 1, lastSessionState: 0, sessions: 1 }),
    capacity: 0,
  });
  eq([s.status, s.blank, s.writable], ["blank", true, true]);
});

Deno.test("classifyMedia() refuses a POW-formatted BD-R", () => {
  const s = classifyMedia({ ...blankFacts(0x41, 12_000_000), powFormatted: true });
  eq([s.status, s.writable], ["unsupported", false]);
  if (!s.notWritableReason?.includes("POW")) throw new Error(s.notWritableReason);
});

Deno.test("classifyMedia() damaged track without NWA cannot be appended; with NWA it can", () => {
  const facts = appendableFacts(0x1b, 2_295_104, 1000);
  const t2 = facts.tracks[1]!;
  const dead = classifyMedia({
    ...facts,
    tracks: [facts.tracks[0]!, { ...t2, blank: false, damage: true, nwa: undefined }],
  });
  eq([dead.writable, dead.damaged, dead.nextWritableAddress], [false, true, undefined]);
  if (!dead.notWritableReason?.includes("interrupted write")) {
    throw new Error(dead.notWritableReason);
  }
  if (!(dead.imapiState & ImapiMediaState.damaged)) throw new Error("damaged flag");
  const ok = classifyMedia({
    ...facts,
    tracks: [facts.tracks[0]!, { ...t2, blank: false, damage: true, nwa: t2.start + 32 }],
  });
  eq([ok.writable, ok.damaged, ok.nextWritableAddress], [true, true, t2.start + 32]);
});

Deno.test("classifyMedia() open session with data: appendable with the non-empty-session flag", () => {
  const facts = appendableFacts(0x1b, 2_295_104, 1000);
  const t2 = facts.tracks[1]!;
  const s = classifyMedia({
    ...facts,
    disc: disc({ discStatus: 1, sessions: 2, lastTrackInLastSession: 2, lastSessionState: 1 }),
    tracks: [facts.tracks[0]!, { ...t2, blank: false, nwa: t2.start + 64, free: t2.free - 64 }],
  });
  eq([s.status, s.lastSessionOpen, s.sessions, s.nextWritableAddress], [
    "appendable",
    true,
    2,
    t2.start + 64,
  ]);
  if (!(s.imapiState & ImapiMediaState.nonEmptySession)) throw new Error("flag");
});

Deno.test("classifyMedia() overwritable media: NWA 0, the formatted size, format state", () => {
  const plusRw = classifyMedia({
    present: true,
    profile: 0x1a,
    writeProtected: false,
    disc: disc({ erasable: true, discStatus: 0, bgFormatStatus: 0 }),
    tracks: [],
    formatCapacity: { blocks: 2_295_104, type: 1 },
  });
  eq(
    [plusRw.status, plusRw.format, plusRw.nextWritableAddress, plusRw.freeSectors, plusRw.blank],
    ["overwritable", "unformatted", 0, 2_295_104, true],
  );
  eq(plusRw.imapiState, ImapiMediaState.overwriteOnly | ImapiMediaState.blank);
  const interrupted = classifyMedia({
    present: true,
    profile: 0x1a,
    writeProtected: false,
    disc: disc({ erasable: true, discStatus: 1, bgFormatStatus: 1 }),
    tracks: [],
    capacity: 2_295_104,
  });
  eq(interrupted.format, "background-incomplete");
  const bdre = classifyMedia({
    present: true,
    profile: 0x43,
    writeProtected: false,
    disc: disc({ erasable: true, discStatus: 3 }),
    tracks: [track({ size: 11_826_176 })],
    capacity: 11_826_176,
    formatCapacity: { blocks: 11_826_176, type: 2 },
  });
  eq([bdre.status, bdre.format, bdre.totalSectors, bdre.blank], [
    "overwritable",
    "formatted",
    11_826_176,
    false,
  ]);
});

Deno.test("classifyMedia() write-protected blank disc stays blank but is not writable", () => {
  const s = classifyMedia({ ...blankFacts(0x1b, 2_295_104), writeProtected: true });
  eq([s.status, s.writable, s.notWritableReason], ["blank", false, "the disc is write-protected"]);
  eq(s.imapiState, ImapiMediaState.blank | ImapiMediaState.writeProtected);
});
