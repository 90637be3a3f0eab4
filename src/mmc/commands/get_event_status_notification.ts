/**
 * GET EVENT STATUS NOTIFICATION (4Ah), polled: media events (new medium, eject request,
 * tray open), device busy and operational changes (MMC-5 6.7, reference/mmc.md 3.24).
 * libburn sends `4A 01 00 00 7E 00 00 00 08 00`; QEMU supports the media class only and
 * answers NEA for the others.
 *
 * @module
 */

import type { FieldTable, FieldValues } from "../../records/field_table.ts";
import { type CdbFields, defaultTimeoutMs, defineCommand, type MmcCommand } from "../command.ts";
import { buildRecord, type PayloadContext, readRecord, readRecordPrefix } from "../payload.ts";

/** Notification classes (response byte 2 bits 2..0; request bit n asks for class n). */
export const EventClass = {
  operationalChange: 1,
  powerManagement: 2,
  externalRequest: 3,
  media: 4,
  multiHost: 5,
  deviceBusy: 6,
} as const;

/** Media event codes (MMC-5 6.7). */
export const MediaEvent = {
  noChange: 0,
  ejectRequest: 1,
  newMedia: 2,
  mediaRemoval: 3,
  mediaChanged: 4,
  bgFormatCompleted: 5,
  bgFormatRestarted: 6,
} as const;

/** GET EVENT STATUS NOTIFICATION CDB (MMC-5 6.7). */
export const getEventStatusNotificationCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.7 (4Ah)" },
  polled: { offset: 1, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.7 Polled" },
  classRequest: {
    offset: 4,
    size: 1,
    type: "u8",
    clause: "MMC-5 6.7 Notification Class Request",
  },
  allocationLength: { offset: 7, size: 2, type: "u16be", clause: "MMC-5 6.7" },
} as const satisfies FieldTable;

/** Fields of a GET EVENT STATUS NOTIFICATION CDB. */
export type GetEventStatusNotificationCdb = CdbFields<typeof getEventStatusNotificationCdbTable>;

/** GET EVENT STATUS NOTIFICATION: 10-byte CDB, data in. */
export const getEventStatusNotification: MmcCommand<typeof getEventStatusNotificationCdbTable> =
  defineCommand({
    name: "GET EVENT STATUS NOTIFICATION",
    opcode: 0x4a,
    cdbLength: 10,
    direction: "in",
    clause: "MMC-5 6.7",
    cdb: getEventStatusNotificationCdbTable,
    timeoutMs: defaultTimeoutMs,
  });

/**
 * Build a polled GESN CDB; default classes 7Eh (all) and 8 bytes, as libburn.
 *
 * @param fields Class request bitmask, allocation length; Polled defaults to true.
 * @returns The CDB.
 */
export function buildGetEventStatusNotificationCdb(
  fields: Partial<GetEventStatusNotificationCdb> = {},
): Uint8Array {
  return getEventStatusNotification.build({
    polled: true,
    classRequest: 0x7e,
    allocationLength: 8,
    ...fields,
  });
}

/**
 * Parse a GESN CDB.
 *
 * @param cdb The CDB.
 * @returns Its fields.
 */
export function parseGetEventStatusNotificationCdb(cdb: Uint8Array): GetEventStatusNotificationCdb {
  return getEventStatusNotification.parse(cdb);
}

/** The event header (MMC-5 6.7). */
export const eventHeaderTable = {
  eventDataLength: { offset: 0, size: 2, type: "u16be", clause: "MMC-5 6.7 (n-1)" },
  noEventAvailable: { offset: 2, size: 1, type: "bool", bits: [7, 7], clause: "MMC-5 NEA" },
  notificationClass: { offset: 2, size: 1, type: "u8", bits: [2, 0], clause: "MMC-5 6.7" },
  supportedClasses: { offset: 3, size: 1, type: "u8", clause: "MMC-5 Supported Event Classes" },
} as const satisfies FieldTable;

/** A media event (MMC-5 6.7), offsets from the reply start. */
export const mediaEventTable = {
  eventCode: { offset: 4, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 6.7" },
  mediaPresent: { offset: 5, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 6.7" },
  trayOpen: { offset: 5, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 Door or Tray Open" },
  startSlot: { offset: 6, size: 1, type: "u8", clause: "MMC-5 6.7 Start Slot" },
  endSlot: { offset: 7, size: 1, type: "u8", clause: "MMC-5 6.7 End Slot" },
} as const satisfies FieldTable;

/** A device busy event (MMC-5 6.7). */
export const busyEventTable = {
  eventCode: { offset: 4, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 6.7" },
  busyStatus: { offset: 5, size: 1, type: "u8", clause: "MMC-5 6.7 Busy Status" },
  time: { offset: 6, size: 2, type: "u16be", clause: "MMC-5 6.7 Time (100 ms)" },
} as const satisfies FieldTable;

/** An operational change event (MMC-5 6.7). */
export const operationalEventTable = {
  eventCode: { offset: 4, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 6.7" },
  persistentPrevented: { offset: 5, size: 1, type: "bool", bits: [7, 7], clause: "MMC-5" },
  status: { offset: 5, size: 1, type: "u8", bits: [3, 0], clause: "MMC-5 6.7" },
  change: { offset: 6, size: 2, type: "u16be", clause: "MMC-5 6.7 Operational Change" },
} as const satisfies FieldTable;

/** A decoded GESN reply. */
export interface EventStatus {
  /** Event Data Length. */
  eventDataLength: number;
  /** NEA: no event of the requested classes. */
  noEventAvailable: boolean;
  /** The class of the event returned. */
  notificationClass: number;
  /** Bitmask of the classes the drive supports. */
  supportedClasses: number;
  /** The 4 event bytes, when an event arrived. */
  event?: Uint8Array;
  /** Class 4. */
  media?: FieldValues<typeof mediaEventTable>;
  /** Class 6. */
  busy?: FieldValues<typeof busyEventTable>;
  /** Class 1. */
  operational?: FieldValues<typeof operationalEventTable>;
}

const ctx: PayloadContext = { commandName: "GET EVENT STATUS NOTIFICATION", part: "response" };

/**
 * Parse a GESN reply.
 *
 * @param bytes The reply.
 * @returns The header and, when there is one, the decoded event.
 * @throws {MmcDataError} When the 4-byte header is missing.
 */
export function parseGetEventStatusNotificationResponse(bytes: Uint8Array): EventStatus {
  const h = readRecord(bytes, 0, eventHeaderTable, ctx, "the 4-byte event header");
  const end = Math.min(bytes.length, 4 + h.eventDataLength);
  const out: EventStatus = { ...h };
  if (h.noEventAvailable || end < 8) return out;
  out.event = bytes.slice(4, 8);
  if (h.notificationClass === EventClass.media) {
    out.media = readRecordPrefix(bytes, 0, end, mediaEventTable);
  } else if (h.notificationClass === EventClass.deviceBusy) {
    out.busy = readRecordPrefix(bytes, 0, end, busyEventTable);
  } else if (h.notificationClass === EventClass.operationalChange) {
    out.operational = readRecordPrefix(bytes, 0, end, operationalEventTable);
  }
  return out;
}

/**
 * Build a GESN reply (the drive side): 4 bytes with NEA, or 8 with the event.
 *
 * @param reply Class, supported classes, and the 4 event bytes (absent: NEA).
 * @returns The bytes.
 */
export function buildGetEventStatusNotificationResponse(
  reply: { notificationClass: number; supportedClasses: number; event?: Uint8Array },
): Uint8Array {
  const out = new Uint8Array(reply.event ? 8 : 4);
  out.set(buildRecord(eventHeaderTable, {
    eventDataLength: out.length - 2,
    noEventAvailable: !reply.event,
    notificationClass: reply.notificationClass,
    supportedClasses: reply.supportedClasses,
  }));
  if (reply.event) out.set(reply.event.subarray(0, 4), 4);
  return out;
}

/**
 * The 4 event bytes of a media event.
 *
 * @param e Event code, media present, tray open, slots.
 * @returns 4 bytes for {@linkcode buildGetEventStatusNotificationResponse}.
 */
export function buildMediaEvent(e: Partial<FieldValues<typeof mediaEventTable>>): Uint8Array {
  return buildRecord(mediaEventTable, e).subarray(4, 8);
}
