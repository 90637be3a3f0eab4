import {
  closeSession,
  closeTrack,
  flushEffects,
  reserveTrack,
} from "../../../ffi/virtual/close_rules.ts";
import {
  discStatus,
  invisibleTrack,
  lastSessionState,
  readableBlocks,
  trackViews,
} from "../../../ffi/virtual/disc_views.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { ctx, outcome, write } from "./_rules.ts";

Deno.test("flushEffects() ends a CD TAO track: padded to 300 blocks, 2 run-out blocks, 150-block pregap", () => {
  const c = ctx("cd-r", { writeType: 1, multiSession: 3 });
  assertEquals(invisibleTrack(c.disc)!.free, 359_847);
  assertEquals(write(c, 0, 100), "ok");
  flushEffects(c);
  assertEquals(trackViews(c.disc)[0]!.size, 302);
  assertEquals(c.disc.nextStart, 452);
  assertEquals(write(c, 452, 1000), "ok");
  flushEffects(c);
  assertEquals(c.disc.nextStart, 452 + 1002 + 150);
  assertEquals(readableBlocks(c.disc), 0); // CD: only closed sessions are readable
  closeSession(c, 2);
  assertEquals([discStatus(c.disc), lastSessionState(c.disc), c.disc.sessions.length], [1, 0, 2]);
  assertEquals(c.disc.nextStart, 452 + 1002 + 11_400);
  assertEquals(readableBlocks(c.disc), 1454); // the lead-out: run-out blocks included
});

Deno.test("closeSession() on CD finalizes unless page 05 says next session allowed (11b)", () => {
  const c = ctx("cd-rw", { writeType: 1, multiSession: 0 });
  write(c, 0, 300);
  flushEffects(c);
  closeSession(c, 2);
  assertEquals([discStatus(c.disc), c.disc.finalized], [2, true]);
  assertEquals(outcome(() => closeSession(c, 2)), "5/2C/00");
  assertEquals(invisibleTrack(c.disc), undefined);
});

Deno.test("closeTrack() on DVD-R: 16-block end, 16 link blocks; closeSession() leaves a 28,688-block border", () => {
  const c = ctx("dvd-r", { writeType: 0, multiSession: 3 });
  assertEquals(write(c, 0, 100), "ok");
  closeTrack(c, 1);
  assertEquals(trackViews(c.disc)[0]!.size, 112);
  assertEquals(c.disc.nextStart, 128);
  assertEquals(write(c, 128, 32), "ok");
  closeTrack(c, 2);
  closeSession(c, 2);
  assertEquals(c.disc.nextStart, 160 + 28_688);
  assertEquals(invisibleTrack(c.disc)!.free, 2_297_888 - 160 - 28_688);
  assertEquals(readableBlocks(c.disc), 160);
});

Deno.test("reserveTrack() on DVD-R incremental rounds to 16 and puts the next track 16 blocks later", () => {
  const c = ctx("dvd-r");
  reserveTrack(c, 12_270);
  assertEquals([c.disc.tracks[0]!.size, c.disc.nextStart], [12_272, 12_288]);
  assertEquals(write(c, 12_288, 16), "ok");
  assertEquals(write(c, 0, 16), "ok"); // the reserved track is written at its own NWA
  assertEquals(outcome(() => reserveTrack(c, 16)), "5/2C/00"); // track 2 is being written
  assertEquals(outcome(() => reserveTrack(ctx("dvd+r"), 0)), "5/24/00");
  assertEquals(outcome(() => reserveTrack(ctx("dvd+r"), 3_000_000)), "5/24/00");
});

Deno.test("closeSession() on DVD+R: 010b keeps it appendable, 101b/110b finalize; quirk dl-finalize-101", () => {
  const c = ctx("dvd+r");
  write(c, 0, 20);
  closeTrack(c, 1);
  assertEquals(c.disc.nextStart, 32);
  closeSession(c, 2);
  assertEquals([discStatus(c.disc), c.disc.finalized], [1, false]);
  write(c, c.disc.nextStart, 16);
  closeTrack(c, 2);
  closeSession(c, 5);
  assertEquals(discStatus(c.disc), 2);
  const dl = ctx("dvd+r-dl", {}, ["dl-finalize-101"]);
  write(dl, 0, 16);
  assertEquals(outcome(() => closeSession(dl, 6)), "5/24/00");
  assertEquals(outcome(() => closeSession(dl, 5)), "ok");
  assertEquals(outcome(() => closeSession(ctx("dvd-r"), 5)), "5/24/00");
});

Deno.test("closeSession() on BD-R: 010b appendable, 110b finalize; POW with quirk pow-close-5-24", () => {
  const c = ctx("bd-r");
  write(c, 0, 40);
  closeTrack(c, 1);
  assertEquals(trackViews(c.disc)[0]!.size, 64);
  closeSession(c, 2);
  assertEquals([discStatus(c.disc), c.disc.nextStart], [1, 64]);
  const pow = ctx("bd-r", {}, ["pow-close-5-24"]);
  pow.disc.pow = true;
  write(pow, 0, 32);
  assertEquals(outcome(() => closeSession(pow, 2)), "5/24/00");
  assertEquals(outcome(() => closeSession(pow, 6)), "ok");
});

Deno.test("closeTrack() quirk cd-close-track-error answers 5/2C/00; overwritable media refuse 001b", () => {
  const c = ctx("cd-r", { writeType: 1 }, ["cd-close-track-error"]);
  write(c, 0, 300);
  assertEquals(outcome(() => closeTrack(c, 1)), "5/2C/00");
  assertEquals(outcome(() => closeTrack(ctx("bd-re"), 1)), "5/24/00");
  assertEquals(outcome(() => closeTrack(ctx("dvd+r"), 7)), "5/24/00");
});

Deno.test("closeSession() on DVD+RW stops a background format; on DVD-RW RO ends the intermediate state", () => {
  const plus = ctx("dvd+rw");
  write(plus, 0, 16);
  closeSession(plus, 0);
  assertEquals(plus.disc.format.state, "suspended");
  const ro = ctx("dvd-rw-ro");
  ro.disc.format.state = "intermediate";
  assertEquals(discStatus(ro.disc), 1);
  closeSession(ro, 2);
  assertEquals(discStatus(ro.disc), 2);
  assertEquals(outcome(() => closeSession(ctx("dvd-ram"), 2)), "5/24/00");
});
