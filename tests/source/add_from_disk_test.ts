import { addFromDisk, FileTree, InvalidInputError, writeImageFile } from "../../src/iso.ts";
import { masterImage } from "../../src/image/master_image.ts";
import type { DirectoryEntry, FileEntry } from "../../src/model/file_tree.ts";
import { ScannedFileEntry } from "../../src/source/scanned_file_entry.ts";
import { checkImage } from "../_helpers/check_image.ts";
import { inTempDir } from "../_helpers/data_area_jobs.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { put } from "../_helpers/fixture_tree.ts";
import { folderTree } from "../_helpers/tree.ts";

/**
 * Master `tree` into `dir` and read it back with every reader against the folder `like`;
 * `xorriso -compare_r` too when `like` is the folder the tree was scanned from (it compares
 * times as well, and a folder made later to look like the tree has its own).
 */
async function readBack(tree: FileTree, dir: string, like: string, source = true): Promise<void> {
  const image = masterImage(tree);
  const iso = `${dir}/out.iso`;
  await writeImageFile(image, iso);
  const features = { isoLevel: 3, joliet: true, rockRidge: true } as const;
  await checkImage(iso, await folderTree(like), image, features, source ? like : undefined);
}

async function putAll(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) await put(root, rel, text);
}

Deno.test("addFromDisk(): a folder scanned into an empty directory becomes one block of rows; read back by every reader", async () => {
  await inTempDir(async (dir) => {
    const src = `${dir}/src`;
    await putAll(src, { "b.txt": "bee", "a/x.bin": "x".repeat(3000), "a/y": "", "é€.txt": "€" });
    await Deno.symlink("a/x.bin", `${src}/link`);
    await Deno.chmod(`${src}/b.txt`, 0o600);
    const tree = new FileTree();
    const summary = await addFromDisk(tree, src);
    if (summary.files !== 4 || summary.directories !== 1 || summary.symlinks !== 1) {
      throw new Error(JSON.stringify(summary));
    }
    const block = tree.root.children.block;
    if (!block || block.size !== 4) throw new Error(`root block ${block?.size}`);
    const b = tree.get("/b.txt") as FileEntry;
    if (!(b instanceof ScannedFileEntry) || b.size !== 3 || b.meta.mode !== 0o600) {
      throw new Error(`b.txt ${b?.size} ${b?.meta.mode.toString(8)}`);
    }
    const a = tree.get("/a") as DirectoryEntry;
    if (a.children.block?.size !== 2 || tree.get("/a/x.bin")?.kind !== "file") {
      throw new Error("a/");
    }
    if (tree.get("/link")?.kind !== "symlink" || tree.get("/nothing") !== undefined) {
      throw new Error("lookups");
    }
    await readBack(tree, dir, src);
  });
});

Deno.test("addFromDisk(): a second source merges into folders the first made; a name both hold is refused, naming it", async () => {
  await inTempDir(async (dir) => {
    await putAll(`${dir}/one`, { "docs/a.txt": "a", "top.txt": "1" });
    await putAll(`${dir}/two`, { "docs/b.txt": "bb", "docs/deep/c.txt": "ccc", "more.txt": "2" });
    await putAll(`${dir}/clash`, { "docs/a.txt": "other" });
    const tree = new FileTree();
    await addFromDisk(tree, `${dir}/one`);
    await addFromDisk(tree, `${dir}/two`);
    const docs = tree.get("/docs") as DirectoryEntry;
    const names = [...docs.children.keys()].join();
    if (names !== "a.txt,b.txt,deep") throw new Error(`docs holds ${names}`);
    if ([...tree.root.children.keys()].join() !== "docs,top.txt,more.txt") {
      throw new Error([...tree.root.children.keys()].join());
    }
    // The merged tree, read back, is both folders together.
    const merged = `${dir}/merged`;
    await putAll(merged, {
      "docs/a.txt": "a",
      "docs/b.txt": "bb",
      "docs/deep/c.txt": "ccc",
      "top.txt": "1",
      "more.txt": "2",
    });
    // Made after the sources, its files' times are not theirs (a second later at times).
    await readBack(tree, dir, merged, false);
    await expectError(
      () => addFromDisk(tree, `${dir}/clash`),
      InvalidInputError,
      `"/docs/a.txt"`,
      "already exists",
    );
  });
});

Deno.test("addFromDisk(): a name that is not UTF-8 beside the true name it reads as is refused, naming the folder", async () => {
  await inTempDir(async (dir) => {
    // "bad\xffname" reads as "bad\uFFFDname", which is also the true name of the other file.
    const py = await new Deno.Command("/usr/bin/python3", {
      args: [
        "-c",
        "import os,sys; d=sys.argv[1].encode(); [open(os.path.join(d, n), 'w').close() for n in (b'bad\\xffname', 'bad\\ufffdname'.encode())]",
        dir,
      ],
    }).output();
    if (!py.success) {
      throw new Error(`cannot create the test files: ${new TextDecoder().decode(py.stderr)}`);
    }
    // Into an empty tree (the folder becomes a block) and into one with children (a merge).
    const merging = new FileTree();
    merging.addFile("/x", new Uint8Array(1));
    for (const into of [new FileTree(), merging]) {
      await expectError(
        addFromDisk(into, dir),
        InvalidInputError,
        JSON.stringify(dir),
        "not valid UTF-8",
      );
    }
  });
});

Deno.test("addFromDisk(): scanned names recorded at levels 1 and 2 from their names alone, or kept when they collide; read back by every reader", async () => {
  await inTempDir(async (dir) => {
    const src = `${dir}/src`;
    const plain = [
      ".bashrc",
      "trailing.",
      "Makefile",
      "Mixed.Case.tar.gz",
      "a-b c#d.txt",
      `${"long".repeat(10)}.${"extension".repeat(2)}`,
      "x.ab",
    ];
    const files: Record<string, string> = {};
    for (const [i, name] of plain.entries()) files[`plain/${name}`] = `p${i}`;
    for (const [i, name] of ["a.txt", "A.txt", "a?txt", "a.TXT"].entries()) {
      files[`alike/${name}`] = `a${i}`;
    }
    files["wide/é€.txt"] = "€";
    files["wide/plain.txt"] = "w";
    await putAll(src, files);
    const { masterAndCheck } = await import("../_helpers/master_folder.ts");
    for (const isoLevel of [1, 2] as const) await masterAndCheck(src, { isoLevel });
  });
});
