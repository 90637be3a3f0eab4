import { profileInfo } from "../../../src/mmc/profiles.ts";
import { createDisc } from "../../../ffi/virtual/disc_state.ts";
import { invisibleTrack, overwriteTrack } from "../../../ffi/virtual/disc_views.ts";
import { DRIVE_PROFILES, MEDIA_NAMES, mediaSpec } from "../../../ffi/virtual/media_catalogue.ts";
import { assertEquals } from "../../_helpers/assert.ts";

Deno.test("mediaSpec() has the cited capacities a blank disc offers", () => {
  const free = (m: Parameters<typeof createDisc>[0]) => invisibleTrack(createDisc(m))!.free;
  assertEquals(free("cd-r"), 359_847);
  assertEquals(free("cd-rw"), 359_847);
  assertEquals(free("dvd-r"), 2_297_888);
  assertEquals(free("dvd-rw"), 2_297_888);
  assertEquals(free("dvd+r"), 2_295_104);
  assertEquals(free("dvd+r-dl"), 4_173_824);
  assertEquals(free("bd-r"), 12_219_392);
  assertEquals(overwriteTrack(createDisc("dvd-ram")).size, 2_236_704);
  assertEquals(overwriteTrack(createDisc("dvd+rw")).size, 2_295_104);
  assertEquals(overwriteTrack(createDisc("dvd-rw-ro")).size, 2_297_888);
  assertEquals(overwriteTrack(createDisc("bd-re")).size, 11_826_176);
  assertEquals(mediaSpec("bd-re").formats.find((f) => f.type === 0x31)?.blocks, 12_219_392);
  assertEquals([mediaSpec("cd-r").leadIn, mediaSpec("cd-r").leadOut], [-11_634, 359_849]);
});

Deno.test("mediaSpec() profiles agree with the MMC layer's profile table", () => {
  for (const name of MEDIA_NAMES) {
    if (name === "none") continue;
    const spec = mediaSpec(name);
    const info = profileInfo(spec.profile);
    assertEquals(info.media, spec.mediaClass, name);
    assertEquals(info.writable, spec.kind !== "rom", name);
    assertEquals(info.sequential, spec.kind === "sequential", name);
    assertEquals(info.randomWritable, spec.kind === "overwrite", name);
    assertEquals(DRIVE_PROFILES.includes(spec.profile), true, name);
    assertEquals(spec.writeSpeeds.length === 0, spec.kind === "rom", name);
  }
});
