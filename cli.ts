/**
 * The `kiln` command line: a thin shell over the library (see `src/cli/`).
 *
 * ```sh
 * deno run --allow-read --allow-write --allow-env jsr:@kiln/kiln/cli image ./folder -o folder.iso
 * ```
 *
 * @module
 */

import { main } from "./src/cli/main.ts";

export { main };
export type { CommandIo } from "./src/cli/command_io.ts";

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
