import { expectError } from "../_helpers/expect_error.ts";
import { runTool } from "../_helpers/run_tool.ts";
import { runCli } from "../_helpers/run_cli.ts";
import { FileTree, InvalidInputError, masterImage } from "../../src/iso.ts";
import { checkImage } from "../_helpers/check_image.ts";
import { makeFeatureTree, makeRandomTree } from "../_helpers/fixture_tree.ts";
import { masterFolder } from "../_helpers/master_folder.ts";
import { pycdlibTree } from "../_helpers/pycdlib_reader.ts";
import { assertSameTree, type Entry, folderTree, type Tree } from "../_helpers/tree.ts";
import {
  sevenZipUdfTree,
  udfclientScope,
  udfclientTree,
  udfinfo,
} from "../_helpers/udf_readers.ts";

const source = await makeFeatureTree();
const expected = await folderTree(source);

function strip(
  tree: Tree,
  keep: (path: string, e: Entry) => boolean,
  fields: (keyof Entry)[],
): Tree {
  const out: Tree = new Map();
  for (const [p, e] of tree) {
    if (!keep(p, e)) continue;
    const copy = { ...e };
    for (const f of fields) delete copy[f];
    out.set(p, copy);
  }
  return out;
}

for (const revision of ["1.02", "1.50", "2.00", "2.01"] as const) {
  Deno.test(`masterImage() UDF ${revision} bridge reads back in udfinfo, udfclient, pycdlib and every ISO reader`, async () => {
    const built = await masterFolder(source, { udf: true, udfRevision: revision });
    try {
      const info = await udfinfo(built.iso);
      const files = [...expected.values()].filter((e) => e.type !== "dir").length;
      const dirs = [...expected.values()].filter((e) => e.type === "dir").length + 1;
      const want = {
        udfrev: revision,
        udfwriterev: revision,
        integrity: "closed",
        label: "KILN",
        numfiles: String(files),
        numdirs: String(dirs),
      };
      for (const [k, v] of Object.entries(want)) {
        if (info[k] !== v) throw new Error(`udfinfo ${k}=${info[k]}, expected ${v}`);
      }
      // pycdlib's UDF view: names, bytes and symlinks (no modes, no symlink targets in its API).
      assertSameTree(
        strip(expected, () => true, ["mode", "target"]),
        await pycdlibTree(built.iso, "udf"),
        `pycdlib (UDF ${revision})`,
      );
      // udfclient: files and folders with ASCII names, modes included (see udf_readers.ts).
      const scope = udfclientScope(expected, await udfclientTree(built.iso));
      assertSameTree(scope.expected, scope.actual, `udfclient (UDF ${revision})`);
      // The ISO 9660, Joliet and Rock Ridge views are unchanged by the bridge.
      await checkImage(built.iso, expected, built.image, {
        isoLevel: 3,
        joliet: true,
        rockRidge: true,
      });
    } finally {
      await built.cleanup();
    }
  });
}

Deno.test("masterImage() UDF bridge stores file data once, shared by both file systems", async () => {
  const plain = await masterFolder(source);
  const bridge = await masterFolder(source, { udf: true });
  try {
    const extra = bridge.image.sectors - plain.image.sectors;
    const udfBlocks = 3 + 16 + 16 + 2 + 2 + 2 + expected.size * 2 + 240;
    if (extra > udfBlocks) throw new Error(`the bridge adds ${extra} sectors: data stored twice?`);
  } finally {
    await plain.cleanup();
    await bridge.cleanup();
  }
});

for (const seed of [11, 12, 13]) {
  Deno.test(`masterImage() UDF of random tree #${seed} reads back in 7-Zip's UDF handler and pycdlib`, async () => {
    const dir = await makeRandomTree(seed);
    try {
      const built = await masterFolder(dir, { udf: true, udfRevision: seed % 2 ? "2.01" : "1.02" });
      try {
        const want = await folderTree(dir);
        assertSameTree(
          strip(want, () => true, ["mode"]),
          await sevenZipUdfTree(built.iso),
          "7-Zip (UDF)",
        );
        assertSameTree(
          strip(want, () => true, ["mode"]),
          await pycdlibTree(built.iso, "udf"),
          "pycdlib (UDF)",
        );
      } finally {
        await built.cleanup();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("masterImage() refuses unknown UDF revisions and names the ones it writes", async () => {
  const tree = new FileTree();
  tree.addFile("/a", new Uint8Array(1));
  for (const revision of ["3.00", "2.5", "", "0x0250"]) {
    await expectError(
      () => masterImage(tree, { udf: true, udfRevision: revision as "2.50" }),
      InvalidInputError,
      `Cannot use UDF revision ${
        JSON.stringify(revision)
      }: it must be one of 1.02, 1.50, 2.00, 2.01, 2.50, 2.60`,
    );
  }
});

Deno.test("kiln image --udf --udf-revision writes the asked revision; a bad revision is a clear error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/a.txt`, "a");
    for (const [revision, read] of [["1.50", "1.50"], ["2.60", "2.50"]] as const) {
      const ok = await runCli([
        "image",
        dir,
        "-o",
        `${dir}.iso`,
        "--udf-revision",
        revision,
        "--json",
      ]);
      if (ok.code !== 0 || JSON.parse(ok.stdout).ok !== true) throw new Error(JSON.stringify(ok));
      const info = await udfinfo(`${dir}.iso`);
      if (info.udfrev !== read || info.udfwriterev !== revision) {
        throw new Error(JSON.stringify(info));
      }
    }
    const bad = await runCli([
      "image",
      dir,
      "-o",
      `${dir}.bad.iso`,
      "--udf",
      "--udf-revision",
      "9.99",
    ]);
    if (
      bad.code !== 1 || !bad.stderr.includes('Cannot use UDF revision "9.99"') ||
      !bad.stderr.includes("2.50, 2.60")
    ) {
      throw new Error(JSON.stringify(bad));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(`${dir}.iso`).catch(() => {});
  }
});

Deno.test("kiln image --media picks the media's file systems (BD: UDF 2.50) and refuses an image that cannot fit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/src`);
    await Deno.writeTextFile(`${dir}/src/a.txt`, "a");
    const dvd = await runCli(["image", `${dir}/src`, "-o", `${dir}/dvd.iso`, "--media", "dvd"]);
    if (dvd.code !== 0 || (await udfinfo(`${dir}/dvd.iso`)).udfrev !== "1.02") {
      throw new Error(JSON.stringify(dvd));
    }
    const bd = await runCli(["image", `${dir}/src`, "-o", `${dir}/bd.iso`, "--media", "bd"]);
    const bdInfo = await udfinfo(`${dir}/bd.iso`);
    if (bd.code !== 0 || bdInfo.udfrev !== "2.50" || bdInfo.udfwriterev !== "2.50") {
      throw new Error(JSON.stringify([bd, bdInfo]));
    }
    const cd = await runCli(["image", `${dir}/src`, "-o", `${dir}/cd.iso`, "--media", "cd"]);
    const udf = await runTool("udfinfo", [`${dir}/cd.iso`]);
    if (cd.code !== 0 || udf.code === 0) throw new Error("a CD image should have no UDF");
    const big = await Deno.open(`${dir}/src/big.bin`, { write: true, create: true });
    await big.truncate(800_000_000);
    big.close();
    const full = await runCli(["image", `${dir}/src`, "-o", `${dir}/big.iso`, "--media", "cd"]);
    if (full.code !== 1 || !full.stderr.includes("Cannot fit the image on a CD")) {
      throw new Error(JSON.stringify(full));
    }
    if (
      (await Array.fromAsync(Deno.readDir(dir))).some((e) =>
        e.name.startsWith("big") || e.name.includes(".part")
      )
    ) {
      throw new Error("something was written for an image that does not fit");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("masterImage() UDF-only (iso9660: false) reads back in udfinfo, udfclient and 7-Zip, with no ISO 9660 trees", async () => {
  const built = await masterFolder(source, { udf: true, iso9660: false });
  const plain = await makeRandomTree(21);
  const builtPlain = await masterFolder(plain, { udf: true, iso9660: false, udfRevision: "1.50" });
  try {
    const info = await udfinfo(built.iso);
    if (
      info.udfrev !== "2.01" ||
      info.numdirs !== String([...expected.values()].filter((e) => e.type === "dir").length + 1)
    ) {
      throw new Error(JSON.stringify(info));
    }
    const vrs = await runTool("udfinfo", [built.iso]);
    if (!vrs.text.includes("start=16, blocks=3, type=VRS")) {
      throw new Error(`the VRS must start at sector 16:\n${vrs.text}`);
    }
    const scope = udfclientScope(expected, await udfclientTree(built.iso));
    assertSameTree(scope.expected, scope.actual, "udfclient (UDF-only)");
    const isoinfo = await runTool("isoinfo", ["-d", "-i", built.iso]);
    if (isoinfo.text.includes("CD-ROM is in ISO 9660 format")) {
      throw new Error("a UDF-only image must not carry ISO 9660 descriptors");
    }
    // 7-Zip picks its UDF handler by itself when there is no ISO 9660 (symlink-free tree).
    const want = strip(await folderTree(plain), () => true, ["mode"]);
    assertSameTree(want, await sevenZipUdfTree(builtPlain.iso), "7-Zip (UDF-only)");
  } finally {
    await built.cleanup();
    await builtPlain.cleanup();
    await Deno.remove(plain, { recursive: true });
  }
});

Deno.test("masterImage() refuses an image with neither ISO 9660 nor UDF, and booting a UDF-only image", async () => {
  const tree = new FileTree();
  tree.addFile("/a", new Uint8Array(1));
  const cases: [Parameters<typeof masterImage>[1], string][] = [
    [{ iso9660: false }, "without ISO 9660 and without UDF"],
    [
      { iso9660: false, udf: true, boot: { entries: [{ image: "/a" }] } },
      "Cannot boot a UDF-only image",
    ],
  ];
  for (const [options, needle] of cases) {
    await expectError(() => masterImage(tree, options), InvalidInputError, needle);
  }
});

Deno.test({ name: "UDF feature tree cleanup", fn: () => Deno.remove(source, { recursive: true }) });
