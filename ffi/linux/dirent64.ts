/**
 * `struct linux_dirent64`, the records `getdents64(2)` fills a buffer with, and the names
 * collected from them. Pure: bytes in, names out.
 *
 * Why not `Deno.readDirSync`: it makes one JavaScript object per entry (name and three
 * type flags) through the op layer, about 2.5 µs an entry here, as much as the `statx` that
 * follows; reading a folder's records into one buffer and decoding all its names in one
 * `TextDecoder` call takes a fraction of that.
 *
 * @module
 */

import type { FieldTable } from "../../src/records/field_table.ts";

/** `struct linux_dirent64` (linux/dirent.h; one layout on every architecture). */
export const DIRENT64_TABLE = {
  ino: { offset: 0, size: 8, type: "u64le", clause: "d_ino: inode number" },
  off: { offset: 8, size: 8, type: "u64le", clause: "d_off: position of the next record" },
  reclen: { offset: 16, size: 2, type: "u16le", clause: "d_reclen: bytes of this record" },
  type: { offset: 18, size: 1, type: "u8", clause: "d_type: DT_* file type, or DT_UNKNOWN" },
  name: { offset: 19, size: 0, type: "bytes", clause: "d_name: NUL-terminated name" },
} as const satisfies FieldTable;

/** "/" separates names in {@linkcode FolderNames}: no name can hold it. */
const SEPARATOR = 0x2f;
const DOT = 0x2e;

/**
 * The names of one folder's entries, gathered from `getdents64` buffers as UTF-8 bytes,
 * separated by "/", and decoded once at the end. Invalid UTF-8 becomes U+FFFD, as in
 * `Deno.readDirSync`'s names. One collector serves folder after folder (`take` empties
 * it), so a scan keeps one byte buffer, not one per folder.
 */
export class FolderNames {
  #bytes = new Uint8Array(4096);
  #length = 0;
  static readonly #decoder = new TextDecoder("utf-8", { ignoreBOM: true });

  /**
   * Take the names from `filled` bytes of records, leaving out "." and "..".
   *
   * @param buf The buffer `getdents64` filled.
   * @param filled How many bytes it filled.
   * @throws {RangeError} When a record runs past the filled bytes (a corrupt buffer).
   */
  add(buf: Uint8Array, filled: number): void {
    const nameAt = DIRENT64_TABLE.name.offset;
    const reclenAt = DIRENT64_TABLE.reclen.offset;
    for (let at = 0; at < filled;) {
      const reclen = buf[at + reclenAt]! | (buf[at + reclenAt + 1]! << 8); // little-endian
      const start = at + nameAt;
      const end = buf.indexOf(0, start);
      if (reclen < nameAt + 1 || at + reclen > filled || end < 0 || end >= at + reclen) {
        throw new RangeError(`getdents64 record at byte ${at} of ${filled} is malformed`);
      }
      at += reclen;
      const n = end - start;
      if (buf[start] === DOT && (n === 1 || (n === 2 && buf[start + 1] === DOT))) continue;
      if (this.#length + n + 1 > this.#bytes.length) {
        const grown = new Uint8Array((this.#length + n + 1) * 2);
        grown.set(this.#bytes.subarray(0, this.#length));
        this.#bytes = grown;
      }
      const bytes = this.#bytes;
      let w = this.#length;
      for (let i = start; i < end; i++) bytes[w++] = buf[i]!;
      bytes[w++] = SEPARATOR;
      this.#length = w;
    }
  }

  /**
   * The names added since the last `take`, which this empties.
   *
   * @returns The names, in the order the records came.
   */
  take(): string[] {
    if (this.#length === 0) return [];
    const text = FolderNames.#decoder.decode(this.#bytes.subarray(0, this.#length - 1));
    this.#length = 0;
    // No table of recent names to share strings between folders: a scanned folder keeps its
    // names joined in one string, so these live only until the folder is added, and such a
    // long-lived table made every one of them survive into the old generation (at a million
    // files, about 130 MB of garbage there by the end of the scan).
    return text.split("/");
  }

  /** Forget the names added since the last `take`. */
  clear(): void {
    this.#length = 0;
  }
}
