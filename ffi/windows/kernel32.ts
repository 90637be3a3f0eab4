/**
 * The kernel32 symbols the Windows pass-through transport calls, and the constants it passes
 * them (winnt.h, fileapi.h, winioctl.h, ntddscsi.h, ntddcdrm.h; mmc.md 2.1–2.4). Nothing
 * here opens the library: `native_calls.ts` does that on the first call.
 *
 * Every pointer parameter is declared `"pointer"` (an address), because calls run on a
 * worker thread and take their memory from a `SharedArrayBuffer`. A HANDLE is a pointer.
 *
 * @module
 */

import type { NativeLibrarySpec } from "../native_calls.ts";

/** The symbols, with their C prototypes. */
export const KERNEL32_SYMBOLS = {
  /** `HANDLE CreateFileW(LPCWSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES, DWORD, DWORD, HANDLE)` */
  CreateFileW: {
    parameters: [
      "pointer", // LPCWSTR lpFileName (UTF-16LE, NUL-terminated)
      "u32", // DWORD dwDesiredAccess (GENERIC_READ | GENERIC_WRITE)
      "u32", // DWORD dwShareMode (FILE_SHARE_READ | FILE_SHARE_WRITE)
      "pointer", // LPSECURITY_ATTRIBUTES lpSecurityAttributes (NULL)
      "u32", // DWORD dwCreationDisposition (OPEN_EXISTING)
      "u32", // DWORD dwFlagsAndAttributes (0: synchronous I/O)
      "pointer", // HANDLE hTemplateFile (NULL)
    ],
    result: "pointer", // HANDLE, or INVALID_HANDLE_VALUE (-1) with GetLastError set
  },
  /** `BOOL DeviceIoControl(HANDLE, DWORD, LPVOID, DWORD, LPVOID, DWORD, LPDWORD, LPOVERLAPPED)` */
  DeviceIoControl: {
    parameters: [
      "pointer", // HANDLE hDevice
      "u32", // DWORD dwIoControlCode
      "pointer", // LPVOID lpInBuffer
      "u32", // DWORD nInBufferSize
      "pointer", // LPVOID lpOutBuffer
      "u32", // DWORD nOutBufferSize
      "pointer", // LPDWORD lpBytesReturned
      "pointer", // LPOVERLAPPED lpOverlapped (NULL: pass-through must be synchronous)
    ],
    result: "i32", // BOOL: nonzero on success, 0 with GetLastError set
  },
  /** `BOOL CloseHandle(HANDLE hObject)` */
  CloseHandle: {
    parameters: [
      "pointer", // HANDLE hObject
    ],
    result: "i32", // BOOL
  },
  /** `DWORD GetLastError(void)`: the calling thread's last error. */
  GetLastError: {
    parameters: [],
    result: "u32", // DWORD
  },
  /** `DWORD GetLogicalDrives(void)`: bit n set = drive letter 'A'+n exists. */
  GetLogicalDrives: {
    parameters: [],
    result: "u32", // DWORD bitmask, 0 with GetLastError set
  },
  /** `UINT GetDriveTypeW(LPCWSTR lpRootPathName)` */
  GetDriveTypeW: {
    parameters: [
      "pointer", // LPCWSTR lpRootPathName ("E:\\", UTF-16LE, NUL-terminated)
    ],
    result: "u32", // UINT: DRIVE_CDROM = 5
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** The library kiln's Windows transport calls into. */
export const KERNEL32: NativeLibrarySpec<typeof KERNEL32_SYMBOLS> = {
  path: "kernel32.dll",
  symbols: KERNEL32_SYMBOLS,
  lastError: { kind: "value", symbol: "GetLastError" },
};

/** Constants for the calls above. */
export const Win32 = {
  /** GENERIC_READ. */
  GENERIC_READ: 0x80000000,
  /** GENERIC_WRITE. */
  GENERIC_WRITE: 0x40000000,
  /** FILE_SHARE_READ. */
  FILE_SHARE_READ: 0x1,
  /** FILE_SHARE_WRITE. */
  FILE_SHARE_WRITE: 0x2,
  /** OPEN_EXISTING. */
  OPEN_EXISTING: 3,
  /** GetDriveTypeW: DRIVE_CDROM. */
  DRIVE_CDROM: 5,
  /** INVALID_HANDLE_VALUE as an unsigned 64-bit address. */
  INVALID_HANDLE_VALUE: 0xffffffffffffffffn,
} as const;

/** IOCTL and FSCTL codes (CTL_CODE(DeviceType, Function, Method, Access); mmc.md 2.2). */
export const Ioctl = {
  /** CTL_CODE(FILE_DEVICE_CONTROLLER, 0x405, METHOD_BUFFERED, READ|WRITE). */
  SCSI_PASS_THROUGH_DIRECT: 0x0004d014,
  /** CTL_CODE(FILE_DEVICE_CD_ROM, 0x17, METHOD_BUFFERED, READ|WRITE). */
  CDROM_EXCLUSIVE_ACCESS: 0x0002c05c,
  /** FSCTL_LOCK_VOLUME. */
  FSCTL_LOCK_VOLUME: 0x00090018,
  /** FSCTL_DISMOUNT_VOLUME. */
  FSCTL_DISMOUNT_VOLUME: 0x00090020,
} as const;
