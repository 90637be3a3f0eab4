import fc from "fast-check";
import { ATIME, MTIME, ScanColumns } from "../../src/source/scan_columns.ts";
import { ScannedFolder } from "../../src/source/scanned_folder.ts";
import { ScannedFileEntry } from "../../src/source/scanned_file_entry.ts";
import { FolderFileSource } from "../../src/source/folder_file_source.ts";
import { directoryEntry } from "../../src/model/tree_entries.ts";
import type { SourceStat } from "../../src/source/source_stat.ts";

const stat = (over: Partial<SourceStat> = {}): SourceStat => ({
  kind: "file",
  size: 5,
  mode: 0o100640,
  uid: 1000,
  gid: 100,
  nlink: 1,
  dev: 2049,
  ino: 77,
  mtimeMs: 1_700_000_000_123,
  atimeMs: 1_700_000_001_000,
  ctimeMs: 1_700_000_000_000,
  ...over,
});

Deno.test("ScannedFileEntry reads its row: name, size, mode, owner, times, source", () => {
  const folder = new ScannedFolder(new ScanColumns(), "/data/");
  const big = 2 ** 53 - 1;
  const indexes = [
    folder.addFile("a.bin", stat()),
    folder.addFile("b.bin", stat({ size: big, uid: 2 ** 32 - 1, nlink: 2, mode: 0o104755 })),
    folder.addFile("c", stat({ atimeMs: undefined, mtimeMs: undefined })),
  ];
  if (indexes.join() !== "0,1,2") throw new Error(`positions ${indexes}`);
  // An entry is read while its folder is still being added (a merge adds it then), and after.
  const a = new ScannedFileEntry(folder, 0);
  if (a.name !== "a.bin" || a.path !== "/data/a.bin") throw new Error(`before: ${a.name}`);
  folder.finish();
  const b = folder.at(1) as ScannedFileEntry;
  const c = folder.at(2) as ScannedFileEntry;
  for (
    const [entry, when] of [[a, "made before finish()"], [folder.at(0), "made after"]] as const
  ) {
    if (!(entry instanceof ScannedFileEntry) || entry.kind !== "file") throw new Error(when);
    if (Object.keys(entry).includes("kind")) throw new Error("kind is an own field");
    if (entry.name !== "a.bin" || entry.size !== 5 || entry.path !== "/data/a.bin") {
      throw new Error(`${when}: ${entry.name} ${entry.size} ${entry.path}`);
    }
    const meta = entry.meta;
    if (meta.mode !== 0o640 || meta.uid !== 1000 || meta.gid !== 100) {
      throw new Error(`meta ${meta.mode.toString(8)} ${meta.uid} ${meta.gid}`);
    }
    const times = [meta.mtime, meta.atime, meta.ctime].map((d) => d?.getTime());
    if (times.join() !== "1700000000123,1700000001000,1700000000000") {
      throw new Error(`times ${times}`);
    }
    const src = entry.source;
    if (
      !(src instanceof FolderFileSource) || src.path !== "/data/a.bin" || src.inode !== undefined
    ) {
      throw new Error(`source ${JSON.stringify(src)}`);
    }
  }
  if (b.size !== big || b.uid !== 2 ** 32 - 1 || b.mode !== 0o4755) {
    throw new Error(`b ${b.size} ${b.uid} ${b.mode.toString(8)}`);
  }
  const ls = b.source;
  if (ls.kind !== "path" || ls.inode !== "2049:77" || b.inode !== "2049:77") {
    throw new Error(`linked source ${JSON.stringify(ls)}`);
  }
  // Times the reader did not give stay unknown (the image's time stands in for them).
  if (c.mtime !== undefined || c.atime !== undefined || c.ctime?.getTime() !== 1_700_000_000_000) {
    throw new Error("absent times");
  }
  // A Date changed by its holder changes no entry: the next read is the entry's own time.
  a.meta.mtime!.setTime(0);
  if (a.mtime?.getTime() !== 1_700_000_000_123) throw new Error("a Date was shared");
});

Deno.test("ScannedFolder finds every child by name and no other, before and after finish()", () => {
  const name = fc.stringMatching(/^[a-zA-Zé€😀._-]{1,12}$/);
  fc.assert(
    fc.property(
      fc.uniqueArray(name, { maxLength: 60 }),
      fc.array(name, { maxLength: 20 }),
      (names, probes) => {
        const sorted = [...names].sort();
        const folder = new ScannedFolder(new ScanColumns(), "/f/");
        sorted.forEach((n, i) => {
          if (i % 5 === 3) folder.addOther(directoryEntry(n), stat({ kind: "directory" }));
          else folder.addFile(n, stat({ size: i }));
        });
        for (const phase of ["building", "finished"]) {
          if (phase === "finished") folder.finish();
          if (folder.size !== sorted.length) throw new Error(`${phase}: size ${folder.size}`);
          sorted.forEach((n, i) => {
            const child = folder.at(i);
            if (folder.nameAt(i) !== n || child.name !== n || folder.indexOf(n) !== i) {
              throw new Error(`${phase}: ${JSON.stringify(n)} at ${i}: ${folder.indexOf(n)}`);
            }
            const kind = i % 5 === 3 ? "directory" : "file";
            if (
              child.kind !== kind || (kind === "file" && (child as ScannedFileEntry).size !== i)
            ) {
              throw new Error(`${phase}: ${n} is ${child.kind}`);
            }
          });
          for (const p of probes) {
            if (!sorted.includes(p) && folder.indexOf(p) !== -1) throw new Error(`found ${p}`);
          }
          // Names that share a prefix with a child, or extend one, are other names.
          for (const n of sorted) {
            for (const other of [n.slice(0, -1), `${n}a`, `${n}\0`]) {
              if (!sorted.includes(other) && folder.indexOf(other) !== -1) throw new Error(other);
            }
          }
        }
      },
    ),
  );
});

Deno.test("ScanColumns keep every row across chunks; a folder's rows must be contiguous", () => {
  const columns = new ScanColumns();
  const n = ScanColumns.CHUNK_ROWS * 2 + 7;
  const folders = [new ScannedFolder(columns, "/one/")];
  for (let i = 0; i < n; i++) {
    if (i === ScanColumns.CHUNK_ROWS - 3) folders.push(new ScannedFolder(columns, "/two/"));
    folders.at(-1)!.addFile(
      `f${String(i).padStart(7, "0")}`,
      stat({ size: i * 3, uid: i, gid: n - i, mtimeMs: i }),
    );
  }
  for (const f of folders) f.finish();
  let row = 0;
  for (const f of folders) {
    for (let i = 0; i < f.size; i++, row++) {
      const e = f.at(i) as ScannedFileEntry;
      if (e.size !== row * 3 || e.uid !== row || e.gid !== n - row || e.mtime?.getTime() !== row) {
        throw new Error(`row ${row}: ${e.size} ${e.uid} ${e.gid}`);
      }
      if (e.name !== `f${String(row).padStart(7, "0")}`) throw new Error(`row ${row}: ${e.name}`);
    }
  }
  if (row !== n || columns.rows !== n) throw new Error(`${row} rows`);
  // Rows of another folder in between, names out of order, adds after finish: refused.
  const a = new ScannedFolder(columns, "/a/");
  a.addFile("x", stat());
  new ScannedFolder(columns, "/b/").addFile("y", stat());
  const refused = (f: () => unknown, needle: string) => {
    try {
      f();
    } catch (err) {
      if ((err as Error).message.includes(needle)) return;
      throw err;
    }
    throw new Error(`not refused: ${needle}`);
  };
  refused(() => a.addFile("z", stat()), "another folder's rows");
  const c = new ScannedFolder(columns, "/c/");
  c.addFile("m", stat());
  refused(() => c.addFile("l", stat()), "is not after");
  refused(() => c.addFile("m", stat()), "is not after");
  c.finish();
  refused(() => c.addFile("n", stat()), "after finish()");
});

Deno.test("ScanColumns keep sizes of 4 GiB and more, and each row's own owner and mode", () => {
  const columns = new ScanColumns();
  const sizes = [0, 2 ** 32 - 2, 2 ** 32 - 1, 2 ** 32, 2 ** 45 + 3, 7];
  const owners = [[0, 0, 0o644], [1000, 1000, 0o755], [0, 0, 0o644], [2 ** 32 - 1, 5, 0o7777]];
  const n = ScanColumns.CHUNK_ROWS + 40;
  for (let row = 0; row < n; row++) {
    const [uid, gid, mode] = owners[(row >> 3) % owners.length]! as [number, number, number];
    columns.append(
      stat({ size: sizes[row % sizes.length]!, uid, gid, mode: 0o100000 | mode }),
      row,
    );
  }
  for (let row = 0; row < n; row++) {
    const [uid, gid, mode] = owners[(row >> 3) % owners.length]!;
    const got = [columns.size(row), columns.uid(row), columns.gid(row), columns.mode(row)];
    const want = [sizes[row % sizes.length], uid, gid, mode];
    if (got.join() !== want.join()) throw new Error(`row ${row}: ${got} for ${want}`);
  }
});

Deno.test("ScanColumns.date() shares one Date per time and tells every time apart", () => {
  const columns = new ScanColumns();
  // Times that collide in the cache's slots (the same low bits), negative ones, one absent.
  const times = [1_700_000_000_123, 1_700_000_000_123 + 256, -1, -257, 0, 2 ** 40 + 5];
  for (const [i, t] of times.entries()) columns.append(stat({ mtimeMs: t, atimeMs: t + 1 }), i);
  columns.append(stat({ mtimeMs: undefined }), times.length);
  for (let round = 0; round < 2; round++) {
    for (const [row, t] of times.entries()) {
      const m = columns.date(row, MTIME);
      if (m?.getTime() !== t) throw new Error(`row ${row}: ${m?.getTime()} for ${t}`);
      if (columns.date(row, ATIME)?.getTime() !== t + 1) throw new Error(`row ${row} atime`);
    }
  }
  if (columns.date(times.length, MTIME) !== undefined) throw new Error("absent time");
  // Asked twice in a row, the same time is the same object: no Date per file per view.
  const again = [columns.date(0, MTIME), columns.date(0, MTIME)];
  if (again[0] !== again[1]) throw new Error("not shared");
  // One its holder changed is not given out again.
  again[0]!.setTime(5);
  if (columns.date(0, MTIME)?.getTime() !== times[0]) throw new Error("changed Date given out");
  const a = new ScannedFolder(columns, "/s/");
  a.addFile("one", stat());
  a.addFile("two", stat());
  a.finish();
  const [one, two] = [a.at(0) as ScannedFileEntry, a.at(1) as ScannedFileEntry];
  if (one.mtime !== two.mtime) throw new Error("entries of one time do not share");
});
