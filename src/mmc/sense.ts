/**
 * Sense data: decoding fixed (70h/71h) and descriptor (72h/73h) sense into key, ASC and
 * ASCQ with text, a category, and the retry policy that follows from the category alone
 * (SPC-4 4.5; reference/mmc.md 3.2, 4.10-4.12). {@linkcode buildSense} writes sense bytes
 * for kiln's virtual recorder.
 *
 * Accepted variants: the VALID bit set on the response code byte (F0h/F1h, e.g. QEMU's
 * ide-cd), an ADDITIONAL SENSE LENGTH shorter than 10 (fields beyond it read as 0), and
 * ide-cd's replies whose ASCQ is always 0 (the categories tolerate a dropped ASCQ).
 *
 * Each decoded sense gets a category; the retry policy follows from the category alone (see
 * `sense_category.ts` for both tables).
 *
 * A deferred error (71h/73h) is categorised like a current one; its `deferred` flag says it
 * belongs to an earlier command (typically a write flushed by SYNCHRONIZE CACHE with Immed).
 *
 * @module
 */

import { type FieldTable, readField, writeFields } from "../records/field_table.ts";
import { type SenseCategory, senseCategory } from "./sense_category.ts";
import { ascText, senseKeyNames } from "./sense_data.ts";

export {
  isRetryable,
  retryPolicies,
  type RetryPolicy,
  type SenseCategory,
  senseCategory,
} from "./sense_category.ts";

/** Where an ILLEGAL REQUEST points (SPC-4 4.5.2.4.2, field pointer). */
export interface FieldPointer {
  /** True: the CDB; false: the parameter list. */
  readonly inCdb: boolean;
  /** Byte offset of the field. */
  readonly byte: number;
  /** Bit of that byte, when the drive names one (BPV set). */
  readonly bit?: number;
}

/** Decoded sense data. */
export interface Sense {
  /** Which layout the bytes used. */
  readonly format: "fixed" | "descriptor";
  /** Response code without the VALID bit: 70h, 71h, 72h or 73h. */
  readonly responseCode: number;
  /** True for 71h/73h: the error belongs to an earlier command. */
  readonly deferred: boolean;
  /** Sense key, 0..15. */
  readonly key: number;
  /** Additional sense code. */
  readonly asc: number;
  /** Additional sense code qualifier. */
  readonly ascq: number;
  /** The key's name, e.g. "MEDIUM ERROR". */
  readonly keyName: string;
  /** The ASC/ASCQ text, e.g. "write error". */
  readonly ascText: string;
  /** "MEDIUM ERROR: write error". */
  readonly text: string;
  /** The INFORMATION field when VALID (for a write error usually the failing LBA). */
  readonly information?: number;
  /** Progress of a format, blank, sync or close, 0..65535 of 65536 (SKSV, keys 0 and 2). */
  readonly progress?: number;
  /** The offending field of an ILLEGAL REQUEST (SKSV, key 5). */
  readonly fieldPointer?: FieldPointer;
  /** What the condition means for retrying. */
  readonly category: SenseCategory;
}

/** Fixed-format sense data (SPC-4 4.5.3). */
export const fixedSenseTable = {
  valid: { offset: 0, size: 1, type: "bool", bits: [7, 7], clause: "SPC-4 4.5.3 VALID" },
  responseCode: { offset: 0, size: 1, type: "u8", bits: [6, 0], clause: "SPC-4 4.5.3 (70h/71h)" },
  ili: { offset: 2, size: 1, type: "bool", bits: [5, 5], clause: "SPC-4 4.5.3 ILI" },
  key: { offset: 2, size: 1, type: "u8", bits: [3, 0], clause: "SPC-4 4.5.3 SENSE KEY" },
  information: { offset: 3, size: 4, type: "u32be", clause: "SPC-4 4.5.3 INFORMATION" },
  additionalLength: { offset: 7, size: 1, type: "u8", clause: "SPC-4 4.5.3 (n-7)" },
  commandSpecific: { offset: 8, size: 4, type: "u32be", clause: "SPC-4 4.5.3" },
  asc: { offset: 12, size: 1, type: "u8", clause: "SPC-4 4.5.3 ASC" },
  ascq: { offset: 13, size: 1, type: "u8", clause: "SPC-4 4.5.3 ASCQ" },
  fru: { offset: 14, size: 1, type: "u8", clause: "SPC-4 4.5.3 FRU code" },
  senseKeySpecific: { offset: 15, size: 3, type: "bytes", clause: "SPC-4 4.5.2.4" },
} as const satisfies FieldTable;

/** Descriptor-format sense data header (SPC-4 4.5.2). */
export const descriptorSenseTable = {
  responseCode: { offset: 0, size: 1, type: "u8", bits: [6, 0], clause: "SPC-4 4.5.2 (72h/73h)" },
  key: { offset: 1, size: 1, type: "u8", bits: [3, 0], clause: "SPC-4 4.5.2 SENSE KEY" },
  asc: { offset: 2, size: 1, type: "u8", clause: "SPC-4 4.5.2 ASC" },
  ascq: { offset: 3, size: 1, type: "u8", clause: "SPC-4 4.5.2 ASCQ" },
  additionalLength: { offset: 7, size: 1, type: "u8", clause: "SPC-4 4.5.2 (n-7)" },
} as const satisfies FieldTable;

/** Sense-key specific bytes (SPC-4 4.5.2.4): 3 bytes, fixed bytes 15-17 or descriptor 02h. */
export const senseKeySpecificTable = {
  sksv: { offset: 0, size: 1, type: "bool", bits: [7, 7], clause: "SPC-4 4.5.2.4.1 SKSV" },
  inCdb: { offset: 0, size: 1, type: "bool", bits: [6, 6], clause: "SPC-4 4.5.2.4.2 C/D" },
  bitPointerValid: { offset: 0, size: 1, type: "bool", bits: [3, 3], clause: "SPC-4 BPV" },
  bitPointer: { offset: 0, size: 1, type: "u8", bits: [2, 0], clause: "SPC-4 4.5.2.4.2" },
  value: { offset: 1, size: 2, type: "u16be", clause: "SPC-4 4.5.2.4 (field pointer/progress)" },
} as const satisfies FieldTable;

interface SksFields {
  progress?: number;
  fieldPointer?: FieldPointer;
}

function decodeSks(sks: Uint8Array, key: number): SksFields {
  if (sks.length < 3 || !readField(sks, 0, senseKeySpecificTable.sksv)) return {};
  const value = readField(sks, 0, senseKeySpecificTable.value) as number;
  if (key === 0 || key === 2) return { progress: value };
  if (key !== 5) return {};
  const bpv = readField(sks, 0, senseKeySpecificTable.bitPointerValid) as boolean;
  const inCdb = readField(sks, 0, senseKeySpecificTable.inCdb) as boolean;
  const bit = readField(sks, 0, senseKeySpecificTable.bitPointer) as number;
  return { fieldPointer: bpv ? { inCdb, byte: value, bit } : { inCdb, byte: value } };
}

function finish(
  format: Sense["format"],
  responseCode: number,
  key: number,
  asc: number,
  ascq: number,
  information: number | undefined,
  sks: SksFields,
): Sense {
  const keyName = senseKeyNames[key]!;
  const text = ascText(asc, ascq);
  return {
    format,
    responseCode,
    deferred: responseCode === 0x71 || responseCode === 0x73,
    key,
    asc,
    ascq,
    keyName,
    ascText: text,
    text: `${keyName}: ${text}`,
    ...(information === undefined ? {} : { information }),
    ...sks,
    category: senseCategory(key, asc, ascq),
  };
}

/**
 * Decode sense bytes from REQUEST SENSE or autosense.
 *
 * @param bytes The sense bytes the drive returned (only those it returned).
 * @returns The decoded sense, or undefined when there is none (empty, or a response code
 *   other than 70h-73h).
 * @example
 * ```ts
 * import { decodeSense } from "./sense.ts";
 * const s = decodeSense(new Uint8Array([0x70, 0, 7, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x27, 0, 0, 0, 0, 0]));
 * if (s?.text !== "DATA PROTECT: write protected" || s.category !== "write-protected") throw new Error();
 * ```
 */
export function decodeSense(bytes: Uint8Array): Sense | undefined {
  if (bytes.length < 1) return undefined;
  const code = bytes[0]! & 0x7f;
  if (code === 0x70 || code === 0x71) {
    if (bytes.length < 3) return undefined;
    const end = bytes.length >= 8 ? Math.min(bytes.length, 8 + bytes[7]!) : bytes.length;
    const at = (i: number) => (i < end ? bytes[i]! : 0);
    const key = readField(bytes, 0, fixedSenseTable.key) as number;
    const valid = readField(bytes, 0, fixedSenseTable.valid) as boolean;
    const information = valid && end >= 7
      ? readField(bytes, 0, fixedSenseTable.information) as number
      : undefined;
    const sks = end >= 18 ? decodeSks(bytes.subarray(15, 18), key) : {};
    return finish("fixed", code, key, at(12), at(13), information, sks);
  }
  if (code === 0x72 || code === 0x73) {
    if (bytes.length < 4) return undefined;
    const key = readField(bytes, 0, descriptorSenseTable.key) as number;
    const asc = bytes[2]!;
    const ascq = bytes[3]!;
    const end = bytes.length >= 8 ? Math.min(bytes.length, 8 + bytes[7]!) : 4;
    let information: number | undefined;
    let sks: SksFields = {};
    for (let at = 8; at + 2 <= end;) {
      const type = bytes[at]!;
      const len = bytes[at + 1]! + 2;
      if (at + len > end) break;
      const d = bytes.subarray(at, at + len);
      if (type === 0x00 && len >= 12 && d[2]! & 0x80) {
        const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
        information = view.getUint32(4, false) * 2 ** 32 + view.getUint32(8, false);
      } else if (type === 0x02 && len >= 7) {
        sks = decodeSks(d.subarray(4, 7), key);
      }
      at += len;
    }
    return finish("descriptor", code, key, asc, ascq, information, sks);
  }
  return undefined;
}

/** Options of {@linkcode buildSense}. */
export interface BuildSenseOptions {
  /** Report a deferred error (71h/73h). */
  deferred?: boolean;
  /** The INFORMATION field; sets VALID. */
  information?: number;
  /** Progress 0..65535 in the sense-key specific bytes (keys 0 and 2). */
  progress?: number;
  /** The offending field (key 5). */
  fieldPointer?: FieldPointer;
  /** Layout: fixed (default, 18 bytes) or descriptor. */
  format?: "fixed" | "descriptor";
}

function encodeSks(options: BuildSenseOptions): Uint8Array | undefined {
  const sks = new Uint8Array(3);
  if (options.progress !== undefined) {
    writeFields(sks, 0, senseKeySpecificTable, { sksv: true, value: options.progress });
    return sks;
  }
  const fp = options.fieldPointer;
  if (fp === undefined) return undefined;
  writeFields(sks, 0, senseKeySpecificTable, {
    sksv: true,
    inCdb: fp.inCdb,
    bitPointerValid: fp.bit !== undefined,
    bitPointer: fp.bit ?? 0,
    value: fp.byte,
  });
  return sks;
}

/**
 * Build sense bytes, as a drive returns them (the virtual recorder's side).
 *
 * @param key Sense key.
 * @param asc Additional sense code.
 * @param ascq Additional sense code qualifier.
 * @param options Deferred, information, progress, field pointer, format.
 * @returns 18 bytes of fixed-format sense, or descriptor-format sense.
 * @example
 * ```ts
 * import { buildSense, decodeSense } from "./sense.ts";
 * const s = decodeSense(buildSense(2, 0x04, 0x04, { progress: 32768 }));
 * if (s?.progress !== 32768 || s.category !== "not-ready-retry") throw new Error();
 * ```
 */
export function buildSense(
  key: number,
  asc: number,
  ascq: number,
  options: BuildSenseOptions = {},
): Uint8Array {
  const sks = encodeSks(options);
  const deferred = options.deferred === true;
  if (options.format === "descriptor") {
    const infoLen = options.information === undefined ? 0 : 12;
    const out = new Uint8Array(8 + infoLen + (sks ? 8 : 0));
    writeFields(out, 0, descriptorSenseTable, {
      responseCode: deferred ? 0x73 : 0x72,
      key,
      asc,
      ascq,
      additionalLength: out.length - 8,
    });
    if (options.information !== undefined) {
      out.set([0x00, 0x0a, 0x80], 8);
      const view = new DataView(out.buffer);
      view.setUint32(12, Math.floor(options.information / 2 ** 32), false);
      view.setUint32(16, options.information % 2 ** 32, false);
    }
    if (sks) out.set([0x02, 0x06, 0, 0, ...sks], 8 + infoLen);
    return out;
  }
  const out = new Uint8Array(18);
  writeFields(out, 0, fixedSenseTable, {
    valid: options.information !== undefined,
    responseCode: deferred ? 0x71 : 0x70,
    key,
    information: options.information ?? 0,
    additionalLength: 10,
    asc,
    ascq,
    senseKeySpecific: sks ?? new Uint8Array(3),
  });
  return out;
}
