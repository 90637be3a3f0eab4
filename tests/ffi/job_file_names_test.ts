import assert from "node:assert/strict";
import { jobFileLocator, jobFileNames, NAME_MARK_EVERY } from "../../ffi/linux/job_file_names.ts";
import type { PlacedFiles } from "../../src/stream/data_area.ts";

/** A C string of `bytes` from `at` to its NUL, decoded. */
function cString(bytes: Uint8Array, at: number): string {
  const end = bytes.indexOf(0, at);
  assert.ok(end >= at, `no NUL after ${at}`);
  return new TextDecoder().decode(bytes.subarray(at, end));
}

/**
 * Files in runs of folders, some folders coming back after others, some files with no
 * folder (whole paths), names of every length up to 255 bytes and not all ASCII.
 */
function sampleFiles(count: number): PlacedFiles & { expected: [string, string][] } {
  const expected: [string, string][] = [];
  let seed = 7;
  const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const folders = ["/src/a/", "/src/b é/", "/src/日本/", "", "/src/a/deeper/"];
  let folder = folders[0]!;
  for (let i = 0; i < count; i++) {
    if (next(10) === 0) folder = folders[next(folders.length)]!;
    const length = next(5) === 0 ? 1 + next(250) : 1 + next(12);
    let name = `${i}-`.padEnd(length, "x");
    if (next(7) === 0) name += "é€😀";
    expected.push([folder, folder === "" ? `/whole/${name}` : name]);
  }
  return {
    expected,
    length: count,
    path: (i) => expected[i]![0] + expected[i]![1],
    size: () => 1,
    at: (i) => i * 2048,
    folder: (i) => expected[i]![0],
    name: (i) => expected[i]![1],
  };
}

/**
 * The thread opens file i by `names` at the locator's `name` in folder `folder`: every way a
 * copier walks the job (in order, blocks from the back, at random) must find the same.
 */
for (const nameUnits of [undefined, 0, 1_000_000]) {
  Deno.test(`jobFileLocator finds every file's name and folder however the job is walked (names hinted at ${nameUnits} units)`, () => {
    // A hint of 0 makes the table grow again and again, in ASCII runs and inside encodeInto.
    const files = nameUnits === undefined ? sampleFiles(5000) : { ...sampleFiles(5000), nameUnits };
    const t = jobFileNames(files);
    const folderText = (k: number) => k < 0 ? "" : cString(t.folders, t.folderStarts[k]!);
    const check = (loc: ReturnType<typeof jobFileLocator>, i: number) => {
      loc.at(i);
      const [folder, name] = files.expected[i]!;
      assert.equal(cString(t.names, loc.name), name, `name of file ${i}`);
      assert.equal(folderText(loc.folder), folder, `folder of file ${i}`);
    };
    const forward = jobFileLocator(t);
    for (let i = 0; i < files.length; i++) check(forward, i);
    // The back end: blocks (37 files here) each read in order, the blocks backwards.
    const back = jobFileLocator(t);
    for (let to = files.length; to > 0; to -= 37) {
      for (let i = Math.max(0, to - 37); i < to; i++) check(back, i);
    }
    const random = jobFileLocator(t);
    for (const i of [4999, 0, 64, 63, 65, 1, 1, 2, 4000, 128, 127, 3333, 4998, 4999]) {
      check(random, i);
    }
    // No table with a number per file: a start every NAME_MARK_EVERY names, a pair per run.
    assert.equal(t.nameMarks.length, Math.ceil(files.length / NAME_MARK_EVERY));
    assert.ok(t.folderRuns.length < files.length / 2, `${t.folderRuns.length} run numbers`);
    assert.equal(new Set(files.expected.map(([f]) => f).filter((f) => f)).size, 4);
    assert.equal(t.folderStarts.length, 4, "each folder listed once");
  });
}

Deno.test("jobFileNames keeps whole paths for a job whose files have no folders", () => {
  const paths = ["/a/b", "/c d/é", "/x"];
  const t = jobFileNames({
    length: paths.length,
    path: (i) => paths[i]!,
    size: () => 0,
    at: () => 0,
  });
  assert.deepEqual([...t.folderRuns], [0, -1]);
  const loc = jobFileLocator(t);
  for (const i of [2, 0, 1, 2]) {
    loc.at(i);
    assert.equal(cString(t.names, loc.name), paths[i]);
    assert.equal(loc.folder, -1);
  }
});

Deno.test("jobFileNames refuses a name holding NUL (it would shift every name after it)", () => {
  const names = ["a", "b\0c", "d"];
  assert.throws(
    () =>
      jobFileNames({
        length: names.length,
        path: (i) => "/f/" + names[i],
        size: () => 0,
        at: () => 0,
        folder: () => "/f/",
        name: (i) => names[i]!,
      }),
    (err: unknown) => err instanceof RangeError && /holds NUL: "b\\u0000c"/.test(err.message),
  );
});
