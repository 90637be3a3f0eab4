/**
 * SEND CUE SHEET (5Dh) and SEND OPC INFORMATION (54h) (reference/mmc.md 3.14, 3.15). kiln's
 * MMC layer does not describe them (issue 4 does not list them), so their CDB tables are
 * defined here with the layer's `defineCommand`; hosts and tests can build CDBs with
 * {@linkcode sendCueSheet} and {@linkcode sendOpcInformation}.
 *
 * SEND OPC with DoOpc = 1 succeeds on recordable CD and DVD-R/-RW (it records the power
 * calibration), is ignored (GOOD) on other recordable media, and ends with 5/30/05 on
 * pressed media; a parameter list (OPC values) is accepted and ignored.
 *
 * @module
 */

import { defineCommand, type MmcCommand } from "../../../src/mmc/command.ts";
import type { FieldTable } from "../../../src/records/field_table.ts";
import { applyCueSheet, parseCueSheet } from "../cue_sheet.ts";
import { recordingKind } from "../disc_state.ts";
import { SENSE, SenseError } from "../sense_error.ts";
import { cdbFields, type CommandEntry, dataOut } from "./command_entry.ts";

/** SEND CUE SHEET CDB (MMC-5 6.33). */
export const sendCueSheetCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.33 (5Dh)" },
  cueSheetSize: { offset: 6, size: 3, type: "u24be", clause: "MMC-5 6.33 Cue Sheet Size" },
} as const satisfies FieldTable;

/** SEND CUE SHEET: 10-byte CDB, data out. */
export const sendCueSheet: MmcCommand<typeof sendCueSheetCdbTable> = defineCommand({
  name: "SEND CUE SHEET",
  opcode: 0x5d,
  cdbLength: 10,
  direction: "out",
  clause: "MMC-5 6.33",
  cdb: sendCueSheetCdbTable,
  timeoutMs: 30_000,
});

/** SEND OPC INFORMATION CDB (MMC-5 6.34). */
export const sendOpcInformationCdbTable = {
  opcode: { offset: 0, size: 1, type: "u8", clause: "MMC-5 6.34 (54h)" },
  doOpc: { offset: 1, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 6.34 DoOpc" },
  exclude: { offset: 2, size: 1, type: "u8", bits: [1, 0], clause: "MMC-5 6.34 Exclude0/1" },
  parameterListLength: { offset: 7, size: 2, type: "u16be", clause: "MMC-5 6.34" },
} as const satisfies FieldTable;

/** SEND OPC INFORMATION: 10-byte CDB, data out (or none). */
export const sendOpcInformation: MmcCommand<typeof sendOpcInformationCdbTable> = defineCommand({
  name: "SEND OPC INFORMATION",
  opcode: 0x54,
  cdbLength: 10,
  direction: "out",
  clause: "MMC-5 6.34",
  cdb: sendOpcInformationCdbTable,
  timeoutMs: 200_000,
});

const cueSheet: CommandEntry = {
  opcode: 0x5d,
  name: "SEND CUE SHEET",
  direction: "out",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields((c) => sendCueSheet.parse(c), req.cdb);
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
    cdbFields((c) => sendOpcInformation.parse(c), req.cdb);
    if (recordingKind(drive.loaded!) === "rom") {
      throw new SenseError(SENSE.cannotWriteIncompatible, "SEND OPC: the medium is not recordable");
    }
  },
};

/** The commands of this file. */
export const sendCommands: readonly CommandEntry[] = [cueSheet, opc];
