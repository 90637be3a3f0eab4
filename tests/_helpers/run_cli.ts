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
 * @param cwd Working folder (default: the test's).
 * @param permissions Deno permission flags (default: read, write and env, as `deno task kiln`).
 * @returns Exit code and output.
 */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
  permissions: string[] = ["--allow-read", "--allow-write", "--allow-env"],
): Promise<CliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-lock", ...permissions, CLI, ...args],
    env: { NO_COLOR: "1", ...env },
    ...(cwd ? { cwd } : {}),
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
