/**
 * Runs inside the test guest (see run_guest.ts), with only `--allow-ffi` and
 * `--allow-env=KILN_JOB`: kiln's own drive listing, SG_IO transport and MMC layer against
 * the real Linux sr/sg drivers and QEMU's emulated drive. Every step prints one JSON line;
 * the host test asserts on them. Nothing here decides pass or fail.
 *
 * The job (env KILN_JOB, JSON): { bus: "scsi" | "ide", blocks, sha256, burn?: boolean,
 * slowDrive?: boolean }.
 */

import { createHash } from "node:crypto";
import { listOsDrives, openOsTransport, type Transport } from "../../ffi/mod.ts";
import { MmcDrive } from "../../src/mmc/drive.ts";
import { ScsiCommandError } from "../../src/mmc/errors.ts";
import type { ScsiRequest, ScsiResult } from "../../src/mmc/transport.ts";

interface Job {
  bus: "scsi" | "ide";
  blocks: number;
  sha256: string;
  burn?: boolean;
  slowDrive?: boolean;
}

const job = JSON.parse(Deno.env.get("KILN_JOB") ?? "{}") as Job;

function emit(step: string, value: Record<string, unknown>): void {
  console.log(
    JSON.stringify(
      { step, ...value },
      (_, v) => v instanceof Uint8Array ? [...v] : typeof v === "bigint" ? Number(v) : v,
    ),
  );
}

function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof ScsiCommandError) {
    return {
      error: err.name,
      message: err.message,
      key: err.sense?.key,
      asc: err.sense?.asc,
      ascq: err.sense?.ascq,
      category: err.category,
      retryable: err.retryable,
    };
  }
  const e = err as Error & { kind?: string; osName?: string };
  return { error: e?.name, message: e?.message, kind: e?.kind, osName: e?.osName };
}

/** Counts the commands that reach the transport (to prove a refusal is not retried). */
class CountingTransport implements Transport {
  readonly name: string;
  count = 0;
  readonly #inner: Transport;
  constructor(inner: Transport) {
    this.#inner = inner;
    this.name = inner.name;
  }
  execute(request: ScsiRequest): Promise<ScsiResult> {
    this.count++;
    return this.#inner.execute(request);
  }
  close(): Promise<void> {
    return this.#inner.close();
  }
}

async function step(name: string, fn: () => Promise<Record<string, unknown>>): Promise<void> {
  try {
    emit(name, { ok: true, ...(await fn()) });
  } catch (err) {
    emit(name, { ok: false, ...describeError(err) });
  }
}

const drives = await listOsDrives();
emit("drives", { drives });
const cd = drives.find((d) => d.vendor === "QEMU");
if (!cd) {
  emit("fatal", { message: "no QEMU drive listed" });
  Deno.exit(1);
}

const transport = new CountingTransport(await openOsTransport(cd.path));
const drive = new MmcDrive(transport);
let disc = new Uint8Array(0);

await step("inquiry", async () => ({ inquiry: await drive.inquiry() }));
await step("testUnitReady", async () => (await drive.testUnitReady(), {}));
await step("configuration", async () => {
  const c = await drive.getConfiguration();
  return {
    currentProfile: c.currentProfile,
    profiles: c.profiles,
    features: c.features.map((f) => [f.code, f.current]),
  };
});
await step("discInformation", async () => ({ info: await drive.readDiscInformation() }));
await step("capacity", async () => ({ capacity: await drive.readCapacity() }));
await step("toc", async () => ({ toc: await drive.readToc(0) }));
await step("trackInformation", async () => ({ track: await drive.readTrackInformation(1) }));
await step("readBack", async () => {
  const hash = createHash("sha256");
  const all = new Uint8Array(job.blocks * 2048);
  for (let lba = 0; lba < job.blocks; lba += 16) {
    const n = Math.min(16, job.blocks - lba);
    const bytes = await drive.read10(lba, n);
    hash.update(bytes);
    all.set(bytes, lba * 2048);
  }
  disc = all;
  return { bytes: all.length, sha256: hash.digest("hex") };
});
await step("busy", async () => {
  const second = await openOsTransport(cd.path, { busyRetries: 0 });
  await second.close();
  return { opened: true };
});
await step("sgNode", async () => {
  const sg = await openOsTransport(cd.sgPath!, { exclusive: false, thread: "inline" });
  try {
    return { capacity: await new MmcDrive(sg).readCapacity() };
  } finally {
    await sg.close();
  }
});
await step(
  "eject",
  async () => (await drive.startStopUnit({ start: false, loadEject: true, immed: false }), {}),
);
await step("testUnitReadyEjected", async () => (await drive.testUnitReady(), {}));
await step(
  "load",
  async () => (await drive.startStopUnit({ start: true, loadEject: true, immed: false }), {}),
);
await step("testUnitReadyLoaded", async () => {
  // A load may be followed by one UNIT ATTENTION (6/28/00); the kernel's poller may eat it.
  const senses: unknown[] = [];
  for (let i = 0; i < 3; i++) {
    try {
      await drive.testUnitReady();
      return { attempts: i + 1, before: senses };
    } catch (err) {
      senses.push(describeError(err));
    }
  }
  throw new Error(`not ready after load: ${JSON.stringify(senses)}`);
});
await step("writeRefused", async () => {
  const before = transport.count;
  try {
    await drive.write10(16, new Uint8Array(2048));
    return { wrote: true };
  } catch (err) {
    return { ...describeError(err), commands: transport.count - before };
  }
});
await transport.close();
await transport.close();
await step("closed", async () => {
  try {
    await drive.testUnitReady();
    return { sent: true };
  } catch (err) {
    return describeError(err);
  }
});

if (job.burn) {
  const { burnDvdPlusR } = await import("./burn_in_guest.ts");
  await burnDvdPlusR(drives, disc, step);
}
if (job.slowDrive) {
  const { slowDriveChecks } = await import("./slow_drive_in_guest.ts");
  await slowDriveChecks(drives, step);
}
emit("end", {});
