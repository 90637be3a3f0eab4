/**
 * The CLI's dispatcher: picks the subcommand, turns errors into messages and exit codes
 * (0 success, 1 failure, 2 usage), and prints JSON errors when `--json` is given.
 *
 * @module
 */

import denoJson from "../../deno.json" with { type: "json" };
import { ImageWriteError, InternalError, InvalidInputError } from "../model/errors.ts";
import type { CommandIo } from "./command_io.ts";
import { UsageError } from "./usage_error.ts";

/** The kiln version, from deno.json. */
export const VERSION: string = denoJson.version;

const HELP = `kiln ${VERSION}: image mastering and disc burning for Deno

Usage: kiln COMMAND [options]

Commands:
  image SRC... -o OUT.iso   master folders and files into an ISO 9660 + Joliet + Rock Ridge image
  burn SRC... [--drive D]   burn folders or an image file (no drive: a virtual DVD+RW in ./kiln-disc.img)
  drives                    list the optical drives of this machine
  info [--drive D]          show a drive and the disc in it
  erase [--drive D]         blank a CD-RW/DVD-RW or format a DVD+RW/BD-RE/DVD-RAM
  eject [--drive D]         open the tray

Run "kiln COMMAND --help" for a command's options.
`;

const encoder = new TextEncoder();

/** The process's stdout/stderr as a {@linkcode CommandIo}. */
export const processIo: CommandIo = {
  out: (text) => void Deno.stdout.writeSync(encoder.encode(text)),
  err: (text) => void Deno.stderr.writeSync(encoder.encode(text)),
  progress: Deno.stderr,
};

/** A subcommand: how to run it, and its help text. */
interface Command {
  run(args: string[], io: CommandIo): Promise<number>;
  help: string;
}

/**
 * Each subcommand's module is loaded when it runs: `kiln image` needs none of the recorder,
 * MMC or virtual-drive modules, and loading them cost about half of its start-up.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  image: async () => {
    const m = await import("./image_command.ts");
    return { run: m.imageCommand, help: m.IMAGE_HELP };
  },
  burn: async () => {
    const m = await import("./burn_command.ts");
    return { run: m.burnCommand, help: m.BURN_HELP };
  },
  drives: async () => {
    const m = await import("./drives_command.ts");
    return { run: m.drivesCommand, help: m.DRIVES_HELP };
  },
  info: async () => {
    const m = await import("./info_command.ts");
    return { run: m.infoCommand, help: m.INFO_HELP };
  },
  erase: async () => {
    const m = await import("./erase_command.ts");
    return { run: m.eraseCommand, help: m.ERASE_HELP };
  },
  eject: async () => {
    const m = await import("./eject_command.ts");
    return { run: m.ejectCommand, help: m.EJECT_HELP };
  },
};

async function helpOf(command: string | undefined): Promise<string> {
  const load = command !== undefined && Object.hasOwn(COMMANDS, command)
    ? COMMANDS[command]
    : undefined;
  return load ? (await load()).help : "";
}

function errorJson(err: unknown): Record<string, unknown> {
  const e = err instanceof Error ? err : new Error(String(err));
  const extra = e as { path?: string; lba?: number; state?: unknown; stateAfter?: unknown };
  return {
    ok: false,
    error: {
      name: e.name,
      message: e.message,
      ...(extra.path ? { path: extra.path } : {}),
      ...(extra.lba !== undefined ? { lba: extra.lba } : {}),
      ...(extra.state ? { state: extra.state } : {}),
      ...(extra.stateAfter ? { stateAfter: extra.stateAfter } : {}),
    },
  };
}

/**
 * Run the CLI.
 *
 * @param args Command-line arguments (without the program name).
 * @param io Output channels.
 * @returns The exit code.
 */
export async function main(args: string[], io: CommandIo = processIo): Promise<number> {
  const [command, ...rest] = args;
  const json = rest.includes("--json");
  try {
    switch (command) {
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(HELP);
        return command === undefined ? 2 : 0;
      case "--version":
      case "version":
        io.out(`kiln ${VERSION}\n`);
        return 0;
      default: {
        const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
        if (!load) {
          throw new UsageError(`Unknown command ${JSON.stringify(command)}; run "kiln --help"`);
        }
        return await (await load()).run(rest, io);
      }
    }
  } catch (err) {
    const usage = err instanceof UsageError ||
      (err instanceof TypeError && (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"));
    if (json) io.out(JSON.stringify(errorJson(err)) + "\n");
    else if (usage) {
      io.err(`kiln: ${(err as Error).message}\n${await helpOf(command)}`);
    } else if (err instanceof InvalidInputError || err instanceof ImageWriteError) {
      io.err(`kiln: ${err.message}\n`);
    } else if (err instanceof InternalError) io.err(`kiln: ${err.message}\n${err.stack ?? ""}\n`);
    else io.err(`kiln: ${err instanceof Error ? err.message : String(err)}\n`);
    return usage ? 2 : 1;
  }
}
