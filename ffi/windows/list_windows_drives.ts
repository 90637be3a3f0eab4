/**
 * Optical drives on Windows: the drive letters `GetLogicalDrives` reports whose
 * `GetDriveTypeW("X:\\")` is DRIVE_CDROM (mmc.md 2.1). Vendor and model are not read here
 * (that takes an INQUIRY through the drive).
 *
 * **This file has not run on Windows**; it is type-checked only.
 *
 * @module
 */

import { TransportError } from "../../src/mmc/transport.ts";
import type { OsDrive } from "../os_drive.ts";
import { addressOf, openNativeCalls, sharedBytes } from "../native_calls.ts";
import { KERNEL32, Win32 } from "./kernel32.ts";

/**
 * Drive letters in a `GetLogicalDrives` mask.
 *
 * @param mask The bitmask (bit 0 = A:).
 * @returns The letters, in order.
 * @example
 * ```ts
 * import { lettersOfMask } from "./list_windows_drives.ts";
 * if (lettersOfMask(0b10100).join("") !== "CE") throw new Error();
 * ```
 */
export function lettersOfMask(mask: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 26; i++) if ((mask >>> i) & 1) out.push(String.fromCharCode(65 + i));
  return out;
}

/**
 * List the CD/DVD/BD drive letters.
 *
 * @returns One entry per optical drive letter, path `\\.\X:`.
 */
export async function listWindowsDrives(): Promise<OsDrive[]> {
  const k32 = openNativeCalls(KERNEL32, "inline");
  try {
    const { result: mask, error } = await k32.call("GetLogicalDrives");
    if (mask === 0) {
      throw new TransportError(`Cannot list drives: GetLogicalDrives failed (error ${error})`, {
        kind: "os",
        osCode: error,
      });
    }
    const root = sharedBytes(16);
    const drives: OsDrive[] = [];
    for (const letter of lettersOfMask(mask)) {
      const text = `${letter}:\\`;
      root.fill(0);
      for (let i = 0; i < text.length; i++) root[2 * i] = text.charCodeAt(i);
      const { result } = await k32.call("GetDriveTypeW", addressOf(root));
      if (result === Win32.DRIVE_CDROM) drives.push({ path: `\\\\.\\${letter}:` });
    }
    return drives;
  } finally {
    k32.close();
  }
}
