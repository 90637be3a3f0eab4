/**
 * `collectPlanGarbage` asks this Deno's V8 for its memory-reducing collection, and only for
 * a plan of more than 250,000 files: run in a child Deno with `--expose-gc --trace-gc`,
 * whose trace names each collection's kind and reason.
 */

import assert from "node:assert/strict";
import { COLLECT_ABOVE_FILES } from "../../src/stream/collect_plan_garbage.ts";

const MODULE = new URL("../../src/stream/collect_plan_garbage.ts", import.meta.url).href;

/** Run `collectPlanGarbage(files)` in a child Deno; its trace lines and what it returned. */
async function traced(files: number, flags: string[]): Promise<{ gcs: string[]; out: string }> {
  const code = `import { collectPlanGarbage } from ${JSON.stringify(MODULE)};\n` +
    `const asked = collectPlanGarbage(${files});\nconsole.log("asked=" + asked);\n`;
  const { code: status, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", `--v8-flags=${flags.join(",")}`, code],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(stdout);
  assert.equal(status, 0, new TextDecoder().decode(stderr));
  // Only the collections the call asked for: V8 gives "testing" as their reason.
  const gcs = out.split("\n").filter((l) => l.includes("Mark-Compact") && l.includes("testing"));
  return { gcs, out };
}

Deno.test("collectPlanGarbage: a memory-reducing full collection above 250,000 files", async () => {
  const { gcs, out } = await traced(COLLECT_ABOVE_FILES + 1, ["--expose-gc", "--trace-gc"]);
  assert.match(out, /asked=true/);
  assert.ok(gcs.length >= 1, `no collection asked for:\n${out}`);
  for (const line of gcs) assert.match(line, /Mark-Compact \(reduce\)/, line);
});

Deno.test("collectPlanGarbage: nothing at 250,000 files or without --expose-gc", async () => {
  const small = await traced(COLLECT_ABOVE_FILES, ["--expose-gc", "--trace-gc"]);
  assert.match(small.out, /asked=false/);
  assert.deepEqual(small.gcs, []);
  const bare = await traced(COLLECT_ABOVE_FILES + 1, ["--trace-gc"]);
  assert.match(bare.out, /asked=false/);
  assert.deepEqual(bare.gcs, []);
});
