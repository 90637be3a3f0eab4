/**
 * MODE SENSE(10) and MODE SELECT(10) (reference/mmc.md 3.9): pages 01h (error recovery),
 * 05h (write parameters) and 2Ah (capabilities, with write speed descriptors), and 3Fh for
 * all of them. Page control 1 answers the changeable-bits mask, 2 the defaults; 3 (saved) is
 * 5/39/00 and an unknown page 5/24/00 (as QEMU and drives answer).
 *
 * MODE SELECT checks, in order: PF must be 1 and SP 0 (Pioneer BDR-203 4.11) → 5/24/00; a
 * list shorter than its header or a page running past the list → 5/1A/00; block descriptors
 * (MMC devices have none), the PS bit, a page length other than the drive's, a page that is
 * not changeable (2Ah) or unknown → 5/26/00; then page 05's values (`write_parameters.ts`).
 *
 * @module
 */

import { buildCapabilitiesPage } from "../../../src/mmc/capabilities_page.ts";
import {
  parseModeSelect10Cdb,
  parseModeSelect10Parameters,
} from "../../../src/mmc/commands/mode_select10.ts";
import {
  buildModeSense10Response,
  PageControl,
  parseModeSense10Cdb,
} from "../../../src/mmc/commands/mode_sense10.ts";
import {
  buildWriteParametersPage,
  parseWriteParametersPage,
} from "../../../src/mmc/write_parameters_page.ts";
import type { DriveModel } from "../drive_model.ts";
import { SENSE, SenseError } from "../sense_error.ts";
import {
  defaultWriteParameters,
  PAGE05_LENGTH,
  validateWriteParameters,
} from "../write_parameters.ts";
import { cdbFields, type CommandEntry, dataOut, fit, parameterFields } from "./command_entry.ts";

const ERROR_RECOVERY_LENGTH = 0x0a;

function errorRecoveryPage(control: number): Uint8Array {
  const page = new Uint8Array(2 + ERROR_RECOVERY_LENGTH);
  page[0] = 0x01;
  page[1] = ERROR_RECOVERY_LENGTH;
  if (control === PageControl.changeable) page.fill(0, 2);
  return page;
}

function writeParametersPage(drive: DriveModel, control: number): Uint8Array {
  if (control === PageControl.changeable) {
    const mask = new Uint8Array(2 + PAGE05_LENGTH);
    mask[0] = 0x05;
    mask[1] = PAGE05_LENGTH;
    mask.fill(0xff, 2);
    mask[6] = 0;
    mask[9] = 0;
    return mask;
  }
  const p = control === PageControl.default
    ? defaultWriteParameters(drive.mediaClass)
    : drive.params;
  return buildWriteParametersPage({ ...p, pageLength: PAGE05_LENGTH });
}

function capabilitiesPage(drive: DriveModel, control: number): Uint8Array {
  const speeds = drive.writeSpeeds();
  const zero = drive.config.quirks.has("page2a-zero");
  const page = buildCapabilitiesPage({
    readDvdRam: true,
    readDvdR: true,
    readDvdRom: true,
    method2: true,
    readCdRw: true,
    readCdR: true,
    writeDvdRam: true,
    writeDvdR: true,
    testWrite: true,
    writeCdRw: true,
    writeCdR: true,
    bufferUnderrunFree: true,
    multiSession: true,
    mode2Form2: true,
    mode2Form1: true,
    loadingMechanism: 1,
    eject: true,
    lockState: drive.prevent,
    lock: true,
    maxReadSpeed: Math.min(0xffff, drive.spec?.readSpeed ?? 0),
    bufferSize: Math.floor(drive.bufferSize() / 1024),
    currentReadSpeed: Math.min(0xffff, drive.readSpeed()),
    maxWriteSpeed: zero ? 0 : speeds[0] ?? 0,
    legacyCurrentWriteSpeed: zero ? 0 : drive.writeSpeed(),
    currentWriteSpeed: zero ? 0 : drive.writeSpeed(),
    writeSpeeds: speeds.map((s) => ({ rotationControl: 0, writeSpeed: zero ? 0 : s })),
  });
  if (control === PageControl.changeable) page.fill(0, 2);
  return page;
}

const PAGES: Record<number, (d: DriveModel, control: number) => Uint8Array> = {
  0x01: (_d, c) => errorRecoveryPage(c),
  0x05: writeParametersPage,
  0x2a: capabilitiesPage,
};

const modeSense: CommandEntry = {
  opcode: 0x5a,
  name: "MODE SENSE(10)",
  direction: "in",
  medium: false,
  whileBusy: true,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields(parseModeSense10Cdb, req.cdb);
    if (f.pageControl === PageControl.saved) {
      throw new SenseError(SENSE.savingNotSupported, "MODE SENSE: saved pages are not supported");
    }
    const codes = f.pageCode === 0x3f ? [0x01, 0x05, 0x2a] : [f.pageCode];
    const build = codes.map((c) => PAGES[c]);
    if (build.some((b) => !b) || f.subpageCode !== 0) {
      throw new SenseError(
        SENSE.invalidFieldInCdb,
        `MODE SENSE: page ${f.pageCode.toString(16)}h is not supported`,
        {
          fieldPointer: { inCdb: true, byte: 2, bit: 5 },
        },
      );
    }
    const pages = build.map((b) => b!(drive, f.pageControl));
    return fit(buildModeSense10Response(pages), f.allocationLength);
  },
};

function badParameter(why: string, byte: number, bit?: number): never {
  throw new SenseError(SENSE.invalidFieldInParameters, `MODE SELECT: ${why}`, {
    fieldPointer: { inCdb: false, byte, ...(bit === undefined ? {} : { bit }) },
  });
}

const modeSelect: CommandEntry = {
  opcode: 0x55,
  name: "MODE SELECT(10)",
  direction: "out",
  medium: false,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields(parseModeSelect10Cdb, req.cdb);
    if (!f.pageFormat || f.savePages) {
      throw new SenseError(SENSE.invalidFieldInCdb, "MODE SELECT: PF must be 1 and SP 0", {
        fieldPointer: { inCdb: true, byte: 1, bit: f.pageFormat ? 0 : 4 },
      });
    }
    if (f.parameterListLength === 0) return;
    const bytes = dataOut(req).subarray(0, f.parameterListLength);
    const lengthError = (why: string): never => {
      throw new SenseError(SENSE.parameterListLength, `MODE SELECT: ${why}`);
    };
    if (bytes.length < f.parameterListLength || bytes.length < 8) {
      lengthError(`${bytes.length} bytes is shorter than the header`);
    }
    const bdLength = (bytes[6]! << 8) | bytes[7]!;
    if (bdLength !== 0) badParameter("MMC drives take no block descriptors", 6);
    for (let at = 8; at + 2 <= bytes.length; at += 2 + bytes[at + 1]!) {
      if (at + 2 + bytes[at + 1]! > bytes.length) {
        lengthError(`the page at byte ${at} runs past the list`);
      }
    }
    const list = parameterFields((b) => parseModeSelect10Parameters(b), bytes);
    let at = 8;
    for (const page of list.pages) {
      if (page.savable) badParameter("the PS bit must be 0", at, 7);
      if (page.code === 0x05) {
        if (page.length !== 2 + PAGE05_LENGTH) {
          badParameter(
            `page 05h length ${page.length - 2} (the drive's is ${PAGE05_LENGTH})`,
            at + 1,
          );
        }
        const p = parseWriteParametersPage(page.bytes);
        validateWriteParameters(p, {
          mediaClass: drive.mediaClass,
          profile: drive.profile,
          strict: drive.config.quirks.has("page05-strict"),
        });
        drive.params = { ...p, savable: false };
      } else if (page.code !== 0x01) {
        badParameter(`page ${page.code.toString(16)}h cannot be changed`, at);
      }
      at += page.length;
    }
  },
};

/** The commands of this file. */
export const modePageCommands: readonly CommandEntry[] = [modeSense, modeSelect];
