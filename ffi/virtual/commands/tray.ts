/**
 * START STOP UNIT and PREVENT ALLOW MEDIUM REMOVAL (reference/mmc.md 3.22, 3.23): the tray
 * and its lock. Eject while PREVENT is set is 5/53/02. Ejecting records what is in the
 * buffer first (Pioneer BDR-203 4.22); a CD track that was not closed stays incomplete
 * (damaged) on the disc. Loading reports 6/28/00 to the next command and a "new media"
 * event to GET EVENT STATUS NOTIFICATION.
 *
 * @module
 */

import { parsePreventAllowMediumRemovalCdb } from "../../../src/mmc/commands/prevent_allow_medium_removal.ts";
import { parseStartStopUnitCdb } from "../../../src/mmc/commands/start_stop_unit.ts";
import { discSpec } from "../disc_state.ts";
import { type DriveModel, interruptWrite } from "../drive_model.ts";
import { SENSE, SenseError } from "../sense_error.ts";
import { cdbFields, type CommandEntry } from "./command_entry.ts";

/**
 * Open the tray (the disc stays in it).
 *
 * @param drive The drive.
 * @param force Ignore PREVENT (a test pulling the disc out).
 * @throws {SenseError} 5/53/02 while removal is prevented.
 */
export function openTray(drive: DriveModel, force = false): void {
  if (drive.prevent && !force) {
    throw new SenseError(
      SENSE.removalPrevented,
      "the host locked the tray (PREVENT ALLOW MEDIUM REMOVAL)",
    );
  }
  if (drive.tray === "open") return;
  const disc = drive.loaded;
  drive.time.flushed();
  drive.time.abandon();
  if (disc?.inFlight !== undefined) {
    if (discSpec(disc).mediaClass === "cd") interruptWrite(disc, drive.store, 0, drive.config);
    else delete disc.inFlight;
  }
  if (disc?.format.state === "running") disc.format.state = "suspended";
  drive.bgFormatEnd = undefined;
  drive.tray = "open";
  if (disc) drive.mediaEvent = 3;
  drive.dirty = true;
}

/**
 * Close the tray; a disc in it is loaded (6/28/00 for the next command).
 *
 * @param drive The drive.
 */
export function closeTray(drive: DriveModel): void {
  if (drive.tray === "closed") return;
  drive.tray = "closed";
  drive.dirty = true;
  if (!drive.disc) return;
  drive.unitAttention.push(SENSE.mediumChanged);
  drive.mediaEvent = 2;
  drive.faults.mediumLoaded();
  drive.time.resetBuffer(drive.bufferSize());
  drive.applySpeed();
}

const startStopUnit: CommandEntry = {
  opcode: 0x1b,
  name: "START STOP UNIT",
  direction: "none",
  medium: false,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields(parseStartStopUnitCdb, req.cdb);
    if (f.powerCondition !== 0 || !f.loadEject) return;
    if (f.start) closeTray(drive);
    else openTray(drive);
  },
};

const preventAllow: CommandEntry = {
  opcode: 0x1e,
  name: "PREVENT ALLOW MEDIUM REMOVAL",
  direction: "none",
  medium: false,
  whileBusy: true,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields(parsePreventAllowMediumRemovalCdb, req.cdb);
    drive.prevent = f.prevent;
  },
};

/** The commands of this file. */
export const trayCommands: readonly CommandEntry[] = [startStopUnit, preventAllow];
