/**
 * The Linux transport: SCSI commands through `ioctl(fd, SG_IO, &sg_io_hdr)` on `/dev/srN`
 * (the sr block device) or `/dev/sgN` (the sg character device), with libc called through
 * `Deno.dlopen` on a worker thread (see `native_calls.ts`).
 *
 * Opening follows mmc.md 1.2: `O_RDWR | O_NONBLOCK | O_EXCL` (plus O_CLOEXEC). O_NONBLOCK
 * skips the cdrom layer's tray and media handling, O_RDWR lets the kernel's command filter
 * pass the write commands (mmc.md 1.6), and O_EXCL is the block layer's exclusive claim on
 * sr (EBUSY while mounted or claimed) and sole use on sg. Like libburn, an EBUSY open is
 * retried 3 times, 2 s apart, and never downgraded to a shared open.
 *
 * Only `--allow-ffi` is needed: libc's `open` is not subject to Deno's file permissions.
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
import { Errno, errnoMessage, errnoName } from "./errno.ts";
import { LIBC, type LIBC_SYMBOLS, OpenFlag, SgIoctl } from "./libc.ts";
import { describeOpenFailure, gatherOpenFailureFacts, type OpenAccess } from "./open_failure.ts";
import { decodeSgIoHdr, encodeSgIoHdr, SgDxfer, sgIoHdrLayout } from "./sg_io_hdr.ts";
import { interpretSgIo } from "./sg_io_status.ts";

/** Options of {@linkcode openSgIoTransport}. */
export interface SgIoOpenOptions {
  /** Claim the drive exclusively (O_EXCL). Default true: burning needs it. */
  readonly exclusive?: boolean;
  /** `"read-write"` (default; the write commands need it) or `"read-only"`. */
  readonly access?: OpenAccess;
  /** Where the blocking calls run: `"worker"` (default) or `"inline"` (blocks the event loop). */
  readonly thread?: CallThread;
  /** How often an EBUSY open is retried (default 3). */
  readonly busyRetries?: number;
  /** Pause between those retries, in milliseconds (default 2000). */
  readonly busyRetryDelayMs?: number;
}

/** Largest sense buffer the kernel fills (SCSI_SENSE_BUFFERSIZE). */
const SENSE_SIZE = 96;
const CDB_AT = 96;
const SENSE_AT = 112;
const PATH_AT = SENSE_AT + SENSE_SIZE;
const PATH_MAX = 4096;

type Libc = NativeCalls<typeof LIBC_SYMBOLS>;

function wrapLoadFailure(path: string, cause: unknown): TransportError {
  return new TransportError(
    `Cannot open ${path}: cannot call libc.so.6 through Deno FFI (${
      cause instanceof Error ? cause.message : String(cause)
    }); kiln needs --allow-ffi and glibc`,
    { kind: "os", device: path, cause },
  );
}

/** A drive opened for SG_IO. Create with {@linkcode openSgIoTransport}. */
export class SgIoTransport implements Transport {
  /** The device path. */
  readonly name: string;
  readonly #libc: Libc;
  readonly #fd: number;
  readonly #scratch: Uint8Array<SharedArrayBuffer>;
  #data: Uint8Array<SharedArrayBuffer> = sharedBytes(0);
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  /**
   * Wrap an open descriptor (use {@linkcode openSgIoTransport}).
   *
   * @param name The device path.
   * @param libc The call thread that opened it.
   * @param fd The descriptor.
   * @param scratch Shared memory for the header, CDB and sense.
   */
  constructor(name: string, libc: Libc, fd: number, scratch: Uint8Array<SharedArrayBuffer>) {
    this.name = name;
    this.#libc = libc;
    this.#fd = fd;
    this.#scratch = scratch;
  }

  /**
   * Execute one command (commands on one transport run one at a time, in order).
   *
   * @param request The command.
   * @returns Status, sense and residual.
   * @throws {TransportError} When the ioctl fails or the adapter or driver reports an error.
   */
  execute(request: ScsiRequest): Promise<ScsiResult> {
    const run = this.#queue.then(() => this.#execute(request));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #execute(request: ScsiRequest): Promise<ScsiResult> {
    const { cdb } = request;
    if (this.#closed) {
      throw new TransportError(`Cannot send a command to ${this.name}: the drive is closed`, {
        kind: "closed",
        device: this.name,
      });
    }
    if (cdb.length < 6 || cdb.length > 16) {
      throw new RangeError(`Cannot send a ${cdb.length}-byte CDB: SG_IO takes 6 to 16 bytes`);
    }
    const length = request.direction === "none" ? 0 : request.data?.length ?? 0;
    if (request.direction !== "none" && length === 0) {
      throw new RangeError(`Cannot send a data-${request.direction} command without a buffer`);
    }
    if (this.#data.length < length) this.#data = sharedBytes(length);
    const data = this.#data;
    if (request.direction === "out") data.set(request.data!);
    else data.fill(0, 0, length); // a short transfer must not leave the last command's bytes
    const scratch = this.#scratch;
    scratch.fill(0, 0, PATH_AT);
    scratch.set(cdb, CDB_AT);
    const header = encodeSgIoHdr({
      dxferDirection: request.direction === "in"
        ? SgDxfer.fromDevice
        : request.direction === "out"
        ? SgDxfer.toDevice
        : SgDxfer.none,
      cmdLen: cdb.length,
      mxSbLen: SENSE_SIZE,
      dxferLen: length,
      dxferp: length === 0 ? 0 : Number(addressOf(data)),
      cmdp: Number(addressOf(scratch, CDB_AT)),
      sbp: Number(addressOf(scratch, SENSE_AT)),
      timeout: Math.max(1, Math.min(0xffffffff, Math.ceil(request.timeoutMs))),
    });
    scratch.set(header, 0);
    const { result, error } = await this.#libc.call(
      "ioctl",
      this.#fd,
      SgIoctl.SG_IO,
      addressOf(scratch),
    );
    // `data` and `scratch` stay referenced until here: the kernel wrote into them.
    if (result < 0) throw this.#ioctlFailure(error, cdb, length);
    const fields = decodeSgIoHdr(scratch.subarray(0, header.length));
    const out = interpretSgIo(fields, scratch.subarray(SENSE_AT, SENSE_AT + SENSE_SIZE), {
      device: this.name,
      cdb,
      timeoutMs: request.timeoutMs,
    });
    if (request.direction === "in") request.data!.set(data.subarray(0, length));
    return out;
  }

  #ioctlFailure(errno: number, cdb: Uint8Array, length: number): TransportError {
    const name = errnoName(errno);
    const op = `opcode ${(cdb[0] ?? 0).toString(16).toUpperCase().padStart(2, "0")}h`;
    const base = `Cannot send ${op} to ${this.name}`;
    const options = { device: this.name, osCode: errno, osName: name };
    switch (errno) {
      case Errno.EPERM:
        return new TransportError(
          `${base}: the kernel's SG_IO command filter refused it (EPERM); open the drive ` +
            `read-write, or the command needs root (CAP_SYS_RAWIO)`,
          { kind: "os", ...options },
        );
      case Errno.ENODEV:
      case Errno.ENXIO:
        return new TransportError(`${base}: the drive is gone (${name})`, {
          kind: "closed",
          ...options,
        });
      case Errno.EIO:
        return new TransportError(
          `${base}: input/output error (EIO); a ${length}-byte transfer may exceed the ` +
            `adapter's limit (/sys/block/<dev>/queue/max_hw_sectors_kb)`,
          { kind: "os", ...options },
        );
      default:
        return new TransportError(`${base}: ${errnoMessage(errno)} (${name})`, {
          kind: "os",
          ...options,
        });
    }
  }

  /** Close the descriptor and stop the call thread. Calling it twice does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    try {
      await this.#libc.call("close", this.#fd);
    } finally {
      this.#libc.close();
    }
  }
}

/**
 * Open a drive node for SG_IO.
 *
 * @param path `/dev/srN`, `/dev/sgN`, or a link to one (`/dev/cdrom`).
 * @param options Exclusivity, access, thread, EBUSY retries.
 * @returns The transport.
 * @throws {TransportError} Naming the group to join (EACCES/EPERM), the holder (EBUSY), or
 *   what ENOMEDIUM/ENODEV/EROFS mean; or when the node does not take SG_IO at all.
 * @example
 * ```ts ignore
 * import { openSgIoTransport } from "./sg_io_transport.ts";
 * const drive = await openSgIoTransport("/dev/sr0");
 * const r = await drive.execute({ cdb: new Uint8Array(6), direction: "none", timeoutMs: 30_000 });
 * await drive.close();
 * ```
 */
export async function openSgIoTransport(
  path: string,
  options: SgIoOpenOptions = {},
): Promise<SgIoTransport> {
  sgIoHdrLayout(Deno.build.arch);
  const access = options.access ?? "read-write";
  const encoded = new TextEncoder().encode(path);
  if (encoded.length >= PATH_MAX || encoded.includes(0)) {
    throw new RangeError(`Cannot open ${JSON.stringify(path)}: not a valid device path`);
  }
  const scratch = sharedBytes(PATH_AT + PATH_MAX);
  scratch.set(encoded, PATH_AT);
  const flags = (access === "read-write" ? OpenFlag.readWrite : OpenFlag.readOnly) |
    OpenFlag.nonBlock | OpenFlag.closeOnExec |
    (options.exclusive === false ? 0 : OpenFlag.exclusive);
  const libc = openNativeCalls(LIBC, options.thread ?? "worker");
  let retries = options.busyRetries ?? 3;
  try {
    for (;;) {
      let opened;
      try {
        opened = await libc.call("open", addressOf(scratch, PATH_AT), flags);
      } catch (cause) {
        throw wrapLoadFailure(path, cause);
      }
      if (opened.result >= 0) {
        await checkSgIo(libc, opened.result, path, scratch);
        return new SgIoTransport(path, libc, opened.result, scratch);
      }
      if (opened.error === Errno.EBUSY && retries-- > 0) {
        await new Promise((r) => setTimeout(r, options.busyRetryDelayMs ?? 2000));
        continue;
      }
      const facts = await gatherOpenFailureFacts(path, opened.error);
      throw describeOpenFailure(path, opened.error, facts, access);
    }
  } catch (err) {
    libc.close();
    throw err;
  }
}

/** Ask SG_GET_VERSION_NUM, so that a node that is no SCSI device fails now, clearly. */
async function checkSgIo(
  libc: Libc,
  fd: number,
  path: string,
  scratch: Uint8Array<SharedArrayBuffer>,
): Promise<void> {
  const { result, error } = await libc.call(
    "ioctl",
    fd,
    SgIoctl.SG_GET_VERSION_NUM,
    addressOf(scratch),
  );
  if (result >= 0) return;
  await libc.call("close", fd);
  const name = errnoName(error);
  throw new TransportError(
    `Cannot use ${path} as a drive: it does not take SCSI commands (SG_GET_VERSION_NUM: ` +
      `${errnoMessage(error)}, ${name}); use a /dev/srN or /dev/sgN node`,
    { kind: "os", device: path, osCode: error, osName: name },
  );
}
