/**
 * The buffers of `IOCTL_CDROM_EXCLUSIVE_ACCESS` (ntddcdrm.h; mmc.md 2.4): a query of the
 * lock state, a lock request carrying the caller's name, and an unlock request. Pure.
 *
 * @module
 */

import { type FieldTable, readField, writeFields } from "../../src/records/field_table.ts";

const H = "ntddcdrm.h";

/** `CDROM_EXCLUSIVE_ACCESS` (8 bytes): the request type and flags. */
export const EXCLUSIVE_ACCESS_TABLE = {
  requestType: {
    offset: 0,
    size: 4,
    type: "u32le",
    clause: `${H} CDROM_EXCLUSIVE_ACCESS.RequestType (EXCLUSIVE_ACCESS_REQUEST_TYPE)`,
  },
  flags: { offset: 4, size: 4, type: "u32le", clause: `${H} CDROM_EXCLUSIVE_ACCESS.Flags` },
} as const satisfies FieldTable;

/** `CDROM_EXCLUSIVE_LOCK` (72 bytes): the access header and a NUL-terminated caller name. */
export const EXCLUSIVE_LOCK_TABLE = {
  ...EXCLUSIVE_ACCESS_TABLE,
  callerName: {
    offset: 8,
    size: 64,
    type: "bytes",
    clause: `${H} CDROM_EXCLUSIVE_LOCK.CallerName[CDROM_EXCLUSIVE_CALLER_LENGTH]`,
  },
} as const satisfies FieldTable;

/** `CDROM_EXCLUSIVE_LOCK_STATE` (65 bytes): the answer to a query. */
export const EXCLUSIVE_LOCK_STATE_TABLE = {
  lockState: {
    offset: 0,
    size: 1,
    type: "u8",
    clause: `${H} CDROM_EXCLUSIVE_LOCK_STATE.LockState`,
  },
  callerName: {
    offset: 1,
    size: 64,
    type: "bytes",
    clause: `${H} CDROM_EXCLUSIVE_LOCK_STATE.CallerName`,
  },
} as const satisfies FieldTable;

/** `EXCLUSIVE_ACCESS_REQUEST_TYPE` values. */
export const ExclusiveRequest = {
  /** ExclusiveAccessQueryState. */
  query: 0,
  /** ExclusiveAccessLockDevice. */
  lock: 1,
  /** ExclusiveAccessUnlockDevice. */
  unlock: 2,
} as const;

/** Buffer sizes. */
export const ExclusiveSize = { access: 8, lock: 72, lockState: 65 } as const;

/**
 * A query, lock or unlock request.
 *
 * @param request One of {@linkcode ExclusiveRequest}.
 * @param callerName For a lock: who holds it (ASCII, at most 63 characters).
 * @returns The input buffer (8 bytes, or 72 for a lock).
 * @example
 * ```ts
 * import { encodeExclusiveRequest, ExclusiveRequest } from "./cdrom_exclusive_access.ts";
 * const b = encodeExclusiveRequest(ExclusiveRequest.lock, "kiln");
 * if (b.length !== 72 || b[0] !== 1 || b[8] !== 0x6b || b[12] !== 0) throw new Error();
 * ```
 */
export function encodeExclusiveRequest(request: number, callerName = ""): Uint8Array<ArrayBuffer> {
  if (request !== ExclusiveRequest.lock) {
    const buf = new Uint8Array(new ArrayBuffer(ExclusiveSize.access));
    writeFields(buf, 0, EXCLUSIVE_ACCESS_TABLE, { requestType: request, flags: 0 });
    return buf;
  }
  if (!/^[\x20-\x7e]{1,63}$/.test(callerName)) {
    throw new RangeError(
      `Cannot lock the drive as ${
        JSON.stringify(callerName)
      }: the name must be 1 to 63 ASCII characters`,
    );
  }
  const buf = new Uint8Array(new ArrayBuffer(ExclusiveSize.lock));
  const name = new Uint8Array(64);
  for (let i = 0; i < callerName.length; i++) name[i] = callerName.charCodeAt(i);
  writeFields(buf, 0, EXCLUSIVE_LOCK_TABLE, { requestType: request, flags: 0, callerName: name });
  return buf;
}

/**
 * Decode the answer to a query.
 *
 * @param state The 65-byte output buffer.
 * @returns Whether the drive is locked, and by whom.
 */
export function decodeExclusiveState(state: Uint8Array): { locked: boolean; callerName: string } {
  const locked = readField(state, 0, EXCLUSIVE_LOCK_STATE_TABLE.lockState) !== 0;
  const raw = readField(state, 0, EXCLUSIVE_LOCK_STATE_TABLE.callerName) as Uint8Array;
  const end = raw.indexOf(0);
  return {
    locked,
    callerName: String.fromCharCode(...raw.subarray(0, end < 0 ? raw.length : end)),
  };
}
