import { join } from "node:path";
import { FileTree } from "../../src/iso.ts";
import { addFromDisk } from "../../src/source/add_from_disk.ts";
import { FolderFileSource } from "../../src/source/folder_file_source.ts";

Deno.test("FolderFileSource joins its folder and name when its path is read", () => {
  const plain = new FolderFileSource("/data/", "a.bin");
  if (plain.kind !== "path" || plain.path !== "/data/a.bin") throw new Error(plain.path);
  if ("inode" in plain || Object.keys(plain).includes("inode")) throw new Error("inode set");
  const linked = new FolderFileSource("/data/", "b.bin", "2049:77");
  if (linked.inode !== "2049:77" || linked.path !== "/data/b.bin") throw new Error("linked");
});

Deno.test("addFromDisk: each file's source names it on disk, hard links carry device:inode", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dir, "sub"));
    await Deno.writeTextFile(join(dir, "sub", "one.txt"), "one");
    await Deno.writeTextFile(join(dir, "top.txt"), "top");
    await Deno.link(join(dir, "sub", "one.txt"), join(dir, "sub", "two.txt"));
    const tree = new FileTree();
    await addFromDisk(tree, dir);
    const info = Deno.statSync(join(dir, "sub", "one.txt"));
    for (
      const [image, disk, inode] of [
        ["/sub/one.txt", join(dir, "sub", "one.txt"), `${info.dev}:${info.ino}`],
        ["/sub/two.txt", join(dir, "sub", "two.txt"), `${info.dev}:${info.ino}`],
        ["/top.txt", join(dir, "top.txt"), undefined],
      ] as const
    ) {
      const entry = tree.get(image);
      if (entry?.kind !== "file" || entry.source.kind !== "path") {
        throw new Error(`${image} missing`);
      }
      if (entry.source.path !== disk) throw new Error(`${image}: ${entry.source.path}`);
      if (entry.source.inode !== inode) throw new Error(`${image}: inode ${entry.source.inode}`);
      if (Deno.readTextFileSync(entry.source.path) !== Deno.readTextFileSync(disk)) {
        throw new Error(`${image} reads other bytes`);
      }
    }
    // A file given as the source goes in by its name, into the target (created as needed).
    const single = new FileTree();
    const summary = await addFromDisk(single, join(dir, "top.txt"), "/into/here");
    const entry = single.get("/into/here/top.txt");
    if (summary.files !== 1 || entry?.kind !== "file" || entry.source.kind !== "path") {
      throw new Error("single file not added");
    }
    if (entry.source.path !== join(dir, "top.txt") || entry.size !== 3) {
      throw new Error(`single file: ${entry.source.path}, ${entry.size} bytes`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
