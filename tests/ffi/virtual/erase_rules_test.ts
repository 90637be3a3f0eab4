import { recordingKind } from "../../../ffi/virtual/disc_state.ts";
import { discStatus, invisibleTrack } from "../../../ffi/virtual/disc_views.ts";
import { blank, format, formatCapacities } from "../../../ffi/virtual/erase_rules.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { ctx, outcome, write } from "./_rules.ts";

Deno.test("blank() takes CD-RW and DVD-RW only (5/30/06 otherwise) and full (000b) or minimal (001b)", () => {
  for (
    const m of ["cd-r", "dvd-r", "dvd+r", "bd-r", "dvd+rw", "bd-re", "dvd-ram", "cd-rom"] as const
  ) {
    assertEquals(outcome(() => blank(ctx(m).disc, 0)), "5/30/06", m);
  }
  assertEquals(outcome(() => blank(ctx("cd-rw").disc, 4)), "5/24/00");
  const wp = ctx("cd-rw");
  wp.disc.writeProtected = true;
  assertEquals(outcome(() => blank(wp.disc, 1)), "7/27/00");
});

Deno.test("blank() of a written CD-RW leaves it blank with all its capacity", () => {
  const c = ctx("cd-rw", { writeType: 1 });
  write(c, 0, 500);
  const out = blank(c.disc, 1);
  assertEquals(out.clearsData, true);
  assertEquals([discStatus(c.disc), invisibleTrack(c.disc)!.free], [0, 359_847]);
});

Deno.test("blank() of DVD-RW: sequential afterwards; incremental only after a full blank", () => {
  const ro = ctx("dvd-rw-ro");
  assertEquals(recordingKind(ro.disc), "overwrite");
  blank(ro.disc, 1);
  assertEquals([ro.disc.profile, ro.disc.incremental, recordingKind(ro.disc)], [
    0x14,
    false,
    "sequential",
  ]);
  blank(ro.disc, 0);
  assertEquals(ro.disc.incremental, true);
});

Deno.test("format() DVD-RW: 15h quick gives restricted overwrite in the intermediate state, 10h full", () => {
  const c = ctx("dvd-rw");
  format(c.disc, { type: 0x15, subtype: 0, blocks: 0, param: 0x10 });
  assertEquals([c.disc.profile, c.disc.format.state, discStatus(c.disc)], [
    0x13,
    "intermediate",
    1,
  ]);
  assertEquals(formatCapacities(c.disc).descriptorType, 3);
  format(c.disc, { type: 0x10, subtype: 0, blocks: 2_297_888, param: 0x10 });
  assertEquals([c.disc.format.state, discStatus(c.disc)], ["formatted", 2]);
  assertEquals(formatCapacities(c.disc).formats.some((f) => f.type === 0x13), true);
  assertEquals(
    outcome(() => format(c.disc, { type: 0x26, subtype: 0, blocks: 0, param: 0 })),
    "5/26/00",
  );
});

Deno.test("format() DVD+RW 26h starts a background format; Restart resumes a suspended one", () => {
  const c = ctx("dvd+rw");
  assertEquals(formatCapacities(c.disc).descriptorType, 1);
  const out = format(c.disc, { type: 0x26, subtype: 0, blocks: 0xffffffff, param: 0 });
  assertEquals([out.surface, c.disc.format.state], [0, "running"]);
  c.disc.format.state = "suspended";
  assertEquals(
    format(c.disc, { type: 0x26, subtype: 0, blocks: 0xffffffff, param: 1 }).clearsData,
    false,
  );
  assertEquals(c.disc.format.state, "running");
});

Deno.test("format() BD-RE: 00h default, 30h sizes between maximum and minimum spare, 31h no spare", () => {
  const c = ctx("bd-re");
  assertEquals(formatCapacities(c.disc).blocks, 12_219_392);
  format(c.disc, { type: 0x31, subtype: 0, blocks: 12_219_392, param: 0x800 });
  assertEquals(c.disc.capacity, 12_219_392);
  format(c.disc, { type: 0x30, subtype: 1, blocks: 12_000_000, param: 0 });
  assertEquals(c.disc.capacity, 12_000_000);
  assertEquals(
    outcome(() => format(c.disc, { type: 0x30, subtype: 1, blocks: 11_000_000, param: 0 })),
    "5/26/00",
  );
  const q = format(c.disc, { type: 0x30, subtype: 0, blocks: 11_826_176, param: 0 });
  assertEquals(q.clearsData, false); // quick reformat keeps the data
  assertEquals(formatCapacities(c.disc).descriptorType, 2);
});

Deno.test("format() BD-R: SRM+POW (sub-type 00b) or SRM without POW (01b), only when blank", () => {
  const c = ctx("bd-r");
  format(c.disc, { type: 0x00, subtype: 0, blocks: 11_826_176, param: 0x3000 });
  assertEquals([c.disc.pow, c.disc.capacity], [true, 11_826_176]);
  assertEquals(
    outcome(() => format(c.disc, { type: 0x32, subtype: 1, blocks: 12_088_320, param: 0 })),
    "5/2C/00",
  );
  const d = ctx("bd-r");
  format(d.disc, { type: 0x32, subtype: 1, blocks: 12_088_320, param: 0 });
  assertEquals([d.disc.pow, d.disc.capacity], [false, 12_088_320]);
  assertEquals(
    outcome(() =>
      format(ctx("bd-r").disc, { type: 0x32, subtype: 2, blocks: 12_088_320, param: 0 })
    ),
    "5/26/00",
  );
});

Deno.test("format() refuses media that cannot be formatted (5/30/06)", () => {
  for (const m of ["cd-r", "cd-rw", "dvd-r", "dvd+r", "dvd+r-dl", "dvd-rom"] as const) {
    assertEquals(
      outcome(() => format(ctx(m).disc, { type: 0, subtype: 0, blocks: 0, param: 0 })),
      "5/30/06",
      m,
    );
  }
});

Deno.test("formatCapacities() lists the captured DVD-RAM and blank BD-R descriptors", () => {
  assertEquals(formatCapacities(ctx("dvd-ram").disc).formats.map((f) => [f.type, f.blocks]), [
    [0, 2_236_704],
    [0, 2_295_072],
    [1, 2_226_976],
    [1, 2_217_248],
  ]);
  const bdr = formatCapacities(ctx("bd-r").disc);
  assertEquals([bdr.blocks, bdr.descriptorType, bdr.formats.length], [12_219_392, 1, 4]);
  assertEquals(formatCapacities(undefined).descriptorType, 3);
});
