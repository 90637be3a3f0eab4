/**
 * Helpers for the data-area writer's tests: temporary folders, the image a job should
 * leave, the two ways a job runs (its own thread, or at once on the calling thread), and an
 * image that mixes every kind of data-area file.
 *
 * @module
 */

import type { PlacedFile } from "../../src/stream/data_area.ts";
import type { ThreadThreshold } from "../../ffi/linux/data_area_writer.ts";
import { FileTree, type MasteredImage, masterImage } from "../../src/iso.ts";
import { addFromDisk } from "../../src/source/add_from_disk.ts";
import { pseudoRandomBytes, put } from "./fixture_tree.ts";

const linux: boolean = Deno.build.os === "linux";

/** Bytes a file takes in the data area: whole sectors. */
export const padded = (size: number) => Math.ceil(size / 2048) * 2048;

/** A test that needs Linux, run in a fresh temporary folder that is removed after it. */
export function linuxTest(name: string, fn: (dir: string) => Promise<void>): void {
  Deno.test({ name, ignore: !linux, fn: () => inTempDir(fn) });
}

/** Run `fn` in a fresh temporary folder, removed after it. */
export async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * The destination after a job, from one that starts full of 0xEE: each file's bytes at its
 * offset, zeros to the end of its last sector, and the gaps between files left alone.
 */
export async function expectedImage(
  files: readonly PlacedFile[],
  length: number,
): Promise<Uint8Array> {
  const expected = new Uint8Array(length).fill(0xee);
  for (const f of files) {
    expected.fill(0, f.at, f.at + padded(f.size));
    expected.set(await Deno.readFile(f.path), f.at);
  }
  return expected;
}

/** Every job gets its thread. */
export const THREADED: ThreadThreshold = { files: 0, bytes: 0 };
/** No job gets a thread: the calling thread copies it at once. */
export const UNTHREADED: ThreadThreshold = { files: Infinity, bytes: Infinity };
/** Both ways a job runs, named for test titles. */
export const MODES = [["its thread", THREADED], ["the calling thread", UNTHREADED]] as const;

/**
 * An image mixing every kind of data-area file, mastered from `DIR/src`: `files` files from
 * disk in four folders (0 to 38 KiB, empty ones among them), one of `bigBytes`, a boot image
 * patched with a boot-info table, and five files held in memory (holes the emit pass fills
 * itself); ISO 9660, Joliet, Rock Ridge and UDF, at a fixed time.
 *
 * @param dir A temporary folder.
 * @param files How many small files from disk.
 * @param bigBytes The large file's size.
 * @returns The mastered image.
 */
export async function mixedImage(
  dir: string,
  files: number,
  bigBytes: number,
): Promise<MasteredImage> {
  for (let i = 0; i < files; i++) {
    await put(dir, `src/d${i % 4}/f${i}`, pseudoRandomBytes((i % 40) * 997, i));
  }
  await put(dir, "src/big.bin", pseudoRandomBytes(bigBytes, 99));
  await put(dir, "src/boot/boot.bin", pseudoRandomBytes(8192, 98));
  const tree = new FileTree();
  await addFromDisk(tree, `${dir}/src`);
  for (let i = 0; i < 5; i++) {
    tree.addFile(`/d${i}/mem${i}`, pseudoRandomBytes(3000 + i, 50 + i));
  }
  return masterImage(tree, {
    time: new Date(0),
    udf: true,
    boot: { entries: [{ image: "/boot/boot.bin", bootInfoTable: true }] },
  });
}
