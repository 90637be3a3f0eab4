import { join } from "node:path";
import { FileTree, masterImage } from "../../src/iso.ts";
import { makeFeatureTree } from "../_helpers/fixture_tree.ts";
import { masterFolder } from "../_helpers/master_folder.ts";
import { runCli } from "../_helpers/run_cli.ts";
import { sha256 } from "../_helpers/tree.ts";

async function imageBytes(tree: FileTree, time: Date): Promise<Uint8Array> {
  return new Uint8Array(await new Response(masterImage(tree, { time }).stream()).arrayBuffer());
}

Deno.test("masterImage() with a fixed time is byte-identical whatever order the tree was built in", async () => {
  const a = new FileTree();
  const b = new FileTree();
  const files = ["/z.txt", "/a/b/c.txt", "/a/a.txt", "/m/n.txt"];
  for (const f of files) a.addFile(f, new TextEncoder().encode(f));
  for (const f of [...files].reverse()) b.addFile(f, new TextEncoder().encode(f));
  const time = new Date(Date.UTC(2020, 5, 1));
  const [x, y] = [await imageBytes(a, time), await imageBytes(b, time)];
  if ((await sha256(x)) !== (await sha256(y))) throw new Error("different bytes");
  const z = await imageBytes(a, new Date(Date.UTC(2021, 5, 1)));
  if ((await sha256(x)) === (await sha256(z))) throw new Error("the time is not in the image");
});

Deno.test("kiln image with SOURCE_DATE_EPOCH makes byte-identical images of a real tree", async () => {
  const source = await makeFeatureTree();
  const dir = await Deno.makeTempDir();
  try {
    const env = { SOURCE_DATE_EPOCH: "1700000000" };
    const first = await runCli(["image", source, "-o", join(dir, "1.iso")], env);
    await Deno.utime(join(source, "hello.txt"), new Date(), new Date());
    const second = await runCli(["image", source, "-o", join(dir, "2.iso")], env);
    if (first.code !== 0 || second.code !== 0) throw new Error(first.stderr + second.stderr);
    const [h1, h2] = [
      await sha256(await Deno.readFile(join(dir, "1.iso"))),
      await sha256(await Deno.readFile(join(dir, "2.iso"))),
    ];
    if (h1 !== h2) throw new Error("rebuild differs");
    const bad = await runCli(["image", source, "-o", join(dir, "3.iso")], {
      SOURCE_DATE_EPOCH: "yesterday",
    });
    if (bad.code !== 1 || !bad.stderr.includes("SOURCE_DATE_EPOCH")) {
      throw new Error(JSON.stringify(bad));
    }
  } finally {
    await Deno.remove(source, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("masterFolder() twice with a fixed time gives identical images", async () => {
  const source = await makeFeatureTree();
  try {
    const one = await masterFolder(source);
    const two = await masterFolder(source);
    try {
      if (
        (await sha256(await Deno.readFile(one.iso))) !==
          (await sha256(await Deno.readFile(two.iso)))
      ) throw new Error("differ");
    } finally {
      await one.cleanup();
      await two.cleanup();
    }
  } finally {
    await Deno.remove(source, { recursive: true });
  }
});
