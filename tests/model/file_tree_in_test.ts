import { FileTree, InvalidInputError } from "../../src/iso.ts";

function expectError(run: () => unknown, ...parts: string[]): void {
  try {
    run();
  } catch (e) {
    if (e instanceof InvalidInputError && parts.every((p) => e.message.includes(p))) return;
    throw new Error(`wrong error: ${e}`);
  }
  throw new Error(`no error (expected one saying ${parts.join(", ")})`);
}

Deno.test("FileTree.addFileIn() and addSymlinkIn() add by name to the directory given", () => {
  const tree = new FileTree();
  const docs = tree.addDirectory("/docs");
  const file = tree.addFileIn(docs, "a.txt", new Uint8Array(3), { meta: { mode: 0o600 } }, "/docs");
  const link = tree.addSymlinkIn(docs, "latest", "a.txt", { uid: 7 }, "/docs");
  if (tree.get("/docs/a.txt") !== file || tree.get("/docs/latest") !== link) {
    throw new Error("entries not where they were added");
  }
  if (file.size !== 3 || file.meta.mode !== 0o600 || file.meta.uid !== 0) {
    throw new Error(`file ${JSON.stringify(file.meta)} size ${file.size}`);
  }
  if (link.target !== "a.txt" || link.meta.uid !== 7 || link.meta.mode !== 0o777) {
    throw new Error(`link ${JSON.stringify(link)}`);
  }
  tree.addFileIn(tree.root, "top.bin", new Uint8Array(1));
  if (tree.get("/top.bin")?.kind !== "file") throw new Error("not added to the root");
});

Deno.test("FileTree.addFileIn() refuses what addFile() refuses, naming the whole path", () => {
  const tree = new FileTree();
  const docs = tree.addDirectory("/docs");
  tree.addFileIn(docs, "a.txt", new Uint8Array(1), {}, "/docs");
  expectError(
    () => tree.addFileIn(docs, "a.txt", new Uint8Array(1), {}, "/docs"),
    `"/docs/a.txt"`,
    "already exists",
  );
  expectError(
    () => tree.addSymlinkIn(docs, "a.txt", "x", undefined, "/docs"),
    `"/docs/a.txt"`,
    "already exists",
  );
  expectError(() => tree.addFileIn(docs, "b\0", new Uint8Array(1), {}, "/docs"), "NUL character");
  expectError(() => tree.addFileIn(docs, "..", new Uint8Array(1), {}, "/docs/"), `"/docs/.."`);
  expectError(
    () => tree.addFileIn(docs, "s", { kind: "path", path: "/x" }, { size: -1 }, "/docs"),
    `"/docs/s"`,
    "non-negative integer",
  );
  expectError(() => tree.addSymlinkIn(docs, "l", "", undefined, "/docs"), `"/docs/l"`, "target");
  // A refused entry leaves the directory as it was.
  if ([...docs.children.keys()].join() !== "a.txt") {
    throw new Error([...docs.children.keys()].join());
  }
});

Deno.test("FileTree.addFile() creates no parent folders for a file it refuses", () => {
  const tree = new FileTree();
  expectError(
    () => tree.addFile("/new/dir/f", { kind: "path", path: "/x" }, { size: 1.5 }),
    `"/new/dir/f"`,
  );
  expectError(() => tree.addSymlink("/other/l", "a\0b"), `"/other/l"`);
  if (tree.root.children.size !== 0) throw new Error([...tree.root.children.keys()].join());
});

Deno.test("FileTree: scan-style metadata (every field given) is copied, not shared", () => {
  const tree = new FileTree();
  const when = new Date(1_000_000);
  const meta = { mode: 0o640, uid: 1, gid: 2, mtime: when, atime: when, ctime: when };
  const a = tree.addFile("/a", new Uint8Array(1), { meta });
  const b = tree.addFile("/b", new Uint8Array(1), { meta });
  a.meta.mode = 0o600;
  if (b.meta.mode !== 0o640 || meta.mode !== 0o640) throw new Error("meta shared between entries");
  if (JSON.stringify(b.meta) !== JSON.stringify(meta)) throw new Error(JSON.stringify(b.meta));
  const partial = tree.addFile("/c", new Uint8Array(1), { meta: { mtime: when } });
  if (Object.keys(partial.meta).sort().join() !== "gid,mode,mtime,uid") {
    throw new Error(`absent times appeared: ${Object.keys(partial.meta)}`);
  }
});

Deno.test("FileTree.addEntryIn() keeps the entry given, after the checks addFileIn() makes", () => {
  const tree = new FileTree();
  const docs = tree.addDirectory("/docs");
  const meta = { mode: 0o640, uid: 1, gid: 2 };
  const entry = {
    kind: "file" as const,
    name: "a.txt",
    size: 2,
    source: { kind: "bytes" as const, bytes: new Uint8Array(2) },
    meta,
  };
  if (tree.addEntryIn(docs, entry, "/docs") !== entry || tree.get("/docs/a.txt") !== entry) {
    throw new Error("the entry was not kept as given");
  }
  expectError(() => tree.addEntryIn(docs, entry, "/docs"), `"/docs/a.txt"`, "already exists");
  expectError(() => tree.addEntryIn(docs, { ...entry, name: "b/c" }, "/docs"), "b/c", "slash");
  expectError(() => tree.addFileIn(docs, "b/c", new Uint8Array(1), {}, "/docs"), "slash");
  expectError(() => tree.addSymlinkIn(docs, "b/", "x", undefined, "/docs"), "slash");
  expectError(() => tree.addEntryIn(docs, { ...entry, name: "" }, "/docs"), "not a file name");
  expectError(
    () => tree.addEntryIn(docs, { ...entry, name: "big", size: 1.5 }, "/docs"),
    `"/docs/big"`,
    "non-negative integer",
  );
  if ([...docs.children.keys()].join() !== "a.txt") {
    throw new Error([...docs.children.keys()].join());
  }
});
