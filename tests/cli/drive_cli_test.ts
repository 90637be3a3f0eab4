/**
 * `kiln drives`, `kiln info`, `kiln erase` and `kiln eject` as a user runs them.
 */

import { runCli } from "../_helpers/run_cli.ts";
import { put } from "../_helpers/fixture_tree.ts";

function expect(cond: boolean, what: string, r: { code: number; stdout: string; stderr: string }) {
  if (!cond) throw new Error(`${what}\nexit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

Deno.test("kiln drives: the OS drives (none here) and the default virtual drive", async () => {
  const sysfs = [...Deno.readDirSync("/sys/class/block")].filter((e) => e.name.startsWith("sr"));
  const r = await runCli(["drives"], {}, undefined, [
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "--allow-ffi",
  ]);
  expect(r.code === 0, "exit", r);
  if (sysfs.length === 0) expect(r.stdout.includes("No optical drives found"), "none", r);
  const json = await runCli(["drives", "--json"], {}, undefined, [
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "--allow-ffi",
  ]);
  const j = JSON.parse(json.stdout);
  expect(
    j.ok && j.drives.length === sysfs.length && j.defaultVirtualDrive.startsWith("virtual:"),
    "json",
    json,
  );
  // Listing reads sysfs through libc (--allow-ffi): without it, a clear error.
  const denied = await runCli(["drives"]);
  expect(denied.code === 1 && denied.stderr.includes("Cannot list drives"), "without /sys", denied);
});

Deno.test("kiln info: identity, profiles, media state and speeds of a blank BD-R", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await runCli(["info", "--drive", `virtual:${dir}/d.img?media=bd-r&timeScale=0`]);
    expect(r.code === 0, "exit", r);
    for (
      const text of [
        "Identity: KILN Virtual BD-RW",
        "(current: BD-R",
        "Disc: BD-R, blank (12219392 sectors free)",
        "Write speeds: ",
        "IMAPI media state: 0x0002 (BLANK)",
      ]
    ) {
      expect(r.stdout.includes(text), text, r);
    }
    const e = await runCli(["info", "--drive", "E"]);
    expect(
      e.code === 1 && e.stderr.includes('Cannot open drive "E": not a drive spec'),
      "bad spec",
      e,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kiln erase: a closed CD-RW becomes blank and can be burned again; a CD-R is refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await put(dir, "src/a.txt", "a\n");
    const drive = `virtual:${dir}/rw.img?media=cd-rw&timeScale=0`;
    expect(
      (await runCli(["burn", `${dir}/src`, "--drive", drive, "--media-close", "-q"])).code === 0,
      "burn",
      { code: 0, stdout: "", stderr: "" },
    );
    const er = await runCli(["erase", "--drive", `virtual:${dir}/rw.img?timeScale=0`, "--full"]);
    expect(
      er.code === 0 && er.stdout.includes("Erased the CD-RW") && er.stdout.includes("BLANK full"),
      "erase",
      er,
    );
    expect(er.stdout.includes("The disc is now CD-RW, blank"), "blank", er);
    const again = await runCli([
      "burn",
      `${dir}/src`,
      "--drive",
      `virtual:${dir}/rw.img?timeScale=0`,
      "--json",
    ]);
    expect(again.code === 0 && JSON.parse(again.stdout).startLba === 0, "burn again", again);
    const cdr = await runCli(["erase", "--drive", `virtual:${dir}/r.img?media=cd-r&timeScale=0`]);
    expect(
      cdr.code === 1 && cdr.stderr.includes("Cannot erase the CD-R: it is write-once media"),
      "cd-r",
      cdr,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kiln eject: opens the tray; then the drive reports no disc", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const drive = `virtual:${dir}/e.img?media=dvd+r&timeScale=0`;
    const r = await runCli(["eject", "--drive", drive]);
    expect(r.code === 0 && r.stdout.includes("Ejected"), "eject", r);
    const info = await runCli(["info", "--drive", `virtual:${dir}/e.img?timeScale=0`]);
    expect(info.code === 0 && info.stdout.includes("Disc: no disc"), "tray open: no disc", info);
    const j = await runCli(["eject", "--drive", `virtual:${dir}/e.img?timeScale=0`, "--json"]);
    expect(j.code === 0 && JSON.parse(j.stdout).ok === true, "json", j);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("kiln --help lists the recording commands", async () => {
  const r = await runCli(["--help"]);
  for (
    const c of [
      "burn SRC...",
      "drives",
      "info [--drive D]",
      "erase [--drive D]",
      "eject [--drive D]",
    ]
  ) {
    expect(r.stdout.includes(c), c, r);
  }
  const h = await runCli(["burn", "--help"]);
  expect(
    h.code === 0 && h.stdout.includes("--media-close") && h.stdout.includes("UDF 2.50"),
    "burn help",
    h,
  );
});
