/**
 * kiln: image mastering and disc burning for Deno.
 *
 * Today kiln masters ISO 9660 images (levels 1–3) with Joliet and Rock Ridge from folders,
 * bytes and streams, reproducibly, and writes them atomically. Checksums (CRC-16/CCITT as
 * in UDF tags, the CD EDC CRC-32) run in a WebAssembly core compiled from AssemblyScript.
 *
 * @example Master a tree held in memory
 * ```ts
 * import { FileTree, masterImage } from "./mod.ts";
 * const tree = new FileTree();
 * tree.addFile("/readme.txt", new TextEncoder().encode("hello"));
 * const image = masterImage(tree, { volumeId: "HELLO", time: new Date(0) });
 * if (image.size % 2048 !== 0) throw new Error("not whole sectors");
 * ```
 *
 * @module
 */

export * from "./src/iso.ts";
export { crc16Ccitt, crc32Edc, crc32Ieee } from "./wasm/core.ts";
