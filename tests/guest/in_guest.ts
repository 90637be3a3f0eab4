/**
 * Runs inside the test guest (see run_guest.ts), with `--allow-ffi`, `--allow-env=KILN_JOB`
 * and read access to the image file only: kiln's public recording API (src/burn.ts) against
 * the real Linux sr/sg drivers and QEMU's emulated drive holding the image kiln mastered.
 * `listDrives()` finds the drive and `openDrive()` opens it; the `Recorder` reads identity,
 * profiles, features and the media state, ejects and reloads; `verify(…, { level: "full" })`
 * reads the whole disc back against the image file (and finds a changed sector in an altered
 * copy); `burn()` refuses the pressed disc. Two things the Recorder has no method for go
 * through its `MmcDrive` (`recorder.drive`): READ DISC INFORMATION and READ TOC as the drive
 * reports them.
 *
 * Then the drive's own write refusal: `burn()` on a `Recorder` whose transport presents the
 * disc as a blank DVD+R (blank_disc_disguise.ts) reaches WRITE(10), which QEMU refuses;
 * every command is counted from the trace.
 *
 * Every step prints one JSON line; the host test asserts on them. Nothing here decides pass
 * or fail.
 *
 * The job (env KILN_JOB, JSON): { bus: "scsi" | "ide", image: path of the image file,
 * burn?: boolean (tgt's recorders), slowDrive?: boolean (scsi_debug) }.
 */

import { listOsDrives, openOsTransport } from "../../ffi/mod.ts";
import {
  burn,
  type DriveInfo,
  type ImageFile,
  listDrives,
  openDrive,
  openImageFile,
  Recorder,
  verify,
} from "../../src/burn.ts";
import type { StreamableImage } from "../../src/stream/write_image_file.ts";
import { BlankDiscDisguise } from "./blank_disc_disguise.ts";
import { CommandLog } from "./command_log.ts";
import { describeError, emit, step } from "./guest_steps.ts";

interface Job {
  bus: "scsi" | "ide";
  image: string;
  burn?: boolean;
  slowDrive?: boolean;
}

const job = JSON.parse(Deno.env.get("KILN_JOB") ?? "{}") as Job;

/** The image with one byte changed in sector `lba`. */
function altered(image: ImageFile, lba: number): StreamableImage {
  const at = lba * 2048 + 100;
  return {
    size: image.size,
    stream: (options) => {
      let offset = 0;
      return image.stream(options).pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(piece, out) {
            if (at >= offset && at < offset + piece.length) {
              piece = piece.slice();
              piece[at - offset] = piece[at - offset]! ^ 0xff;
            }
            offset += piece.length;
            out.enqueue(piece);
          },
        }),
      );
    },
  };
}

const drives: DriveInfo[] = await listDrives();
emit("drives", { drives });
const cd = drives.find((d) => d.vendor === "QEMU");
if (!cd) {
  emit("fatal", { message: "listDrives() shows no QEMU drive" });
  Deno.exit(1);
}
const image = await openImageFile(job.image);
const log = new CommandLog();
const recorder = await openDrive(cd.spec, { trace: log.trace });
emit("open", { identity: recorder.identity });

await step("profiles", async () => ({ profiles: await recorder.profiles() }));
await step("features", async () => ({
  features: (await recorder.features()).map((f) => [f.code, f.current]),
}));
await step("mediaState", async () => ({ state: await recorder.mediaState() }));
// The Recorder has no method for these two: they go through its MmcDrive.
await step("discInformation", async () => ({ info: await recorder.drive.readDiscInformation() }));
await step("toc", async () => ({ toc: await recorder.drive.readToc(0) }));
await step("verify", async () => {
  const from = log.length;
  const result = await verify(recorder, image, { level: "full" });
  return { result, commands: log.tally(from) };
});
const changedLba = Math.floor(image.sectors / 2) + 1;
await step("verifyAltered", async () => {
  try {
    return { result: await verify(recorder, altered(image, changedLba), { level: "full" }) };
  } catch (err) {
    return { changedLba, ...describeError(err) };
  }
});
await step("busy", async () => {
  const second = await openDrive(cd.spec);
  await second.close();
  return { opened: true };
});
await step("sgNode", async () => {
  // DriveInfo names the block device; the sg node of the same drive comes from the OS list.
  const sgPath = (await listOsDrives()).find((d) => d.path === cd.spec)?.sgPath;
  if (!sgPath) throw new Error(`no sg node listed for ${cd.spec}`);
  const sg = await openDrive(sgPath);
  try {
    return { identity: sg.identity, state: await sg.mediaState() };
  } finally {
    await sg.close();
  }
});
await step("eject", async () => (await recorder.eject(), {}));
await step("mediaStateEjected", async () => ({ state: await recorder.mediaState() }));
await step("load", async () => (await recorder.load(), {}));
await step("mediaStateLoaded", async () => ({ state: await recorder.mediaState() }));
await step("burnRefused", async () => {
  const from = log.length;
  try {
    return { result: await burn(recorder, image) };
  } catch (err) {
    return {
      ...describeError(err),
      writes: log.count("WRITE(10)", from),
      commands: log.tally(from),
    };
  }
});
await recorder.close();
await recorder.close();
await step("closed", async () => {
  try {
    return { state: await recorder.mediaState() };
  } catch (err) {
    return describeError(err);
  }
});
await step("writeRefused", async () => {
  const wlog = new CommandLog();
  const transport = new BlankDiscDisguise(await openOsTransport(cd.spec));
  const disguised = await Recorder.open(transport, cd.spec, { trace: wlog.trace });
  try {
    const state = await disguised.mediaState();
    try {
      return { result: await burn(disguised, image) };
    } catch (err) {
      const firstWrite = wlog.names.indexOf("WRITE(10)");
      return {
        before: { status: state.status, media: state.media },
        ...describeError(err),
        writes: wlog.count("WRITE(10)"),
        afterFirstWrite: firstWrite < 0 ? undefined : wlog.tally(firstWrite + 1),
      };
    }
  } finally {
    await disguised.close();
  }
});

if (job.burn) {
  const { burnToRecorders } = await import("./burn_in_guest.ts");
  await burnToRecorders(drives, image);
}
if (job.slowDrive) {
  const { slowDriveChecks } = await import("./slow_drive_in_guest.ts");
  await slowDriveChecks(await listOsDrives(), step);
}
emit("end", {});
