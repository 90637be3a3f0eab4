/**
 * Win32 error codes (winerror.h) a drive transport meets, with their names and what they
 * mean for a drive.
 *
 * @module
 */

/** Error codes by name. */
export const Win32Error = {
  ERROR_INVALID_FUNCTION: 1,
  ERROR_FILE_NOT_FOUND: 2,
  ERROR_PATH_NOT_FOUND: 3,
  ERROR_ACCESS_DENIED: 5,
  ERROR_INVALID_HANDLE: 6,
  ERROR_NOT_READY: 21,
  ERROR_GEN_FAILURE: 31,
  ERROR_SHARING_VIOLATION: 32,
  ERROR_NOT_SUPPORTED: 50,
  ERROR_INVALID_PARAMETER: 87,
  ERROR_SEM_TIMEOUT: 121,
  ERROR_BUSY: 170,
  ERROR_IO_DEVICE: 1117,
  ERROR_DEVICE_NOT_CONNECTED: 1167,
} as const;

const TEXT: Readonly<Record<number, string>> = {
  1: "the device does not support this request",
  2: "no such drive",
  3: "no such drive",
  5: "access denied",
  6: "the handle is not valid",
  21: "the drive is not ready",
  31: "the device reported a general failure",
  32: "another program has the drive open without sharing it",
  50: "the request is not supported",
  87: "a parameter is not valid (structure length, alignment or transfer size)",
  121: "the command timed out",
  170: "the drive is busy",
  1117: "an I/O device error occurred",
  1167: "the drive is not connected",
};

const NAMES = new Map<number, string>(Object.entries(Win32Error).map(([k, v]) => [v, k]));

/**
 * The name of a Win32 error code.
 *
 * @param code The code from GetLastError.
 * @returns "ERROR_ACCESS_DENIED", or "error N" when unknown.
 * @example
 * ```ts
 * import { win32ErrorName } from "./win32_error.ts";
 * if (win32ErrorName(5) !== "ERROR_ACCESS_DENIED") throw new Error();
 * ```
 */
export function win32ErrorName(code: number): string {
  return NAMES.get(code) ?? `error ${code}`;
}

/**
 * What a Win32 error code means, in lower case.
 *
 * @param code The code.
 * @returns The text.
 */
export function win32ErrorText(code: number): string {
  return TEXT[code] ?? `Windows error ${code}`;
}
