import assert from "node:assert/strict";
import { decodeStatx, STATX_SIZE, STATX_TABLE } from "../../ffi/linux/statx_record.ts";

const T = STATX_TABLE;

/** A `struct statx` as the kernel fills it, at `at` in a larger buffer. */
function record(at: number, fill: (v: DataView, at: number) => void): DataView {
  const view = new DataView(new ArrayBuffer(at + STATX_SIZE + 8));
  fill(view, at);
  return view;
}

function time(v: DataView, at: number, sec: bigint, nsec: number): void {
  v.setBigInt64(at, sec, true);
  v.setUint32(at + 8, nsec, true);
}

Deno.test("decodeStatx() reads the fields as Deno.lstatSync gives them", () => {
  const at = 24;
  const v = record(at, (v, at) => {
    v.setUint32(at + T.mask.offset, 0x7ff, true);
    v.setUint32(at + T.nlink.offset, 3, true);
    v.setUint32(at + T.uid.offset, 2 ** 32 - 2, true);
    v.setUint32(at + T.gid.offset, 100, true);
    v.setUint16(at + T.mode.offset, 0o100644, true);
    v.setBigUint64(at + T.ino.offset, 2n ** 40n + 9n, true);
    v.setBigUint64(at + T.size.offset, 5n * 2n ** 32n + 1n, true);
    time(v, at + T.mtime.offset, 1_700_000_000n, 123_999_999);
    time(v, at + T.atime.offset, -2n, 500_000_000); // before 1970: -1.5 s, truncated to -1500
    time(v, at + T.ctime.offset, 1_600_000_000n, 999_000_000);
    v.setUint32(at + T.devMajor.offset, 259, true);
    v.setUint32(at + T.devMinor.offset, 0x12345, true);
  });
  assert.deepEqual(decodeStatx(v, at), {
    kind: "file",
    size: 5 * 2 ** 32 + 1,
    mode: 0o100644,
    uid: 2 ** 32 - 2,
    gid: 100,
    nlink: 3,
    // glibc makedev: minor's high bits above major's low 12 bits
    dev: (0x123 << 20) + 259 * 256 + 0x45,
    ino: 2 ** 40 + 9,
    mtimeMs: 1_700_000_000_123,
    atimeMs: -1500,
    ctimeMs: 1_600_000_000_000,
  });
});

Deno.test("decodeStatx() leaves out the times the kernel did not fill and names each kind", () => {
  const kinds = [
    [0o040755, "directory"],
    [0o120777, "symlink"],
    [0o020666, "other"],
    [0o100600, "file"],
  ] as const;
  for (const [mode, kind] of kinds) {
    const v = record(0, (v) => {
      v.setUint32(T.mask.offset, 0x7ff & ~0x20 & ~0x80, true); // no atime, no ctime
      v.setUint16(T.mode.offset, mode, true);
      time(v, T.atime.offset, 99n, 0);
      time(v, T.mtime.offset, 7n, 1);
    });
    const st = decodeStatx(v, 0);
    assert.equal(st.kind, kind);
    assert.equal(st.mtimeMs, 7000);
    assert.equal(st.atimeMs, undefined);
    assert.equal(st.ctimeMs, undefined);
  }
});
