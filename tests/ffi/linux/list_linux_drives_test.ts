/**
 * listLinuxDrives() against a fake sysfs tree shaped like the kernel's (class links into
 * /sys/devices, `device` links to the SCSI device, `block/` and `scsi_generic/` children).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { listLinuxDrives } from "../../../ffi/linux/list_linux_drives.ts";
import { denoFsReader, type FsReader, libcFsReader } from "../../../ffi/linux/fs_reader.ts";
import { listOsDrives } from "../../../ffi/open_transport.ts";

interface FakeDevice {
  hctl: string;
  type: number;
  vendor: string;
  model: string;
  rev: string;
  sr?: string;
  sg?: string;
}

/** Build sysfs: devices/…/host0/target0:0:N/H:C:T:L with class/block and class/scsi_generic links. */
async function fakeSysfs(devices: FakeDevice[]): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "kiln-sysfs-" });
  await Deno.mkdir(join(root, "class/block"), { recursive: true });
  await Deno.mkdir(join(root, "class/scsi_generic"), { recursive: true });
  for (const d of devices) {
    const [h, c, t] = d.hctl.split(":");
    const rel = `devices/pci0000:00/0000:00:02.0/virtio0/host${h}/target${h}:${c}:${t}/${d.hctl}`;
    const dev = join(root, rel);
    await Deno.mkdir(dev, { recursive: true });
    // The kernel pads vendor to 8 and model to 16 characters and ends each with a newline.
    await Deno.writeTextFile(join(dev, "type"), `${d.type}\n`);
    await Deno.writeTextFile(join(dev, "vendor"), `${d.vendor.padEnd(8)}\n`);
    await Deno.writeTextFile(join(dev, "model"), `${d.model.padEnd(16)}\n`);
    await Deno.writeTextFile(join(dev, "rev"), `${d.rev.padEnd(4)}\n`);
    for (const [kind, name] of [["block", d.sr], ["scsi_generic", d.sg]] as const) {
      if (!name) continue;
      await Deno.mkdir(join(dev, kind, name), { recursive: true });
      await Deno.symlink("../../../" + d.hctl, join(dev, kind, name, "device"));
      await Deno.symlink(`../../${rel}/${kind}/${name}`, join(root, "class", kind, name));
    }
  }
  return root;
}

const READERS: [string, () => FsReader][] = [["libc", libcFsReader], ["Deno fs", denoFsReader]];

for (const [readerName, makeReader] of READERS) {
  Deno.test(`listLinuxDrives() (${readerName} reader) pairs sr and sg, trims INQUIRY strings and skips non-optical devices`, async () => {
    const root = await fakeSysfs([
      {
        hctl: "0:0:0:0",
        type: 5,
        vendor: "QEMU",
        model: "QEMU CD-ROM",
        rev: "2.5+",
        sr: "sr0",
        sg: "sg0",
      },
      { hctl: "0:0:1:0", type: 0, vendor: "ATA", model: "Disk", rev: "1", sg: "sg1" },
      {
        hctl: "1:0:0:0",
        type: 5,
        vendor: "HL-DT-ST",
        model: "BD-RE BH16NS40",
        rev: "1.02",
        sr: "sr1",
        sg: "sg2",
      },
    ]);
    await Deno.mkdir(join(root, "class/block/sda"));
    try {
      const reader = makeReader();
      const drives = await listLinuxDrives({ sysfsRoot: root, reader });
      reader.close();
      assert.deepEqual(drives, [
        {
          path: "/dev/sr0",
          sgPath: "/dev/sg0",
          vendor: "QEMU",
          model: "QEMU CD-ROM",
          revision: "2.5+",
          scsiAddress: "0:0:0:0",
        },
        {
          path: "/dev/sr1",
          sgPath: "/dev/sg2",
          vendor: "HL-DT-ST",
          model: "BD-RE BH16NS40",
          revision: "1.02",
          scsiAddress: "1:0:0:0",
        },
      ]);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });

  Deno.test(`listLinuxDrives() (${readerName} reader) lists an sr drive without sg and an sg-only drive, sr10 after sr2`, async () => {
    const root = await fakeSysfs([
      { hctl: "2:0:0:0", type: 5, vendor: "ASUS", model: "DRW-24D5MT", rev: "1.00", sr: "sr10" },
      {
        hctl: "3:0:0:0",
        type: 5,
        vendor: "PIONEER",
        model: "BD-RW BDR-S12",
        rev: "1.01",
        sg: "sg3",
      },
      { hctl: "4:0:0:0", type: 4, vendor: "WORM", model: "Old", rev: "0", sr: "sr2", sg: "sg4" },
    ]);
    try {
      const reader = makeReader();
      const drives = await listLinuxDrives({ sysfsRoot: root, devRoot: "/devx", reader });
      reader.close();
      assert.deepEqual(drives.map((d) => [d.path, d.sgPath]), [
        ["/devx/sr2", "/devx/sg4"],
        ["/devx/sr10", undefined],
        ["/devx/sg3", undefined],
      ]);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
}

Deno.test("listLinuxDrives() and listOsDrives() return an empty list where there is no sysfs", async () => {
  const root = await Deno.makeTempDir();
  try {
    assert.deepEqual(await listLinuxDrives({ sysfsRoot: join(root, "none") }), []);
    assert.deepEqual(await listOsDrives({ os: "linux", sysfsRoot: root }), []);
    assert.deepEqual(await listOsDrives({ os: "darwin" }), []);
    assert.deepEqual(await listOsDrives({ os: "windows" }), []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
