/**
 * kiln's MMC layer (`MmcDrive`, its probes and error classes) over the virtual recorder: the
 * two-step length probes, retries and ScsiCommandError categories work against the model.
 */

import { MmcDrive } from "../../../src/mmc/drive.ts";
import { ScsiCommandError } from "../../../src/mmc/errors.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { expectError } from "../../_helpers/expect_error.ts";
import { pattern, tempDrive, waitReady } from "./_drive.ts";

Deno.test("MmcDrive over VirtualRecorder: identity, configuration, disc and track state, speeds, a burn", async () => {
  const t = await tempDrive({ media: "dvd+r" });
  const mmc = new MmcDrive(t.drive);
  try {
    assertEquals((await mmc.inquiry()).vendor, "KILN");
    const cfg = await mmc.getConfiguration();
    assertEquals([cfg.currentProfile, cfg.truncated, cfg.features.length > 10], [
      0x1b,
      false,
      true,
    ]);
    assertEquals((await mmc.readDiscInformation()).status, "blank");
    assertEquals((await mmc.readTrackInformation({ track: 0xff })).freeBlocks, 2_295_104);
    const speeds = await mmc.getPerformance({ type: 3 });
    assertEquals(speeds.descriptors.map((d) => d.writeSpeed), [22_160, 11_080, 5540]);
    assertEquals((await mmc.readCapabilities()).bufferSize, 0x118000 / 1024);
    const caps = await mmc.readFormatCapacities();
    assertEquals(caps.current?.blocks, 2_295_104);
    await mmc.write10(0, pattern(0, 16));
    const e = await expectError(mmc.write10(0, pattern(0, 16)), ScsiCommandError, "5/21/02");
    assertEquals([e.category, e.retryable], ["invalid-address", false]);
    await mmc.synchronizeCache();
    await mmc.closeTrackSession({ closeFunction: 1, trackNumber: 1 });
    // MmcDrive closes with Immed: a second CLOSE at once meets the busy drive
    const busy = await expectError(
      mmc.closeTrackSession({ closeFunction: 5 }),
      ScsiCommandError,
      "2/04/07",
    );
    assertEquals(busy.retryable, true);
    await waitReady(t.drive);
    await mmc.closeTrackSession({ closeFunction: 5 });
    await waitReady(t.drive);
    assertEquals((await mmc.readDiscInformation()).status, "complete");
    assertEquals(await mmc.read10(3, 1), pattern(3, 1));
  } finally {
    await t.cleanup();
  }
});
