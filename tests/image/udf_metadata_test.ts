/**
 * UDF 2.50 and 2.60 (metadata partition and mirror), bridge and UDF-only, read back by
 * udfinfo (volume, counts, integrity), udfclient (ASCII names, modes), libudfread (every
 * name, byte and symlink target) and 7-Zip's UDF handler (every name and byte, on trees
 * without symlinks, which it refuses). Every file's bytes are read by at least two of them.
 * pycdlib 1.12 supports no metadata partition: the last tests show that, on mkudffs' volume
 * as on kiln's, and that the mirror is a working copy of its own.
 */

import { join } from "node:path";
import { FileTree, InvalidInputError, masterImage } from "../../src/iso.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { runTool } from "../_helpers/run_tool.ts";
import { checkImage } from "../_helpers/check_image.ts";
import { makeFeatureTree, makeRandomTree } from "../_helpers/fixture_tree.ts";
import { masterFolder } from "../_helpers/master_folder.ts";
import { assertSameTree, folderTree, type Tree } from "../_helpers/tree.ts";
import {
  sevenZipUdfTree,
  udfclientScope,
  udfclientTree,
  udfinfo,
  udfreadScope,
  udfreadView,
} from "../_helpers/udf_readers.ts";

const source = await makeFeatureTree();
const expected = await folderTree(source);
/** The feature tree without its symlinks, for 7-Zip. */
const plain = await Deno.makeTempDir({ prefix: "kiln-plain-" });
await runTool("cp", ["-a", `${source}/.`, plain]);
for (const [path, e] of expected) if (e.type === "symlink") await Deno.remove(join(plain, path));
const plainExpected = await folderTree(plain);

const noModes = (tree: Tree): Tree =>
  new Map([...tree].map(([p, e]) => {
    const { mode: _mode, ...rest } = e;
    return [p, rest];
  }));

async function checkVolume(iso: string, revision: "2.50" | "2.60"): Promise<void> {
  const info = await udfinfo(iso);
  const want = {
    // udfinfo's udfrev is the minimum read revision: 2.50 for 2.60 without pseudo-overwrite.
    udfrev: "2.50",
    udfwriterev: revision,
    integrity: "closed",
    label: "KILN",
    fsid: "KILN",
    numfiles: String([...expected.values()].filter((e) => e.type !== "dir").length),
    numdirs: String([...expected.values()].filter((e) => e.type === "dir").length + 1),
  };
  for (const [k, v] of Object.entries(want)) {
    if (info[k] !== v) throw new Error(`udfinfo ${k}=${info[k]}, expected ${v}`);
  }
}

/** 7-Zip's description of the volume: partitions and maps as it resolved them. */
async function sevenZipListing(iso: string): Promise<string> {
  const r = await runTool("7zz", ["l", "-tudf", iso]);
  if (r.code !== 0) throw new Error(`7zz l -tudf rejected ${iso}:\n${r.text}`);
  return r.text;
}

for (const revision of ["2.50", "2.60"] as const) {
  Deno.test(`masterImage() UDF ${revision} bridge reads back in udfinfo, udfclient, libudfread, 7-Zip and every ISO reader`, async () => {
    const built = await masterFolder(source, { udf: true, udfRevision: revision });
    const builtPlain = await masterFolder(plain, { udf: true, udfRevision: revision });
    try {
      await checkVolume(built.iso, revision);
      const scope = udfclientScope(expected, await udfclientTree(built.iso));
      assertSameTree(scope.expected, scope.actual, `udfclient (UDF ${revision})`);
      const lib = udfreadScope(expected, await udfreadView(built.iso));
      assertSameTree(lib.expected, lib.actual, `libudfread (UDF ${revision})`);
      await checkImage(built.iso, expected, built.image, {
        isoLevel: 3,
        joliet: true,
        rockRidge: true,
        udfMetadataPartition: true,
      });
      // Without symlinks 7-Zip reads the volume too, through the metadata partition map.
      assertSameTree(noModes(plainExpected), await sevenZipUdfTree(builtPlain.iso), "7-Zip (UDF)");
      const listing = await sevenZipListing(builtPlain.iso);
      for (
        const needle of [
          "IsMetadata: 1",
          `DomainId: *OSTA UDF Compliant::${revision}`,
          `PartitionTypeId: *UDF Metadata Partition::${revision}::UNIX::Linux`,
        ]
      ) {
        if (!listing.includes(needle)) throw new Error(`7-Zip does not say ${needle}:\n${listing}`);
      }
      const plainLib = udfreadScope(plainExpected, await udfreadView(builtPlain.iso));
      assertSameTree(plainLib.expected, plainLib.actual, `libudfread (UDF ${revision}, no links)`);
    } finally {
      await built.cleanup();
      await builtPlain.cleanup();
    }
  });

  Deno.test(`masterImage() UDF ${revision} UDF-only reads back in udfinfo, udfclient, libudfread and 7-Zip`, async () => {
    const built = await masterFolder(source, { udf: true, iso9660: false, udfRevision: revision });
    const builtPlain = await masterFolder(plain, {
      udf: true,
      iso9660: false,
      udfRevision: revision,
    });
    try {
      await checkVolume(built.iso, revision);
      const vrs = await runTool("udfinfo", [built.iso]);
      if (!vrs.text.includes("start=16, blocks=3, type=VRS")) {
        throw new Error(`the VRS must start at sector 16:\n${vrs.text}`);
      }
      const scope = udfclientScope(expected, await udfclientTree(built.iso));
      assertSameTree(scope.expected, scope.actual, `udfclient (UDF-only ${revision})`);
      const lib = udfreadScope(expected, await udfreadView(built.iso));
      assertSameTree(lib.expected, lib.actual, `libudfread (UDF-only ${revision})`);
      // 7-Zip picks its UDF handler by itself when there is no ISO 9660.
      const r = await runTool("7zz", ["l", builtPlain.iso]);
      if (!r.text.includes("Type = Udf")) throw new Error(`7-Zip did not see UDF:\n${r.text}`);
      assertSameTree(noModes(plainExpected), await sevenZipUdfTree(builtPlain.iso), "7-Zip");
      const plainLib = udfreadScope(plainExpected, await udfreadView(builtPlain.iso));
      assertSameTree(plainLib.expected, plainLib.actual, `libudfread (UDF-only ${revision})`);
    } finally {
      await built.cleanup();
      await builtPlain.cleanup();
    }
  });
}

for (const seed of [31, 32]) {
  Deno.test(`masterImage() UDF ${seed % 2 ? "2.60" : "2.50"} of random tree #${seed} reads back in 7-Zip and libudfread`, async () => {
    const dir = await makeRandomTree(seed);
    try {
      const built = await masterFolder(dir, { udf: true, udfRevision: seed % 2 ? "2.60" : "2.50" });
      try {
        const want = await folderTree(dir);
        assertSameTree(noModes(want), await sevenZipUdfTree(built.iso), "7-Zip (UDF)");
        const lib = udfreadScope(want, await udfreadView(built.iso));
        assertSameTree(lib.expected, lib.actual, "libudfread");
      } finally {
        await built.cleanup();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("masterImage() UDF 2.50 mirror is a full copy of its own: readers go on when the metadata file is destroyed", async () => {
  const built = await masterFolder(plain, { udf: true, iso9660: false, udfRevision: "2.50" });
  try {
    // Where 7-Zip found the metadata file's entry and extent (it reads no mirror).
    const listing = await sevenZipListing(built.iso);
    const num = (re: RegExp) => Number(re.exec(listing)?.[1] ?? NaN);
    const physical = num(/PartitionIndex: 0\n[^]*?Pos: (\d+)/);
    const entry = num(/MetadataFileLocation: (\d+)/);
    const meta = /IsMetadata: 1\n\s*Size: (\d+)\n\s*Pos: (\d+)/.exec(listing);
    if (!meta || !Number.isFinite(physical + entry)) throw new Error(listing);
    const f = await Deno.open(built.iso, { write: true });
    try {
      await f.seek(physical + entry * 2048, Deno.SeekMode.Start);
      await f.write(new Uint8Array(2048));
      await f.seek(Number(meta[2]), Deno.SeekMode.Start);
      await f.write(new Uint8Array(Number(meta[1])));
    } finally {
      f.close();
    }
    const broken = await runTool("7zz", ["l", "-tudf", built.iso]);
    if (broken.code === 0) throw new Error("7-Zip still opens the volume: nothing was destroyed");
    // libudfread and udfinfo fall back to the mirror file's entry and its own extent.
    const lib = udfreadScope(plainExpected, await udfreadView(built.iso));
    assertSameTree(lib.expected, lib.actual, "libudfread (through the mirror)");
    const info = await udfinfo(built.iso);
    if (info.fsid !== "KILN" || info.integrity !== "closed") throw new Error(JSON.stringify(info));
  } finally {
    await built.cleanup();
  }
});

/** What pycdlib 1.12's logical volume descriptor parser says of an image's LVD. */
async function pycdlibOnLvd(image: string): Promise<string> {
  const script = `
import sys
import pycdlib.udf as udf
from pycdlib.pycdlibexception import PyCdlibInvalidISO
with open(sys.argv[1], "rb") as f:
    data = f.read(300 * 2048)
for s in range(16, 300):
    b = data[s * 2048:(s + 1) * 2048]
    if b[0:2] == b"\\x06\\x00" and int.from_bytes(b[12:16], "little") == s:
        tag = udf.UDFTag()
        tag.parse(b, s)
        try:
            udf.UDFLogicalVolumeDescriptor().parse(b, s, tag)
            print("parsed")
        except PyCdlibInvalidISO as e:
            print("refused:", e)
        break
else:
    print("no LVD")
`;
  const r = await runTool("/usr/bin/python3", ["-c", script, image]);
  if (r.code !== 0) throw new Error(`pycdlib probe failed:\n${r.stderr}`);
  return r.text.trim();
}

Deno.test("pycdlib 1.12 refuses mkudffs' UDF 2.50 volume as it refuses kiln's: it has no metadata partition support", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kiln-mkudffs-" });
  const built = await masterFolder(plain, { udf: true, udfRevision: "2.50" });
  const old = await masterFolder(plain, { udf: true, udfRevision: "2.01" });
  try {
    // The reference: udftools' mkudffs, BD-R, UDF 2.50 (a type 1 and a type 2 map, VAT).
    const ref = join(dir, "ref.udf");
    const mk = await runTool("/usr/sbin/mkudffs", [
      "--new-file",
      "-b",
      "2048",
      "-m",
      "bdr",
      "-r",
      "2.50",
      ref,
      "20000",
    ]);
    if (mk.code !== 0) throw new Error(`mkudffs failed:\n${mk.stderr}`);
    if ((await udfinfo(ref)).udfrev !== "2.50") throw new Error("mkudffs did not write UDF 2.50");
    const refusal = "refused: Partition map goes beyond end of data, ISO corrupt";
    const seen = [
      await pycdlibOnLvd(ref),
      await pycdlibOnLvd(built.iso),
      await pycdlibOnLvd(old.iso),
    ];
    if (seen[0] !== refusal || seen[1] !== refusal || seen[2] !== "parsed") {
      throw new Error(`pycdlib on mkudffs 2.50, kiln 2.50, kiln 2.01: ${JSON.stringify(seen)}`);
    }
  } finally {
    await built.cleanup();
    await old.cleanup();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("masterImage() refuses a symlink whose path components do not fit its UDF entry", async () => {
  // 74 components of 20 characters: 74 × (4 + 1 + 40) = 3330 bytes, and an extended file
  // entry embeds at most 2048 − 216 = 1832 (a file entry 1872).
  const tree = new FileTree();
  tree.addSymlink("/far", `${"abcdefghijklmnopqrst/".repeat(73)}abcdefghijklmnopqrst`);
  for (const [revision, room] of [["2.50", 1832], ["2.01", 1872]] as const) {
    await expectError(
      () => masterImage(tree, { udf: true, udfRevision: revision }),
      InvalidInputError,
      `Cannot add symlink "/far" to UDF ${revision}: its target takes 3330 bytes of path components, and its entry holds ${room}`,
    );
  }
});

Deno.test({
  name: "UDF 2.50/2.60 feature tree cleanup",
  fn: async () => {
    await Deno.remove(source, { recursive: true });
    await Deno.remove(plain, { recursive: true });
  },
});
