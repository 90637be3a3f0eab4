/**
 * `kiln drives`: the optical drives of this machine (and the virtual drive `kiln burn`
 * uses when there is none).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { DEFAULT_VIRTUAL_DRIVE, listDrives } from "../recorder/open_drive.ts";
import type { CommandIo } from "./command_io.ts";

/** Help text of `kiln drives`. */
export const DRIVES_HELP = `Usage: kiln drives [--json]

List the CD/DVD/BD drives of this machine (Linux: /dev/srN from sysfs; Windows: the
CD-ROM drive letters). Without any, kiln burn uses the virtual drive
${DEFAULT_VIRTUAL_DRIVE} (its data goes to kiln-disc.img in the current folder).

Options:
      --json   print a JSON result on stdout
`;

/**
 * Run `kiln drives`.
 *
 * @param args Arguments after "drives".
 * @param io Output streams.
 * @returns Exit code.
 */
export async function drivesCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    io.out(DRIVES_HELP);
    return 0;
  }
  const drives = await listDrives();
  if (values.json) {
    io.out(JSON.stringify({ ok: true, drives, defaultVirtualDrive: DEFAULT_VIRTUAL_DRIVE }) + "\n");
    return 0;
  }
  if (drives.length === 0) {
    io.out(
      `No optical drives found. Without --drive, kiln burn uses the virtual drive\n` +
        `  ${DEFAULT_VIRTUAL_DRIVE}\n(a DVD+RW whose data goes to kiln-disc.img in the current folder).\n`,
    );
    return 0;
  }
  for (const d of drives) {
    const who = [d.vendor, d.product, d.revision].filter(Boolean).join(" ");
    io.out(`${d.spec}${who ? `  ${who}` : ""}\n`);
  }
  return 0;
}
