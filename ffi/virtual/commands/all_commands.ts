/**
 * Every command the virtual drive implements; any other opcode is 5/20/00.
 *
 * @module
 */

import type { CommandEntry } from "./command_entry.ts";
import { configurationCommands } from "./configuration.ts";
import { dataCommands } from "./data.ts";
import { discInfoCommands } from "./disc_info.ts";
import { eventCommands } from "./events.ts";
import { formatCommands } from "./format.ts";
import { identifyCommands } from "./identify.ts";
import { modePageCommands } from "./mode_pages.ts";
import { recordingCommands } from "./recording.ts";
import { sendCommands } from "./send_commands.ts";
import { speedCommands } from "./speed.ts";
import { tocCommands } from "./toc.ts";
import { trayCommands } from "./tray.ts";

/** The command table. */
export const allCommands: readonly CommandEntry[] = [
  ...identifyCommands,
  ...configurationCommands,
  ...modePageCommands,
  ...discInfoCommands,
  ...tocCommands,
  ...dataCommands,
  ...recordingCommands,
  ...sendCommands,
  ...formatCommands,
  ...eventCommands,
  ...speedCommands,
  ...trayCommands,
];
