/**
 * `kiln erase --drive D [--full]`: blank a CD-RW or DVD-RW (minimal, or full), or format a
 * DVD+RW, BD-RE or DVD-RAM, with a progress bar.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { erase } from "../recorder/erase.ts";
import { openDrive } from "../recorder/open_drive.ts";
import { describeState } from "../recorder/recorder_errors.ts";
import type { CommandIo } from "./command_io.ts";
import { chooseDrive } from "./drive_option.ts";
import { ProgressBar } from "./progress_bar.ts";

/** Help text of `kiln erase`. */
export const ERASE_HELP = `Usage: kiln erase [--drive D] [--full] [--json]

Erase a rewritable disc: BLANK a CD-RW or DVD-RW (minimal by default: fast; a DVD-RW
blanked that way can then only be written in one go), or FORMAT a DVD+RW, BD-RE or
DVD-RAM (a quick reformat by default; --full certifies the whole surface).

Options:
  -d, --drive D   /dev/sr0, E:, or virtual:PATH?media=NAME (default: as for kiln burn)
      --full      full blank / full format with certification (slow)
      --json      print a JSON result on stdout
  -q, --quiet     no progress bar
`;

/**
 * Run `kiln erase`.
 *
 * @param args Arguments after "erase".
 * @param io Output streams.
 * @returns Exit code.
 */
export async function eraseCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      drive: { type: "string", short: "d" },
      full: { type: "boolean" },
      json: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.out(ERASE_HELP);
    return 0;
  }
  const { spec } = await chooseDrive(values.drive);
  const recorder = await openDrive(spec);
  const bar = new ProgressBar(
    "Erasing",
    values.json || values.quiet ? { writeSync: () => 0, isTerminal: () => false } : io.progress,
  );
  try {
    const r = await erase(recorder, {
      full: values.full === true,
      onProgress: (p) => {
        bar.update(Math.round(p.fraction * 1000), 1000, {
          label: p.action === "formatting" ? "Formatting" : "Erasing",
          fraction: true,
          ...(p.remainingMs !== undefined ? { remainingMs: p.remainingMs } : {}),
        });
      },
    });
    bar.done();
    if (values.json) {
      io.out(JSON.stringify({ ok: true, drive: spec, ...r }) + "\n");
    } else {
      io.out(
        `Erased the ${r.media.toUpperCase()} in ${spec} (${r.description}) in ${
          (r.elapsedMs / 1000).toFixed(1)
        } s\nThe disc is now ${describeState(r.stateAfter)}\n`,
      );
    }
    return 0;
  } finally {
    await recorder.close();
  }
}
