/**
 * Every MMC command kiln knows, by opcode: the drive's trace and errors use it for names,
 * and kiln's virtual recorder for dispatch (parse the CDB with the command's own table).
 *
 * @module
 */

import type { FieldTable } from "../records/field_table.ts";
import type { MmcCommand } from "./command.ts";
import { blank } from "./commands/blank.ts";
import { closeTrackSession } from "./commands/close_track_session.ts";
import { formatUnit } from "./commands/format_unit.ts";
import { getEventStatusNotification } from "./commands/get_event_status_notification.ts";
import { getPerformance } from "./commands/get_performance.ts";
import { readBufferCapacity } from "./commands/read_buffer_capacity.ts";
import { readDiscStructure } from "./commands/read_disc_structure.ts";
import { readFormatCapacities } from "./commands/read_format_capacities.ts";
import { sendCueSheet } from "./commands/send_cue_sheet.ts";
import { sendOpcInformation } from "./commands/send_opc_information.ts";
import { setStreaming } from "./commands/set_streaming.ts";
import { getConfiguration } from "./commands/get_configuration.ts";
import { inquiry } from "./commands/inquiry.ts";
import { modeSelect10 } from "./commands/mode_select10.ts";
import { modeSense10 } from "./commands/mode_sense10.ts";
import { preventAllowMediumRemoval } from "./commands/prevent_allow_medium_removal.ts";
import { read10 } from "./commands/read10.ts";
import { read12 } from "./commands/read12.ts";
import { readCapacity } from "./commands/read_capacity.ts";
import { readDiscInformation } from "./commands/read_disc_information.ts";
import { readToc } from "./commands/read_toc.ts";
import { readTrackInformation } from "./commands/read_track_information.ts";
import { requestSense } from "./commands/request_sense.ts";
import { reserveTrack } from "./commands/reserve_track.ts";
import { setCdSpeed } from "./commands/set_cd_speed.ts";
import { startStopUnit } from "./commands/start_stop_unit.ts";
import { synchronizeCache } from "./commands/synchronize_cache.ts";
import { testUnitReady } from "./commands/test_unit_ready.ts";
import { write10 } from "./commands/write10.ts";
import { write12 } from "./commands/write12.ts";

/** Any command (field types erased). */
export type AnyMmcCommand = MmcCommand<FieldTable>;

/** All commands, in opcode order. */
export const mmcCommands: readonly AnyMmcCommand[] = ([
  testUnitReady,
  requestSense,
  inquiry,
  startStopUnit,
  preventAllowMediumRemoval,
  readCapacity,
  read10,
  write10,
  synchronizeCache,
  readToc,
  getConfiguration,
  modeSelect10,
  modeSense10,
  readDiscInformation,
  readTrackInformation,
  reserveTrack,
  closeTrackSession,
  blank,
  read12,
  write12,
  setCdSpeed,
  formatUnit,
  getEventStatusNotification,
  getPerformance,
  readBufferCapacity,
  readDiscStructure,
  readFormatCapacities,
  sendCueSheet,
  sendOpcInformation,
  setStreaming,
] as unknown as AnyMmcCommand[]).sort((a, b) => a.opcode - b.opcode);

const byOpcode = new Map(mmcCommands.map((c) => [c.opcode, c]));

/**
 * The command with this operation code.
 *
 * @param opcode CDB byte 0.
 * @returns The command, or undefined for an opcode kiln does not model.
 */
export function commandByOpcode(opcode: number): AnyMmcCommand | undefined {
  return byOpcode.get(opcode);
}

/**
 * A command's name for messages: its own, or "command XXh".
 *
 * @param opcode CDB byte 0.
 * @returns The name.
 */
export function commandName(opcode: number): string {
  return byOpcode.get(opcode)?.name ??
    `command ${opcode.toString(16).toUpperCase().padStart(2, "0")}h`;
}
