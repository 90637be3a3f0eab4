import { join } from "node:path";
import { FileTree, masterImage, writeImageFile } from "../../src/iso.ts";
import { checkImage } from "../_helpers/check_image.ts";
import { put } from "../_helpers/fixture_tree.ts";
import { isoinfoTree, isoinfoVolume } from "../_helpers/isoinfo_reader.ts";
import { masterFolder } from "../_helpers/master_folder.ts";
import { runTool } from "../_helpers/run_tool.ts";
import { runCli } from "../_helpers/run_cli.ts";
import { folderTree, type Tree } from "../_helpers/tree.ts";
import { sha256 } from "../_helpers/tree.ts";

Deno.test("volume descriptor fields read back in isoinfo and iso-info (libcdio)", async () => {
  const tree = new FileTree();
  tree.addFile("/a.txt", new TextEncoder().encode("a"));
  const image = masterImage(tree, {
    volumeId: "MY_DISC",
    publisherId: "ACME CORP",
    applicationId: "KILN TESTS",
    preparerId: "QA",
    systemId: "LINUX",
    time: new Date(Date.UTC(2026, 10, 24, 12, 30, 15)),
  });
  const dir = await Deno.makeTempDir();
  try {
    const iso = join(dir, "v.iso");
    await writeImageFile(image, iso);
    const v = await isoinfoVolume(iso);
    const want: Record<string, string> = {
      "Volume id": "MY_DISC",
      "Publisher id": "ACME CORP",
      "Application id": "KILN TESTS",
      "Data preparer id": "QA",
      "System id": "LINUX",
      "Volume size is": String(image.sectors),
      "Logical block size is": "2048",
    };
    for (const [k, val] of Object.entries(want)) {
      if (v[k] !== val) throw new Error(`${k}: ${v[k]} (want ${val})`);
    }
    if (
      !("Joliet with UCS level 3 found" in v) || !("Rock Ridge signatures version 1 found" in v)
    ) throw new Error(JSON.stringify(v));
    const cd = await runTool("iso-info", ["-i", iso, "--no-header"]);
    if (
      cd.code !== 0 || !/Volume\s*: MY_DISC/.test(cd.text) ||
      !/Application\s*: KILN TESTS/.test(cd.text)
    ) {
      throw new Error(cd.text + cd.stderr);
    }
    const pvd = await runTool("xorriso", ["-indev", iso, "-pvd_info"]);
    for (
      const line of [
        "Creation Time: 2026112412301500",
        "Eff. Time    : 2026112412301500",
        "Expir. Time  : 0000000000000000",
      ]
    ) {
      if (!pvd.text.includes(line)) {
        throw new Error(`xorriso -pvd_info lacks ${line}:\n${pvd.text}`);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hard links share one copy of the data and read back as equal files", async () => {
  const source = await Deno.makeTempDir();
  try {
    await put(source, "one.bin", new Uint8Array(10_000).fill(7));
    await Deno.link(join(source, "one.bin"), join(source, "two.bin"));
    await put(source, "zzz.bin", new Uint8Array(1).fill(1));
    const built = await masterFolder(source);
    try {
      const listing = await isoinfoTree(built.iso, "rr");
      if (listing.get("/one.bin")?.sha256 !== listing.get("/two.bin")?.sha256) {
        throw new Error("different content");
      }
      const extents = [...built.image.entries()].map((e) => e.extent);
      if (extents[0] !== extents[1] || extents[2] === extents[0]) {
        throw new Error(`extents ${extents}`);
      }
      if (built.image.sectors > 16 + 3 + 4 + 3 + 5 + 1 + 1) {
        throw new Error(`data stored twice? ${built.image.sectors} sectors`);
      }
      // Rock Ridge PX link counts as isoinfo lists them (the column after the mode).
      const rr = await runTool("isoinfo", ["-i", built.iso, "-R", "-l"]);
      const links = new Map(
        new TextDecoder().decode(rr.stdout).split("\n").map((l) => l.trim().split(/\s+/))
          .filter((f) => f[0]?.startsWith("-")).map((f) => [f.at(-1), f[1]]),
      );
      if (
        links.get("one.bin") !== "2" || links.get("two.bin") !== "2" || links.get("zzz.bin") !== "1"
      ) {
        throw new Error(`PX links ${JSON.stringify([...links])}`);
      }
      await checkImage(built.iso, await folderTree(source), built.image, {
        isoLevel: 3,
        joliet: true,
        rockRidge: true,
      }, undefined);
    } finally {
      await built.cleanup();
    }
  } finally {
    await Deno.remove(source, { recursive: true });
  }
});

Deno.test("files from bytes and streams read back like files from disk", async () => {
  const tree = new FileTree();
  const bytes = new TextEncoder().encode("from memory\n");
  const chunks = [new Uint8Array(3000).fill(1), new Uint8Array(5000).fill(2)];
  tree.addFile("/mem/bytes.txt", bytes, { meta: { mode: 0o600 } });
  tree.addFile("/mem/stream.bin", { kind: "stream", open: () => ReadableStream.from(chunks) }, {
    size: 8000,
  });
  tree.addDirectory("/mem/empty");
  tree.addSymlink("/mem/link", "bytes.txt");
  const image = masterImage(tree, { time: new Date(0) });
  const dir = await Deno.makeTempDir();
  try {
    const iso = join(dir, "m.iso");
    await writeImageFile(image, iso);
    const joined = new Uint8Array(8000);
    joined.set(chunks[0]!);
    joined.set(chunks[1]!, 3000);
    const expected: Tree = new Map([
      ["/mem", { type: "dir", mode: 0o755 }],
      ["/mem/bytes.txt", {
        type: "file",
        size: bytes.length,
        sha256: await sha256(bytes),
        mode: 0o600,
      }],
      ["/mem/stream.bin", { type: "file", size: 8000, sha256: await sha256(joined), mode: 0o644 }],
      ["/mem/empty", { type: "dir", mode: 0o755 }],
      ["/mem/link", { type: "symlink", target: "bytes.txt" }],
    ]);
    await checkImage(iso, expected, image, { isoLevel: 3, joliet: true, rockRidge: true });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kiln image prints a summary, or JSON with --json, and the image is readable", async () => {
  const source = await Deno.makeTempDir();
  const dir = await Deno.makeTempDir();
  try {
    await put(source, "docs/readme.md", "# hi\n");
    await put(source, "docs/.git/config", "secret\n");
    await put(source, "tmp/x.tmp", "junk\n");
    const text = await runCli(["image", source, "-o", join(dir, "a.iso"), "-V", "DOCS"]);
    if (text.code !== 0 || !/^Wrote .*a\.iso: .* \(\d+ sectors\), 3 files/.test(text.stdout)) {
      throw new Error(JSON.stringify(text));
    }
    const json = await runCli([
      "image",
      source,
      "-o",
      join(dir, "b.iso"),
      "--json",
      "--no-hidden",
      "--exclude",
      "*.tmp",
    ]);
    const r = JSON.parse(json.stdout);
    if (
      json.code !== 0 || r.ok !== true || r.files !== 1 ||
      r.size !== (await Deno.stat(join(dir, "b.iso"))).size
    ) throw new Error(json.stdout);
    // The phases are the run's parts, in order, and add up to its time.
    const { scan, plan, write } = r.phases;
    const sum = scan + plan + write;
    if (![scan, plan, write].every((t) => t >= 0) || Math.abs(sum - r.seconds) > 1e-6) {
      throw new Error(`phases ${JSON.stringify(r.phases)} for ${r.seconds} s`);
    }
    const tree = await isoinfoTree(join(dir, "b.iso"), "rr");
    if ([...tree.keys()].sort().join() !== "/docs,/docs/readme.md,/tmp") {
      throw new Error([...tree.keys()].join());
    }
  } finally {
    await Deno.remove(source, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("masterImage() fileOrder places data in the caller's order and the image still reads back", async () => {
  const tree = new FileTree();
  const sizes = { "/a.bin": 5000, "/b.bin": 100, "/c/d.bin": 3000 };
  for (const [path, size] of Object.entries(sizes)) {
    tree.addFile(path, new Uint8Array(size).fill(size & 0xff));
  }
  const image = masterImage(tree, { time: new Date(0), fileOrder: (x, y) => x.size - y.size });
  const extents = Object.fromEntries(
    [...image.entries()].filter((e) => e.kind === "file").map((e) => [e.path, e.extent]),
  );
  if (!(extents["/b.bin"]! < extents["/c/d.bin"]! && extents["/c/d.bin"]! < extents["/a.bin"]!)) {
    throw new Error(JSON.stringify(extents));
  }
  const dir = await Deno.makeTempDir();
  try {
    await writeImageFile(image, join(dir, "o.iso"));
    const expected: Tree = new Map([["/c", { type: "dir", mode: 0o755 }]]);
    for (const [path, size] of Object.entries(sizes)) {
      expected.set(path, {
        type: "file",
        size,
        sha256: await sha256(new Uint8Array(size).fill(size & 0xff)),
        mode: 0o644,
      });
    }
    await checkImage(join(dir, "o.iso"), expected, image, {
      isoLevel: 3,
      joliet: true,
      rockRidge: true,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
