/**
 * The Windows transport: SCSI commands through
 * `DeviceIoControl(IOCTL_SCSI_PASS_THROUGH_DIRECT)` on `\\.\X:` or `\\.\CdRomN`, with
 * kernel32 called through `Deno.dlopen` on a worker thread (see `native_calls.ts`), so that
 * GetLastError is read on the thread that made the call.
 *
 * Opening follows mmc.md 2.1 and 2.4: `CreateFileW` with GENERIC_READ|GENERIC_WRITE and
 * FILE_SHARE_READ|FILE_SHARE_WRITE, then (unless `exclusive: false`) a query and a lock
 * with `IOCTL_CDROM_EXCLUSIVE_ACCESS`; a lock refused because a volume is mounted is retried
 * once after FSCTL_LOCK_VOLUME + FSCTL_DISMOUNT_VOLUME. Closing unlocks and closes the handle.
 *
 * **This file has not run on Windows.** Its structures are tested byte for byte on Linux
 * (`spt_direct.ts`, `cdrom_exclusive_access.ts`) and the rest is type-checked only.
 *
 * @module
 */

import {
  type ScsiRequest,
  type ScsiResult,
  type Transport,
  TransportError,
} from "../../src/mmc/transport.ts";
import {
  addressOf,
  type CallThread,
  type NativeCalls,
  openNativeCalls,
  sharedBytes,
} from "../native_calls.ts";
import {
  decodeExclusiveState,
  encodeExclusiveRequest,
  ExclusiveRequest,
  ExclusiveSize,
} from "./cdrom_exclusive_access.ts";
import { Ioctl, KERNEL32, type KERNEL32_SYMBOLS, Win32 } from "./kernel32.ts";
import { decodeSptdWrapper, encodeSptdWrapper, SptdDataIn, sptdLayout } from "./spt_direct.ts";
import { Win32Error, win32ErrorName, win32ErrorText } from "./win32_error.ts";

/** Options of {@linkcode openSptiTransport}. */
export interface SptiOpenOptions {
  /** Take IOCTL_CDROM_EXCLUSIVE_ACCESS (default true). */
  readonly exclusive?: boolean;
  /** Where the blocking calls run: `"worker"` (default) or `"inline"`. */
  readonly thread?: CallThread;
}

type Kernel32 = NativeCalls<typeof KERNEL32_SYMBOLS>;

/** Data buffers are page-aligned: that satisfies any adapter's AlignmentMask (mmc.md 2.5). */
const PAGE = 4096;
const IO_AT = 0;
const RETURNED_AT = 256;
const NAME_AT = 512;
const SCRATCH = NAME_AT + 1024;

function wide(text: string): Uint8Array {
  const out = new Uint8Array((text.length + 1) * 2);
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) & 0xff;
    out[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
}

/** A drive opened for pass-through. Create with {@linkcode openSptiTransport}. */
export class SptiTransport implements Transport {
  /** The device path. */
  readonly name: string;
  readonly #k32: Kernel32;
  readonly #handle: bigint;
  readonly #scratch: Uint8Array<SharedArrayBuffer>;
  readonly #locked: boolean;
  #data: Uint8Array<SharedArrayBuffer> = sharedBytes(0);
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  /**
   * Wrap an open handle (use {@linkcode openSptiTransport}).
   *
   * @param name The device path.
   * @param k32 The call thread that opened it.
   * @param handle The HANDLE's address.
   * @param scratch Shared memory for the request wrapper.
   * @param locked Whether exclusive access was taken.
   */
  constructor(
    name: string,
    k32: Kernel32,
    handle: bigint,
    scratch: Uint8Array<SharedArrayBuffer>,
    locked: boolean,
  ) {
    this.name = name;
    this.#k32 = k32;
    this.#handle = handle;
    this.#scratch = scratch;
    this.#locked = locked;
  }

  /**
   * Execute one command (commands run one at a time, in order).
   *
   * @param request The command.
   * @returns Status, sense and residual.
   * @throws {TransportError} When DeviceIoControl fails.
   */
  execute(request: ScsiRequest): Promise<ScsiResult> {
    const run = this.#queue.then(() => this.#execute(request));
    this.#queue = run.catch(() => {});
    return run;
  }

  #aligned(length: number): Uint8Array<SharedArrayBuffer> {
    if (this.#data.length < length || addressOf(this.#data) % BigInt(PAGE) !== 0n) {
      const raw = sharedBytes(length + PAGE);
      const skip = Number((BigInt(PAGE) - addressOf(raw) % BigInt(PAGE)) % BigInt(PAGE));
      this.#data = new Uint8Array(raw.buffer, skip, length);
    }
    return this.#data;
  }

  async #execute(request: ScsiRequest): Promise<ScsiResult> {
    if (this.#closed) {
      throw new TransportError(`Cannot send a command to ${this.name}: the drive is closed`, {
        kind: "closed",
        device: this.name,
      });
    }
    const length = request.direction === "none" ? 0 : request.data?.length ?? 0;
    if (request.direction !== "none" && length === 0) {
      throw new RangeError(`Cannot send a data-${request.direction} command without a buffer`);
    }
    const data = length > 0 ? this.#aligned(length) : undefined;
    if (request.direction === "out") data!.set(request.data!);
    else data?.fill(0); // a short transfer must not leave the last command's bytes
    const wrapper = encodeSptdWrapper({
      cdb: request.cdb,
      dataIn: request.direction === "in"
        ? SptdDataIn.in
        : request.direction === "out"
        ? SptdDataIn.out
        : SptdDataIn.unspecified,
      dataTransferLength: length,
      dataBuffer: data ? Number(addressOf(data)) : 0,
      timeOutValue: Math.max(1, Math.ceil(request.timeoutMs / 1000)),
    });
    this.#scratch.set(wrapper, IO_AT);
    const io = addressOf(this.#scratch, IO_AT);
    const { result, error } = await this.#k32.call(
      "DeviceIoControl",
      this.#handle,
      Ioctl.SCSI_PASS_THROUGH_DIRECT,
      io,
      wrapper.length,
      io,
      wrapper.length,
      addressOf(this.#scratch, RETURNED_AT),
      0n,
    );
    // `data` and `scratch` stay referenced until here: the driver wrote into them.
    if (result === 0) throw this.#failure(error, request.cdb, request.timeoutMs);
    const out = decodeSptdWrapper(this.#scratch.subarray(IO_AT, IO_AT + wrapper.length));
    if (request.direction === "in") request.data!.set(data!.subarray(0, length));
    return {
      status: out.scsiStatus,
      sense: out.scsiStatus === 0 && out.senseInfoLength === 0
        ? new Uint8Array(0)
        : out.sense.slice(0, Math.min(out.senseInfoLength || out.sense.length, out.sense.length)),
      residual: Math.max(0, length - out.dataTransferLength),
    };
  }

  #failure(code: number, cdb: Uint8Array, timeoutMs: number): TransportError {
    const name = win32ErrorName(code);
    const op = `opcode ${(cdb[0] ?? 0).toString(16).toUpperCase().padStart(2, "0")}h`;
    const base = `Cannot send ${op} to ${this.name}`;
    const options = { device: this.name, osCode: code, osName: name };
    if (code === Win32Error.ERROR_SEM_TIMEOUT) {
      return new TransportError(`${base}: timed out after ${timeoutMs} ms (${name})`, {
        kind: "timeout",
        ...options,
      });
    }
    if (
      code === Win32Error.ERROR_DEVICE_NOT_CONNECTED || code === Win32Error.ERROR_INVALID_HANDLE
    ) {
      return new TransportError(`${base}: the drive is gone (${name})`, {
        kind: "closed",
        ...options,
      });
    }
    if (code === Win32Error.ERROR_ACCESS_DENIED) {
      return new TransportError(
        `${base}: access denied (${name}); another program may hold the drive exclusively`,
        { kind: "os", ...options },
      );
    }
    return new TransportError(`${base}: ${win32ErrorText(code)} (${name})`, {
      kind: "os",
      ...options,
    });
  }

  /** Unlock (when locked) and close the handle. Calling it twice does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    try {
      if (this.#locked) {
        await exclusiveIoctl(this.#k32, this.#handle, this.#scratch, ExclusiveRequest.unlock);
      }
      await this.#k32.call("CloseHandle", this.#handle);
    } finally {
      this.#k32.close();
    }
  }
}

async function exclusiveIoctl(
  k32: Kernel32,
  handle: bigint,
  scratch: Uint8Array<SharedArrayBuffer>,
  request: number,
): Promise<{ ok: boolean; error: number }> {
  const input = encodeExclusiveRequest(request, "kiln");
  scratch.fill(0, IO_AT, RETURNED_AT);
  scratch.set(input, IO_AT);
  const outSize = request === ExclusiveRequest.query ? ExclusiveSize.lockState : 0;
  const { result, error } = await k32.call(
    "DeviceIoControl",
    handle,
    Ioctl.CDROM_EXCLUSIVE_ACCESS,
    addressOf(scratch, IO_AT),
    input.length,
    outSize ? addressOf(scratch, IO_AT + 128) : 0n,
    outSize,
    addressOf(scratch, RETURNED_AT),
    0n,
  );
  return { ok: result !== 0, error };
}

async function takeExclusive(
  k32: Kernel32,
  handle: bigint,
  scratch: Uint8Array<SharedArrayBuffer>,
  path: string,
): Promise<void> {
  const query = await exclusiveIoctl(k32, handle, scratch, ExclusiveRequest.query);
  if (query.ok) {
    const state = decodeExclusiveState(scratch.subarray(IO_AT + 128, IO_AT + 128 + 65));
    if (state.locked) {
      throw new TransportError(
        `Cannot open ${path}: the drive is in use (locked exclusively by "${state.callerName}")`,
        { kind: "os", device: path, osName: "ERROR_ACCESS_DENIED", osCode: 5 },
      );
    }
  }
  let lock = await exclusiveIoctl(k32, handle, scratch, ExclusiveRequest.lock);
  if (!lock.ok) {
    // A mounted file system blocks the lock: lock and dismount the volume, then retry once.
    for (const code of [Ioctl.FSCTL_LOCK_VOLUME, Ioctl.FSCTL_DISMOUNT_VOLUME]) {
      await k32.call(
        "DeviceIoControl",
        handle,
        code,
        0n,
        0,
        0n,
        0,
        addressOf(scratch, RETURNED_AT),
        0n,
      );
    }
    lock = await exclusiveIoctl(k32, handle, scratch, ExclusiveRequest.lock);
  }
  if (!lock.ok) {
    const name = win32ErrorName(lock.error);
    throw new TransportError(
      `Cannot take exclusive access to ${path}: ${win32ErrorText(lock.error)} (${name}); ` +
        `close programs using the drive (Explorer windows, media players, other burners)`,
      { kind: "os", device: path, osCode: lock.error, osName: name },
    );
  }
}

/**
 * Open a drive for pass-through.
 *
 * @param path `\\.\E:` or `\\.\CdRom0`.
 * @param options Exclusivity and thread.
 * @returns The transport.
 * @throws {TransportError} When the drive cannot be opened or locked.
 */
export async function openSptiTransport(
  path: string,
  options: SptiOpenOptions = {},
): Promise<SptiTransport> {
  sptdLayout(Deno.build.arch);
  const scratch = sharedBytes(SCRATCH);
  const name = wide(path);
  if (name.length > SCRATCH - NAME_AT) throw new RangeError(`Cannot open ${path}: path too long`);
  scratch.set(name, NAME_AT);
  const k32 = openNativeCalls(KERNEL32, options.thread ?? "worker");
  try {
    const opened = await k32.call(
      "CreateFileW",
      addressOf(scratch, NAME_AT),
      Win32.GENERIC_READ | Win32.GENERIC_WRITE,
      Win32.FILE_SHARE_READ | Win32.FILE_SHARE_WRITE,
      0n,
      Win32.OPEN_EXISTING,
      0,
      0n,
    ).catch((cause) => {
      throw new TransportError(`Cannot open ${path}: cannot call kernel32.dll (--allow-ffi)`, {
        kind: "os",
        device: path,
        cause,
      });
    });
    if (opened.result === Win32.INVALID_HANDLE_VALUE || opened.result === 0n) {
      const code = opened.error;
      const why = code === Win32Error.ERROR_ACCESS_DENIED
        ? "access denied; pass-through needs read/write access to the drive (a policy may " +
          "restrict CD-ROM access, or run as administrator)"
        : code === Win32Error.ERROR_SHARING_VIOLATION
        ? "the drive is in use by a program that does not share it"
        : win32ErrorText(code);
      throw new TransportError(`Cannot open ${path}: ${why} (${win32ErrorName(code)})`, {
        kind: "os",
        device: path,
        osCode: code,
        osName: win32ErrorName(code),
      });
    }
    const handle = opened.result;
    if (options.exclusive !== false) {
      try {
        await takeExclusive(k32, handle, scratch, path);
      } catch (err) {
        await k32.call("CloseHandle", handle);
        throw err;
      }
    }
    return new SptiTransport(path, k32, handle, scratch, options.exclusive !== false);
  } catch (err) {
    k32.close();
    throw err;
  }
}
