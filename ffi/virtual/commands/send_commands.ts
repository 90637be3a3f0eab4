/**
 * SEND CUE SHEET (5Dh) and SEND OPC INFORMATION (54h) (reference/mmc.md 3.14, 3.15).
 *
 * SEND OPC with DoOpc = 1 succeeds on recordable CD and DVD-R/-RW (it records the power
 * calibration), is ignored (GOOD) on other recordable media, and ends with 5/30/05 on
 * pressed media; a parameter list (OPC values) is accepted and ignored.
 *
 * @module
 */

import { parseSendCueSheetCdb } from "../../../src/mmc/commands/send_cue_sheet.ts";
import { parseSendOpcInformationCdb } from "../../../src/mmc/commands/send_opc_information.ts";
import { applyCueSheet, parseCueSheet } from "../cue_sheet.ts";
import { recordingKind } from "../disc_state.ts";
import { SENSE, SenseError } from "../sense_error.ts";
import { cdbFields, type CommandEntry, dataOut } from "./command_entry.ts";

const cueSheet: CommandEntry = {
  opcode: 0x5d,
  name: "SEND CUE SHEET",
  direction: "out",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields(parseSendCueSheetCdb, req.cdb);
    const bytes = dataOut(req).subarray(0, f.cueSheetSize);
    if (bytes.length < f.cueSheetSize) {
      throw new SenseError(
        SENSE.parameterListLength,
        `SEND CUE SHEET: ${bytes.length} of ${f.cueSheetSize} bytes arrived`,
      );
    }
    const disc = drive.loaded!;
    if (disc.writeProtected) {
      throw new SenseError(SENSE.writeProtected, "SEND CUE SHEET: the medium is write protected");
    }
    const layout = parseCueSheet(bytes, disc.capacity);
    applyCueSheet(disc, layout, drive.params.writeType, drive.config.quirks.has("sao-appendable"));
    drive.dirty = true;
  },
};

const opc: CommandEntry = {
  opcode: 0x54,
  name: "SEND OPC INFORMATION",
  direction: "out",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    cdbFields(parseSendOpcInformationCdb, req.cdb);
    if (recordingKind(drive.loaded!) === "rom") {
      throw new SenseError(SENSE.cannotWriteIncompatible, "SEND OPC: the medium is not recordable");
    }
  },
};

/** The commands of this file. */
export const sendCommands: readonly CommandEntry[] = [cueSheet, opc];
