import fc from "fast-check";
import { DirectoryChildren } from "../../src/model/directory_children.ts";

Deno.test("DirectoryChildren finds every child and no other, in any order of adds", () => {
  const name = fc.string({ unit: fc.constantFrom(..."abAB._-é0"), maxLength: 4 });
  fc.assert(
    fc.property(fc.uniqueArray(name, { maxLength: 60 }), fc.array(name), (names, probes) => {
      const children = new DirectoryChildren<{ name: string }>();
      const model = new Map<string, { name: string }>();
      for (const n of names) {
        const e = { name: n };
        children.add(e);
        model.set(n, e);
        // Each lookup during the adds too: the index may appear at any point.
        if (children.get(n) !== e) throw new Error(`lost ${JSON.stringify(n)} right after add`);
      }
      for (const n of [...names, ...probes]) {
        if (children.get(n) !== model.get(n) || children.has(n) !== model.has(n)) {
          throw new Error(`lookup of ${JSON.stringify(n)} in ${JSON.stringify(names)}`);
        }
      }
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      if (
        children.size !== model.size || !same([...children.keys()], [...model.keys()]) ||
        !same([...children.values()], [...model.values()]) ||
        !same([...children.entries()], [...model.entries()]) || !same([...children], [...model])
      ) throw new Error(`iteration differs from a Map's for ${JSON.stringify(names)}`);
    }),
    { numRuns: 2_000 },
  );
});

Deno.test("DirectoryChildren keeps adds in name order as a sorted array (no index)", () => {
  const sorted = new DirectoryChildren<{ name: string }>();
  for (const n of ["a", "b", "c", "d"]) sorted.add({ name: n });
  const seen: string[] = [];
  sorted.forEach((e, key, map) => {
    if (map !== sorted || e.name !== key) throw new Error("forEach arguments");
    seen.push(key);
  });
  if (seen.join() !== "a,b,c,d" || sorted.get("c")?.name !== "c" || sorted.has("e")) {
    throw new Error(seen.join());
  }
  if (Object.prototype.toString.call(sorted) !== "[object DirectoryChildren]") {
    throw new Error("toStringTag");
  }
  // An add out of order keeps insertion order for iteration and every lookup right.
  sorted.add({ name: "B" });
  if ([...sorted.keys()].join() !== "a,b,c,d,B" || sorted.get("B")?.name !== "B") {
    throw new Error([...sorted.keys()].join());
  }
  if (sorted.get("a")?.name !== "a" || sorted.get("d")?.name !== "d") throw new Error("index");
});

Deno.test("DirectoryChildren.adopt(): a block's children come first, later adds follow, lookups see both", () => {
  const names = ["b", "d", "f"];
  let made = 0;
  const block = {
    size: names.length,
    at: (i: number) => (made++, { name: names[i]! }),
    nameAt: (i: number) => names[i]!,
    indexOf: (name: string) => names.indexOf(name),
  };
  const children = new DirectoryChildren<{ name: string }>();
  children.adopt(block);
  const before = children.size;
  if (children.block !== block || before !== 3) throw new Error("adopted");
  children.add({ name: "e" });
  children.add({ name: "a" }); // out of order: the index covers the list, the block stays
  if ([...children.keys()].join() !== "b,d,f,e,a" || children.size !== 5) {
    throw new Error([...children.keys()].join());
  }
  for (const n of ["a", "b", "d", "e", "f"]) {
    if (children.get(n)?.name !== n || !children.has(n)) throw new Error(`lookup ${n}`);
  }
  if (children.has("c") || children.get("g") !== undefined) throw new Error("found a stranger");
  if ([...children.values()].map((e) => e.name).join() !== "b,d,f,e,a") throw new Error("values");
  if (made === 0) throw new Error("the block made no entries");
  let refused = false;
  try {
    children.adopt(block);
  } catch (err) {
    refused = (err as Error).message.includes("without children");
  }
  if (!refused) throw new Error("a second adopt was accepted");
});
