import { DiskFileEntry } from "../../src/source/disk_file_entry.ts";
import { FolderFileSource } from "../../src/source/folder_file_source.ts";
import { SharedDates } from "../../src/source/shared_dates.ts";
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
  ctimeMs: 1_700_000_000_123,
  ...over,
});

Deno.test("DiskFileEntry is a file entry whose metadata is its own fields", () => {
  const dates = new SharedDates();
  const entry = new DiskFileEntry("/data/", "a.bin", stat(), dates);
  if (entry.kind !== "file" || Object.keys(entry).includes("kind")) throw new Error("kind");
  if (entry.name !== "a.bin" || entry.size !== 5 || entry.path !== "/data/a.bin") {
    throw new Error(`${entry.name} ${entry.size} ${entry.path}`);
  }
  const meta = entry.meta;
  if (meta.mode !== 0o640 || meta.uid !== 1000 || meta.gid !== 100) {
    throw new Error(`meta ${meta.mode.toString(8)} ${meta.uid} ${meta.gid}`);
  }
  if (meta.mtime?.getTime() !== 1_700_000_000_123 || meta.atime?.getTime() !== 1_700_000_001_000) {
    throw new Error("times");
  }
  // Equal times share one Date, also across entries.
  const other = new DiskFileEntry("/data/", "b.bin", stat(), dates);
  if (meta.ctime !== meta.mtime || other.meta.mtime !== meta.mtime) throw new Error("dates");
});

Deno.test("DiskFileEntry makes its source when asked: folder and name, device:inode if linked", () => {
  const dates = new SharedDates();
  const plain = new DiskFileEntry("/data/", "a.bin", stat(), dates);
  const src = plain.source;
  if (!(src instanceof FolderFileSource) || src.path !== "/data/a.bin" || "inode" in src) {
    throw new Error(`plain source ${JSON.stringify(src)}`);
  }
  if ("inode" in plain) throw new Error("an unlinked file carries an inode");
  const linked = new DiskFileEntry("/data/", "b.bin", stat({ nlink: 2 }), dates);
  const ls = linked.source;
  if (ls.kind !== "path" || ls.inode !== "2049:77" || ls.path !== "/data/b.bin") {
    throw new Error(`linked source ${JSON.stringify(ls)}`);
  }
  // Times the reader did not give stay absent (the image's time stands in for them).
  const bare = new DiskFileEntry("/d/", "c", stat({ atimeMs: undefined }), dates);
  if ("atime" in bare || bare.meta.mtime === undefined) throw new Error("absent time set");
});
