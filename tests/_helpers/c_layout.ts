/**
 * Ask a C compiler for struct offsets and sizes: the compiler and the system's (or
 * mingw-w64's) headers are the oracle for kiln's host-structure field tables. The program is
 * only compiled to assembly (`-S`), never run, so cross compilers work too.
 */

const PACKAGES: Record<string, string> = {
  gcc: "gcc libc6-dev",
  "x86_64-w64-mingw32-gcc": "gcc-mingw-w64-x86-64-win32",
  "i686-w64-mingw32-gcc": "gcc-mingw-w64-i686-win32",
};

/**
 * Evaluate integer constant expressions (offsetof, sizeof, macros) with a compiler.
 *
 * @param compiler The compiler command.
 * @param prelude Includes and typedefs.
 * @param expressions C constant expressions.
 * @returns Their values, in order.
 */
export async function cConstants(
  compiler: string,
  prelude: string,
  expressions: readonly string[],
): Promise<number[]> {
  const source = `${prelude}\nconst unsigned int kiln_layout[] = {\n  ${
    expressions.join(",\n  ")
  }\n};\n`;
  let out: Deno.CommandOutput;
  try {
    const child = new Deno.Command(compiler, {
      args: ["-S", "-o", "-", "-x", "c", "-"],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(source));
    await w.close();
    out = await child.output();
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) {
      throw new Error(
        `Oracle ${compiler} is not installed: apt-get install ${PACKAGES[compiler] ?? compiler}`,
        { cause },
      );
    }
    throw cause;
  }
  const asm = new TextDecoder().decode(out.stdout);
  if (out.code !== 0) {
    throw new Error(`${compiler} failed:\n${new TextDecoder().decode(out.stderr)}\n${source}`);
  }
  const lines = asm.split("\n");
  const start = lines.findIndex((l) => /^_?kiln_layout:/.test(l));
  const values: number[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*\.long\s+(-?\d+)/.exec(line);
    if (!m) break;
    values.push(Number(m[1]) >>> 0);
  }
  if (start < 0 || values.length !== expressions.length) {
    throw new Error(
      `Cannot read ${expressions.length} constants from ${compiler}'s output:\n${asm}`,
    );
  }
  return values;
}
