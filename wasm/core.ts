/**
 * The kiln WASM core: record serialization and checksums compiled from AssemblyScript
 * (`wasm/assembly/`). Only numbers and linear memory cross the boundary. The module is
 * instantiated lazily, synchronously, the first time it is used.
 *
 * @example Checksums
 * ```ts
 * import { crc16Ccitt, crc32Edc } from "./core.ts";
 * const digits = new TextEncoder().encode("123456789");
 * if (crc16Ccitt(digits) !== 0x31c3) throw new Error("crc16");
 * if (crc32Edc(digits) !== 0x6ec2edc4) throw new Error("edc");
 * ```
 *
 * @module
 */

import { CORE_WASM_BASE64 } from "./gen/core_wasm.ts";
import { decodeBase64 } from "./base64.ts";

/** The raw exports of the WASM core. Pointers are byte offsets into `memory`. */
export interface CoreExports {
  /** Linear memory. */
  readonly memory: WebAssembly.Memory;
  /** First byte of the work area. */
  heapBase(): number;
  /** ECMA-119 7.2.1. */
  putU16LE(p: number, v: number): void;
  /** ECMA-119 7.2.2. */
  putU16BE(p: number, v: number): void;
  /** ECMA-119 7.3.1. */
  putU32LE(p: number, v: number): void;
  /** ECMA-119 7.3.2. */
  putU32BE(p: number, v: number): void;
  /** ECMA-119 7.2.3. */
  putU16Both(p: number, v: number): void;
  /** ECMA-119 7.3.3. */
  putU32Both(p: number, v: number): void;
  /** ECMA-119 8.4.26.1 (year 0: not specified). */
  decDateTime(
    out: number,
    year: number,
    month: number,
    day: number,
    hour: number,
    minute: number,
    second: number,
    hundredths: number,
    tzQuarterHours: number,
  ): void;
  /** ECMA-119 9.1; returns the record length, 0 when it would exceed 255 bytes. */
  dirRecord(
    out: number,
    extent: number,
    dataLength: number,
    flags: number,
    namePtr: number,
    nameLen: number,
    suPtr: number,
    suLen: number,
    year: number,
    month: number,
    day: number,
    hour: number,
    minute: number,
    second: number,
    tzQuarterHours: number,
  ): number;
  /** ECMA-119 9.4; returns the record length. */
  pathTableRecord(
    out: number,
    extent: number,
    parent: number,
    namePtr: number,
    nameLen: number,
    bigEndian: number,
  ): number;
  /** ECMA-167 7.2.6 CRC (continue with the previous result as `init`). */
  crc16Ccitt(ptr: number, len: number, init: number): number;
  /** ECMA-130 14.3 EDC (continue with the previous result as `init`). */
  crc32Edc(ptr: number, len: number, init: number): number;
  /** IEEE 802.3 CRC-32 as GPT uses it (continue with the previous result as `init`). */
  crc32Ieee(ptr: number, len: number, init: number): number;
  /**
   * ECMA-167 4/14.9 and 4/14.17: `count` file entries, a block each from `out`, from the
   * 80-byte rows at `rows`, placed by the layout record at `layout` after the shared
   * fields at `template` (see `wasm/assembly/ecma167.ts` and `FileEntryRows`).
   */
  fileEntries(out: number, rows: number, count: number, layout: number, template: number): void;
}

let instance: CoreExports | undefined;
let view: Uint8Array | undefined;
const PAGE = 65536;
const CHUNK = 1 << 20;
/** Inputs of at most this many bytes take {@linkcode checksum}'s short path. */
const SMALL = 4096;
/** The work area's first byte, once the short path has made sure of SMALL bytes there. */
let smallBase: number | undefined;

/**
 * The core's exports, instantiating the module on first use.
 *
 * @returns The exports.
 * @example
 * ```ts
 * import { coreExports } from "./core.ts";
 * if (coreExports().heapBase() <= 0) throw new Error("no heap");
 * ```
 */
export function coreExports(): CoreExports {
  if (!instance) {
    try {
      const module = new WebAssembly.Module(
        decodeBase64(CORE_WASM_BASE64) as Uint8Array<ArrayBuffer>,
      );
      instance = new WebAssembly.Instance(module, {}).exports as unknown as CoreExports;
    } catch (cause) {
      throw new Error("Cannot instantiate the kiln WASM core", { cause });
    }
  }
  return instance;
}

/**
 * A byte view of the core's memory. The view returned stays valid until the memory grows
 * (see {@linkcode ensureWorkArea}); call `bytes()` again after that for a fresh one.
 *
 * @returns The view.
 * @example
 * ```ts
 * import { bytes } from "./core.ts";
 * if (bytes().length % 65536 !== 0) throw new Error("pages");
 * ```
 */
export function bytes(): Uint8Array {
  const buffer = coreExports().memory.buffer;
  if (!view || view.buffer !== buffer) view = new Uint8Array(buffer);
  return view;
}

/**
 * Make sure the work area holds `size` bytes, growing memory when needed.
 *
 * @param size Bytes needed.
 * @returns The work area's first byte (the same every time).
 * @throws {RangeError} When `size` is not a non-negative integer or memory cannot grow.
 * @example
 * ```ts
 * import { bytes, ensureWorkArea } from "./core.ts";
 * const base = ensureWorkArea(100_000);
 * if (bytes().length < base + 100_000) throw new Error("too small");
 * ```
 */
export function ensureWorkArea(size: number): number {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`WASM work area size must be a non-negative integer, got ${size}`);
  }
  const core = coreExports();
  const base = core.heapBase();
  const need = base + size - core.memory.buffer.byteLength;
  if (need > 0) {
    try {
      core.memory.grow(Math.ceil(need / PAGE));
    } catch (cause) {
      throw new RangeError(`Cannot grow the WASM work area to ${size} bytes`, { cause });
    }
  }
  return base;
}

/** Runs a CRC export over `data` in work-area-sized chunks, continuing from `init`. */
function checksum(
  fn: (ptr: number, len: number, init: number) => number,
  data: Uint8Array,
  init: number,
): number {
  if (data.length <= SMALL) {
    // A descriptor's few hundred bytes (UDF tags): no size check against the memory, which
    // holds SMALL bytes from the first call on (it never shrinks). A view of memory that
    // has grown since is detached and empty.
    smallBase ??= ensureWorkArea(SMALL);
    const mem = view !== undefined && view.length > 0 ? view : bytes();
    mem.set(data, smallBase);
    return fn(smallBase, data.length, init) >>> 0;
  }
  const base = ensureWorkArea(Math.min(CHUNK, data.length));
  let crc = init;
  let at = 0;
  // At least one call, so empty input still gets the export's treatment of `init`.
  do {
    const part = data.subarray(at, at + CHUNK);
    bytes().set(part, base);
    crc = fn(base, part.length, crc) >>> 0;
    at += CHUNK;
  } while (at < data.length);
  return crc;
}

/**
 * CRC-16/CCITT of ECMA-167 7.2.6 (polynomial 0x1021, MSB first, no final XOR), as UDF
 * descriptor tags use it.
 *
 * @param data Bytes.
 * @param init Previous CRC to continue from (default 0); only its low 16 bits count.
 * @returns The CRC, 0..0xFFFF.
 * @example
 * ```ts
 * import { crc16Ccitt } from "./core.ts";
 * if (crc16Ccitt(new Uint8Array([0x70, 0x6a, 0x77])) !== 0x3299) throw new Error();
 * ```
 */
export function crc16Ccitt(data: Uint8Array, init = 0): number {
  return checksum(coreExports().crc16Ccitt, data, init);
}

/**
 * The CD-ROM EDC of ECMA-130 14.3 (CRC-32/CD-ROM-EDC: polynomial 0x8001801B LSB first,
 * init 0, no final XOR).
 *
 * @param data Bytes.
 * @param init Previous CRC to continue from (default 0).
 * @returns The CRC.
 * @example
 * ```ts
 * import { crc32Edc } from "./core.ts";
 * const digits = new TextEncoder().encode("123456789");
 * if (crc32Edc(digits) !== 0x6ec2edc4) throw new Error();
 * // Incremental: continue from the previous result.
 * if (crc32Edc(digits.subarray(4), crc32Edc(digits.subarray(0, 4))) !== 0x6ec2edc4) {
 *   throw new Error();
 * }
 * ```
 */
export function crc32Edc(data: Uint8Array, init = 0): number {
  return checksum(coreExports().crc32Edc, data, init);
}

/**
 * CRC-32 of IEEE 802.3, as the UEFI specification uses it for GPT headers and partition
 * entry arrays (reflected 0x04C11DB7, init and final XOR 0xFFFFFFFF).
 *
 * @param data Bytes.
 * @param init Previous CRC to continue from (default 0).
 * @returns The CRC.
 * @example
 * ```ts
 * import { crc32Ieee } from "./core.ts";
 * if (crc32Ieee(new TextEncoder().encode("123456789")) !== 0xcbf43926) throw new Error();
 * ```
 */
export function crc32Ieee(data: Uint8Array, init = 0): number {
  return checksum(coreExports().crc32Ieee, data, init);
}
