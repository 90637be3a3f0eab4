import { chooseFormat } from "../../src/recorder/format_choice.ts";
import { UnsuitableMediaError } from "../../src/recorder/recorder_errors.ts";
import { expectError } from "../_helpers/expect_error.ts";

const bdre = [
  { blocks: 11_826_176, formatType: 0x00, typeDependent: 0x3000 },
  { blocks: 11_826_176, formatType: 0x30, typeDependent: 0x3000 },
  { blocks: 12_088_320, formatType: 0x30, typeDependent: 0x1000 },
  { blocks: 12_219_392, formatType: 0x31, typeDependent: 0x800 },
];

Deno.test("chooseFormat() BD-RE: the largest 30h descriptor, sub-type by purpose", () => {
  const st = (format: "unformatted" | "formatted") => ({
    profile: 0x43,
    format,
    media: "bd-re" as const,
  });
  const first = chooseFormat(st("unformatted"), bdre, "burn");
  if (first.formatType !== 0x30 || first.blocks !== 12_088_320 || first.subtype !== 1) {
    throw new Error(JSON.stringify(first));
  }
  if (chooseFormat(st("formatted"), bdre, "quick-erase").subtype !== 0) throw new Error("quick");
  const full = chooseFormat(st("formatted"), bdre, "full-erase");
  if (full.subtype !== 2 || !full.description.includes("full certification")) {
    throw new Error(full.description);
  }
  const only00 = chooseFormat(st("unformatted"), [bdre[0]!], "burn");
  if (only00.formatType !== 0 || only00.subtype !== 0) throw new Error("00h fallback");
});

Deno.test("chooseFormat() DVD+RW: 26h with the offered blocks, Restart when resuming", () => {
  const st = { profile: 0x1a, format: "unformatted" as const, media: "dvd+rw" as const };
  const c = chooseFormat(st, [{ blocks: 2_295_104, formatType: 0x26, typeDependent: 0 }], "burn");
  if (c.formatType !== 0x26 || c.blocks !== 2_295_104 || c.typeDependent !== 0) throw new Error();
  const r = chooseFormat(st, [], "burn", true);
  if (r.blocks !== 0xffffffff || r.typeDependent !== 1) throw new Error(JSON.stringify(r));
});

Deno.test("chooseFormat() DVD-RAM: 00h, DCRT for a quick erase only", () => {
  const st = { profile: 0x12, format: "formatted" as const, media: "dvd-ram" as const };
  const list = [{ blocks: 2_236_704, formatType: 0, typeDependent: 0x800 }];
  if (!chooseFormat(st, list, "quick-erase").dcrt) throw new Error("quick");
  if (chooseFormat(st, list, "full-erase").dcrt) throw new Error("full");
});

Deno.test("chooseFormat() refuses media that are blanked, and drives that offer nothing", async () => {
  await expectError(
    () => chooseFormat({ profile: 0x0a, format: undefined, media: "cd-rw" }, [], "burn"),
    UnsuitableMediaError,
    "Cannot format the CD-RW",
    "blanked",
  );
  await expectError(
    () => chooseFormat({ profile: 0x43, format: "unformatted", media: "bd-re" }, [], "burn"),
    UnsuitableMediaError,
    "offers no BD-RE",
  );
});
