/**
 * `kiln burn SRC... [--drive D]`: burn folders (mastered with the file systems IMAPI2 would
 * choose for the loaded medium's class: `mediaDefaults`) or one existing image file, with
 * a progress bar, verification and, on the default virtual drive, a listing of what is on
 * the disc read back through the drive.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { FileTree } from "../model/file_tree.ts";
import { mediaDefaults } from "../model/media_defaults.ts";
import { addFromDisk } from "../source/add_from_disk.ts";
import { masterImage } from "../image/master_image.ts";
import { burn, type BurnResult } from "../recorder/burn.ts";
import type { BurnAction } from "../recorder/burn_progress.ts";
import { listDisc } from "../recorder/disc_listing.ts";
import { isImageFile, openImageFile } from "../recorder/image_file.ts";
import { DEFAULT_VIRTUAL_DRIVE, openDrive } from "../recorder/open_drive.ts";
import type { Recorder } from "../recorder/recorder.ts";
import { describeState, UnsuitableMediaError } from "../recorder/recorder_errors.ts";
import type { VerifyLevel } from "../recorder/verify.ts";
import type { StreamableImage } from "../stream/write_image_file.ts";
import type { CommandIo } from "./command_io.ts";
import { chooseDrive } from "./drive_option.ts";
import { listingLines } from "./media_text.ts";
import { formatBytes, ProgressBar } from "./progress_bar.ts";
import { UsageError } from "./usage_error.ts";

/** Help text of `kiln burn`. */
export const BURN_HELP = `Usage: kiln burn SRC... [--drive D] [options]

Burn folders and files (mastered for the disc in the drive) or one image file.
File systems by medium (IMAPI2's choice for the class): CD: ISO 9660 + Joliet + Rock Ridge;
DVD: the same plus UDF 1.02; BD: the same plus UDF 2.50.
A disc that can take more sessions stays appendable unless --media-close is given.

Options:
  -d, --drive D        /dev/sr0, E:, or virtual:PATH?media=NAME; default: $KILN_DRIVE, else
                       the only drive of this machine, else the virtual drive
                       ${DEFAULT_VIRTUAL_DRIVE}
                       (its data goes to kiln-disc.img in the current folder)
      --media-close    finalize the disc: nothing can be added afterwards
      --speed S        write speed: max (default), a multiple such as 8x, or kB/s (5540kB)
      --verify L       none, quick or full (default quick; full on the default virtual drive)
      --list           list the disc's files afterwards (default on the default virtual drive)
  -V, --volume-id L    volume label for mastered folders (default KILN)
      --json           print a JSON result on stdout instead of text
  -q, --quiet          no progress bar
`;

const LABELS: Record<BurnAction, string> = {
  validating: "Validating",
  formatting: "Formatting",
  initializing: "Initializing",
  calibrating: "Calibrating",
  writing: "Writing",
  finalizing: "Finalizing",
  verifying: "Verifying",
  completed: "Completed",
};

async function prepareImage(
  sources: string[],
  recorder: Recorder,
  volumeId: string | undefined,
): Promise<{ image: StreamableImage; what: string; sectors: number }> {
  const state = await recorder.mediaState();
  if (!state.writable || !state.mediaClass) {
    throw new UnsuitableMediaError(
      `Cannot burn: ${state.notWritableReason ?? "the disc cannot be written"}`,
      { state },
    );
  }
  if (sources.length === 1 && await isImageFile(sources[0]!)) {
    const file = await openImageFile(sources[0]!);
    return { image: file, what: `image ${sources[0]}`, sectors: file.sectors };
  }
  const tree = new FileTree();
  for (const src of sources) await addFromDisk(tree, src, "/");
  const defaults = mediaDefaults(state.mediaClass);
  const image = masterImage(tree, {
    ...defaults.options,
    ...(volumeId !== undefined ? { volumeId } : {}),
  });
  const fs = ["ISO 9660", "Joliet", "Rock Ridge"];
  if (defaults.options.udf) fs.push(`UDF ${defaults.options.udfRevision}`);
  const r = image.report;
  return {
    image,
    what: `${r.files} files and ${r.directories - 1} folders as ${
      fs.join(" + ")
    } (the ${state.mediaClass.toUpperCase()} defaults)`,
    sectors: image.sectors,
  };
}

function summary(spec: string, r: BurnResult, what: string): string[] {
  const speed = r.speedKBps ? ` at ${Math.round(r.speedKBps)} kB/s` : "";
  const lines = [
    `Burned ${what}: ${r.imageSectors} sectors (${
      formatBytes(r.imageSectors * 2048)
    }) at LBA ${r.startLba} ` +
    `to the ${r.media.toUpperCase()} in ${spec} (${r.description}${speed}) in ${
      (r.elapsedMs / 1000).toFixed(1)
    } s`,
  ];
  if (r.formatted) lines.push(`Formatted first: ${r.formatted}`);
  if (r.verify) {
    lines.push(
      `Verified (${r.verify.level}): ${r.verify.sectorsChecked} sectors read back and compared`,
    );
  }
  if (r.retries.length) {
    lines.push(
      `Retries: ${
        r.retries.map((x) => `${x.command} at ${x.lba ?? "-"} (${x.category})`).join(", ")
      }`,
    );
  }
  lines.push(`The disc is now ${describeState(r.stateAfter)}`);
  return lines;
}

/**
 * Run `kiln burn`.
 *
 * @param args Arguments after "burn".
 * @param io Output streams.
 * @returns Exit code.
 */
export async function burnCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      drive: { type: "string", short: "d" },
      "media-close": { type: "boolean" },
      speed: { type: "string" },
      verify: { type: "string" },
      list: { type: "boolean" },
      "volume-id": { type: "string", short: "V" },
      json: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.out(BURN_HELP);
    return 0;
  }
  if (positionals.length === 0) {
    throw new UsageError("kiln burn needs at least one source (SRC...)");
  }
  if (values.verify !== undefined && !["none", "quick", "full"].includes(values.verify)) {
    throw new UsageError(`--verify must be none, quick or full, got ${values.verify}`);
  }
  const choice = await chooseDrive(values.drive);
  const defaultDrive = choice.source === "default-virtual";
  const level = (values.verify ?? (defaultDrive ? "full" : "quick")) as VerifyLevel;
  const recorder = await openDrive(choice.spec);
  const ac = new AbortController();
  const onSignal = () => ac.abort(new Error("interrupted (SIGINT)"));
  try {
    Deno.addSignalListener("SIGINT", onSignal);
  } catch { /* no signals here */ }
  const bar = new ProgressBar(
    "Writing",
    values.json || values.quiet ? { writeSync: () => 0, isTerminal: () => false } : io.progress,
  );
  try {
    if (defaultDrive && !values.json) {
      io.err(
        choice.listingError
          ? `No drive given, and OS drives could not be listed (${choice.listingError}): burning to the virtual drive ${choice.spec}\n`
          : `No drive given and none found: burning to the virtual drive ${choice.spec}\n`,
      );
    }
    const { image, what } = await prepareImage(positionals, recorder, values["volume-id"]);
    const result = await burn(recorder, image, {
      close: values["media-close"] === true,
      speed: values.speed ?? "max",
      verify: level,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.action === "validating" || p.action === "completed") return;
        bar.update(p.sectorsDone * 2048, p.totalSectors * 2048, {
          label: LABELS[p.action],
          ...(p.remainingMs !== undefined ? { remainingMs: p.remainingMs } : {}),
          ...(p.action === "writing"
            ? {
              suffix: `buffer ${Math.round(p.bufferFill * 100)}% host ${
                Math.round(p.hostBufferFill * 100)
              }%`,
            }
            : {}),
        });
      },
    });
    bar.done();
    const listing = values.list || defaultDrive
      ? await listDisc((lba, n) => recorder.drive.read10(lba, n), { sessionStart: result.startLba })
      : undefined;
    if (values.json) {
      io.out(
        JSON.stringify({
          ok: true,
          drive: choice.spec,
          ...result,
          ...(listing ? { listing } : {}),
        }) + "\n",
      );
    } else {
      for (const w of result.warnings) io.err(`warning: ${w}\n`);
      const lines = summary(choice.spec, result, what);
      if (listing) lines.push(...listingLines(listing));
      else if (values.list || defaultDrive) {
        lines.push("On the disc: no ISO 9660 volume at its start");
      }
      io.out(lines.join("\n") + "\n");
    }
    return 0;
  } finally {
    try {
      Deno.removeSignalListener("SIGINT", onSignal);
    } catch { /* none added */ }
    await recorder.close();
  }
}
