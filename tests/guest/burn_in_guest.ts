/**
 * In the guest: burn the disc image read from the QEMU drive to tgt's MMC recorder (a blank
 * DVD+R behind QEMU's iSCSI scsi-generic device) with the DVD+R recipe of mmc.md 4.5, step
 * by step through `MmcDrive` (the recorder layer that will own burning does not exist yet):
 * READ DISC INFORMATION, READ TRACK INFORMATION (FFh) for the NWA, WRITE(10) in 32 KiB
 * chunks, SYNCHRONIZE CACHE (Immed) and TEST UNIT READY polling, CLOSE TRACK, CLOSE
 * SESSION. Then it records what the recorder answers (for TGT_FINDINGS.md) and reads the
 * disc back.
 */

import { createHash } from "node:crypto";
import { openOsTransport, type OsDrive } from "../../ffi/mod.ts";
import { MmcDrive } from "../../src/mmc/drive.ts";

type Step = (name: string, fn: () => Promise<Record<string, unknown>>) => Promise<void>;

const CHUNK_BLOCKS = 16; // 32 KiB, DVD's fixed packet size

/**
 * Burn and record.
 *
 * @param drives The listed drives.
 * @param image The image bytes (read back from the QEMU drive and checked).
 * @param step The step reporter.
 */
export async function burnDvdPlusR(
  drives: OsDrive[],
  image: Uint8Array,
  step: Step,
): Promise<void> {
  const rec = drives.find((d) => d.vendor === "IET");
  await step("recorder", () => Promise.resolve({ drive: rec ?? null }));
  if (!rec || image.length === 0) return;
  const t = await openOsTransport(rec.path);
  const drive = new MmcDrive(t);
  const blocks = image.length / 2048;
  let nwa = 0;
  try {
    await step("recInquiry", async () => ({ inquiry: await drive.inquiry() }));
    await step("recConfigurationBefore", async () => {
      const c = await drive.getConfiguration();
      return {
        currentProfile: c.currentProfile,
        profiles: c.profiles,
        features: c.features.map((f) => [f.code, f.current]),
      };
    });
    await step(
      "recDiscInformationBefore",
      async () => ({ info: await drive.readDiscInformation() }),
    );
    await step("recTrackInformationBefore", async () => {
      const track = await drive.readTrackInformation(0xff);
      if (track.nwaValid) nwa = track.nextWritableAddress;
      return { track };
    });
    await step("recReserveTrack", async () => (await drive.reserveTrack(blocks), {}));
    await step("recWrite", async () => {
      let chunks = 0;
      for (let lba = 0; lba < blocks; lba += CHUNK_BLOCKS) {
        const n = Math.min(CHUNK_BLOCKS, blocks - lba);
        await drive.write10(nwa + lba, image.subarray(lba * 2048, (lba + n) * 2048));
        chunks++;
      }
      return { chunks, blocks, startLba: nwa };
    });
    // tgt refuses reads while the profile is DVD+R (before CLOSE TRACK).
    await step("recReadBeforeClose", async () => ({ bytes: (await drive.read10(0, 1)).length }));
    await step(
      "recTrackInformationWritten",
      async () => ({ track: await drive.readTrackInformation(0xff) }),
    );
    await step("recSynchronizeCache", async () => {
      await drive.synchronizeCache({ immed: true });
      for (let i = 1; i <= 100; i++) {
        try {
          await drive.testUnitReady();
          return { polls: i };
        } catch (err) {
          if ((err as { category?: string }).category !== "long-write-in-progress") throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      throw new Error("still busy after 100 polls");
    });
    let lastTrack = 1;
    await step("recDiscInformationWritten", async () => {
      const info = await drive.readDiscInformation();
      lastTrack = info.lastTrackInLastSession;
      return { info };
    });
    await step(
      "recCloseTrack",
      async () => (await drive.closeTrackSession({
        immed: false,
        closeFunction: 1,
        trackNumber: lastTrack,
      }),
        {}),
    );
    await step(
      "recConfigurationClosedTrack",
      async () => ({ currentProfile: (await drive.getConfiguration()).currentProfile }),
    );
    await step(
      "recCloseSession",
      async () => (await drive.closeTrackSession({
        immed: false,
        closeFunction: 2,
        trackNumber: 0,
      }),
        {}),
    );
    await step("recConfigurationAfter", async () => {
      const c = await drive.getConfiguration();
      return {
        currentProfile: c.currentProfile,
        profiles: c.profiles,
        features: c.features.map((f) => [f.code, f.current]),
      };
    });
    await step(
      "recDiscInformationAfter",
      async () => ({ info: await drive.readDiscInformation() }),
    );
    await step(
      "recTrackInformationAfter",
      async () => ({ track: await drive.readTrackInformation(1) }),
    );
    await step("recCapacityAfter", async () => ({ capacity: await drive.readCapacity() }));
    await step("recTocAfter", async () => ({ toc: await drive.readToc(0) }));
    await step("recReadBack", async () => {
      const hash = createHash("sha256");
      for (let lba = 0; lba < blocks; lba += CHUNK_BLOCKS) {
        hash.update(await drive.read10(lba, Math.min(CHUNK_BLOCKS, blocks - lba)));
      }
      return { sha256: hash.digest("hex") };
    });
    await step(
      "recWriteAfterClose",
      async () => (await drive.write10(16, new Uint8Array(2048)), {}),
    );
    await step("recBlank", async () => (await drive.blank({ immed: true, blankingType: 1 }), {}));
    await step(
      "recReadFormatCapacities",
      async () => ({ capacities: await drive.readFormatCapacities() }),
    );
    await step("recEventStatus", async () => ({ event: await drive.getEventStatusNotification() }));
    await step("recBufferCapacity", async () => ({ buffer: await drive.readBufferCapacity() }));
    await step("recModeSense2A", async () => ({ mode: await drive.modeSense10(0x2a) }));
    await step("recModeSense05", async () => ({ mode: await drive.modeSense10(0x05) }));
    await step("recWriteSpeeds", async () => ({ speeds: await drive.getPerformance({ type: 3 }) }));
    await step(
      "recDiscStructure",
      async () => ({ structure: await drive.readDiscStructure({ format: 0 }) }),
    );
    await step("recSetStreaming", async () => (await drive.setStreaming({ endLba: 0x23053f }), {}));
  } finally {
    await t.close();
  }
}
