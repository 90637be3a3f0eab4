/**
 * `kiln burn` as a user runs it (child process, tests/_helpers/run_cli.ts): the main job
 * (no drive: the default virtual DVD+RW in the working folder, full verification, the
 * disc's files listed), explicit virtual drives, image files, --media-close, --json, and
 * each bad input with its message and exit code.
 */

import { runCli } from "../_helpers/run_cli.ts";
import { put } from "../_helpers/fixture_tree.ts";
import { assertSameTree, folderTree, type Tree } from "../_helpers/tree.ts";
import { xorrisoTree } from "../_helpers/xorriso_reader.ts";

const NO_DRIVE = { KILN_DRIVE: "" };

function noMode(t: Tree): Tree {
  return new Map([...t].map(([p, { mode: _mode, ...e }]) => [p, e]));
}

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "kiln-cli-src-" });
  for (const [name, text] of Object.entries(files)) await put(dir, name, text);
  return dir;
}

function expect(cond: boolean, what: string, r: { code: number; stdout: string; stderr: string }) {
  if (!cond) throw new Error(`${what}\nexit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

Deno.test("kiln burn FOLDER without a drive: burns the default virtual DVD+RW, verifies, lists the disc; again overwrites", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "kiln-cli-cwd-" });
  const src = await folder({ "hello.txt": "hello\n", "docs/readme.md": "# read me\n" });
  try {
    const r = await runCli(["burn", src], NO_DRIVE, cwd);
    expect(r.code === 0, "exit code", r);
    expect(
      r.stderr.includes("burning to the virtual drive virtual:kiln-disc.img?media=dvd+rw"),
      "drive note",
      r,
    );
    expect(
      r.stdout.includes("ISO 9660 + Joliet + Rock Ridge + UDF 1.02 (the DVD defaults)"),
      "file systems",
      r,
    );
    expect(r.stdout.includes("Verified (full)"), "verified", r);
    expect(
      r.stdout.includes("/docs/readme.md  10 B") && r.stdout.includes("/hello.txt  6 B"),
      "listing",
      r,
    );
    expect(r.stdout.includes("The disc is now DVD+RW, overwritable"), "state", r);
    assertSameTree(
      noMode(await folderTree(src)),
      noMode(await xorrisoTree(`${cwd}/kiln-disc.img`)),
      "xorriso reads the default drive's disc",
    );

    await Deno.writeTextFile(`${src}/hello.txt`, "hello again, longer\n");
    const again = await runCli(["burn", src, "--json"], NO_DRIVE, cwd);
    expect(again.code === 0, "second burn", again);
    const j = JSON.parse(again.stdout);
    expect(j.ok === true && j.startLba === 0 && j.verify.level === "full", "json", again);
    const hello = j.listing.entries.find((e: { path: string }) => e.path === "/hello.txt");
    expect(hello?.size === 20, "the new content is on the disc", again);
  } finally {
    await Deno.remove(cwd, { recursive: true });
    await Deno.remove(src, { recursive: true });
  }
});

Deno.test("kiln burn --drive virtual CD-R: appendable by default, closed with --media-close; kiln info shows it", async () => {
  const dir = await Deno.makeTempDir();
  const src = await folder({ "a.txt": "a\n" });
  try {
    const drive = `virtual:${dir}/cd.img?media=cd-r&timeScale=0`;
    const r = await runCli(["burn", src, "--drive", drive, "--json", "-V", "SESSION1"]);
    expect(r.code === 0, "burn", r);
    const j = JSON.parse(r.stdout);
    expect(
      j.media === "cd-r" && j.stateAfter.status === "appendable" && j.verify.level === "quick",
      "appendable",
      r,
    );
    const info = await runCli(["info", "--drive", `virtual:${dir}/cd.img?timeScale=0`]);
    expect(
      info.code === 0 && info.stdout.includes("Disc: CD-R, appendable (1 session"),
      "info text",
      info,
    );
    expect(info.stdout.includes("IMAPI media state: 0x0004 (APPENDABLE)"), "imapi flags", info);
    const closed = await runCli([
      "burn",
      src,
      "--drive",
      `virtual:${dir}/cd.img?timeScale=0`,
      "--media-close",
      "--list",
    ]);
    expect(
      closed.code === 0 && closed.stdout.includes("The disc is now CD-R, closed (2 sessions)"),
      "closed",
      closed,
    );
    expect(closed.stdout.includes("/a.txt  2 B"), "listing of the new session", closed);
    const infoJson = JSON.parse(
      (await runCli(["info", "--drive", `virtual:${dir}/cd.img?timeScale=0`, "--json"])).stdout,
    );
    expect(
      infoJson.state.status === "closed" && infoJson.state.imapiFlags.includes("FINALIZED"),
      "info json",
      r,
    );
    expect(
      infoJson.profiles.some((p: { current: boolean; name: string }) =>
        p.current && p.name === "CD-R"
      ),
      "profile",
      r,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(src, { recursive: true });
  }
});

Deno.test("kiln burn IMAGE.iso: an existing image is burned as it is", async () => {
  const dir = await Deno.makeTempDir();
  const src = await folder({ "x.bin": "x".repeat(5000) });
  try {
    const made = await runCli(["image", src, "-o", `${dir}/x.iso`, "-q"]);
    expect(made.code === 0, "image", made);
    const r = await runCli([
      "burn",
      `${dir}/x.iso`,
      "--drive",
      `virtual:${dir}/bd.img?media=bd-r&timeScale=0`,
      "--verify",
      "full",
      "--json",
    ]);
    expect(r.code === 0, "burn", r);
    const iso = await Deno.readFile(`${dir}/x.iso`);
    const disc = await Deno.readFile(`${dir}/bd.img`);
    const j = JSON.parse(r.stdout);
    expect(
      j.imageSectors * 2048 === iso.length && j.verify.sectorsChecked === j.imageSectors,
      "sizes",
      r,
    );
    expect(iso.every((b, i) => disc[i] === b), "the disc starts with the image's bytes", r);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(src, { recursive: true });
  }
});

Deno.test("kiln burn bad input: pressed, empty, protected, too large, unknown drive; usage errors exit 2", async () => {
  const dir = await Deno.makeTempDir();
  const src = await folder({ "a.txt": "a\n" });
  try {
    await Deno.writeFile(`${dir}/rom.img`, new Uint8Array(64 * 2048));
    const big = await Deno.makeTempDir();
    const f = await Deno.open(`${big}/huge.bin`, { write: true, create: true });
    await f.truncate(800 * 1024 * 1024); // sparse: mastering reads nothing before the check
    f.close();
    const cases: [string[], number, string][] = [
      [
        ["burn", src, "--drive", `virtual:${dir}/rom.img?media=cd-rom&timeScale=0`],
        1,
        "kiln: Cannot burn: a CD-ROM is pressed, read-only media",
      ],
      [
        ["burn", src, "--drive", `virtual:${dir}/none.img?media=none&timeScale=0`],
        1,
        "kiln: Cannot burn: there is no disc",
      ],
      [
        ["burn", src, "--drive", `virtual:${dir}/wp.img?media=dvd+r&wp=1&timeScale=0`],
        1,
        "is write-protected",
      ],
      [
        ["burn", big, "--drive", `virtual:${dir}/small.img?media=cd-r&timeScale=0`],
        1,
        "the CD-R has 359847 free",
      ],
      [["burn", src, "--drive", "sr0"], 1, 'kiln: Cannot open drive "sr0": not a drive spec'],
      [["burn"], 2, "kiln burn needs at least one source"],
      [["burn", src, "--verify", "twice"], 2, "--verify must be none, quick or full"],
    ];
    for (const [args, code, needle] of cases) {
      const r = await runCli(args, NO_DRIVE, dir);
      expect(r.code === code && r.stderr.includes(needle), `${args.join(" ")}`, r);
    }
    const json = await runCli([
      "burn",
      src,
      "--drive",
      `virtual:${dir}/rom.img?timeScale=0`,
      "--json",
    ]);
    const e = JSON.parse(json.stdout);
    expect(
      json.code === 1 && e.ok === false && e.error.name === "UnsuitableMediaError" &&
        e.error.state.status === "unsupported",
      "json error",
      json,
    );
    const st = await Deno.stat(`${dir}/small.img`).catch(() => undefined);
    expect(!st || st.size === 0, "nothing was written to the small disc", json);
    await Deno.remove(big, { recursive: true });
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(src, { recursive: true });
  }
});
