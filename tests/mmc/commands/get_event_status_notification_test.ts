import { assertEquals, bytes, hex, throws } from "../../_helpers/assert.ts";
import { MmcDataError } from "../../../src/mmc/errors.ts";
import {
  buildGetEventStatusNotificationResponse,
  buildMediaEvent,
  EventClass,
  MediaEvent,
  parseGetEventStatusNotificationResponse,
} from "../../../src/mmc/commands/get_event_status_notification.ts";

Deno.test("parseGetEventStatusNotificationResponse() reads a new-media event (QEMU media class)", () => {
  const e = parseGetEventStatusNotificationResponse(bytes("00 06 04 10 02 02 00 00"));
  assertEquals([e.noEventAvailable, e.notificationClass, e.supportedClasses], [false, 4, 0x10]);
  assertEquals(e.media, {
    eventCode: MediaEvent.newMedia,
    mediaPresent: true,
    trayOpen: false,
    startSlot: 0,
    endSlot: 0,
  });
  assertEquals([e.busy, e.operational], [undefined, undefined]);
});

Deno.test("parseGetEventStatusNotificationResponse() reads NEA and busy events", () => {
  const nea = parseGetEventStatusNotificationResponse(bytes("00 02 80 10"));
  assertEquals([nea.noEventAvailable, nea.event, nea.media], [true, undefined, undefined]);
  const busy = parseGetEventStatusNotificationResponse(bytes("00 06 06 52 01 01 00 32"));
  assertEquals(busy.busy, { eventCode: 1, busyStatus: 1, time: 50 });
  const op = parseGetEventStatusNotificationResponse(bytes("00 06 01 52 02 02 00 01"));
  assertEquals(op.operational, { eventCode: 2, persistentPrevented: false, status: 2, change: 1 });
  throws(
    () => parseGetEventStatusNotificationResponse(bytes("00 06")),
    MmcDataError,
    "GET EVENT STATUS NOTIFICATION response: 2 bytes, the 4-byte event header needs 4",
  );
});

Deno.test("buildGetEventStatusNotificationResponse() writes a tray-open event and NEA", () => {
  const open = buildGetEventStatusNotificationResponse({
    notificationClass: EventClass.media,
    supportedClasses: 0x10,
    event: buildMediaEvent({ eventCode: MediaEvent.ejectRequest, trayOpen: true }),
  });
  assertEquals(hex(open), "00 06 04 10 01 01 00 00");
  assertEquals(
    hex(buildGetEventStatusNotificationResponse({ notificationClass: 0, supportedClasses: 0x10 })),
    "00 02 80 10",
  );
});
