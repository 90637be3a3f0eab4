/**
 * `struct sg_io_hdr` (the SG_IO v3 interface of Linux's sg driver and of SCSI block
 * devices), encoded and decoded from one field table per architecture. Pure: pointers are
 * plain addresses here; `sg_io_device.ts` supplies them.
 *
 * Source: glibc `<scsi/sg.h>` (the layout compiled on x86_64, 88 bytes) and the kernel's
 * `include/uapi/scsi/sg.h`. x86_64 and aarch64 Linux are both LP64 and little-endian, so they
 * share the layout; 32-bit ABIs (4-byte pointers) are refused.
 *
 * @module
 */

import { type FieldTable, readField, writeFields } from "../../src/records/field_table.ts";

/** `interface_id` value of the v3 interface (`'S'`). */
export const SG_INTERFACE_ID = 0x53;

/** `dxfer_direction` values (sg.h). */
export const SgDxfer = {
  /** SG_DXFER_NONE: no data phase. */
  none: -1,
  /** SG_DXFER_TO_DEV: data goes to the device. */
  toDevice: -2,
  /** SG_DXFER_FROM_DEV: data comes from the device. */
  fromDevice: -3,
} as const;

/** `info` bit: something abnormal happened (SG_INFO_CHECK). */
export const SG_INFO_CHECK = 0x1;

const SG_H = "scsi/sg.h struct sg_io_hdr";

/**
 * The LP64 layout (x86_64, aarch64). Signed 32-bit fields (`dxfer_direction`, `pack_id`,
 * `resid`) are stored as their two's-complement u32le bit pattern.
 */
const LP64_TABLE = {
  interfaceId: { offset: 0, size: 4, type: "u32le", clause: `${SG_H}.interface_id (int)` },
  dxferDirection: {
    offset: 4,
    size: 4,
    type: "u32le",
    clause: `${SG_H}.dxfer_direction (int)`,
  },
  cmdLen: { offset: 8, size: 1, type: "u8", clause: `${SG_H}.cmd_len (unsigned char)` },
  mxSbLen: { offset: 9, size: 1, type: "u8", clause: `${SG_H}.mx_sb_len (unsigned char)` },
  iovecCount: {
    offset: 10,
    size: 2,
    type: "u16le",
    clause: `${SG_H}.iovec_count (unsigned short)`,
  },
  dxferLen: { offset: 12, size: 4, type: "u32le", clause: `${SG_H}.dxfer_len (unsigned int)` },
  dxferp: { offset: 16, size: 8, type: "u64le", clause: `${SG_H}.dxferp (void *)` },
  cmdp: { offset: 24, size: 8, type: "u64le", clause: `${SG_H}.cmdp (unsigned char *)` },
  sbp: { offset: 32, size: 8, type: "u64le", clause: `${SG_H}.sbp (unsigned char *)` },
  timeout: { offset: 40, size: 4, type: "u32le", clause: `${SG_H}.timeout (ms)` },
  flags: { offset: 44, size: 4, type: "u32le", clause: `${SG_H}.flags (unsigned int)` },
  packId: { offset: 48, size: 4, type: "u32le", clause: `${SG_H}.pack_id (int)` },
  usrPtr: { offset: 56, size: 8, type: "u64le", clause: `${SG_H}.usr_ptr (void *)` },
  status: { offset: 64, size: 1, type: "u8", clause: `${SG_H}.status (SCSI status)` },
  maskedStatus: { offset: 65, size: 1, type: "u8", clause: `${SG_H}.masked_status` },
  msgStatus: { offset: 66, size: 1, type: "u8", clause: `${SG_H}.msg_status` },
  sbLenWr: { offset: 67, size: 1, type: "u8", clause: `${SG_H}.sb_len_wr` },
  hostStatus: { offset: 68, size: 2, type: "u16le", clause: `${SG_H}.host_status (DID_*)` },
  driverStatus: {
    offset: 70,
    size: 2,
    type: "u16le",
    clause: `${SG_H}.driver_status (DRIVER_*)`,
  },
  resid: { offset: 72, size: 4, type: "u32le", clause: `${SG_H}.resid (int)` },
  duration: { offset: 76, size: 4, type: "u32le", clause: `${SG_H}.duration (ms)` },
  info: { offset: 80, size: 4, type: "u32le", clause: `${SG_H}.info` },
} as const satisfies FieldTable;

/** A `sg_io_hdr` layout: its fields and total size. */
export interface SgIoHdrLayout {
  /** Field offsets and sizes. */
  readonly fields: typeof LP64_TABLE;
  /** `sizeof(struct sg_io_hdr)`. */
  readonly size: number;
}

/** Layouts by `Deno.build.arch`. */
export const SG_IO_HDR_LAYOUTS: Readonly<Record<string, SgIoHdrLayout>> = {
  x86_64: { fields: LP64_TABLE, size: 88 },
  aarch64: { fields: LP64_TABLE, size: 88 },
};

/**
 * The layout for an architecture.
 *
 * @param arch A `Deno.build.arch` value.
 * @returns Its layout.
 * @throws {RangeError} For an architecture whose layout kiln does not know.
 * @example
 * ```ts
 * import { sgIoHdrLayout } from "./sg_io_hdr.ts";
 * if (sgIoHdrLayout("x86_64").size !== 88) throw new Error("unexpected");
 * ```
 */
export function sgIoHdrLayout(arch: string): SgIoHdrLayout {
  const layout = SG_IO_HDR_LAYOUTS[arch];
  if (!layout) {
    throw new RangeError(
      `Cannot use SG_IO on ${arch}: kiln knows the sg_io_hdr layout of x86_64 and aarch64 only`,
    );
  }
  return layout;
}

/** The request half of a header. Addresses are plain numbers (0 for NULL). */
export interface SgIoRequestFields {
  /** One of {@linkcode SgDxfer}. */
  readonly dxferDirection: number;
  /** CDB length (6..16). */
  readonly cmdLen: number;
  /** Size of the sense buffer at `sbp`. */
  readonly mxSbLen: number;
  /** Data length in bytes. */
  readonly dxferLen: number;
  /** Address of the data buffer (0 when `dxferLen` is 0). */
  readonly dxferp: number;
  /** Address of the CDB. */
  readonly cmdp: number;
  /** Address of the sense buffer. */
  readonly sbp: number;
  /** Timeout in milliseconds. */
  readonly timeout: number;
}

/** What the kernel wrote back into a header. */
export interface SgIoResultFields {
  /** SCSI status byte. */
  readonly status: number;
  /** Obsolete `(status >> 1) & 0x7f`. */
  readonly maskedStatus: number;
  /** Sense bytes written. */
  readonly sbLenWr: number;
  /** DID_* host adapter status. */
  readonly hostStatus: number;
  /** DRIVER_* status. */
  readonly driverStatus: number;
  /** Bytes not transferred (signed). */
  readonly resid: number;
  /** How long the command took, in milliseconds. */
  readonly duration: number;
  /** SG_INFO_* bits. */
  readonly info: number;
}

/**
 * Encode a request header.
 *
 * @param fields The request fields.
 * @param arch The architecture (default: this process's).
 * @returns A fresh header of the layout's size, output fields zero.
 * @example
 * ```ts
 * import { encodeSgIoHdr, SgDxfer } from "./sg_io_hdr.ts";
 * const h = encodeSgIoHdr({ dxferDirection: SgDxfer.none, cmdLen: 6, mxSbLen: 32,
 *   dxferLen: 0, dxferp: 0, cmdp: 0x1000, sbp: 0x2000, timeout: 30_000 }, "x86_64");
 * if (h[0] !== 0x53 || h[4] !== 0xff) throw new Error("unexpected");
 * ```
 */
export function encodeSgIoHdr(
  fields: SgIoRequestFields,
  arch: string = Deno.build.arch,
): Uint8Array<ArrayBuffer> {
  const layout = sgIoHdrLayout(arch);
  if (fields.cmdLen < 6 || fields.cmdLen > 16) {
    throw new RangeError(`Cannot encode a ${fields.cmdLen}-byte CDB: SG_IO takes 6 to 16 bytes`);
  }
  const buf = new Uint8Array(new ArrayBuffer(layout.size));
  writeFields(buf, 0, layout.fields, {
    interfaceId: SG_INTERFACE_ID,
    dxferDirection: fields.dxferDirection >>> 0,
    cmdLen: fields.cmdLen,
    mxSbLen: fields.mxSbLen,
    iovecCount: 0,
    dxferLen: fields.dxferLen,
    dxferp: fields.dxferp,
    cmdp: fields.cmdp,
    sbp: fields.sbp,
    timeout: fields.timeout,
    flags: 0,
    packId: 0,
    usrPtr: 0,
  });
  return buf;
}

/**
 * Decode what the kernel wrote into a header after `ioctl(SG_IO)`.
 *
 * @param header The header passed to the ioctl.
 * @param arch The architecture (default: this process's).
 * @returns The output fields.
 * @example
 * ```ts
 * import { decodeSgIoHdr } from "./sg_io_hdr.ts";
 * const h = new Uint8Array(88);
 * h[64] = 2; h[67] = 18; h[70] = 8; h.set([0xfc, 0xff, 0xff, 0xff], 72);
 * const r = decodeSgIoHdr(h, "x86_64");
 * if (r.status !== 2 || r.sbLenWr !== 18 || r.driverStatus !== 8 || r.resid !== -4) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function decodeSgIoHdr(
  header: Uint8Array,
  arch: string = Deno.build.arch,
): SgIoResultFields {
  const layout = sgIoHdrLayout(arch);
  if (header.length < layout.size) {
    throw new RangeError(
      `Cannot decode sg_io_hdr: ${header.length} bytes, ${arch} needs ${layout.size}`,
    );
  }
  const f = layout.fields;
  const n = (name: keyof typeof LP64_TABLE) => readField(header, 0, f[name]) as number;
  return {
    status: n("status"),
    maskedStatus: n("maskedStatus"),
    sbLenWr: n("sbLenWr"),
    hostStatus: n("hostStatus"),
    driverStatus: n("driverStatus"),
    resid: n("resid") | 0,
    duration: n("duration"),
    info: n("info"),
  };
}
