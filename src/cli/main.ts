/**
 * The CLI's dispatcher: picks the subcommand, turns errors into messages and exit codes
 * (0 success, 1 failure, 2 usage), and prints JSON errors when `--json` is given.
 *
 * @module
 */

import denoJson from "../../deno.json" with { type: "json" };
import { ImageWriteError, InternalError, InvalidInputError } from "../model/errors.ts";
import type { CommandIo } from "./command_io.ts";
import { IMAGE_HELP, imageCommand } from "./image_command.ts";
import { UsageError } from "./usage_error.ts";

/** The kiln version, from deno.json. */
export const VERSION: string = denoJson.version;

const HELP = `kiln ${VERSION}: image mastering and disc burning for Deno

Usage: kiln COMMAND [options]

Commands:
  image SRC... -o OUT.iso   master folders and files into an ISO 9660 + Joliet + Rock Ridge image

Run "kiln COMMAND --help" for a command's options.
`;

const encoder = new TextEncoder();

/** The process's stdout/stderr as a {@linkcode CommandIo}. */
export const processIo: CommandIo = {
  out: (text) => void Deno.stdout.writeSync(encoder.encode(text)),
  err: (text) => void Deno.stderr.writeSync(encoder.encode(text)),
  progress: Deno.stderr,
};

function errorJson(err: unknown): Record<string, unknown> {
  const e = err instanceof Error ? err : new Error(String(err));
  const path = (e as { path?: string }).path;
  return { ok: false, error: { name: e.name, message: e.message, ...(path ? { path } : {}) } };
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
      case "image":
        return await imageCommand(rest, io);
      default:
        throw new UsageError(`Unknown command ${JSON.stringify(command)}; run "kiln --help"`);
    }
  } catch (err) {
    const usage = err instanceof UsageError ||
      (err instanceof TypeError && (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"));
    if (json) io.out(JSON.stringify(errorJson(err)) + "\n");
    else if (usage) {
      io.err(`kiln: ${(err as Error).message}\n${command === "image" ? IMAGE_HELP : ""}`);
    } else if (err instanceof InvalidInputError || err instanceof ImageWriteError) {
      io.err(`kiln: ${err.message}\n`);
    } else if (err instanceof InternalError) io.err(`kiln: ${err.message}\n${err.stack ?? ""}\n`);
    else io.err(`kiln: ${err instanceof Error ? err.message : String(err)}\n`);
    return usage ? 2 : 1;
  }
}
