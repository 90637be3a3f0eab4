import { createDisc } from "../../../ffi/virtual/disc_state.ts";
import { trackViews } from "../../../ffi/virtual/disc_views.ts";
import {
  closeSession,
  closeTrack,
  flushEffects,
  reserveTrack,
} from "../../../ffi/virtual/close_rules.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { ctx, write } from "./_rules.ts";

Deno.test("planWrite() on sequential media takes only the NWA (5/21/02 elsewhere)", () => {
  const c = ctx("dvd+r");
  assertEquals(write(c, 16, 16), "5/21/02");
  assertEquals(write(c, 0, 16), "ok");
  assertEquals(write(c, 0, 16), "5/21/02");
  assertEquals(write(c, 17, 16), "5/21/02");
  assertEquals(write(c, 16, 16), "ok");
  assertEquals(c.disc.tracks[0]!.recorded, 32);
});

Deno.test("planWrite() past the end: 5/21/00 outside the disc, 5/63/00 running past the free blocks", () => {
  const c = ctx("bd-r");
  assertEquals(write(c, 12_219_392, 32), "5/21/00");
  assertEquals(write(c, -1, 1), "5/21/00");
  c.disc.nextStart = 12_219_392 - 16;
  assertEquals(write(c, 12_219_392 - 16, 32), "5/63/00");
  assertEquals(write(c, 12_219_392 - 16, 16), "ok");
});

Deno.test("planWrite() refuses a closed disc (5/21/02), a pressed one (5/30/05) and write protection (7/27/00)", () => {
  const c = ctx("dvd+r");
  write(c, 0, 16);
  closeTrack(c, 1);
  closeSession(c, 6);
  assertEquals(c.disc.finalized, true);
  assertEquals(write(c, c.disc.nextStart, 16), "5/21/02");
  const rom = { ...ctx("cd-r"), disc: createDisc("cd-rom", 1000) };
  assertEquals(write(rom, 1000, 1), "5/30/05");
  const wp = ctx("bd-re");
  wp.disc.writeProtected = true;
  assertEquals(write(wp, 0, 32), "7/27/00");
});

Deno.test("planWrite() checks the transfer carries blocks × block size bytes (5/24/00)", () => {
  const c = ctx("cd-r", { writeType: 1, dataBlockType: 0, trackMode: 0 });
  assertEquals(write(c, 0, 10, 2048), "5/24/00");
  assertEquals(write(c, 0, 10, 2352), "ok");
  assertEquals(c.disc.tracks[0]!.audio, true);
});

Deno.test("planWrite() on overwritable media: any LBA inside the formatted size, DVD-RW RO 32 KiB aligned", () => {
  const re = ctx("bd-re");
  assertEquals(write(re, 0, 32), "5/30/10"); // unformatted BD-RE
  re.disc.format = { state: "formatted", type: 0x30 };
  assertEquals(write(re, 5000, 1), "ok");
  assertEquals(write(re, 11_826_176 - 1, 2), "5/21/00");
  assertEquals(re.disc.written, 5001);
  const ro = ctx("dvd-rw-ro");
  assertEquals(write(ro, 8, 16), "5/21/02");
  assertEquals(write(ro, 16, 8), "5/24/00");
  assertEquals(write(ro, 32, 16), "ok");
  const plus = ctx("dvd+rw");
  assertEquals(write(plus, 100, 16), "ok"); // blank DVD+RW: background format starts
  assertEquals(plus.disc.format.state, "running");
  const lg = ctx("dvd+rw", {}, ["no-auto-format"]);
  assertEquals(write(lg, 0, 16), "5/30/10");
});

Deno.test("planWrite() DVD-RW: incremental after a minimal blank is 5/64/00; DAO needs RESERVE TRACK (5/2C/00)", () => {
  const c = ctx("dvd-rw");
  c.disc.incremental = false;
  assertEquals(write(c, 0, 16), "5/64/00");
  const dao = ctx("dvd-r", { writeType: 2 });
  assertEquals(write(dao, 0, 16), "5/2C/00");
  reserveTrack(dao, 100);
  assertEquals(write(dao, 0, 64), "ok");
  assertEquals(write(dao, 64, 64), "5/63/00");
  assertEquals(write(dao, 64, 36), "ok");
  flushEffects(dao);
  assertEquals(dao.disc.finalized, true);
  assertEquals(trackViews(dao.disc)[0]!.size, 100);
});

Deno.test("planWrite() BD-R POW takes overwrites below the NWA, not beyond it", () => {
  const c = ctx("bd-r");
  c.disc.pow = true;
  c.disc.format = { state: "formatted", type: 0 };
  assertEquals(write(c, 0, 64), "ok");
  assertEquals(write(c, 0, 32), "ok");
  assertEquals(c.disc.tracks[0]!.recorded, 64);
  assertEquals(write(c, 96, 32), "5/21/02");
});

Deno.test("planWrite() test write is checked but not recorded", () => {
  const c = ctx("cd-r", { writeType: 1, testWrite: true });
  assertEquals(write(c, 5, 16), "5/21/02");
  assertEquals(write(c, 0, 16), "ok");
  assertEquals(c.disc.tracks.length, 0);
});
