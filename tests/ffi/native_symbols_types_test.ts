/**
 * Types only, checked by `deno check` (deno task check): the libc and kernel32 symbol
 * tables give the C prototypes' argument types, and calls with the wrong ones do not
 * compile. The runtime test pins the parameter lists to the prototypes.
 */

import assert from "node:assert/strict";
import type { CallArgs, CallOutcome, NativeCalls } from "../../ffi/native_calls.ts";
import { LIBC_SYMBOLS } from "../../ffi/linux/libc.ts";
import { KERNEL32_SYMBOLS } from "../../ffi/windows/kernel32.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;
function assertType<T extends true>(_: T): void {}

// int ioctl(int fd, unsigned long request, void *arg): fd a number, request and the
// address bigints.
assertType<Equal<CallArgs<typeof LIBC_SYMBOLS.ioctl>, [number, bigint, bigint]>>(true);
assertType<Equal<CallArgs<typeof LIBC_SYMBOLS.open>, [bigint, number]>>(true);
assertType<Equal<CallOutcome<typeof LIBC_SYMBOLS.open>["result"], number>>(true);
assertType<Equal<CallOutcome<typeof LIBC_SYMBOLS.__errno_location>["result"], bigint>>(true);
assertType<
  Equal<
    CallArgs<typeof KERNEL32_SYMBOLS.DeviceIoControl>,
    [bigint, number, bigint, number, bigint, number, bigint, bigint]
  >
>(true);
assertType<Equal<CallOutcome<typeof KERNEL32_SYMBOLS.CreateFileW>["result"], bigint>>(true);

/** Never called: only compiled. */
export async function wrongCallsDoNotCompile(
  libc: NativeCalls<typeof LIBC_SYMBOLS>,
  k32: NativeCalls<typeof KERNEL32_SYMBOLS>,
): Promise<void> {
  await libc.call("ioctl", 3, 0x2285n, 0n);
  // @ts-expect-error unsigned long request is a bigint, not a number
  await libc.call("ioctl", 3, 0x2285, 0n);
  // @ts-expect-error the fd is an int, not a bigint
  await libc.call("close", 3n);
  // @ts-expect-error ioctl takes three arguments
  await libc.call("ioctl", 3, 0x2285n);
  // @ts-expect-error a buffer is passed by address, not as a Uint8Array
  await libc.call("open", new Uint8Array(8), 0);
  // @ts-expect-error no such symbol in the table
  await libc.call("mmap", 0n);
  // @ts-expect-error HANDLE is an address, not a number
  await k32.call("CloseHandle", 5);
  await k32.call("GetLastError");
}

Deno.test("LIBC_SYMBOLS and KERNEL32_SYMBOLS declare the C prototypes' parameters", () => {
  const shape = (t: Record<string, { parameters: readonly string[]; result: string }>) =>
    Object.fromEntries(Object.entries(t).map(([k, v]) => [k, [...v.parameters, "->", v.result]]));
  assert.deepEqual(shape(LIBC_SYMBOLS), {
    open: ["pointer", "i32", "->", "i32"],
    ioctl: ["i32", "u64", "pointer", "->", "i32"],
    close: ["i32", "->", "i32"],
    __errno_location: ["->", "pointer"],
  });
  assert.deepEqual(shape(KERNEL32_SYMBOLS), {
    CreateFileW: ["pointer", "u32", "u32", "pointer", "u32", "u32", "pointer", "->", "pointer"],
    DeviceIoControl: [
      "pointer",
      "u32",
      "pointer",
      "u32",
      "pointer",
      "u32",
      "pointer",
      "pointer",
      "->",
      "i32",
    ],
    CloseHandle: ["pointer", "->", "i32"],
    GetLastError: ["->", "u32"],
    GetLogicalDrives: ["->", "u32"],
    GetDriveTypeW: ["pointer", "->", "u32"],
  });
});
