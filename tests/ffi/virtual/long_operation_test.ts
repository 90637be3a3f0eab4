import { buildBlankCdb } from "../../../src/mmc/commands/blank.ts";
import {
  buildFormatUnitCdb,
  buildFormatUnitParameters,
} from "../../../src/mmc/commands/format_unit.ts";
import { buildInquiryCdb } from "../../../src/mmc/commands/inquiry.ts";
import {
  buildReadBufferCapacityCdb,
  parseReadBufferCapacityResponse,
} from "../../../src/mmc/commands/read_buffer_capacity.ts";
import { buildReadDiscInformationCdb } from "../../../src/mmc/commands/read_disc_information.ts";
import { buildRequestSenseCdb } from "../../../src/mmc/commands/request_sense.ts";
import { buildSynchronizeCacheCdb } from "../../../src/mmc/commands/synchronize_cache.ts";
import { buildTestUnitReadyCdb } from "../../../src/mmc/commands/test_unit_ready.ts";
import { buildWrite10Cdb } from "../../../src/mmc/commands/write10.ts";
import { decodeSense } from "../../../src/mmc/sense.ts";
import { TransportError } from "../../../src/mmc/transport.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { expectError } from "../../_helpers/expect_error.ts";
import { manualClock, ok, pattern, send, tempDrive, waitReady } from "./_drive.ts";
import { writeBlocks } from "./_recipe.ts";

const TUR = buildTestUnitReadyCdb();

Deno.test("SYNCHRONIZE CACHE with Immed: 2/04/08 with progress until the buffer is burnt at the write speed", async () => {
  const clock = manualClock();
  const t = await tempDrive({ media: "dvd+r", timeScale: 1, clock });
  const d = t.drive;
  try {
    await writeBlocks(d, 0, 256, 16); // 512 KiB into a 1.1 MB buffer at 16x DVD
    const cap = parseReadBufferCapacityResponse(
      (await ok(d, buildReadBufferCapacityCdb(), 12)).data,
    );
    assertEquals([cap.bufferLength, cap.bufferLength - cap.blankLength], [0x118000, 256 * 2048]);
    await ok(d, buildSynchronizeCacheCdb({ immed: true }));
    const busy = await send(d, TUR);
    assertEquals([busy.code, busy.sense?.progress], ["2/04/08", 0]);
    assertEquals((await send(d, buildReadDiscInformationCdb(), 34)).code, "2/04/08");
    await ok(d, buildInquiryCdb(), 36); // answered while busy
    clock.advance(20);
    const rs = decodeSense((await ok(d, buildRequestSenseCdb({ allocationLength: 18 }), 18)).data)!;
    assertEquals([rs.key, rs.asc, rs.ascq, rs.progress! > 0], [2, 4, 8, true]);
    const w = await waitReady(d, clock);
    assertEquals(w.polls >= 1, true);
    assertEquals(w.progress.every((p, i) => i === 0 || p >= w.progress[i - 1]!), true);
  } finally {
    await t.cleanup();
  }
});

Deno.test("timeScale 0: a long operation still answers busy once, so pollers run a round", async () => {
  const t = await tempDrive({ media: "cd-rw" });
  try {
    await ok(t.drive, buildBlankCdb({ immed: true, blankingType: 0 }));
    const first = await send(t.drive, TUR);
    assertEquals([first.code, first.sense?.progress !== undefined], ["2/04/07", true]);
    assertEquals((await send(t.drive, TUR)).code, "ok");
  } finally {
    await t.cleanup();
  }
});

Deno.test("quirk immed-fall-through: TUR is GOOD at once and the next command gets 2/04/07 (Pioneer)", async () => {
  const t = await tempDrive({ media: "bd-re", quirks: ["immed-fall-through"] });
  const d = t.drive;
  try {
    await ok(
      d,
      buildFormatUnitCdb(),
      buildFormatUnitParameters({ immed: true, blocks: 11_826_176, formatType: 0x00 }),
    );
    assertEquals((await send(d, TUR)).code, "ok");
    assertEquals((await send(d, buildReadDiscInformationCdb(), 34)).code, "2/04/07");
    assertEquals((await send(d, buildReadDiscInformationCdb(), 34)).code, "ok");
  } finally {
    await t.cleanup();
  }
});

Deno.test("quirks busy-04-00, progress-request-sense and progress-none change how busy looks", async () => {
  const a = await tempDrive({ media: "cd-rw", quirks: ["busy-04-00", "progress-request-sense"] });
  try {
    await ok(a.drive, buildBlankCdb({ immed: true, blankingType: 1 }));
    const tur = await send(a.drive, TUR);
    assertEquals([tur.code, tur.sense?.progress], ["2/04/00", undefined]);
    await ok(a.drive, buildBlankCdb({ immed: true, blankingType: 1 }));
    const rs = decodeSense(
      (await ok(a.drive, buildRequestSenseCdb({ allocationLength: 18 }), 18)).data,
    )!;
    assertEquals([rs.ascq, rs.progress !== undefined], [0, true]);
  } finally {
    await a.cleanup();
  }
  const b = await tempDrive({ media: "cd-rw", quirks: ["progress-none"] });
  try {
    await ok(b.drive, buildBlankCdb({ immed: true, blankingType: 1 }));
    const rs = decodeSense(
      (await ok(b.drive, buildRequestSenseCdb({ allocationLength: 18 }), 18)).data,
    )!;
    assertEquals([rs.ascq, rs.progress], [7, undefined]);
  } finally {
    await b.cleanup();
  }
});

Deno.test("a non-Immed operation longer than the command timeout is a TransportError; the drive stays busy", async () => {
  const clock = manualClock();
  const t = await tempDrive({ media: "cd-rw", timeScale: 1, clock });
  try {
    const e = await expectError(
      send(t.drive, buildBlankCdb({ blankingType: 0 }), undefined, 10_000),
      TransportError,
      "BLANK",
      "10000 ms",
    );
    assertEquals(e.kind, "timeout");
    assertEquals((await send(t.drive, TUR)).code, "2/04/07");
    await waitReady(t.drive, clock);
  } finally {
    await t.cleanup();
  }
});

Deno.test("a full buffer makes WRITE wait (Pioneer BDR-203 4.22), or answer 2/04/08 with quirk long-write-sense", async () => {
  const clock = manualClock();
  const t = await tempDrive({ media: "bd-r", timeScale: 1, clock, bufferBytes: 256 * 1024 });
  try {
    const before = clock.now();
    await writeBlocks(t.drive, 0, 512, 32); // 1 MiB through a 256 KiB buffer at 8x BD
    const waited = clock.now() - before;
    assertEquals(waited >= (1024 - 256) * 1024 / 35_960 - 1, true);
  } finally {
    await t.cleanup();
  }
  const q = await tempDrive({
    media: "bd-r",
    timeScale: 1,
    clock: manualClock(),
    bufferBytes: 128 * 1024,
    quirks: ["long-write-sense"],
  });
  try {
    await writeBlocks(q.drive, 0, 64, 32);
    const full = await send(
      q.drive,
      buildWrite10Cdb({ lba: 64, transferLength: 32 }),
      pattern(64, 32),
    );
    assertEquals(full.code, "2/04/08");
    assertEquals(q.drive.state.disc?.tracks[0]?.recorded, 64); // nothing recorded
  } finally {
    await q.cleanup();
  }
});
