/**
 * FORMAT UNIT and READ FORMAT CAPACITIES (reference/mmc.md 3.17, 3.18) on top of
 * `erase_rules.ts`.
 *
 * FORMAT UNIT checks: FmtData must be 1 and the format code 001b (the CD-RW packet format
 * 111b is not modelled), CmpList only on DVD-RAM (Pioneer BDR-203 4.3) → 5/24/00; a list
 * shorter than 12 bytes → 5/1A/00; a format descriptor length other than 8 → 5/26/00. Both
 * FOV+IMMED (libburn) and IMMED alone (growisofs) are accepted (mmc.md 6 #21). Durations: a
 * DVD+RW background format returns at once and runs in the background (READ DISC
 * INFORMATION BG format status 2, then 3 after one pass at the write speed); quick formats
 * 60 s; full and certifying formats one pass over the disc; busy 2/04/04.
 *
 * READ FORMAT CAPACITIES works without a medium (descriptor type 3).
 *
 * @module
 */

import {
  buildReadFormatCapacitiesResponse,
  parseReadFormatCapacitiesCdb,
} from "../../../src/mmc/commands/read_format_capacities.ts";
import {
  parseFormatUnitCdb,
  parseFormatUnitParameters,
} from "../../../src/mmc/commands/format_unit.ts";
import { discSpec } from "../disc_state.ts";
import { format, formatCapacities } from "../erase_rules.ts";
import { SENSE, SenseError } from "../sense_error.ts";
import { cdbFields, type CommandEntry, dataOut, fit, parameterFields } from "./command_entry.ts";
import { recordingMs, runLong } from "./long_operation.ts";

function badCdb(why: string, bit: number): never {
  throw new SenseError(SENSE.invalidFieldInCdb, `FORMAT UNIT: ${why}`, {
    fieldPointer: { inCdb: true, byte: 1, bit },
  });
}

const formatUnit: CommandEntry = {
  opcode: 0x04,
  name: "FORMAT UNIT",
  direction: "out",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  async run(ctx) {
    const { drive, req } = ctx;
    const c = cdbFields(parseFormatUnitCdb, req.cdb);
    const disc = drive.loaded!;
    if (!c.formatData) badCdb("FmtData must be 1 (a format descriptor follows)", 4);
    if (c.formatCode !== 1) badCdb(`format code ${c.formatCode.toString(2)}b is not supported`, 2);
    if (c.completeList && disc.profile !== 0x0012) badCdb("CmpList is only for DVD-RAM", 3);
    const bytes = dataOut(req);
    if (bytes.length < 12) {
      throw new SenseError(
        SENSE.parameterListLength,
        `FORMAT UNIT: ${bytes.length} bytes, the list needs 12`,
      );
    }
    const p = parameterFields(parseFormatUnitParameters, bytes.subarray(0, 12));
    if (p.descriptorLength !== 8) {
      throw new SenseError(
        SENSE.invalidFieldInParameters,
        `FORMAT UNIT: descriptor length ${p.descriptorLength} (must be 8)`,
        {
          fieldPointer: { inCdb: false, byte: 2 },
        },
      );
    }
    const out = format(disc, {
      type: p.formatType,
      subtype: p.formatSubType,
      blocks: p.blocks,
      param: p.typeDependent,
    });
    if (out.clearsData) drive.store.truncate(0);
    drive.bgFormatEnd = undefined;
    drive.dirty = true;
    drive.applySpeed();
    if (out.surface === 0) return;
    const pass = recordingMs(discSpec(disc).unformatted, drive.writeSpeed());
    await runLong(
      ctx,
      "FORMAT UNIT",
      drive.busyCode(SENSE.formatInProgress),
      out.surface >= 1 ? pass : 60_000,
      p.immed,
    );
  },
};

const readFormatCapacities: CommandEntry = {
  opcode: 0x23,
  name: "READ FORMAT CAPACITIES",
  direction: "in",
  medium: false,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const c = cdbFields(parseReadFormatCapacitiesCdb, req.cdb);
    const caps = formatCapacities(drive.loaded);
    const reply = buildReadFormatCapacitiesResponse({
      current: {
        blocks: caps.blocks,
        descriptorType: caps.descriptorType,
        blockLength: caps.blockLength,
      },
      formats: caps.formats.map((f) => ({
        blocks: f.blocks,
        formatType: f.type,
        typeDependent: f.param,
      })),
    });
    return fit(reply, c.allocationLength);
  },
};

/** The commands of this file. */
export const formatCommands: readonly CommandEntry[] = [formatUnit, readFormatCapacities];
