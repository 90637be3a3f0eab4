import { compareIsoIdentifiers, mapIsoNames } from "../../src/model/iso_names.ts";

function assertEquals(actual: unknown, expected: unknown, msg = ""): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${msg}\nexpected ${e}\n  actual ${a}`);
}

Deno.test("mapIsoNames() level 1 makes 8.3 d-character names", () => {
  const ids = mapIsoNames([
    { name: "Read Me.markdown", directory: false },
    { name: "très-long directory.name", directory: true },
    { name: "Makefile", directory: false },
  ], 1);
  assertEquals(ids, ["READ_ME.MAR;1", "TRES_LON", "MAKEFILE.;1"]);
});

Deno.test("mapIsoNames() level 2 keeps 30 characters of name and extension", () => {
  const [id] = mapIsoNames([{ name: "a".repeat(40) + ".txt", directory: false }], 2);
  assertEquals(id, "A".repeat(27) + ".TXT;1");
  const [dir] = mapIsoNames([{ name: "d".repeat(40), directory: true }], 2);
  assertEquals(dir, "D".repeat(31));
});

Deno.test("mapIsoNames() resolves collisions with numbered names, deterministically", () => {
  const names = ["a.txt", "A.txt", "a.TXT", "a?txt"].map((name) => ({ name, directory: false }));
  const ids = mapIsoNames(names, 1);
  assertEquals(new Set(ids).size, 4, "unique");
  assertEquals(ids, mapIsoNames([...names].reverse(), 1).reverse(), "independent of input order");
  for (const id of ids) if (!/^[A-Z0-9_]{1,8}\.[A-Z0-9_]{0,3};1$/.test(id)) throw new Error(id);
});

Deno.test("mapIsoNames() keeps level 1 limits when numbering many collisions", () => {
  const names = Array.from(
    { length: 150 },
    (_, i) => ({ name: `longfilename-${i}.text`, directory: false }),
  );
  const ids = mapIsoNames(names, 1);
  assertEquals(new Set(ids).size, 150);
  for (const id of ids) if (!/^[A-Z0-9_]{1,8}\.TEX;1$/.test(id)) throw new Error(id);
});

Deno.test("compareIsoIdentifiers() orders as ECMA-119 9.3 (space padding)", () => {
  const ids = ["AB.;1", "A.TXT;1", "A_B.;1", "A.;1"];
  assertEquals([...ids].sort(compareIsoIdentifiers), ["A.;1", "A.TXT;1", "AB.;1", "A_B.;1"]);
});
