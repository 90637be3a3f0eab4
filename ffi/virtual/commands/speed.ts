/**
 * SET CD SPEED (BBh; reference/mmc.md 3.21): the drive picks the fastest supported speed not
 * above the one asked for (FFFFh: the fastest), accepting both 1000- and 1024-based kB
 * (mmc.md 6 #11). The setting survives a media change and is cleared by a reset.
 *
 * @module
 */

import { maximumCdSpeed, parseSetCdSpeedCdb } from "../../../src/mmc/commands/set_cd_speed.ts";
import { cdbFields, type CommandEntry } from "./command_entry.ts";

const setCdSpeed: CommandEntry = {
  opcode: 0xbb,
  name: "SET CD SPEED",
  direction: "none",
  medium: false,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields(parseSetCdSpeedCdb, req.cdb);
    drive.requestedReadSpeed = f.readSpeed === maximumCdSpeed ? Infinity : f.readSpeed;
    drive.requestedWriteSpeed = f.writeSpeed === maximumCdSpeed ? Infinity : f.writeSpeed;
    drive.applySpeed();
  },
};

/** The commands of this file. */
export const speedCommands: readonly CommandEntry[] = [setCdSpeed];
