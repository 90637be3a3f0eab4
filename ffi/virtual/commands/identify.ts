/**
 * TEST UNIT READY, REQUEST SENSE and INQUIRY (reference/mmc.md 3.3, 4.10).
 *
 * While a long operation runs, TEST UNIT READY reports it (2/04/04 format, 2/04/07 close or
 * blank, 2/04/08 flush) with the progress in sense bytes 16–17; REQUEST SENSE reports the
 * same, or a pending unit attention (and clears it), or 2/3A/xx without a medium, or
 * 0/00/00. Quirks: `immed-fall-through` (TUR says ready at once), `progress-request-sense`
 * and `progress-none` (where the progress shows).
 *
 * @module
 */

import { buildInquiryResponse, parseInquiryCdb } from "../../../src/mmc/commands/inquiry.ts";
import { parseRequestSenseCdb } from "../../../src/mmc/commands/request_sense.ts";
import { parseTestUnitReadyCdb } from "../../../src/mmc/commands/test_unit_ready.ts";
import { buildSense } from "../../../src/mmc/sense.ts";
import type { DriveModel } from "../drive_model.ts";
import { SENSE, type SenseCode, SenseError } from "../sense_error.ts";
import { cdbFields, type CommandEntry, fit } from "./command_entry.ts";

/**
 * The NOT READY condition for the running operation, with progress when the drive reports
 * it in this answer.
 *
 * @param drive The drive.
 * @param where Which command asks ("tur" or "request-sense").
 * @returns The condition and the progress to report.
 */
export function busyState(
  drive: DriveModel,
  where: "tur" | "request-sense" | "other",
): { code: SenseCode; progress: number | undefined } | undefined {
  const op = drive.time.operation;
  if (!op) return undefined;
  const q = drive.config.quirks;
  const shows = !q.has("progress-none") && (where !== "tur" || !q.has("progress-request-sense"));
  return { code: drive.busyCode(op.busy), progress: shows ? drive.time.progress() : undefined };
}

/**
 * The condition for "no medium": tray open or closed.
 *
 * @param drive The drive.
 * @returns 2/3A/01 or 2/3A/02.
 */
export function noMediumCode(drive: DriveModel): SenseCode {
  return drive.tray === "open" ? SENSE.noMediumTrayOpen : SENSE.noMediumTrayClosed;
}

const testUnitReady: CommandEntry = {
  opcode: 0x00,
  name: "TEST UNIT READY",
  direction: "none",
  medium: true,
  whileBusy: true,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    cdbFields(parseTestUnitReadyCdb, req.cdb);
    if (drive.config.quirks.has("immed-fall-through") && drive.time.operation) return;
    const busy = busyState(drive, "tur");
    if (busy) {
      drive.time.polled();
      throw new SenseError(busy.code, "a long operation is in progress", {
        ...(busy.progress === undefined ? {} : { progress: busy.progress }),
      });
    }
  },
};

const requestSense: CommandEntry = {
  opcode: 0x03,
  name: "REQUEST SENSE",
  direction: "in",
  medium: false,
  whileBusy: true,
  ignoresUnitAttention: true,
  run({ drive, req }) {
    const f = cdbFields(parseRequestSenseCdb, req.cdb);
    const format = f.desc || drive.config.quirks.has("sense-descriptor") ? "descriptor" : "fixed";
    let code: SenseCode = { key: 0, asc: 0, ascq: 0, text: "no sense" };
    let progress: number | undefined;
    const ua = drive.unitAttention.shift();
    const busy = ua ? undefined : busyState(drive, "request-sense");
    if (ua) code = ua;
    else if (busy) {
      drive.time.polled();
      [code, progress] = [busy.code, busy.progress];
    } else if (!drive.loaded) code = noMediumCode(drive);
    const bytes = buildSense(code.key, code.asc, code.ascq, {
      format,
      ...(progress === undefined ? {} : { progress }),
    });
    return fit(bytes, f.allocationLength);
  },
};

const inquiry: CommandEntry = {
  opcode: 0x12,
  name: "INQUIRY",
  direction: "in",
  medium: false,
  whileBusy: true,
  ignoresUnitAttention: true,
  run({ drive, req }) {
    const f = cdbFields(parseInquiryCdb, req.cdb);
    if (f.evpd || f.pageCode !== 0) {
      throw new SenseError(
        SENSE.invalidFieldInCdb,
        "INQUIRY: vital product data pages are not supported",
        {
          fieldPointer: { inCdb: true, byte: f.evpd ? 1 : 2, ...(f.evpd ? { bit: 0 } : {}) },
        },
      );
    }
    const { vendor, product, revision } = drive.config.identity;
    return fit(buildInquiryResponse({ vendor, product, revision }), f.allocationLength);
  },
};

/** The commands of this file. */
export const identifyCommands: readonly CommandEntry[] = [testUnitReady, requestSense, inquiry];
