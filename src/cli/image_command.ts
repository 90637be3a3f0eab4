/**
 * `kiln image SRC... -o OUT.iso`: master folders and files into an ISO 9660 image with
 * Joliet and Rock Ridge, written atomically.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { FileTree } from "../model/file_tree.ts";
import { assertFitsMedia, type MediaClass, mediaDefaults } from "../model/media_defaults.ts";
import { InvalidInputError } from "../model/errors.ts";
import type { IsoLevel, UdfRevision } from "../model/master_options.ts";
import type { BootEmulation, BootEntryOptions, BootOptions } from "../model/boot_options.ts";
import { addFromDisk, assertOutsideSources } from "../source/add_from_disk.ts";
import { writeTreeImageFile } from "../image/write_tree_image_file.ts";
import { formatBytes, ProgressBar } from "./progress_bar.ts";
import { UsageError } from "./usage_error.ts";
import type { CommandIo } from "./command_io.ts";

/** Help text of `kiln image`. */
export const IMAGE_HELP = `Usage: kiln image SRC... -o OUT.iso [options]

Master folders and files into an ISO 9660 image with Joliet and Rock Ridge.
A folder's contents go to the image root; a file goes in by its name.

Options:
  -o, --output PATH      image file to write (required; written atomically)
  -V, --volume-id LABEL  volume label, up to 32 characters (default KILN)
      --iso-level N      ISO 9660 interchange level 1, 2 or 3 (default 3)
      --no-joliet        leave out the Joliet tree
      --no-rock-ridge    leave out Rock Ridge (no long names, modes or symlinks)
      --exclude GLOB     leave out names or relative paths matching GLOB (repeatable)
      --no-hidden        leave out names starting with "."
      --media M          defaults and capacity check for cd, dvd or bd (see README)
      --udf              add a UDF file system sharing the data (a bridge image)
      --no-iso9660       with --udf: a UDF-only image (no ISO 9660 or Joliet trees)
      --udf-revision R   UDF revision 1.02, 1.50, 2.00, 2.01, 2.50 or 2.60 (default 2.01;
                         2.50 and 2.60 keep the metadata in a mirrored metadata partition)
      --bios-boot PATH   El Torito BIOS boot image (a path inside the image)
      --efi-boot PATH    El Torito EFI boot image, such as a FAT image (a path inside the image)
      --boot-emulation M BIOS image emulation: none (default), floppy, hard-disk
      --boot-load-size N 512-byte sectors the BIOS loads (default 4)
      --boot-info-table  patch a boot info table into the BIOS image (isolinux)
      --boot-catalog P   where the boot catalog goes (default /boot.catalog)
      --hide-boot-catalog keep the boot catalog out of the directory trees
      --isohybrid-mbr F  isohybrid: MBR boot code from file F (e.g. /usr/lib/ISOLINUX/isohdpfx.bin)
      --isohybrid-gpt    isohybrid: add a GPT with an EFI system partition (needs --efi-boot)
      --strict-names     fail instead of adapting names Joliet or UDF cannot hold
      --publisher TEXT   publisher identifier
      --application TEXT application identifier
      --no-sync          do not flush the image to disk before renaming it into place
                         (faster; for scratch images a power loss may leave damaged)
      --json             print a JSON result on stdout instead of text (with the
                         seconds the scan, the plan and the write took)
  -q, --quiet            no progress bar
`;

function bootOptions(
  v: Record<string, string | boolean | string[] | undefined>,
): BootOptions | undefined {
  const entries: BootEntryOptions[] = [];
  if (typeof v["bios-boot"] === "string") {
    const loadSize = v["boot-load-size"] === undefined ? undefined : Number(v["boot-load-size"]);
    if (loadSize !== undefined && !Number.isInteger(loadSize)) {
      throw new UsageError(`--boot-load-size must be a number, got ${v["boot-load-size"]}`);
    }
    entries.push({
      image: v["bios-boot"],
      platform: "bios",
      emulation: (v["boot-emulation"] ?? "none") as BootEmulation,
      bootInfoTable: v["boot-info-table"] === true,
      ...(loadSize !== undefined ? { loadSectors: loadSize } : {}),
    });
  } else if (v["boot-info-table"] || v["boot-load-size"] || v["boot-emulation"]) {
    throw new UsageError(
      "--boot-info-table, --boot-load-size and --boot-emulation need --bios-boot",
    );
  }
  if (typeof v["efi-boot"] === "string") entries.push({ image: v["efi-boot"], platform: "efi" });
  if (entries.length === 0) {
    if (v["boot-catalog"] || v["hide-boot-catalog"]) {
      throw new UsageError("--boot-catalog and --hide-boot-catalog need --bios-boot or --efi-boot");
    }
    return undefined;
  }
  return {
    entries,
    ...(typeof v["boot-catalog"] === "string" ? { catalog: v["boot-catalog"] } : {}),
    hideCatalog: v["hide-boot-catalog"] === true,
  };
}

/**
 * Run `kiln image`.
 *
 * @param args Arguments after "image".
 * @param io Output streams.
 * @returns Exit code.
 */
export async function imageCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: "string", short: "o" },
      "volume-id": { type: "string", short: "V" },
      "iso-level": { type: "string" },
      "no-joliet": { type: "boolean" },
      "no-rock-ridge": { type: "boolean" },
      exclude: { type: "string", multiple: true },
      "no-hidden": { type: "boolean" },
      "strict-names": { type: "boolean" },
      udf: { type: "boolean" },
      media: { type: "string" },
      "no-iso9660": { type: "boolean" },
      "bios-boot": { type: "string" },
      "efi-boot": { type: "string" },
      "boot-emulation": { type: "string" },
      "boot-load-size": { type: "string" },
      "boot-info-table": { type: "boolean" },
      "boot-catalog": { type: "string" },
      "hide-boot-catalog": { type: "boolean" },
      "isohybrid-mbr": { type: "string" },
      "isohybrid-gpt": { type: "boolean" },
      "udf-revision": { type: "string" },
      publisher: { type: "string" },
      application: { type: "string" },
      "no-sync": { type: "boolean" },
      json: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.out(IMAGE_HELP);
    return 0;
  }
  if (positionals.length === 0) {
    throw new UsageError("kiln image needs at least one source (SRC...)");
  }
  const output = values.output;
  if (!output) throw new UsageError("kiln image needs an output file: -o OUT.iso");
  const level = values["iso-level"] === undefined ? 3 : Number(values["iso-level"]);
  if (![1, 2, 3].includes(level)) {
    throw new UsageError(`--iso-level must be 1, 2 or 3, got ${values["iso-level"]}`);
  }

  assertOutsideSources(output, positionals);
  const started = performance.now();
  const tree = new FileTree();
  const skipped: { path: string; reason: string }[] = [];
  for (const src of positionals) {
    const summary = await addFromDisk(tree, src, "/", {
      hidden: !values["no-hidden"],
      ...(values.exclude ? { exclude: values.exclude } : {}),
    });
    skipped.push(...summary.skipped.filter((s) => s.reason !== "excluded"));
  }
  const boot = bootOptions(values);
  const mbrPath = values["isohybrid-mbr"];
  let mbr: Uint8Array | undefined;
  if (mbrPath !== undefined) {
    try {
      mbr = await Deno.readFile(mbrPath);
    } catch (cause) {
      throw new InvalidInputError(
        `Cannot read the isohybrid MBR template ${JSON.stringify(mbrPath)}: ${
          (cause as Error).message
        }`,
        {
          cause,
          path: mbrPath,
        },
      );
    }
  }
  const hybrid = mbr || values["isohybrid-gpt"]
    ? { ...(mbr ? { mbr } : {}), gpt: values["isohybrid-gpt"] === true }
    : undefined;
  const media = values.media as MediaClass | undefined;
  if (media !== undefined && !["cd", "dvd", "bd"].includes(media)) {
    throw new UsageError(`--media must be cd, dvd or bd, got ${media}`);
  }
  const base = media ? mediaDefaults(media).options : {};
  const scanned = performance.now();
  const bar = new ProgressBar(
    "Writing image",
    values.json || values.quiet ? { writeSync: () => 0, isTerminal: () => false } : io.progress,
  );
  let planned = scanned;
  // The scanned files are copied while the tree is planned (see write_tree_image_file.ts).
  const { image } = await writeTreeImageFile(tree, output, {
    ...base,
    ...(boot ? { boot } : {}),
    ...(hybrid ? { hybrid } : {}),
    ...(values["no-iso9660"] ? { iso9660: false } : {}),
    isoLevel: level as IsoLevel,
    joliet: !values["no-joliet"],
    rockRidge: !values["no-rock-ridge"],
    strictNames: values["strict-names"] ?? false,
    udf: values.udf ?? (values["udf-revision"] !== undefined || (base.udf ?? false)),
    ...(values["udf-revision"] !== undefined
      ? { udfRevision: values["udf-revision"] as UdfRevision }
      : {}),
    ...(values["volume-id"] !== undefined ? { volumeId: values["volume-id"] } : {}),
    ...(values.publisher !== undefined ? { publisherId: values.publisher } : {}),
    ...(values.application !== undefined ? { applicationId: values.application } : {}),
  }, {
    onPlanned: (plannedImage) => {
      if (media) assertFitsMedia(plannedImage.sectors, media);
      planned = performance.now();
    },
    onProgress: (p) => bar.update(p.bytesDone, p.totalBytes),
    sync: !values["no-sync"],
  });
  bar.done();
  const ended = performance.now();
  const seconds = (ended - started) / 1000;
  // Where the time went (the MBR template read counts as scan): for `--json` and the bench.
  const phases = {
    scan: (scanned - started) / 1000,
    plan: (planned - scanned) / 1000,
    write: (ended - planned) / 1000,
  };
  const r = image.report;
  const warnings = [
    ...skipped.map((s) => `skipped ${s.path}: ${s.reason}`),
    ...r.omissions.map((o) => `${o.path}: ${o.reason}`),
    ...r.jolietAdaptations.map((a) =>
      `${a.name}: Joliet name ${JSON.stringify(a.joliet)} (${a.reason})`
    ),
  ];
  if (values.json) {
    io.out(
      JSON.stringify({
        ok: true,
        output,
        size: image.size,
        sectors: image.sectors,
        files: r.files,
        directories: r.directories,
        symlinks: r.symlinks,
        deepDirectories: r.deepDirectories,
        warnings,
        seconds,
        phases,
      }) + "\n",
    );
  } else {
    for (const w of warnings) io.err(`warning: ${w}\n`);
    io.out(
      `Wrote ${output}: ${formatBytes(image.size)} (${image.sectors} sectors), ${r.files} files, ` +
        `${r.directories} directories, ${r.symlinks} symlinks in ${seconds.toFixed(2)} s\n`,
    );
  }
  return 0;
}
