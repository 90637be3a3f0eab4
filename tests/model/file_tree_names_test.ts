import { FileTree, InvalidInputError } from "../../src/iso.ts";

function rejects(name: string, why: string): void {
  try {
    new FileTree().addFile(`/dir/${name}`, new Uint8Array(1));
  } catch (e) {
    if (e instanceof InvalidInputError && e.message.includes(why)) return;
    throw new Error(`${JSON.stringify(name)}: wrong error ${e}`);
  }
  throw new Error(`${JSON.stringify(name)} was accepted`);
}

Deno.test("FileTree.addFile() refuses unpaired surrogates, NUL and names over 255 UTF-8 bytes", () => {
  rejects("a\uD800", "unpaired UTF-16 surrogate");
  rejects("\uD800b", "unpaired UTF-16 surrogate");
  rejects("a\uDC00b", "unpaired UTF-16 surrogate");
  rejects("\uDC00\uD800", "unpaired UTF-16 surrogate");
  rejects("a\0b", "NUL character");
  rejects("é".repeat(128), "longer than 255 bytes");
  rejects("名".repeat(86), "longer than 255 bytes");
  rejects("😀".repeat(64), "longer than 255 bytes");
  rejects("..", "is not a file name");
});

Deno.test("FileTree.addFile() takes names of exactly 255 UTF-8 bytes and paired surrogates", () => {
  const tree = new FileTree();
  for (
    const name of ["a".repeat(255), "名".repeat(85), "😀".repeat(63) + "abc", "é".repeat(127) + "x"]
  ) {
    tree.addFile(`/d/${name}`, new Uint8Array(1));
    if (tree.get(`/d/${name}`)?.kind !== "file") throw new Error(name);
  }
  tree.addFile("d/e/", new Uint8Array(2));
  tree.addFile("/d//f", new Uint8Array(3));
  if (tree.get("/d/e")?.kind !== "file" || tree.get("/d/f")?.kind !== "file") {
    throw new Error("paths with extra slashes");
  }
});
