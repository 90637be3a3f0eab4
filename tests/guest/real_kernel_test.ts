/**
 * kiln against a real Linux kernel: a guest under QEMU (TCG) runs kiln's drive listing,
 * SG_IO transport and MMC layer (in_guest.ts) against QEMU's emulated drive holding an
 * image kiln mastered, on virtio-scsi (scsi-cd) and on IDE (ide-cd); the results come back
 * over the second serial port and are asserted here. The virtio-scsi boot also carries
 * tgt's MMC recorder over iSCSI (burned to, then read back here with the image readers)
 * and the kernel's scsi_debug drive (long commands, timeouts).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { checkImage } from "../_helpers/check_image.ts";
import { makeFeatureTree } from "../_helpers/fixture_tree.ts";
import { masterFolder } from "../_helpers/master_folder.ts";
import { folderTree, sha256 } from "../_helpers/tree.ts";
import { guestBase, insmodLines, runGuest } from "./run_guest.ts";
import { startTgt } from "./tgt_target.ts";
import { assertBurn } from "./burn_assertions.ts";

const canRun = Deno.build.os === "linux" && Deno.build.arch === "x86_64";
if (!canRun) {
  console.warn(
    `%cSKIPPING the real-kernel guest tests: they boot an x86_64 Debian kernel with this ` +
      `machine's Deno inside, which needs Linux on x86_64 (this is ${Deno.build.os}/${Deno.build.arch})`,
    "color: red; font-weight: bold",
  );
}

type Steps = Map<string, Record<string, unknown>>;

function parseSteps(results: string): Steps {
  const steps: Steps = new Map();
  for (const line of results.split("\n")) {
    if (!line.startsWith("{")) continue;
    const v = JSON.parse(line) as Record<string, unknown>;
    steps.set(String(v.step), v);
  }
  return steps;
}

function get(steps: Steps, name: string, results: string): Record<string, unknown> {
  const s = steps.get(name);
  if (!s) throw new Error(`The guest reported no step "${name}":\n${results}`);
  return s;
}

const DENO_RUN =
  "deno run --no-config --no-lock --allow-ffi --allow-env=KILN_JOB tests/guest/in_guest.ts";

async function mastered() {
  const source = await makeFeatureTree();
  const built = await masterFolder(source);
  const bytes = await Deno.readFile(built.iso);
  return { source, built, bytes, blocks: bytes.length / 2048, sha: await sha256(bytes) };
}

function assertReadPath(
  steps: Steps,
  results: string,
  bus: "scsi" | "ide",
  blocks: number,
  sha: string,
) {
  const s = (n: string) => get(steps, n, results);
  const model = bus === "scsi" ? "QEMU CD-ROM" : "QEMU DVD-ROM";
  const drives = s("drives").drives as {
    path: string;
    sgPath?: string;
    vendor?: string;
    model?: string;
  }[];
  const qemu = drives.find((d) => d.vendor === "QEMU");
  assert.deepEqual(
    { path: qemu?.path, sg: qemu?.sgPath, model: qemu?.model },
    { path: "/dev/sr0", sg: "/dev/sg0", model },
    results,
  );
  const inq = s("inquiry").inquiry as Record<string, unknown>;
  assert.deepEqual(
    [inq.peripheralType, inq.removable, inq.vendor, inq.product, inq.revision],
    [5, true, "QEMU", model, "2.5+"],
  );
  assert.equal(s("testUnitReady").ok, true, results);
  const conf = s("configuration");
  assert.equal(conf.currentProfile, 0x0008, "a CD-sized image is a CD-ROM to QEMU");
  assert.deepEqual((conf.profiles as { profile: number }[]).map((p) => p.profile), [
    0x0010,
    0x0008,
  ]);
  const info = s("discInformation").info as Record<string, unknown>;
  assert.deepEqual([info.discStatus, info.sessions, info.firstTrack, info.lastTrackInLastSession], [
    2,
    1,
    1,
    1,
  ]);
  assert.deepEqual(s("capacity").capacity, { lastLba: blocks - 1, blockLength: 2048 });
  const toc = s("toc").toc as {
    firstTrack: number;
    lastTrack: number;
    tracks: { track: number; lba: number }[];
  };
  assert.deepEqual(
    [toc.firstTrack, toc.lastTrack, toc.tracks.map((t) => [t.track, t.lba])],
    [1, 1, [[1, 0], [0xaa, blocks]]],
  );
  const rti = s("trackInformation");
  assert.deepEqual(
    [rti.ok, rti.key, rti.asc, rti.ascq],
    [false, 5, 0x20, 0],
    "QEMU lacks READ TRACK INFORMATION",
  );
  assert.deepEqual(s("readBack"), {
    step: "readBack",
    ok: true,
    bytes: blocks * 2048,
    sha256: sha,
  });
  const busy = s("busy");
  assert.equal(busy.osName, "EBUSY", results);
  assert.match(
    String(busy.message),
    /^Cannot open \/dev\/sr0 read-write: the drive is in use \(process \d+ \(deno\)\)/,
  );
  assert.deepEqual(s("sgNode").capacity, { lastLba: blocks - 1, blockLength: 2048 });
  assert.equal(s("eject").ok, true, results);
  const ejected = s("testUnitReadyEjected");
  assert.deepEqual([ejected.ok, ejected.key, ejected.asc, ejected.category], [
    false,
    2,
    0x3a,
    "no-medium",
  ]);
  assert.equal(s("load").ok, true, results);
  assert.equal(s("testUnitReadyLoaded").ok, true, results);
  const refused = s("writeRefused");
  const [key, asc, category] = bus === "scsi"
    ? [7, 0x27, "write-protected"]
    : [5, 0x20, "illegal-request"];
  assert.deepEqual(
    [
      refused.error,
      refused.key,
      refused.asc,
      refused.ascq,
      refused.category,
      refused.retryable,
      refused.commands,
    ],
    ["ScsiCommandError", key, asc, 0, category, false, 1],
    results,
  );
  assert.match(String(refused.message), /^Cannot WRITE\(10\) at LBA 16 on \/dev\/sr0: /);
  assert.deepEqual([s("closed").error, s("closed").kind], ["TransportError", "closed"]);
  assert.ok(steps.has("end"), results);
}

Deno.test({
  name:
    "kiln in a real kernel: virtio-scsi scsi-cd read path, a burn to tgt's DVD+R, long commands",
  ignore: !canRun,
  sanitizeResources: false,
  fn: async () => {
    const image = await mastered();
    const work = await Deno.makeTempDir({ prefix: "kiln-guest-" });
    const backing = join(work, "recorder.img");
    await Deno.writeFile(backing, new Uint8Array(0));
    const tgt = await startTgt(backing, join(work, "tgtd.log"));
    try {
      const g = await guestBase();
      const job = {
        bus: "scsi",
        blocks: image.blocks,
        sha256: image.sha,
        burn: true,
        slowDrive: true,
      };
      const out = await runGuest({
        job: [
          ...insmodLines(g, ["sg", "sr_mod", "virtio_pci", "virtio_scsi"]),
          "insmod /modules/scsi_debug.ko ptype=5 dev_size_mb=1",
          // Slow scsi_debug down only after the kernel's scan: 750 jiffies = 3 s at HZ=250.
          "for i in 1 2 3 4 5 6 7 8 9 10; do echo 750 > /sys/bus/pseudo/drivers/scsi_debug/delay 2>/dev/null && break; sleep 0.5; done",
          `export KILN_JOB='${JSON.stringify(job)}'`,
          DENO_RUN,
        ],
        drives: [
          "-device",
          "virtio-scsi-pci,id=scsi0",
          "-drive",
          `if=none,id=cd0,file=${image.built.iso},media=cdrom,format=raw,readonly=on`,
          "-device",
          "scsi-cd,drive=cd0,bus=scsi0.0,scsi-id=0",
          "-drive",
          `if=none,id=rec0,file=${tgt.url},format=raw`,
          "-device",
          "scsi-generic,drive=rec0,bus=scsi0.0,scsi-id=1",
        ],
      });
      console.log(`virtio-scsi boot: ${Math.round(out.wallMs)} ms`);
      const steps = parseSteps(out.results);
      assert.equal(out.rc, 0, out.results);
      assertReadPath(steps, out.results, "scsi", image.blocks, image.sha);
      await assertBurn(steps, out.results, backing, image);
      await checkImage(backing, await folderTree(image.source), image.built.image, {
        joliet: true,
        rockRidge: true,
        isoLevel: 3,
      });
      const worker = get(steps, "eventLoop-worker", out.results);
      const inline = get(steps, "eventLoop-inline", out.results);
      assert.equal(worker.ok, true, out.results);
      assert.ok(
        (worker.ticksWhileRunning as number) > 0,
        "the event loop ran during a 3 s command",
      );
      assert.equal(inline.ticksWhileRunning, 0, "an inline call blocks the event loop");
      const timeout = get(steps, "timeout", out.results);
      assert.deepEqual([timeout.error, timeout.kind], ["TransportError", "timeout"], out.results);
    } finally {
      await tgt.stop();
      await image.built.cleanup();
      await Deno.remove(image.source, { recursive: true });
      await Deno.remove(work, { recursive: true });
    }
  },
});

Deno.test({
  name: "kiln in a real kernel: IDE/ATAPI ide-cd read path",
  ignore: !canRun,
  sanitizeResources: false,
  fn: async () => {
    const image = await mastered();
    try {
      const g = await guestBase();
      const job = { bus: "ide", blocks: image.blocks, sha256: image.sha };
      const out = await runGuest({
        job: [
          ...insmodLines(g, ["sg", "sr_mod", "ata_piix"]),
          `export KILN_JOB='${JSON.stringify(job)}'`,
          DENO_RUN,
        ],
        drives: ["-drive", `file=${image.built.iso},media=cdrom,if=ide,format=raw,readonly=on`],
      });
      console.log(`IDE boot: ${Math.round(out.wallMs)} ms`);
      assert.equal(out.rc, 0, out.results);
      assertReadPath(parseSteps(out.results), out.results, "ide", image.blocks, image.sha);
    } finally {
      await image.built.cleanup();
      await Deno.remove(image.source, { recursive: true });
    }
  },
});
