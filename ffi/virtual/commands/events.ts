/**
 * GET EVENT STATUS NOTIFICATION and READ DISC STRUCTURE (reference/mmc.md 3.24, 3.25).
 *
 * GESN: polled mode only (asynchronous → 5/24/00, as drives and QEMU answer). Supported
 * classes: operational change, power management, external request, media, device busy. A
 * pending media event (new media after a load, removal after an eject) is reported once;
 * with a long operation running the device busy class reports it; otherwise the lowest
 * requested class answers "no change" (media: present / tray open).
 *
 * READ DISC STRUCTURE: media type 0 on DVD (00h physical format with the book type, 0Eh
 * pre-recorded information on DVD-R/-RW, 11h ADIP on DVD+R/+RW, 20h layer boundary on
 * DVD+R DL, FFh list), media type 1 on BD (00h disc information "DI", 0Ah spare area, FFh
 * list); the other media type → 5/30/00 (QEMU answers CD images so), other formats 5/24/00.
 *
 * @module
 */

import {
  buildGetEventStatusNotificationResponse,
  buildMediaEvent,
  busyEventTable,
  EventClass,
  parseGetEventStatusNotificationCdb,
} from "../../../src/mmc/commands/get_event_status_notification.ts";
import {
  buildDvdPhysicalFormatResponse,
  buildReadDiscStructureResponse,
  DiscStructureFormat as Fmt,
  parseReadDiscStructureCdb,
  structureListEntryTable,
} from "../../../src/mmc/commands/read_disc_structure.ts";
import { buildRecord } from "../../../src/mmc/payload.ts";
import { discSpec, type DiscState } from "../disc_state.ts";
import { mediaSpec } from "../media_catalogue.ts";
import { SENSE, SenseError } from "../sense_error.ts";
import { cdbFields, type CommandEntry, fit } from "./command_entry.ts";

const SUPPORTED = (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 6);

const gesn: CommandEntry = {
  opcode: 0x4a,
  name: "GET EVENT STATUS NOTIFICATION",
  direction: "in",
  medium: false,
  whileBusy: true,
  ignoresUnitAttention: true,
  run({ drive, req }) {
    const c = cdbFields(parseGetEventStatusNotificationCdb, req.cdb);
    if (!c.polled) {
      throw new SenseError(
        SENSE.invalidFieldInCdb,
        "GESN: asynchronous operation is not supported",
        {
          fieldPointer: { inCdb: true, byte: 1, bit: 0 },
        },
      );
    }
    const asked = c.classRequest & SUPPORTED;
    const media = () =>
      buildMediaEvent({
        eventCode: drive.mediaEvent,
        mediaPresent: drive.disc !== undefined,
        trayOpen: drive.tray === "open",
      });
    let reply: Uint8Array;
    if (asked === 0) {
      reply = buildGetEventStatusNotificationResponse({
        notificationClass: 0,
        supportedClasses: SUPPORTED,
      });
    } else if (asked & (1 << EventClass.media) && drive.mediaEvent !== 0) {
      reply = buildGetEventStatusNotificationResponse({
        notificationClass: EventClass.media,
        supportedClasses: SUPPORTED,
        event: media(),
      });
      drive.mediaEvent = 0;
    } else if (asked & (1 << EventClass.deviceBusy) && drive.time.operation) {
      const op = drive.time.operation;
      const left = Math.max(0, op.started + op.duration - drive.time.clock.now());
      const event = buildRecord(busyEventTable, {
        eventCode: 1,
        busyStatus: 1,
        time: Math.min(0xffff, Math.ceil(left / 100)),
      })
        .subarray(4, 8);
      reply = buildGetEventStatusNotificationResponse({
        notificationClass: EventClass.deviceBusy,
        supportedClasses: SUPPORTED,
        event,
      });
    } else {
      const cls = 31 - Math.clz32(asked & -asked);
      const event = cls === EventClass.media ? media() : new Uint8Array(4);
      reply = buildGetEventStatusNotificationResponse({
        notificationClass: cls,
        supportedClasses: SUPPORTED,
        event,
      });
    }
    return fit(reply, c.allocationLength);
  },
};

function ascii(text: string, size: number): Uint8Array {
  return new TextEncoder().encode(text.padEnd(size, " ").slice(0, size));
}

function list(formats: number[]): Uint8Array {
  const out = new Uint8Array(4 * formats.length);
  formats.forEach((f, i) =>
    out.set(
      buildRecord(structureListEntryTable, {
        format: f,
        readable: true,
        sendable: false,
        length: 0,
      }),
      4 * i,
    )
  );
  return out;
}

function dvdStructure(disc: DiscState, format: number): Uint8Array | undefined {
  const spec = discSpec(disc);
  const plus = spec.profile === 0x001a || spec.profile === 0x001b || spec.profile === 0x002b;
  const minus = disc.media === "dvd-r" || disc.media === "dvd-rw" || disc.media === "dvd-rw-ro";
  const end = Math.max(0x30000, 0x30000 + disc.capacity - 1);
  switch (format) {
    case Fmt.physical:
      return buildDvdPhysicalFormatResponse({
        bookType: spec.bookType,
        partVersion: spec.kind === "rom" ? 1 : 2,
        discSize: 0,
        maximumRate: 15,
        layersMinusOne: spec.layers - 1,
        layerType: spec.kind === "rom" ? 1 : spec.erasable ? 4 : 2,
        dataStart: 0x30000,
        dataEnd: spec.layers > 1 ? 0xffffff - (end - 0x30000) / 2 : end,
        layer0End: spec.layers > 1 ? 0x30000 + Math.ceil(disc.capacity / 2) - 1 : 0,
      });
    case Fmt.preRecorded:
      if (!minus) return undefined;
      return buildReadDiscStructureResponse(
        new Uint8Array([...new Uint8Array(17), ...ascii("KILN  ", 6), 0, 0, ...ascii("VDISC ", 6)]),
      );
    case Fmt.adip:
      if (!plus) return undefined;
      return buildReadDiscStructureResponse(
        new Uint8Array([...new Uint8Array(19), ...ascii("KILN", 8), 1, 0, ...new Uint8Array(3)]),
      );
    case Fmt.layerBoundary: {
      if (spec.profile !== 0x002b) return undefined;
      const p = new Uint8Array(8);
      new DataView(p.buffer).setUint32(4, Math.ceil(disc.capacity / 32) * 16, false);
      return buildReadDiscStructureResponse(p);
    }
    case Fmt.list:
      return buildReadDiscStructureResponse(
        list([
          Fmt.physical,
          ...(minus ? [Fmt.preRecorded] : []),
          ...(plus ? [Fmt.adip] : []),
          ...(spec.profile === 0x002b ? [Fmt.layerBoundary] : []),
          Fmt.list,
        ]),
      );
  }
  return undefined;
}

function bdStructure(disc: DiscState, format: number): Uint8Array | undefined {
  if (format === Fmt.physical) {
    const p = new Uint8Array(112);
    p.set(ascii("DI", 2), 0);
    p.set(ascii("KILNVD", 6), 100);
    p.set(
      ascii(disc.media === "bd-re" ? "RE001" : disc.media === "bd-r" ? "R0001" : "ROM01", 5),
      106,
    );
    p[111] = 1;
    return buildReadDiscStructureResponse(p);
  }
  if (format === Fmt.spareArea) {
    const spare = disc.format.state === "formatted"
      ? mediaSpec(disc.media).unformatted - disc.capacity
      : 0;
    const p = new Uint8Array(12);
    const v = new DataView(p.buffer);
    v.setUint32(4, spare, false);
    v.setUint32(8, spare, false);
    return buildReadDiscStructureResponse(p);
  }
  if (format === Fmt.list) {
    return buildReadDiscStructureResponse(list([Fmt.physical, Fmt.spareArea, Fmt.list]));
  }
  return undefined;
}

const readDiscStructure: CommandEntry = {
  opcode: 0xad,
  name: "READ DISC STRUCTURE",
  direction: "in",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const c = cdbFields(parseReadDiscStructureCdb, req.cdb);
    const disc = drive.loaded!;
    const cls = discSpec(disc).mediaClass;
    if ((c.mediaType === 0 && cls !== "dvd") || (c.mediaType === 1 && cls !== "bd")) {
      throw new SenseError(
        SENSE.incompatibleMedium,
        `READ DISC STRUCTURE media type ${c.mediaType} on ${discSpec(disc).title}`,
      );
    }
    const reply = c.mediaType === 0
      ? dvdStructure(disc, c.format)
      : c.mediaType === 1
      ? bdStructure(disc, c.format)
      : undefined;
    if (!reply) {
      throw new SenseError(
        SENSE.invalidFieldInCdb,
        `READ DISC STRUCTURE format ${c.format.toString(16)}h is not available`,
        {
          fieldPointer: { inCdb: true, byte: 7 },
        },
      );
    }
    return fit(reply, c.allocationLength);
  },
};

/** The commands of this file. */
export const eventCommands: readonly CommandEntry[] = [gesn, readDiscStructure];
