import { listDisc } from "../../src/recorder/disc_listing.ts";
import { masterFolder } from "../_helpers/master_folder.ts";
import { put } from "../_helpers/fixture_tree.ts";

async function tree(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "kiln-list-" });
  await put(root, "hello.txt", "hello\n");
  await put(root, "Grüße ☃.txt", "unicode\n");
  await put(root, "sub/deeper/data.bin", new Uint8Array(5000));
  await Deno.mkdir(`${root}/empty`);
  return root;
}

function reader(bytes: Uint8Array, offset = 0) {
  return (lba: number, count: number) =>
    Promise.resolve(bytes.slice((lba - offset) * 2048, (lba - offset + count) * 2048));
}

Deno.test("listDisc() lists a kiln image through sector reads, Joliet names, sizes", async () => {
  const src = await tree();
  const built = await masterFolder(src, { volumeId: "LISTME" });
  try {
    const bytes = await Deno.readFile(built.iso);
    const listing = await listDisc(reader(bytes));
    if (!listing) throw new Error("no volume");
    const got = listing.entries.map((e) => `${e.kind[0]} ${e.path} ${e.size}`).sort().join("\n");
    const want = [
      "d /empty 0",
      "d /sub 0",
      "d /sub/deeper 0",
      "f /Grüße ☃.txt 8",
      "f /hello.txt 6",
      "f /sub/deeper/data.bin 5000",
    ].join("\n");
    if (got !== want) throw new Error(got);
    if (listing.view !== "joliet" || listing.volumeId !== "LISTME") {
      throw new Error(JSON.stringify(listing));
    }
    if (listing.volumeSectors !== built.image.sectors) throw new Error("volume size");
    const iso = await listDisc(reader(bytes), {});
    if (!iso?.entries.length) throw new Error("again");
  } finally {
    await built.cleanup();
    await Deno.remove(src, { recursive: true });
  }
});

Deno.test("listDisc() reads the ISO 9660 view without Joliet, and a session mastered at 0 but written later", async () => {
  const src = await tree();
  const built = await masterFolder(src, { joliet: false, volumeId: "PLAIN" });
  try {
    const bytes = await Deno.readFile(built.iso);
    const listing = await listDisc(reader(bytes, 5000), { sessionStart: 5000 });
    if (!listing || listing.view !== "iso9660") throw new Error(JSON.stringify(listing));
    const names = listing.entries.map((e) => e.path).sort().join(",");
    const want = [...built.image.entries()].map((e) => e.isoPath.replace(/;1$/, "")).sort()
      .join(",");
    if (names !== want || !names.includes("/SUB/DEEPER/DATA.BIN")) {
      throw new Error(`${names}\n${want}`);
    }
  } finally {
    await built.cleanup();
    await Deno.remove(src, { recursive: true });
  }
});

Deno.test("listDisc() says undefined when there is no ISO 9660 volume", async () => {
  const blank = new Uint8Array(40 * 2048);
  if ((await listDisc(reader(blank))) !== undefined) throw new Error("found a volume");
});
