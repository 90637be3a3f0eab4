import { buildCloseTrackSessionCdb } from "../../../src/mmc/commands/close_track_session.ts";
import { buildRead10Cdb } from "../../../src/mmc/commands/read10.ts";
import {
  buildReadDiscInformationCdb,
  parseReadDiscInformationResponse,
} from "../../../src/mmc/commands/read_disc_information.ts";
import {
  buildReadTrackInformationCdb,
  parseReadTrackInformationResponse,
} from "../../../src/mmc/commands/read_track_information.ts";
import { buildSynchronizeCacheCdb } from "../../../src/mmc/commands/synchronize_cache.ts";
import { buildWrite10Cdb } from "../../../src/mmc/commands/write10.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { ok, pattern, send, tempDrive, waitReady } from "./_drive.ts";

Deno.test("smoke: BD-R write, sync, close, read back", async () => {
  const t = await tempDrive({ media: "bd-r" });
  try {
    const di = parseReadDiscInformationResponse(
      (await ok(t.drive, buildReadDiscInformationCdb(), 34)).data,
    );
    assertEquals([di.status, di.lastTrackInLastSession], ["blank", 1]);
    const ti = parseReadTrackInformationResponse(
      (await ok(
        t.drive,
        buildReadTrackInformationCdb({ addressType: 1, address: 1, allocationLength: 48 }),
        48,
      )).data,
    );
    assertEquals([ti.nwaValid, ti.nextWritableAddress, ti.freeBlocks], [true, 0, 12_219_392]);
    for (let lba = 0; lba < 320; lba += 32) {
      await ok(t.drive, buildWrite10Cdb({ lba, transferLength: 32 }), pattern(lba, 32));
    }
    assertEquals(
      (await send(t.drive, buildWrite10Cdb({ lba: 0, transferLength: 32 }), pattern(0, 32))).code,
      "5/21/02",
    );
    await ok(t.drive, buildSynchronizeCacheCdb({ immed: true }));
    const w = await waitReady(t.drive);
    assertEquals(w.polls, 1);
    await ok(t.drive, buildCloseTrackSessionCdb({ immed: true, closeFunction: 1, trackNumber: 1 }));
    await waitReady(t.drive);
    await ok(t.drive, buildCloseTrackSessionCdb({ immed: true, closeFunction: 2 }));
    await waitReady(t.drive);
    const after = parseReadDiscInformationResponse(
      (await ok(t.drive, buildReadDiscInformationCdb(), 34)).data,
    );
    assertEquals([after.status, after.sessions], ["appendable", 2]);
    const back = await ok(t.drive, buildRead10Cdb({ lba: 100, transferLength: 4 }), 4 * 2048);
    assertEquals(back.data, pattern(100, 4));
    assertEquals(
      (await send(t.drive, buildRead10Cdb({ lba: 400, transferLength: 1 }), 2048)).code,
      "5/21/00",
    );
  } finally {
    await t.cleanup();
  }
});
