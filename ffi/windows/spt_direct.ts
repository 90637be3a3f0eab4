/**
 * `SCSI_PASS_THROUGH_DIRECT` (ntddscsi.h) and the buffer kiln passes to
 * `DeviceIoControl(IOCTL_SCSI_PASS_THROUGH_DIRECT)`: the struct, a ULONG filler, then a
 * 32-byte sense area that `SenseInfoOffset` points at (mmc.md 2.3). One field table per
 * pointer size: x64 (also Windows on ARM64; LLP64, 8-byte pointers, 56-byte struct, wrapper
 * 96 bytes with sense at 60) and x86 (4-byte pointers, 44-byte struct, wrapper 80 bytes
 * with sense at 48). Pure: the data buffer is a plain address here.
 *
 * Windows on x86, x64 and ARM64 is little-endian; every field says so.
 *
 * @module
 */

import { type FieldTable, readField, writeFields } from "../../src/records/field_table.ts";

const H = "ntddscsi.h SCSI_PASS_THROUGH_DIRECT";

const X64_TABLE = {
  length: { offset: 0, size: 2, type: "u16le", clause: `${H}.Length (USHORT)` },
  scsiStatus: { offset: 2, size: 1, type: "u8", clause: `${H}.ScsiStatus (UCHAR)` },
  pathId: { offset: 3, size: 1, type: "u8", clause: `${H}.PathId (UCHAR)` },
  targetId: { offset: 4, size: 1, type: "u8", clause: `${H}.TargetId (UCHAR)` },
  lun: { offset: 5, size: 1, type: "u8", clause: `${H}.Lun (UCHAR)` },
  cdbLength: { offset: 6, size: 1, type: "u8", clause: `${H}.CdbLength (UCHAR)` },
  senseInfoLength: { offset: 7, size: 1, type: "u8", clause: `${H}.SenseInfoLength (UCHAR)` },
  dataIn: { offset: 8, size: 1, type: "u8", clause: `${H}.DataIn (UCHAR)` },
  dataTransferLength: {
    offset: 12,
    size: 4,
    type: "u32le",
    clause: `${H}.DataTransferLength (ULONG)`,
  },
  timeOutValue: { offset: 16, size: 4, type: "u32le", clause: `${H}.TimeOutValue (ULONG, s)` },
  dataBuffer: { offset: 24, size: 8, type: "u64le", clause: `${H}.DataBuffer (PVOID)` },
  senseInfoOffset: { offset: 32, size: 4, type: "u32le", clause: `${H}.SenseInfoOffset (ULONG)` },
  cdb: { offset: 36, size: 16, type: "bytes", clause: `${H}.Cdb[16] (UCHAR)` },
} as const satisfies FieldTable;

const X86_TABLE = {
  ...X64_TABLE,
  dataBuffer: { offset: 20, size: 4, type: "u32le", clause: `${H}.DataBuffer (PVOID)` },
  senseInfoOffset: { offset: 24, size: 4, type: "u32le", clause: `${H}.SenseInfoOffset (ULONG)` },
  cdb: { offset: 28, size: 16, type: "bytes", clause: `${H}.Cdb[16] (UCHAR)` },
} as const satisfies FieldTable;

/** A layout: the struct's fields and sizes, and the wrapper kiln sends. */
export interface SptdLayout {
  /** Field offsets. */
  readonly fields: FieldTable;
  /** `sizeof(SCSI_PASS_THROUGH_DIRECT)`: the value of `Length`. */
  readonly structSize: number;
  /** Offset of the sense area in the wrapper (after the ULONG filler). */
  readonly senseOffset: number;
  /** Size of the sense area. */
  readonly senseSize: number;
  /** Size of the whole wrapper (input and output length of the ioctl). */
  readonly wrapperSize: number;
}

/** Layouts by `Deno.build.arch` ("x86" for a 32-bit process). */
export const SPTD_LAYOUTS: Readonly<Record<string, SptdLayout>> = {
  x86_64: { fields: X64_TABLE, structSize: 56, senseOffset: 60, senseSize: 32, wrapperSize: 96 },
  aarch64: { fields: X64_TABLE, structSize: 56, senseOffset: 60, senseSize: 32, wrapperSize: 96 },
  x86: { fields: X86_TABLE, structSize: 44, senseOffset: 48, senseSize: 32, wrapperSize: 80 },
};

/**
 * The layout for an architecture.
 *
 * @param arch A `Deno.build.arch` value, or "x86".
 * @returns The layout.
 * @throws {RangeError} For an architecture kiln has no layout for.
 */
export function sptdLayout(arch: string): SptdLayout {
  const layout = SPTD_LAYOUTS[arch];
  if (!layout) {
    throw new RangeError(
      `Cannot use SCSI pass-through on ${arch}: kiln knows the x64, ARM64 and x86 layouts only`,
    );
  }
  return layout;
}

/** `DataIn` values (ntddscsi.h). */
export const SptdDataIn = {
  /** SCSI_IOCTL_DATA_OUT. */
  out: 0,
  /** SCSI_IOCTL_DATA_IN. */
  in: 1,
  /** SCSI_IOCTL_DATA_UNSPECIFIED (no data phase). */
  unspecified: 2,
} as const;

/** The request. */
export interface SptdRequest {
  /** The CDB (6..16 bytes). */
  readonly cdb: Uint8Array;
  /** One of {@linkcode SptdDataIn}. */
  readonly dataIn: number;
  /** Data length in bytes. */
  readonly dataTransferLength: number;
  /** Address of the data buffer (0 without data). */
  readonly dataBuffer: number;
  /** Timeout in seconds. */
  readonly timeOutValue: number;
}

/** What the driver wrote back. */
export interface SptdResult {
  /** SCSI status byte. */
  readonly scsiStatus: number;
  /** Sense bytes filled in. */
  readonly senseInfoLength: number;
  /** Bytes actually transferred. */
  readonly dataTransferLength: number;
  /** The sense area (all `senseSize` bytes; use `senseInfoLength` of them). */
  readonly sense: Uint8Array;
}

/**
 * Encode the wrapper: the struct with `Length`, `SenseInfoLength` and `SenseInfoOffset` set
 * to the wrapper's sense area, the filler and an empty sense area.
 *
 * @param request The command.
 * @param arch The architecture (default: this process's).
 * @returns A fresh buffer of the wrapper's size.
 * @example
 * ```ts
 * import { encodeSptdWrapper, SptdDataIn } from "./spt_direct.ts";
 * const b = encodeSptdWrapper({ cdb: new Uint8Array([0x12, 0, 0, 0, 36, 0]),
 *   dataIn: SptdDataIn.in, dataTransferLength: 36, dataBuffer: 0x10000, timeOutValue: 30 }, "x86_64");
 * if (b.length !== 96 || b[0] !== 56 || b[32] !== 60 || b[36] !== 0x12) throw new Error();
 * ```
 */
export function encodeSptdWrapper(
  request: SptdRequest,
  arch: string = Deno.build.arch,
): Uint8Array<ArrayBuffer> {
  const layout = sptdLayout(arch);
  if (request.cdb.length < 6 || request.cdb.length > 16) {
    throw new RangeError(`Cannot encode a ${request.cdb.length}-byte CDB: SPTD takes 6 to 16`);
  }
  const buf = new Uint8Array(new ArrayBuffer(layout.wrapperSize));
  const cdb = new Uint8Array(16);
  cdb.set(request.cdb);
  writeFields(buf, 0, layout.fields, {
    length: layout.structSize,
    cdbLength: request.cdb.length,
    senseInfoLength: layout.senseSize,
    dataIn: request.dataIn,
    dataTransferLength: request.dataTransferLength,
    timeOutValue: request.timeOutValue,
    dataBuffer: request.dataBuffer,
    senseInfoOffset: layout.senseOffset,
    cdb,
  });
  return buf;
}

/**
 * Decode the wrapper after `DeviceIoControl` returned TRUE.
 *
 * @param wrapper The buffer passed as input and output.
 * @param arch The architecture (default: this process's).
 * @returns Status, sense and transferred length.
 */
export function decodeSptdWrapper(wrapper: Uint8Array, arch: string = Deno.build.arch): SptdResult {
  const layout = sptdLayout(arch);
  if (wrapper.length < layout.wrapperSize) {
    throw new RangeError(
      `Cannot decode SCSI_PASS_THROUGH_DIRECT: ${wrapper.length} bytes, need ${layout.wrapperSize}`,
    );
  }
  const f = layout.fields;
  return {
    scsiStatus: readField(wrapper, 0, f.scsiStatus!) as number,
    senseInfoLength: readField(wrapper, 0, f.senseInfoLength!) as number,
    dataTransferLength: readField(wrapper, 0, f.dataTransferLength!) as number,
    sense: wrapper.slice(layout.senseOffset, layout.senseOffset + layout.senseSize),
  };
}
