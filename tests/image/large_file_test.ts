/**
 * A file of more than 4 GiB (5 GiB + 12345 bytes, sparse with random islands at the start,
 * across the 4 GiB section boundary and at the end) through ISO 9660 level 3 multi-extent
 * records, Joliet and UDF, read back by xorriso, 7-Zip (Joliet and UDF handlers), isoinfo's
 * record listing and udfinfo; and through UDF 2.50 (its entry in the metadata partition,
 * six long_ads into the physical partition), read back by 7-Zip and libudfread.
 *
 * Not pycdlib: pycdlib 1.12 reports only the last section of a multi-extent file (its size
 * and bytes), on xorriso's own level 3 images as on kiln's.
 */

import { join } from "node:path";
import { runTool } from "../_helpers/run_tool.ts";
import { udfinfo, udfreadView } from "../_helpers/udf_readers.ts";
import { masterFolder } from "../_helpers/master_folder.ts";
import { pseudoRandomBytes } from "../_helpers/fixture_tree.ts";

const SIZE = 5 * 2 ** 30 + 12345;
const SECTION = 0xffff_f800;

/** sha256 of what a command writes on stdout, without holding it in memory. */
async function hashOf(cmd: string, args: string[]): Promise<string> {
  const child = new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).spawn();
  const sum = new Deno.Command("sha256sum", { stdin: "piped", stdout: "piped" }).spawn();
  await child.stdout.pipeTo(sum.stdin);
  const [a, b] = await Promise.all([child.output(), sum.output()]);
  if (!a.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${new TextDecoder().decode(a.stderr)}`);
  }
  return new TextDecoder().decode(b.stdout).split(" ")[0]!;
}

/** A new folder holding the sparse 5 GiB file "huge.bin"; returns the folder and its hash. */
async function hugeSource(): Promise<{ source: string; want: string }> {
  const source = await Deno.makeTempDir({ prefix: "kiln-5g-" });
  const path = join(source, "huge.bin");
  const f = await Deno.open(path, { write: true, create: true });
  try {
    await f.truncate(SIZE);
    for (const [at, seed] of [[0, 1], [2 ** 32 - 2 ** 20, 2], [SIZE - 2 ** 20, 3]] as const) {
      await f.seek(at, Deno.SeekMode.Start);
      await f.write(pseudoRandomBytes(2 ** 20, seed));
    }
  } finally {
    f.close();
  }
  return { source, want: await hashOf("cat", [path]) };
}

Deno.test("a 5 GiB file round-trips through ISO 9660 level 3 multi-extent, Joliet and UDF", async () => {
  const { source, want } = await hugeSource();
  const built = await masterFolder(source, { udf: true });
  const out = await Deno.makeTempDir({ prefix: "kiln-5g-x-" });
  try {
    // isoinfo lists the sections: a first one of 4 GiB − 2048 bytes flagged multi-extent, then the rest, contiguous.
    const listing = (await runTool("isoinfo", ["-i", built.iso, "-l"])).text.split("\n").filter((
      l,
    ) => l.includes("HUGE.BIN;1"));
    const sections = listing.map((l) => /^\S+\s+\d+\s+\d+\s+\d+\s+(\d+)\s.*\[\s*(\d+)/.exec(l)!)
      .map((m) => [Number(m[1]!), Number(m[2]!)]);
    const [first, second] = sections;
    if (
      sections.length !== 2 || !first || !second || first[0] !== SECTION ||
      second[0] !== SIZE - SECTION || second[1] !== first[1]! + SECTION / 2048
    ) {
      throw new Error(`isoinfo sections: ${JSON.stringify(sections)}`);
    }
    // xorriso joins the Rock Ridge sections.
    const x = await runTool("xorriso", [
      "-abort_on",
      "NEVER",
      "-return_with",
      "WARNING",
      "32",
      "-osirrox",
      "on",
      "-indev",
      built.iso,
      "-extract",
      "/huge.bin",
      join(out, "huge.bin"),
    ]);
    if (x.code !== 0) throw new Error(`xorriso: ${x.stderr}`);
    if ((await hashOf("cat", [join(out, "huge.bin")])) !== want) {
      throw new Error("xorriso extracted different bytes");
    }
    await Deno.remove(join(out, "huge.bin"));
    // 7-Zip: the Joliet view (default handler) and the UDF view.
    if ((await hashOf("7zz", ["x", "-so", built.iso, "huge.bin"])) !== want) {
      throw new Error("7-Zip (Joliet) read different bytes");
    }
    if ((await hashOf("7zz", ["x", "-so", "-tudf", built.iso, "huge.bin"])) !== want) {
      throw new Error("7-Zip (UDF) read different bytes");
    }
    const info = await udfinfo(built.iso);
    if (info.numfiles !== "1" || info.udfrev !== "2.01") throw new Error(JSON.stringify(info));
  } finally {
    await built.cleanup();
    await Deno.remove(out, { recursive: true });
    await Deno.remove(source, { recursive: true });
  }
});

Deno.test("a 5 GiB file round-trips through UDF 2.50 (metadata partition, long_ads)", async () => {
  const { source, want } = await hugeSource();
  const built = await masterFolder(source, { udf: true, udfRevision: "2.50" });
  try {
    if ((await hashOf("7zz", ["x", "-so", "-tudf", built.iso, "huge.bin"])) !== want) {
      throw new Error("7-Zip (UDF 2.50) read different bytes");
    }
    const lib = (await udfreadView(built.iso)).tree.get("/huge.bin");
    if (lib?.size !== SIZE || lib.sha256 !== want) {
      throw new Error(`libudfread read ${JSON.stringify(lib)}`);
    }
    const info = await udfinfo(built.iso);
    if (info.numfiles !== "1" || info.udfrev !== "2.50" || info.integrity !== "closed") {
      throw new Error(JSON.stringify(info));
    }
  } finally {
    await built.cleanup();
    await Deno.remove(source, { recursive: true });
  }
});
