/**
 * `kiln info --drive D`: the drive (identity, profiles, current features), the disc in it
 * (media state, space, sessions and tracks, IMAPI2 media state flags) and the write speeds.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { featureName } from "../mmc/features.ts";
import { openDrive } from "../recorder/open_drive.ts";
import type { CommandIo } from "./command_io.ts";
import { chooseDrive } from "./drive_option.ts";
import { imapiFlagNames, mediaLines } from "./media_text.ts";

/** Help text of `kiln info`. */
export const INFO_HELP = `Usage: kiln info [--drive D] [--json]

Show a drive and the disc in it: identity, supported profiles, the disc's state (blank,
appendable, closed, overwritable, no disc, unsupported), free and total sectors, next
writable address, sessions and tracks, and the write speeds the drive offers for it.

Options:
  -d, --drive D   /dev/sr0, E:, or virtual:PATH?media=NAME (default: as for kiln burn)
      --json      print a JSON result on stdout
`;

/**
 * Run `kiln info`.
 *
 * @param args Arguments after "info".
 * @param io Output streams.
 * @returns Exit code.
 */
export async function infoCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      drive: { type: "string", short: "d" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.out(INFO_HELP);
    return 0;
  }
  const { spec } = await chooseDrive(values.drive);
  const recorder = await openDrive(spec);
  try {
    const state = await recorder.mediaState();
    const profiles = await recorder.profiles();
    const features = (await recorder.features()).filter((f) => f.current);
    const speeds = await recorder.writeSpeeds();
    const id = recorder.identity;
    if (values.json) {
      io.out(
        JSON.stringify({
          ok: true,
          drive: { spec: id.spec, vendor: id.vendor, product: id.product, revision: id.revision },
          profiles,
          features: features.map((f) => ({ code: f.code, name: featureName(f.code) })),
          state: { ...state, imapiFlags: imapiFlagNames(state.imapiState) },
          writeSpeeds: speeds,
        }) + "\n",
      );
      return 0;
    }
    const current = profiles.find((p) => p.current);
    const lines = [
      `Drive: ${id.spec}`,
      `Identity: ${id.vendor} ${id.product} ${id.revision}`,
      `Profiles: ${profiles.map((p) => p.name).join(", ")}${
        current ? ` (current: ${current.name})` : ""
      }`,
      ...mediaLines(state),
      `Write speeds: ${
        speeds.length
          ? `${speeds.map((s) => `${s.multiple}x`).join(", ")} (from ${s0(speeds[0]!.source)})`
          : "none reported"
      }`,
      `Current features: ${features.map((f) => featureName(f.code)).join(", ")}`,
    ];
    io.out(lines.join("\n") + "\n");
    return 0;
  } finally {
    await recorder.close();
  }
}

function s0(source: string): string {
  return source === "get-performance" ? "GET PERFORMANCE" : "mode page 2Ah";
}
