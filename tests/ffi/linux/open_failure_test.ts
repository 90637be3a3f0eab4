/**
 * Open failures in words a user can act on: the pure message builder for each errno, the
 * errno table against <errno.h>, and a real EACCES through FFI for an unprivileged user,
 * whose message names the node's group.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { cConstants } from "../../_helpers/c_layout.ts";
import { Errno, errnoMessage, errnoName } from "../../../ffi/linux/errno.ts";
import { describeOpenFailure, gatherOpenFailureFacts } from "../../../ffi/linux/open_failure.ts";
import { TransportError } from "../../../src/mmc/transport.ts";

Deno.test("Errno equals the values in <errno.h>", async () => {
  const names = Object.keys(Errno) as (keyof typeof Errno)[];
  const got = await cConstants("gcc", "#include <errno.h>", names);
  assert.deepEqual(Object.fromEntries(names.map((n, i) => [n, got[i]])), Errno);
  assert.equal(errnoName(123), "ENOMEDIUM");
  assert.equal(errnoMessage(16), "device or resource busy");
});

Deno.test("describeOpenFailure() for EACCES/EPERM names the group to join, by name or id", () => {
  const named = describeOpenFailure(
    "/dev/sr0",
    Errno.EACCES,
    { group: { gid: 24, name: "cdrom" } },
    "read-write",
  );
  assert.ok(named instanceof TransportError);
  assert.equal(named.kind, "os");
  assert.equal(named.osCode, 13);
  assert.equal(named.osName, "EACCES");
  assert.equal(named.device, "/dev/sr0");
  assert.match(named.message, /^Cannot open \/dev\/sr0 read-write: permission denied \(EACCES\)/);
  assert.match(named.message, /group "cdrom": join it \("sudo usermod -aG cdrom \$USER"/);
  const byId = describeOpenFailure("/dev/sg0", Errno.EPERM, { group: { gid: 994 } }, "read-write");
  assert.match(byId.message, /\(EPERM\); the drive belongs to group id 994/);
  const unknown = describeOpenFailure("/dev/sg0", Errno.EACCES, {}, "read-only");
  assert.match(unknown.message, /needs read access to the node: join the group that owns it/);
});

Deno.test("describeOpenFailure() for EBUSY names the holders, or says who usually holds a drive", () => {
  const held = describeOpenFailure("/dev/sr0", Errno.EBUSY, {
    holders: ["mounted on /media/cdrom (iso9660)", "process 812 (wodim)"],
  }, "read-write");
  assert.match(
    held.message,
    /the drive is in use \(mounted on \/media\/cdrom \(iso9660\); process 812 \(wodim\)\)/,
  );
  assert.equal(held.osName, "EBUSY");
  const anon = describeOpenFailure("/dev/sr0", Errno.EBUSY, { holders: [] }, "read-write");
  assert.match(
    anon.message,
    /in use by another program \(a mount, a burner or a desktop media service/,
  );
});

Deno.test("describeOpenFailure() explains ENOMEDIUM, ENODEV, ENXIO, ENOENT, EROFS and others", () => {
  const cases: [number, RegExp][] = [
    [Errno.ENOMEDIUM, /no medium in the drive \(ENOMEDIUM\); insert a disc/],
    [Errno.ENODEV, /no drive answers behind this node \(ENODEV\): it was unplugged, its driver/],
    [Errno.ENXIO, /\(ENXIO\)/],
    [Errno.ENOENT, /no such device node; "kiln drives" lists/],
    [Errno.EROFS, /read-only media \(EROFS\); kiln opens drives with O_NONBLOCK/],
    [Errno.EMFILE, /too many open files \(EMFILE\)$/],
    [4242, /unknown error 4242 \(errno 4242\)$/],
  ];
  for (const [errno, re] of cases) {
    assert.match(describeOpenFailure("/dev/sr1", errno, {}, "read-write").message, re);
  }
});

Deno.test("gatherOpenFailureFacts() reads the node's group for EACCES and nothing for ENOENT", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const node = join(dir, "node");
    await Deno.writeFile(node, new Uint8Array(0));
    const gid = (await Deno.stat(node)).gid!;
    const facts = await gatherOpenFailureFacts(node, Errno.EACCES);
    assert.equal(facts.group?.gid, gid);
    const line = (await Deno.readTextFile("/etc/group")).split("\n").find((l) =>
      l.split(":")[2] === String(gid)
    );
    assert.equal(facts.group?.name, line?.split(":")[0]);
    assert.deepEqual(await gatherOpenFailureFacts(node, Errno.ENOENT), {});
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const isRoot = Deno.uid() === 0;

Deno.test("openSgIoTransport() as an unprivileged user fails with EACCES naming the node's group", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.chmod(dir, 0o755);
    const node = join(dir, "sr9");
    await Deno.writeFile(node, new Uint8Array(0));
    let groupName: string;
    if (isRoot) {
      // A node like udev makes them: root:cdrom 0660 (or another named group if there is no cdrom).
      const groups = (await Deno.readTextFile("/etc/group")).split("\n").map((l) => l.split(":"));
      const g = groups.find((f) => f[0] === "cdrom") ?? groups.find((f) => f[0] && f[2] !== "0")!;
      groupName = g[0]!;
      await Deno.chown(node, 0, Number(g[2]));
      await Deno.chmod(node, 0o660);
    } else {
      await Deno.chmod(node, 0o000);
      const gid = (await Deno.stat(node)).gid;
      const line = (await Deno.readTextFile("/etc/group")).split("\n").find((l) =>
        l.split(":")[2] === String(gid)
      );
      groupName = line!.split(":")[0]!;
    }
    const script = join(dir, "open.ts");
    const module = new URL("../../../ffi/linux/sg_io_transport.ts", import.meta.url).href;
    await Deno.writeTextFile(
      script,
      `import { openSgIoTransport } from "${module}";\n` +
        `try { await openSgIoTransport(${JSON.stringify(node)}); console.log("opened"); }\n` +
        `catch (e) { console.log(JSON.stringify({ name: e.name, kind: e.kind, osName: e.osName, message: e.message })); }\n`,
    );
    const denoDir = join(dir, "deno-dir");
    await Deno.mkdir(denoDir, { mode: 0o777 });
    const args = [
      "run",
      "--no-lock",
      "--no-config",
      "--allow-ffi",
      `--allow-read=/etc/group,${node}`,
      script,
    ];
    const out = await new Deno.Command(isRoot ? "setpriv" : Deno.execPath(), {
      args: isRoot
        ? ["--reuid=65534", "--regid=65534", "--clear-groups", Deno.execPath(), ...args]
        : args,
      env: { DENO_DIR: denoDir, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout).trim();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const err = JSON.parse(text);
    assert.equal(err.name, "TransportError");
    assert.equal(err.kind, "os");
    assert.equal(err.osName, "EACCES");
    assert.ok(err.message.includes(`group "${groupName}"`), err.message);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("gatherOpenFailureFacts() for EBUSY finds the mount and the process holding the node", async () => {
  // A reader over a small in-memory /proc, /dev and /etc: the shape the kernel gives them.
  const files: Record<string, string> = {
    "/proc/mounts": "/dev/sda1 / ext4 rw 0 0\n/dev/sr0 /media/my\\040disc iso9660 ro 0 0\n",
    "/proc/812/comm": "wodim\n",
    "/proc/900/comm": "bash\n",
  };
  const dirs: Record<string, string[]> = {
    "/proc": ["1", "812", "900", "self", "mounts"],
    "/proc/812/fd": ["0", "3"],
    "/proc/900/fd": ["0"],
  };
  const links: Record<string, string> = {
    "/dev/cdrom": "sr0",
    "/proc/812/fd/3": "/dev/sr0",
    "/proc/812/fd/0": "/dev/pts/0",
    "/proc/900/fd/0": "/dev/pts/1",
  };
  const facts = await gatherOpenFailureFacts("/dev/cdrom", Errno.EBUSY, {
    readText: (p) => Promise.resolve(files[p]),
    readDir: (p) => Promise.resolve(dirs[p]),
    readLink: (p) => Promise.resolve(links[p]),
    groupOf: () => Promise.resolve(undefined),
    close() {},
  });
  assert.deepEqual(facts, {
    holders: ["mounted on /media/my disc (iso9660)", "process 812 (wodim)"],
  });
});
