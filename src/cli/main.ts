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
  image: () => import("./image_command.ts").then((m) => command(m.imageCommand, m.IMAGE_HELP)),
  burn: () => import("./burn_command.ts").then((m) => command(m.burnCommand, m.BURN_HELP)),
  drives: () => import("./drives_command.ts").then((m) => command(m.drivesCommand, m.DRIVES_HELP)),
  info: () => import("./info_command.ts").then((m) => command(m.infoCommand, m.INFO_HELP)),
  erase: () => import("./erase_command.ts").then((m) => command(m.eraseCommand, m.ERASE_HELP)),
  eject: () => import("./eject_command.ts").then((m) => command(m.ejectCommand, m.EJECT_HELP)),
};

function command(run: Command["run"], help: string): Command {
  return { run, help };
}

function loaderOf(name: string | undefined): (() => Promise<Command>) | undefined {
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

async function helpOf(name: string | undefined): Promise<string> {
  const load = loaderOf(name);
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
        const load = loaderOf(command);
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
