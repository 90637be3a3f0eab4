/**
 * Run an oracle tool. A missing tool is a failure naming the Debian package to install,
 * never a skip.
 */

const PACKAGES: Record<string, string> = {
  xorriso: "xorriso",
  isoinfo: "genisoimage",
  "7zz": "7zip",
  "/usr/bin/python3": "python3-pycdlib",
  "iso-info": "libcdio-utils",
  udfinfo: "udftools",
  "/usr/sbin/mkudffs": "udftools",
};

/** Output of a finished tool. */
export interface ToolResult {
  code: number;
  stdout: Uint8Array;
  stderr: string;
  text: string;
}

/**
 * Run a tool with arguments (no shell).
 *
 * @param tool Program.
 * @param args Arguments.
 * @returns Exit code and output.
 */
export async function runTool(tool: string, args: string[]): Promise<ToolResult> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(tool, { args, stdout: "piped", stderr: "piped", stdin: "null" })
      .output();
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) {
      throw new Error(
        `Oracle ${tool} is not installed: apt-get install ${PACKAGES[tool] ?? tool}`,
        { cause },
      );
    }
    throw cause;
  }
  return {
    code: out.code,
    stdout: out.stdout,
    stderr: new TextDecoder().decode(out.stderr),
    text: new TextDecoder().decode(out.stdout),
  };
}
