import {
  buildGetConfigurationCdb,
  parseGetConfigurationResponse,
} from "../../../src/mmc/commands/get_configuration.ts";
import {
  buildGetEventStatusNotificationCdb,
  parseGetEventStatusNotificationResponse,
} from "../../../src/mmc/commands/get_event_status_notification.ts";
import { buildInquiryCdb, parseInquiryResponse } from "../../../src/mmc/commands/inquiry.ts";
import { buildPreventAllowMediumRemovalCdb } from "../../../src/mmc/commands/prevent_allow_medium_removal.ts";
import { buildReadDiscInformationCdb } from "../../../src/mmc/commands/read_disc_information.ts";
import {
  buildReadFormatCapacitiesCdb,
  parseReadFormatCapacitiesResponse,
} from "../../../src/mmc/commands/read_format_capacities.ts";
import { buildRequestSenseCdb } from "../../../src/mmc/commands/request_sense.ts";
import { buildStartStopUnitCdb } from "../../../src/mmc/commands/start_stop_unit.ts";
import { buildTestUnitReadyCdb } from "../../../src/mmc/commands/test_unit_ready.ts";
import { decodeSense } from "../../../src/mmc/sense.ts";
import { VirtualRecorder } from "../../../ffi/virtual/virtual_recorder.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { ok, send, tempDrive } from "./_drive.ts";

const TUR = buildTestUnitReadyCdb();

Deno.test("VirtualRecorder power-on: 6/29/00 once; INQUIRY and GET CONFIGURATION pass it, REQUEST SENSE clears it", async () => {
  const dir = await Deno.makeTempDir();
  const d = await VirtualRecorder.open(
    `virtual:${dir}/a.iso?media=dvd%2Br&vendor=ACME&product=Writer%20X&revision=2.10&timeScale=0`,
  );
  try {
    const inq = parseInquiryResponse((await ok(d, buildInquiryCdb(), 36)).data);
    assertEquals([inq.peripheralType, inq.removable, inq.vendor, inq.product, inq.revision], [
      5,
      true,
      "ACME",
      "Writer X",
      "2.10",
    ]);
    const cfg = parseGetConfigurationResponse(
      (await ok(d, buildGetConfigurationCdb({ allocationLength: 8 }), 8)).data,
    );
    assertEquals(cfg.currentProfile, 0x1b);
    const rs = decodeSense((await ok(d, buildRequestSenseCdb({ allocationLength: 18 }), 18)).data)!;
    assertEquals([rs.key, rs.asc], [6, 0x29]);
    assertEquals((await send(d, TUR)).code, "ok");
    assertEquals(
      decodeSense((await ok(d, buildRequestSenseCdb({ allocationLength: 18 }), 18)).data)?.key,
      0,
    );
  } finally {
    await d.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("VirtualRecorder validation order (mmc.md 6.1): opcode, then unit attention, then medium, then CDB fields", async () => {
  const dir = await Deno.makeTempDir();
  const d = await VirtualRecorder.open({ path: `${dir}/n.iso`, media: "none", timeScale: 0 });
  try {
    assertEquals((await send(d, new Uint8Array([0xe7, 0, 0, 0, 0, 0]))).code, "5/20/00");
    assertEquals((await send(d, buildReadDiscInformationCdb(), 34)).code, "6/29/00");
    assertEquals((await send(d, buildReadDiscInformationCdb(), 34)).code, "2/3A/01");
    const cfg = parseGetConfigurationResponse(
      (await ok(d, buildGetConfigurationCdb({ rt: 1, allocationLength: 512 }), 512)).data,
    );
    assertEquals(cfg.currentProfile, 0);
    assertEquals(cfg.profiles.some((p) => p.current), false);
    const rfc = parseReadFormatCapacitiesResponse(
      (await ok(d, buildReadFormatCapacitiesCdb({ allocationLength: 12 }), 12)).data,
    );
    assertEquals(rfc.current?.descriptorType, 3);
    await d.insert("bd-re");
    assertEquals((await send(d, TUR)).code, "6/28/00");
    const bad = buildReadDiscInformationCdb();
    bad[1] = 0x10; // a reserved bit
    const o = await send(d, bad, 34);
    assertEquals([o.code, o.sense?.fieldPointer], ["5/24/00", { inCdb: true, byte: 1, bit: 4 }]);
  } finally {
    await d.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("VirtualRecorder tray: PREVENT refuses eject (5/53/02); eject gives 2/3A/02, load 6/28/00 and a new-media event", async () => {
  const t = await tempDrive({ media: "cd-r" });
  const d = t.drive;
  try {
    const gesn = async () =>
      parseGetEventStatusNotificationResponse(
        (await ok(d, buildGetEventStatusNotificationCdb({ classRequest: 0x10 }), 8)).data,
      );
    assertEquals((await gesn()).media?.eventCode, 2); // new media since power-on
    assertEquals((await gesn()).media?.eventCode, 0); // reported once
    await ok(d, buildPreventAllowMediumRemovalCdb({ prevent: true }));
    assertEquals(
      (await send(d, buildStartStopUnitCdb({ loadEject: true, start: false }))).code,
      "5/53/02",
    );
    await ok(d, buildPreventAllowMediumRemovalCdb({ prevent: false }));
    await ok(d, buildStartStopUnitCdb({ loadEject: true, start: false }));
    assertEquals((await send(d, TUR)).code, "2/3A/02");
    const removal = await gesn();
    assertEquals([removal.media?.eventCode, removal.media?.trayOpen], [3, true]);
    await ok(d, buildStartStopUnitCdb({ loadEject: true, start: true }));
    assertEquals((await send(d, TUR)).code, "6/28/00");
    assertEquals((await send(d, TUR)).code, "ok");
    assertEquals((await gesn()).media?.eventCode, 2);
  } finally {
    await t.cleanup();
  }
});

Deno.test("VirtualRecorder hooks: eject() ignores PREVENT, load() brings 6/28/00, powerCycle() 6/29/00", async () => {
  const t = await tempDrive({ media: "dvd-rw" });
  const d = t.drive;
  try {
    await ok(d, buildPreventAllowMediumRemovalCdb({ prevent: true }));
    await d.eject();
    assertEquals([d.state.tray, d.state.disc?.media], ["open", "dvd-rw"]);
    assertEquals((await send(d, TUR)).code, "2/3A/02");
    await d.load();
    assertEquals([(await send(d, TUR)).code, (await send(d, TUR)).code], ["6/28/00", "ok"]);
    await d.powerCycle();
    assertEquals(d.state.prevent, false);
    assertEquals((await send(d, TUR)).code, "6/29/00");
  } finally {
    await t.cleanup();
  }
});
