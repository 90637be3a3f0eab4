/**
 * Run kiln's CLI in a child process, as a user would.
 */

import { fileURLToPath } from "node:url";

/** Absolute path of cli.ts. */
export const CLI = fileURLToPath(new URL("../../cli.ts", import.meta.url));

/** Result of a CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `deno run cli.ts ARGS`.
 *
 * @param args CLI arguments.
 * @param env Extra environment.
 * @returns Exit code and output.
 */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-lock", "--allow-read", "--allow-write", "--allow-env", CLI, ...args],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}
