/**
 * In the guest: long commands against the kernel's scsi_debug drive (ptype=5, its response
 * delay raised by the job after the scan). Shows that a command blocking in the kernel
 * leaves the event loop running on the worker thread (and blocks it on the inline thread),
 * and that an expired SG_IO timeout comes back as a TransportError of kind "timeout".
 */

import { openOsTransport, type OsDrive } from "../../ffi/mod.ts";

type Step = (name: string, fn: () => Promise<Record<string, unknown>>) => Promise<void>;

const TEST_UNIT_READY = new Uint8Array(6);

/**
 * Run the checks.
 *
 * @param drives The listed drives.
 * @param step The step reporter.
 */
export async function slowDriveChecks(drives: OsDrive[], step: Step): Promise<void> {
  const slow = drives.find((d) => d.model === "scsi_debug");
  await step("slowDrive", () => Promise.resolve({ found: slow ?? null }));
  if (!slow?.sgPath) return;
  for (const thread of ["worker", "inline"] as const) {
    await step(`eventLoop-${thread}`, async () => {
      const t = await openOsTransport(slow.sgPath!, { thread, exclusive: false });
      try {
        let settled = false;
        const pending = t.execute({ cdb: TEST_UNIT_READY, direction: "none", timeoutMs: 60_000 })
          .finally(() => settled = true);
        let ticks = 0;
        while (!settled) {
          await new Promise((r) => setTimeout(r, 10));
          if (!settled) ticks++;
        }
        const r = await pending;
        return { ticksWhileRunning: ticks, status: r.status };
      } finally {
        await t.close();
      }
    });
  }
  await step("timeout", async () => {
    const t = await openOsTransport(slow.sgPath!, { exclusive: false });
    try {
      await t.execute({ cdb: TEST_UNIT_READY, direction: "none", timeoutMs: 1000 });
      return { completed: true };
    } finally {
      await t.close();
    }
  });
}
