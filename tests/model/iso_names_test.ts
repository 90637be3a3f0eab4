import fc from "fast-check";
import {
  compareIsoIdentifiers,
  mapIsoNames,
  mapIsoNamesOf,
  naturalFileIdBytes,
  naturalIsoId,
} from "../../src/model/iso_names.ts";

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

Deno.test("mapIsoNames() numbers on past tails another name took as its own identifier", () => {
  const names = ["longfile.txt", "longfile-x.txt", "longfil1.txt", "longfile_y.txt"];
  // Name order: longfil1 (its own LONGFIL1), longfile-x (LONGFILE), longfile (LONGFILE is
  // taken, so is LONGFIL1: LONGFIL2), longfile_y (on from 2: LONGFIL3).
  const ids = mapIsoNames(names.map((name) => ({ name, directory: false })), 1);
  assertEquals(ids, ["LONGFIL2.TXT;1", "LONGFILE.TXT;1", "LONGFIL1.TXT;1", "LONGFIL3.TXT;1"]);
});

Deno.test("mapIsoNames() numbers 20,000 names alike in their first 8 characters", () => {
  const names = Array.from(
    { length: 20_000 },
    (_, i) => ({ name: `longfilename-${i}.text`, directory: false }),
  );
  const ids = mapIsoNames(names, 1);
  assertEquals(new Set(ids).size, names.length, "unique");
  // The first name in name order keeps the identifier; the last ("-9999") takes tail 19999.
  assertEquals([ids[0], ids[9999], ids[10]], [
    "LONGFILE.TEX;1",
    "LON19999.TEX;1",
    "LONGFIL2.TEX;1",
  ]);
});

Deno.test("compareIsoIdentifiers() orders as ECMA-119 9.3 (space padding)", () => {
  const ids = ["AB.;1", "A.TXT;1", "A_B.;1", "A.;1"];
  assertEquals([...ids].sort(compareIsoIdentifiers), ["A.;1", "A.TXT;1", "AB.;1", "A_B.;1"]);
});

/** ECMA-119 9.3 as the clause reads: split into name, extension and version, pad with spaces. */
function specOrder(a: string, b: string): number {
  const split = (id: string): [string, string, number] => {
    const semi = id.lastIndexOf(";");
    const body = semi >= 0 ? id.slice(0, semi) : id;
    const dot = body.lastIndexOf(".");
    const digits = semi >= 0 ? id.slice(semi + 1) : "";
    const version = /^[0-9]*$/.test(digits) ? Number(digits) : NaN; // 7.5.1: d-digits
    return dot >= 0 ? [body.slice(0, dot), body.slice(dot + 1), version] : [body, "", version];
  };
  const padded = (x: string, y: string) => {
    const n = Math.max(x.length, y.length);
    const [p, q] = [x.padEnd(n, " "), y.padEnd(n, " ")];
    return p < q ? -1 : p > q ? 1 : 0;
  };
  const [an, ae, av] = split(a);
  const [bn, be, bv] = split(b);
  return padded(an, bn) || padded(ae, be) || bv - av;
}

Deno.test("compareIsoIdentifiers() agrees with ECMA-119 9.3's split-and-pad order", () => {
  // Digits sort below ";" and letters above it, "." and " " below both: the cases where
  // comparing whole identifiers as strings would go wrong.
  const char = fc.constantFrom(..."AB09_.; !~".split(""));
  const id = fc.array(char, { maxLength: 12 }).map((c) => c.join(""));
  fc.assert(
    fc.property(id, id, (a, b) => {
      const got = Math.sign(compareIsoIdentifiers(a, b));
      const want = Math.sign(specOrder(a, b));
      // Both read a version that is not a number as "no order" (NaN, which sort takes as 0).
      if (!(Number.isNaN(got) && Number.isNaN(want)) && got !== want) {
        throw new Error(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: ${got}, spec ${want}`);
      }
    }),
    { numRuns: 20_000 },
  );
  const ids = ["F10.BIN;1", "F1.BIN;1", "F1.BIN1;1", "F1.BI;1", "F1;1", "F1.;2", "F1.;1", "F"];
  assertEquals([...ids].sort(compareIsoIdentifiers), [...ids].sort(specOrder));
});

Deno.test("naturalFileIdBytes() writes the bytes naturalIsoId() and a lone mapIsoNames() give", () => {
  // Names of every shape a folder holds: dots first, last, many; long bases and extensions.
  const unit = fc.constantFrom(..."aZ09._- ~.#éx".split(""));
  const name = fc.array(unit, { minLength: 0, maxLength: 45 }).map((u) => u.join(""));
  fc.assert(
    fc.property(name, fc.constantFrom(1, 2, 3) as fc.Arbitrary<1 | 2 | 3>, (n, level) => {
      const id = naturalIsoId(n, false, level);
      if (mapIsoNames([{ name: n, directory: false }], level)[0] !== id) {
        throw new Error(`${JSON.stringify(n)}: mapIsoNames and naturalIsoId differ`);
      }
      const length = naturalFileIdBytes(n, level);
      if ([...n].some((c) => c.charCodeAt(0) >= 0x80)) {
        if (length !== -1) throw new Error(`${JSON.stringify(n)}: not ASCII, got ${length}`);
        return;
      }
      const out = new Uint8Array(64).fill(0xee);
      const written = naturalFileIdBytes(n, level, out);
      const text = String.fromCharCode(...out.subarray(0, written));
      if (length !== id.length || written !== id.length || text !== id || out[written] !== 0xee) {
        throw new Error(`${JSON.stringify(n)} level ${level}: ${text} (${length}) for ${id}`);
      }
    }),
    { numRuns: 20_000 },
  );
});

Deno.test("mapIsoNamesOf() says natural only when every name kept its own identifier", () => {
  const plain = mapIsoNamesOf([
    { name: "a.txt", directory: false },
    { name: "b", directory: true },
  ], 1);
  assertEquals(plain, { ids: ["A.TXT;1", "B"], natural: true });
  const alike = mapIsoNamesOf([
    { name: "a.txt", directory: false },
    { name: "A.txt", directory: false },
  ], 1);
  assertEquals(alike.natural, false);
  assertEquals(new Set(alike.ids).size, 2, "unique");
});
