/**
 * kiln against a real Linux kernel: a guest under QEMU (TCG) runs kiln's public recording
 * API (in_guest.ts: listDrives, openDrive, the Recorder, verify, burn) over its SG_IO
 * transport against QEMU's emulated drive holding an image kiln mastered, on virtio-scsi
 * (scsi-cd) and on IDE (ide-cd); the results come back over the second serial port and are
 * asserted here. The virtio-scsi boot also carries two of tgt's MMC recorders over iSCSI
 * (blank DVD+R discs, burned by kiln's burn() with a full verification, one left appendable
 * and one closed; their backing files are then read here with the image readers) and the
 * kernel's scsi_debug drive (long commands, timeouts).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { checkImage } from "../_helpers/check_image.ts";
import { makeFeatureTree } from "../_helpers/fixture_tree.ts";
import { masterFolder } from "../_helpers/master_folder.ts";
import { folderTree, sha256 } from "../_helpers/tree.ts";
import { assertBurns } from "./burn_assertions.ts";
import { Steps } from "./guest_results.ts";
import { guestBase, insmodLines, runGuest } from "./run_guest.ts";
import { startTgt } from "./tgt_target.ts";

const canRun = Deno.build.os === "linux" && Deno.build.arch === "x86_64";
if (!canRun) {
  console.warn(
    `%cSKIPPING the real-kernel guest tests: they boot an x86_64 Debian kernel with this ` +
      `machine's Deno inside, which needs Linux on x86_64 (this is ${Deno.build.os}/${Deno.build.arch})`,
    "color: red; font-weight: bold",
  );
}

const IMAGE = "/kiln/image.iso";
const DENO_RUN = "deno run --no-config --no-lock --allow-ffi --allow-env=KILN_JOB " +
  `--allow-read=${IMAGE} tests/guest/in_guest.ts`;

async function mastered() {
  const source = await makeFeatureTree();
  const built = await masterFolder(source);
  const bytes = await Deno.readFile(built.iso);
  return { source, built, bytes, blocks: bytes.length / 2048, sha: await sha256(bytes) };
}

function assertReadPath(steps: Steps, bus: "scsi" | "ide", blocks: number) {
  const model = bus === "scsi" ? "QEMU CD-ROM" : "QEMU DVD-ROM";
  const drives = steps.get("drives").drives as { spec: string; kind: string; product?: string }[];
  assert.deepEqual(
    drives.filter((d) => d.product === model),
    [{ spec: "/dev/sr0", kind: "os", vendor: "QEMU", product: model, revision: "2.5+" }],
    steps.text,
  );
  assert.deepEqual(steps.get("open").identity, {
    spec: "/dev/sr0",
    path: "/dev/sr0",
    vendor: "QEMU",
    product: model,
    revision: "2.5+",
  });
  assert.deepEqual(steps.ok("profiles").profiles, [
    { number: 0x10, name: "DVD-ROM", media: "dvd-rom", current: false },
    { number: 0x08, name: "CD-ROM", media: "cd-rom", current: true },
  ], "a CD-sized image is a CD-ROM to QEMU");
  // QEMU's scsi-cd lists Profile List, Core and Removable Medium; its ide-cd only the list.
  assert.deepEqual(
    steps.ok("features").features,
    bus === "scsi" ? [[0, true], [1, true], [3, true]] : [[0, true]],
  );
  const pressed = (state: unknown, what: string) => {
    const st = state as Record<string, unknown>;
    assert.deepEqual(
      [st.status, st.media, st.profile, st.totalSectors, st.sessions, st.tracks, st.writable],
      ["unsupported", "cd-rom", 8, blocks, 1, [], false],
      `${what}: ${JSON.stringify(st)}`,
    );
    assert.equal(st.notWritableReason, "a CD-ROM is pressed, read-only media");
  };
  // No tracks: QEMU answers READ TRACK INFORMATION with 5/20/00; the size is READ CAPACITY's.
  pressed(steps.ok("mediaState").state, "media state");
  const info = steps.ok("discInformation").info as Record<string, unknown>;
  assert.deepEqual(
    [info.discStatus, info.sessions, info.firstTrack, info.lastTrackInLastSession],
    [2, 1, 1, 1],
  );
  const toc = steps.ok("toc").toc as { tracks: { track: number; lba: number }[] };
  assert.deepEqual(toc.tracks.map((t) => [t.track, t.lba]), [[1, 0], [0xaa, blocks]]);

  const verified = steps.ok("verify");
  const result = verified.result as Record<string, unknown>;
  assert.deepEqual([result.level, result.startLba, result.sectorsChecked], ["full", 0, blocks]);
  const reads = verified.commands as Record<string, number>;
  assert.ok(reads["READ(10)"]! >= Math.ceil(blocks / 32), `the whole disc was read: ${reads}`);
  assert.equal(reads["WRITE(10)"], undefined);
  const altered = steps.ok("verifyAltered");
  assert.deepEqual([altered.error, altered.kind, altered.lba], [
    "VerifyError",
    "mismatch",
    altered.changedLba,
  ]);
  assert.match(
    String(altered.message),
    /^Cannot verify sector \d+: what the disc holds differs from the image/,
  );

  const busy = steps.get("busy");
  assert.equal(busy.osName, "EBUSY", steps.text);
  assert.match(
    String(busy.message),
    /^Cannot open \/dev\/sr0 read-write: the drive is in use \(process \d+ \(deno\)\)/,
  );
  const sg = steps.ok("sgNode");
  assert.equal((sg.identity as Record<string, unknown>).path, "/dev/sg0");
  pressed(sg.state, "through /dev/sg0");

  steps.ok("eject");
  const ejected = steps.ok("mediaStateEjected").state as Record<string, unknown>;
  assert.deepEqual([ejected.status, ejected.notWritableReason], ["no-media", "there is no disc"]);
  steps.ok("load");
  pressed(steps.ok("mediaStateLoaded").state, "reloaded");

  const refused = steps.ok("burnRefused");
  assert.deepEqual(
    [refused.error, refused.message, refused.writes],
    ["UnsuitableMediaError", "Cannot burn: a CD-ROM is pressed, read-only media", 0],
    "kiln refuses a pressed disc before any WRITE",
  );
  const closed = steps.ok("closed");
  assert.deepEqual([closed.error, closed.kind], ["TransportError", "closed"]);

  // The drive's own refusal, reached through a transport that shows a blank DVD+R.
  const w = steps.ok("writeRefused");
  assert.deepEqual(w.before, { status: "blank", media: "dvd+r" });
  const [error, key, asc, category, message] = bus === "scsi"
    ? [
      "UnsuitableMediaError",
      7,
      0x27,
      "write-protected",
      /^Cannot burn: the DVD\+R is write-protected \(DATA PROTECT \[7\/27\/00\] write protected\); nothing was written$/,
    ]
    : [
      "BurnError",
      5,
      0x20,
      "illegal-request",
      /^Cannot write sector 0 of the DVD\+R: ILLEGAL REQUEST \[5\/20\/00\] invalid command operation code; the burn stopped after 0 of \d+ sectors; /,
    ];
  assert.deepEqual(
    [w.error, w.scsi],
    [error, { command: "WRITE(10)", key, asc, ascq: 0, category, retryable: false }],
    JSON.stringify(w),
  );
  assert.match(String(w.message), message as RegExp);
  assert.equal(w.writes, 1, "a refused WRITE is never sent again");
  const after = Object.values(w.afterFirstWrite as Record<string, number>).reduce(
    (a, b) => a + b,
    0,
  );
  assert.ok(after <= 16, `burn() gave up after ${after} more commands: ${JSON.stringify(w)}`);
  assert.ok(steps.has("end"), steps.text);
}

Deno.test({
  name: "kiln in a real kernel: virtio-scsi scsi-cd read path, burns to tgt's DVD+R, long commands",
  ignore: !canRun,
  sanitizeResources: false,
  fn: async () => {
    const image = await mastered();
    const work = await Deno.makeTempDir({ prefix: "kiln-guest-" });
    // Two blank DVD+R discs: tgt shows a disc as a DVD-ROM once it is closed, so the
    // appendable and the closed burn each need their own.
    const backings = [join(work, "recorder-1.img"), join(work, "recorder-2.img")];
    for (const b of backings) await Deno.writeFile(b, new Uint8Array(0));
    const tgt = await startTgt(backings, join(work, "tgtd.log"));
    try {
      const g = await guestBase();
      const job = { bus: "scsi", image: IMAGE, burn: true, slowDrive: true };
      const out = await runGuest({
        job: [
          ...insmodLines(g, ["sg", "sr_mod", "virtio_pci", "virtio_scsi"]),
          "insmod /modules/scsi_debug.ko ptype=5 dev_size_mb=1",
          // Slow scsi_debug down only after the kernel's scan: 750 jiffies = 3 s at HZ=250.
          "for i in 1 2 3 4 5 6 7 8 9 10; do echo 750 > /sys/bus/pseudo/drivers/scsi_debug/delay 2>/dev/null && break; sleep 0.5; done",
          `export KILN_JOB='${JSON.stringify(job)}'`,
          DENO_RUN,
        ],
        files: { "image.iso": image.bytes },
        drives: [
          "-device",
          "virtio-scsi-pci,id=scsi0",
          "-drive",
          `if=none,id=cd0,file=${image.built.iso},media=cdrom,format=raw,readonly=on`,
          "-device",
          "scsi-cd,drive=cd0,bus=scsi0.0,scsi-id=0",
          ...tgt.urls.flatMap((url, i) => [
            "-drive",
            `if=none,id=rec${i},file=${url},format=raw`,
            "-device",
            `scsi-generic,drive=rec${i},bus=scsi0.0,scsi-id=${i + 1}`,
          ]),
        ],
      });
      console.log(`virtio-scsi boot: ${Math.round(out.wallMs)} ms`);
      const steps = new Steps(out.results);
      assert.equal(out.rc, 0, out.results);
      assertReadPath(steps, "scsi", image.blocks);
      await assertBurns(steps, backings, image);
      const tree = await folderTree(image.source);
      for (const backing of backings) {
        await checkImage(backing, tree, image.built.image, {
          joliet: true,
          rockRidge: true,
          isoLevel: 3,
        });
      }
      const worker = steps.ok("eventLoop-worker");
      const inline = steps.get("eventLoop-inline");
      assert.ok(
        (worker.ticksWhileRunning as number) > 0,
        "the event loop ran during a 3 s command",
      );
      assert.equal(inline.ticksWhileRunning, 0, "an inline call blocks the event loop");
      const timeout = steps.get("timeout");
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
      const job = { bus: "ide", image: IMAGE };
      const out = await runGuest({
        job: [
          ...insmodLines(g, ["sg", "sr_mod", "ata_piix"]),
          `export KILN_JOB='${JSON.stringify(job)}'`,
          DENO_RUN,
        ],
        files: { "image.iso": image.bytes },
        drives: ["-drive", `file=${image.built.iso},media=cdrom,if=ide,format=raw,readonly=on`],
      });
      console.log(`IDE boot: ${Math.round(out.wallMs)} ms`);
      assert.equal(out.rc, 0, out.results);
      assertReadPath(new Steps(out.results), "ide", image.blocks);
    } finally {
      await image.built.cleanup();
      await Deno.remove(image.source, { recursive: true });
    }
  },
});
