/**
 * kiln: image mastering and disc burning for Deno.
 *
 * kiln masters ISO 9660 (levels 1–3) images with Joliet, Rock Ridge, UDF 1.02–2.60, El Torito
 * (BIOS and UEFI) and isohybrid MBR/GPT from folders, bytes and streams, reproducibly, and
 * writes them atomically. It burns them to CD, DVD and BD recorders (Linux SG_IO, Windows
 * SPTD, or kiln's virtual recorder over a file), erases rewritable media and verifies by
 * read-back. Checksums run in a WebAssembly core compiled from AssemblyScript.
 *
 * Importing this module loads no FFI library: mastering needs only `--allow-read` and
 * `--allow-write`; an OS drive needs `--allow-ffi` when it is opened or listed.
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
export * from "./src/burn.ts";
export { crc16Ccitt, crc32Edc, crc32Ieee } from "./wasm/core.ts";
