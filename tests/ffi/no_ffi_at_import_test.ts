/**
 * Importing kiln's mastering API and even the drive modules opens no library: a process
 * denied FFI imports them all, lists drives from a fake sysfs, and only fails when it
 * actually opens a drive, with an error that says --allow-ffi is needed.
 */

import assert from "node:assert/strict";
import { join } from "node:path";

Deno.test("importing mod.ts, src/iso.ts and ffi/* needs no FFI permission", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const root = (rel: string) => new URL(`../../${rel}`, import.meta.url).href;
    const script = join(dir, "imports.ts");
    await Deno.writeTextFile(
      script,
      [
        `import * as kiln from "${root("mod.ts")}";`,
        `import * as iso from "${root("src/iso.ts")}";`,
        `import { listOsDrives, openOsTransport } from "${root("ffi/open_transport.ts")}";`,
        `import { openSgIoTransport } from "${root("ffi/linux/sg_io_transport.ts")}";`,
        `import { openSptiTransport } from "${root("ffi/windows/spti_transport.ts")}";`,
        `import { openNativeCalls } from "${root("ffi/native_calls.ts")}";`,
        `import { LIBC } from "${root("ffi/linux/libc.ts")}";`,
        `if (!kiln.masterImage || !iso.FileTree || !openSptiTransport) throw new Error("exports");`,
        `openNativeCalls(LIBC).close();`,
        `const drives = await listOsDrives({ os: "linux", sysfsRoot: ${JSON.stringify(dir)} });`,
        `console.log("imported", drives.length);`,
        `for (const open of [() => openSgIoTransport("/dev/sr0"), () => openOsTransport("/dev/sr0")]) {`,
        `  try { await open(); console.log("opened?"); }`,
        `  catch (e) { console.log(e.name + ": " + e.message); }`,
        `}`,
      ].join("\n"),
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-lock", "--deny-ffi", `--allow-read=${dir}`, script],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const lines = text.trim().split("\n");
    assert.equal(lines[0], "imported 0");
    for (const line of lines.slice(1)) {
      assert.match(
        line,
        /^TransportError: Cannot open \/dev\/sr0: cannot call libc\.so\.6 through Deno FFI .*--allow-ffi/,
      );
    }
    assert.equal(lines.length, 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
