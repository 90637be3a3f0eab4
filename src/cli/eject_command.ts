/**
 * `kiln eject --drive D`: open the tray (allowing removal first).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { openDrive } from "../recorder/open_drive.ts";
import type { CommandIo } from "./command_io.ts";
import { chooseDrive } from "./drive_option.ts";

/** Help text of `kiln eject`. */
export const EJECT_HELP = `Usage: kiln eject [--drive D] [--json]

Open the drive's tray (or eject the disc).

Options:
  -d, --drive D   /dev/sr0, E:, or virtual:PATH?media=NAME (default: as for kiln burn)
      --json      print a JSON result on stdout
`;

/**
 * Run `kiln eject`.
 *
 * @param args Arguments after "eject".
 * @param io Output streams.
 * @returns Exit code.
 */
export async function ejectCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      drive: { type: "string", short: "d" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.out(EJECT_HELP);
    return 0;
  }
  const { spec } = await chooseDrive(values.drive);
  const recorder = await openDrive(spec);
  try {
    await recorder.eject();
  } finally {
    await recorder.close();
  }
  io.out(values.json ? JSON.stringify({ ok: true, drive: spec }) + "\n" : `Ejected ${spec}\n`);
  return 0;
}
