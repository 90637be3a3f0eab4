/**
 * Where the emit pass gets a data-area thread from: on Linux with `--allow-ffi`, the FFI
 * layer's copier (`ffi/linux/data_area_writer.ts`), loaded only when asked for; elsewhere,
 * or without the permission, none (the emit pass then reads every file itself, in order).
 *
 * @module
 */

import type { DataAreaWriter } from "./data_area.ts";

/**
 * A data-area thread, when this OS and the permissions allow one.
 *
 * @param destination The image file the thread writes the files into, or undefined for a
 *   thread that reads them ahead into shared memory (for a sink that takes bytes in order
 *   only, such as a burn).
 * @returns The writer, or undefined.
 */
export async function dataAreaThread(destination?: string): Promise<DataAreaWriter | undefined> {
  if (Deno.build.os !== "linux") return undefined;
  try {
    if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return undefined;
    const ffi = await import("../../ffi/linux/data_area_writer.ts");
    return destination === undefined
      ? ffi.openDataAreaReader()
      : ffi.openDataAreaWriter(destination);
  } catch {
    return undefined;
  }
}
