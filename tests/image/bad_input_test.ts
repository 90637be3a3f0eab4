import { join } from "node:path";
import { listDir } from "../_helpers/tree.ts";
import {
  FileTree,
  ImageWriteError,
  InvalidInputError,
  masterImage,
  writeImageFile,
} from "../../src/iso.ts";
import { expectError } from "../_helpers/expect_error.ts";
import { addFromDisk } from "../../src/source/add_from_disk.ts";
import { THREAD_ABOVE } from "../../ffi/linux/data_area_writer.ts";
import { pseudoRandomBytes, put } from "../_helpers/fixture_tree.ts";
import { CLI, runCli } from "../_helpers/run_cli.ts";

const isRoot = Deno.uid() === 0;

Deno.test("kiln image: a missing source is a clear error and writes nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await runCli(["image", join(dir, "nope"), "-o", join(dir, "out.iso")]);
    if (
      r.code !== 1 || !r.stderr.includes("no such file or directory") || !r.stderr.includes("nope")
    ) throw new Error(JSON.stringify(r));
    if ((await listDir(dir)).length !== 0) throw new Error("something was written");
    const json = await runCli(["image", join(dir, "nope"), "-o", join(dir, "out.iso"), "--json"]);
    const parsed = JSON.parse(json.stdout);
    if (json.code !== 1 || parsed.ok !== false || parsed.error.name !== "InvalidInputError") {
      throw new Error(json.stdout);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kiln image: an output inside a source folder is refused before anything is written", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await put(dir, "src/a.txt", "a");
    const r = await runCli(["image", join(dir, "src"), "-o", join(dir, "src/sub/../out.iso")]);
    if (r.code !== 1 || !r.stderr.includes("lies inside the source")) {
      throw new Error(JSON.stringify(r));
    }
    if ((await listDir(join(dir, "src"))).join() !== "a.txt") {
      throw new Error("the source folder changed");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kiln image: bad options are usage errors (exit 2)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const args of [["--iso-level", "4"], ["--frobnicate"], []]) {
      const r = await runCli([
        "image",
        dir,
        ...(args.length ? ["-o", join(dir, "..", "x.iso")] : []),
        ...args,
      ]);
      if (r.code !== 2 || !r.stderr.startsWith("kiln: ")) {
        throw new Error(`${args}: ${JSON.stringify(r)}`);
      }
    }
    const long = await runCli(["image", dir, "-o", join(dir, "..", "x.iso"), "-V", "X".repeat(33)]);
    if (long.code !== 1 || !long.stderr.includes("longer than 32")) {
      throw new Error(JSON.stringify(long));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeImageFile() stops on a source that grew or shrank, naming it, and leaves no file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const change of ["grow", "shrink"]) {
      await put(dir, "src/big.bin", pseudoRandomBytes(300_000, 1));
      await put(dir, "src/small.txt", "x");
      const tree = new FileTree();
      await addFromDisk(tree, join(dir, "src"));
      const image = masterImage(tree, { time: new Date(0) });
      const path = join(dir, "src/big.bin");
      if (change === "grow") await Deno.writeFile(path, new Uint8Array(10), { append: true });
      else await Deno.truncate(path, 1000);
      const err = await expectError(
        writeImageFile(image, join(dir, "out.iso")),
        InvalidInputError,
        "changed size",
        "big.bin",
      );
      if (err.path !== path) throw new Error(`path ${err.path}`);
      if ((await listDir(dir)).join() !== "src") {
        throw new Error(`left behind: ${await listDir(dir)}`);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeImageFile() stops on a stream source that yields the wrong size", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const tree = new FileTree();
    tree.addFile(
      "/s.bin",
      { kind: "stream", open: () => ReadableStream.from([new Uint8Array(5)]) },
      { size: 6 },
    );
    await expectError(
      writeImageFile(masterImage(tree), join(dir, "o.iso")),
      InvalidInputError,
      "/s.bin",
      "changed size",
    );
    if ((await listDir(dir)).length !== 0) throw new Error("left behind");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeImageFile() cancelled by an AbortSignal leaves no file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const tree = new FileTree();
    tree.addFile("/big.bin", pseudoRandomBytes(8 << 20, 3));
    const controller = new AbortController();
    const write = writeImageFile(masterImage(tree), join(dir, "o.iso"), {
      signal: controller.signal,
      onProgress: (p) => p.bytesDone > 2 << 20 && controller.abort(new Error("user cancelled")),
    });
    await expectError(write, Error, "user cancelled");
    if ((await listDir(dir)).length !== 0) throw new Error("left behind");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "writeImageFile() on a full disk (1 MiB tmpfs) fails clearly and leaves no file (needs root to mount)",
  ignore: !isRoot,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const mount = await new Deno.Command("mount", {
      args: ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir],
    }).output();
    if (!mount.success) {
      throw new Error(`cannot mount a tmpfs as root: ${new TextDecoder().decode(mount.stderr)}`);
    }
    const src = await Deno.makeTempDir();
    try {
      // Bytes in memory (written in order), files on disk copied by the calling thread (a
      // small job), and more files than THREAD_ABOVE (the data-area thread).
      const memory = new FileTree();
      memory.addFile("/big.bin", pseudoRandomBytes(3 << 20, 5));
      await Deno.writeFile(join(src, "big.bin"), pseudoRandomBytes(3 << 20, 6));
      for (let i = 0; i < 20; i++) await Deno.writeFile(join(src, `s${i}`), new Uint8Array(9000));
      const disk = new FileTree();
      await addFromDisk(disk, src);
      const many = new FileTree();
      for (let i = 0; i <= THREAD_ABOVE.files; i++) {
        await Deno.writeFile(join(src, `m${i}`), new Uint8Array(2048).fill(i));
      }
      await addFromDisk(many, src);
      for (const tree of [memory, disk, many]) {
        const err = await expectError(
          writeImageFile(masterImage(tree), join(dir, "o.iso")),
          ImageWriteError,
          "o.iso",
          // The data-area copy names the call and errno ("no space left on device (ENOSPC)"),
          // the emit pass says it as Deno does ("No space left on device (os error 28)"):
          // which of the two meets the full disk first depends on the thread's pace.
          "o space left on device",
        );
        if (err.path !== join(dir, "o.iso")) throw new Error(String(err.path));
        if ((await listDir(dir)).length !== 0) {
          throw new Error(`left behind: ${await listDir(dir)}`);
        }
      }
    } finally {
      await new Deno.Command("umount", { args: [dir] }).output();
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(src, { recursive: true });
    }
  },
});

Deno.test("addFromDisk() refuses a file name that is not valid UTF-8, naming the folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const py = await new Deno.Command("/usr/bin/python3", {
      args: [
        "-c",
        "import os,sys; open(os.path.join(sys.argv[1].encode(), b'bad\\xffname'), 'w').close()",
        dir,
      ],
    }).output();
    if (!py.success) throw new Error("cannot create the test file");
    await expectError(addFromDisk(new FileTree(), dir), InvalidInputError, "not valid UTF-8");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("masterImage() with strictNames refuses a name Joliet cannot hold; kiln image --strict-names exits 1", async () => {
  const tree = new FileTree();
  tree.addFile(`/${"n".repeat(70)}.txt`, new Uint8Array(1));
  await expectError(
    () => masterImage(tree, { strictNames: true }),
    InvalidInputError,
    "Joliet",
    "64 characters",
  );
  const dir = await Deno.makeTempDir();
  try {
    await put(dir, `src/${"n".repeat(70)}.txt`, "x");
    const r = await runCli(["image", join(dir, "src"), "-o", join(dir, "o.iso"), "--strict-names"]);
    if (r.code !== 1 || !r.stderr.includes("Cannot represent")) throw new Error(JSON.stringify(r));
    const ok = await runCli(["image", join(dir, "src"), "-o", join(dir, "o.iso")]);
    if (ok.code !== 0 || !ok.stderr.includes("warning:") || !ok.stderr.includes("shortened")) {
      throw new Error(JSON.stringify(ok));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("masterImage() refuses files of 4 GiB and more below ISO level 3", async () => {
  const tree = new FileTree();
  tree.addFile("/huge.bin", { kind: "stream", open: () => new ReadableStream() }, {
    size: 5 * 2 ** 30,
  });
  for (const isoLevel of [1, 2] as const) {
    const err = await expectError(
      () => masterImage(tree, { isoLevel }),
      InvalidInputError,
      "ISO level 3",
    );
    if (err.path !== "/huge.bin") throw new Error(`path ${err.path}`);
  }
  if (masterImage(tree, { isoLevel: 3 }).size < 5 * 2 ** 30) {
    throw new Error("level 3 image too small");
  }
});

Deno.test({
  name:
    "kiln image: an unreadable source file is a clear error naming it (run as an unprivileged user)",
  fn: async () => {
    const dir = await Deno.makeTempDir();
    await Deno.chmod(dir, 0o777);
    try {
      await put(dir, "src/open.txt", "ok");
      await put(dir, "src/secret.txt", "no", 0o000);
      await Deno.chmod(join(dir, "src"), 0o777);
      const denoDir = join(dir, "deno-dir");
      await Deno.mkdir(denoDir, { mode: 0o777 });
      const args = [
        "run",
        "--no-lock",
        "--allow-read",
        "--allow-write",
        "--allow-env",
        CLI,
        "image",
        join(dir, "src"),
        "-o",
        join(dir, "o.iso"),
      ];
      const cmd = isRoot
        ? new Deno.Command("setpriv", {
          args: ["--reuid=65534", "--regid=65534", "--clear-groups", Deno.execPath(), ...args],
          env: { DENO_DIR: denoDir, NO_COLOR: "1" },
          stdout: "piped",
          stderr: "piped",
        })
        : new Deno.Command(Deno.execPath(), {
          args,
          env: { NO_COLOR: "1" },
          stdout: "piped",
          stderr: "piped",
        });
      const out = await cmd.output();
      const stderr = new TextDecoder().decode(out.stderr);
      if (out.code !== 1 || !stderr.includes("secret.txt") || !/permission denied/i.test(stderr)) {
        throw new Error(`exit ${out.code}: ${stderr}`);
      }
      if (
        (await listDir(dir)).includes("o.iso") ||
        (await listDir(dir)).some((n) => n.includes("kiln-"))
      ) throw new Error("left behind");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
