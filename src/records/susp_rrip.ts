/**
 * System Use Sharing Protocol (SUSP 1.12) and Rock Ridge (RRIP 1.10) entries, each a
 * field table plus a builder. Every entry starts with the SUSP header (SUSP 4.1): a
 * two-letter signature, the entry length and the entry version.
 *
 * @module
 */

import { type FieldTable, writeFields } from "./field_table.ts";
import { smallBytes } from "./small_bytes.ts";
import { writeDirDateTime, writeU32Both } from "./field_writer.ts";

/** SUSP entry header (SUSP 4.1.1–4.1.3). */
export const suspHeaderTable = {
  signature: { offset: 0, size: 2, type: "chars", clause: "SUSP 4.1.1" },
  length: { offset: 2, size: 1, type: "u8", clause: "SUSP 4.1.2" },
  version: { offset: 3, size: 1, type: "u8", clause: "SUSP 4.1.3" },
} as const satisfies FieldTable;

/** CE, continuation area pointer (SUSP 5.1). */
export const ceTable = {
  ...suspHeaderTable,
  block: { offset: 4, size: 8, type: "u32both", clause: "SUSP 5.1.4" },
  offset: { offset: 12, size: 8, type: "u32both", clause: "SUSP 5.1.5" },
  areaLength: { offset: 20, size: 8, type: "u32both", clause: "SUSP 5.1.6" },
} as const satisfies FieldTable;
/** Length of a CE entry. */
export const CE_LENGTH = 28;

/** SP, SUSP indicator, first entry of the root's "." record (SUSP 5.3). */
export const spTable = {
  ...suspHeaderTable,
  check: { offset: 4, size: 2, type: "bytes", clause: "SUSP 5.3.4 (BE EF)" },
  skip: { offset: 6, size: 1, type: "u8", clause: "SUSP 5.3.5" },
} as const satisfies FieldTable;

/** ER, extensions reference (SUSP 5.5); identifier, descriptor and source follow at 8. */
export const erTable = {
  ...suspHeaderTable,
  identifierLength: { offset: 4, size: 1, type: "u8", clause: "SUSP 5.5.4" },
  descriptorLength: { offset: 5, size: 1, type: "u8", clause: "SUSP 5.5.5" },
  sourceLength: { offset: 6, size: 1, type: "u8", clause: "SUSP 5.5.6" },
  extensionVersion: { offset: 7, size: 1, type: "u8", clause: "SUSP 5.5.7" },
} as const satisfies FieldTable;

/** RR, the RRIP 1.09 flags entry that older readers look for (RRIP 1.09 4.1.x). */
export const rrTable = {
  ...suspHeaderTable,
  flags: {
    offset: 4,
    size: 1,
    type: "u8",
    clause: "RRIP 1.09 (PX=1 PN=2 SL=4 NM=8 CL=16 PL=32 RE=64 TF=128)",
  },
} as const satisfies FieldTable;

/** PX, POSIX file attributes, RRIP 1.10 form without the serial number (RRIP 4.1.1). */
export const pxTable = {
  ...suspHeaderTable,
  mode: { offset: 4, size: 8, type: "u32both", clause: "RRIP 4.1.1 st_mode" },
  links: { offset: 12, size: 8, type: "u32both", clause: "RRIP 4.1.1 st_nlink" },
  uid: { offset: 20, size: 8, type: "u32both", clause: "RRIP 4.1.1 st_uid" },
  gid: { offset: 28, size: 8, type: "u32both", clause: "RRIP 4.1.1 st_gid" },
} as const satisfies FieldTable;

/** TF, time stamps in the 7-byte form (RRIP 4.1.6); here: modify, access, attributes. */
export const tfTable = {
  ...suspHeaderTable,
  flags: {
    offset: 4,
    size: 1,
    type: "u8",
    clause: "RRIP 4.1.6 (CREATION=1 MODIFY=2 ACCESS=4 ATTRIBUTES=8 LONG_FORM=128)",
  },
  modify: { offset: 5, size: 7, type: "dirDateTime", clause: "RRIP 4.1.6, ECMA-119 9.1.5" },
  access: { offset: 12, size: 7, type: "dirDateTime", clause: "RRIP 4.1.6, ECMA-119 9.1.5" },
  attributes: { offset: 19, size: 7, type: "dirDateTime", clause: "RRIP 4.1.6, ECMA-119 9.1.5" },
} as const satisfies FieldTable;

/** NM, alternate name (RRIP 4.1.4); the name bytes follow at 5. */
export const nmTable = {
  ...suspHeaderTable,
  flags: { offset: 4, size: 1, type: "u8", clause: "RRIP 4.1.4 (CONTINUE=1 CURRENT=2 PARENT=4)" },
} as const satisfies FieldTable;

/** SL, symbolic link (RRIP 4.1.3); component records follow at 5. */
export const slTable = {
  ...suspHeaderTable,
  flags: { offset: 4, size: 1, type: "u8", clause: "RRIP 4.1.3 (CONTINUE=1)" },
} as const satisfies FieldTable;

/** SL component record flags (RRIP 4.1.3.1). */
export const SlComponentFlags = { continue: 1, current: 2, parent: 4, root: 8 } as const;

/** POSIX file type bits used in PX st_mode. */
export const PosixType = { directory: 0o040000, file: 0o100000, symlink: 0o120000 } as const;

/** RRIP 1.10 extension identifier, descriptor and source written in the ER entry. */
export const RRIP_1991A = {
  identifier: "RRIP_1991A",
  descriptor:
    "THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS",
  source:
    "PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION.",
} as const;

/** The largest SUSP entry (its length field is one byte). */
const MAX_ENTRY = 255;

function entry(signature: string, length: number): Uint8Array {
  const buf = smallBytes(length);
  header(buf, 0, signature, length);
  return buf;
}

function header(buf: Uint8Array, at: number, signature: string, length: number): void {
  buf[at] = signature.charCodeAt(0); // SUSP 4.1.1
  buf[at + 1] = signature.charCodeAt(1);
  buf[at + 2] = length; // SUSP 4.1.2
  buf[at + 3] = 1; // SUSP 4.1.3
}

/** @returns The SP entry for the root's "." record. */
export function spEntry(): Uint8Array {
  const buf = entry("SP", 7);
  writeFields(buf, 0, spTable, { check: new Uint8Array([0xbe, 0xef]), skip: 0 });
  return buf;
}

/**
 * @param flags Which RRIP entries the record holds (see {@linkcode rrTable}).
 * @returns An RR entry.
 */
export function rrEntry(flags: number): Uint8Array {
  const buf = smallBytes(RR_LENGTH);
  writeRrEntry(buf, 0, flags);
  return buf;
}

/** Bytes of an RR entry. */
export const RR_LENGTH = 5;

/**
 * Write an RR entry in place (what {@linkcode rrEntry} returns).
 *
 * @param buf Destination.
 * @param at Offset of the entry's 5 bytes.
 * @param flags Which RRIP entries the record holds (see {@linkcode rrTable}).
 * @returns Bytes written.
 */
export function writeRrEntry(buf: Uint8Array, at: number, flags: number): number {
  header(buf, at, "RR", RR_LENGTH);
  buf[at + 4] = flags;
  return RR_LENGTH;
}

/**
 * @param mode Full st_mode (type and permission bits).
 * @param links Link count.
 * @param uid Owner.
 * @param gid Group.
 * @returns A 36-byte PX entry.
 */
export function pxEntry(mode: number, links: number, uid: number, gid: number): Uint8Array {
  const buf = smallBytes(PX_LENGTH);
  writePxEntry(buf, 0, mode, links, uid, gid);
  return buf;
}

/** Bytes of a PX entry. */
export const PX_LENGTH = 36;

/**
 * Write a PX entry in place (what {@linkcode pxEntry} returns).
 *
 * @param buf Destination.
 * @param at Offset of the entry's 36 bytes.
 * @param mode Full st_mode (type and permission bits).
 * @param links Link count.
 * @param uid Owner.
 * @param gid Group.
 * @returns Bytes written.
 */
export function writePxEntry(
  buf: Uint8Array,
  at: number,
  mode: number,
  links: number,
  uid: number,
  gid: number,
): number {
  header(buf, at, "PX", PX_LENGTH);
  // Hot path: the offsets of pxTable, written directly.
  writeU32Both(buf, at + pxTable.mode.offset, mode);
  writeU32Both(buf, at + pxTable.links.offset, links);
  writeU32Both(buf, at + pxTable.uid.offset, uid);
  writeU32Both(buf, at + pxTable.gid.offset, gid);
  return PX_LENGTH;
}

/**
 * @param modify Modification time.
 * @param access Access time.
 * @param attributes Status change time.
 * @returns A TF entry in the short form.
 */
export function tfEntry(modify: Date, access: Date, attributes: Date): Uint8Array {
  const buf = smallBytes(TF_LENGTH);
  writeTfEntry(buf, 0, modify, access, attributes);
  return buf;
}

/** Bytes of a TF entry in the short form with three times. */
export const TF_LENGTH = 26;

/**
 * Write a TF entry in place (what {@linkcode tfEntry} returns).
 *
 * @param buf Destination.
 * @param at Offset of the entry's 26 bytes.
 * @param modify Modification time.
 * @param access Access time.
 * @param attributes Status change time.
 * @returns Bytes written.
 */
export function writeTfEntry(
  buf: Uint8Array,
  at: number,
  modify: Date,
  access: Date,
  attributes: Date,
): number {
  header(buf, at, "TF", TF_LENGTH);
  buf[at + 4] = 0x0e; // modify, access, attributes (RRIP 4.1.6)
  // Hot path: the offsets of tfTable, written directly.
  writeDirDateTime(buf, at + tfTable.modify.offset, modify);
  writeDirDateTime(buf, at + tfTable.access.offset, access);
  writeDirDateTime(buf, at + tfTable.attributes.offset, attributes);
  return TF_LENGTH;
}

/**
 * @param block Logical block of the continuation area.
 * @param offset Byte offset of the area in the block.
 * @param length Length of the area.
 * @returns A CE entry.
 */
export function ceEntry(block: number, offset: number, length: number): Uint8Array {
  const buf = entry("CE", CE_LENGTH);
  writeFields(buf, 0, ceTable, { block, offset, areaLength: length });
  return buf;
}

/** @returns The ER entry declaring RRIP 1.10 (identifier RRIP_1991A). */
export function erEntry(): Uint8Array {
  const { identifier, descriptor, source } = RRIP_1991A;
  const buf = entry("ER", 8 + identifier.length + descriptor.length + source.length);
  writeFields(buf, 0, erTable, {
    identifierLength: identifier.length,
    descriptorLength: descriptor.length,
    sourceLength: source.length,
    extensionVersion: 1,
  });
  const text = identifier + descriptor + source;
  for (let i = 0; i < text.length; i++) buf[8 + i] = text.charCodeAt(i);
  return buf;
}

/**
 * NM entries for a name; names longer than one entry are split with the CONTINUE flag.
 *
 * @param name The name in UTF-8.
 * @returns One or more NM entries.
 */
export function nmEntries(name: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const room = MAX_ENTRY - 5;
  for (let at = 0; at < name.length || out.length === 0; at += room) {
    const part = name.subarray(at, at + room);
    const buf = entry("NM", 5 + part.length);
    buf[4] = at + room < name.length ? 1 : 0;
    buf.set(part, 5);
    out.push(buf);
  }
  return out;
}

/** The longest name one NM entry holds, in UTF-8 bytes. */
export const NM_NAME_ROOM = MAX_ENTRY - 5;

/**
 * Write the one NM entry of a name of at most {@linkcode NM_NAME_ROOM} bytes in place (what
 * {@linkcode nmEntries} returns for it), the name's bytes already at `at + 5`.
 *
 * @param buf Destination, holding the name at `at + 5`.
 * @param at Offset of the entry.
 * @param nameBytes Length of the name in UTF-8.
 * @returns Bytes of the entry.
 */
export function writeNmEntryAround(buf: Uint8Array, at: number, nameBytes: number): number {
  if (nameBytes > NM_NAME_ROOM) {
    throw new RangeError(`A name of ${nameBytes} bytes needs more than one NM entry`);
  }
  header(buf, at, "NM", 5 + nameBytes);
  buf[at + 4] = 0;
  return 5 + nameBytes;
}

/**
 * The bytes {@linkcode nmEntries} takes for a name, without building the entries.
 *
 * @param nameBytes Length of the name in UTF-8.
 * @returns Total length of its NM entries.
 */
export function nmEntriesLength(nameBytes: number): number {
  return nameBytes + 5 * Math.max(1, Math.ceil(nameBytes / (MAX_ENTRY - 5)));
}

/**
 * Split an NM entry in two: the head keeps `headLength` bytes of the name and gets the
 * CONTINUE flag (RRIP 4.1.4); the tail holds the rest with the original flags. Used to fill
 * a directory record before the rest of a long name goes to a continuation area, as
 * readers that stop at the first NM fragment (7-Zip) need.
 *
 * @param nm An NM entry.
 * @param headLength Name bytes to keep in the head (at least 1, fewer than the name).
 * @returns The head and the tail.
 */
export function splitNmEntry(nm: Uint8Array, headLength: number): [Uint8Array, Uint8Array] {
  const name = nm.subarray(5);
  const head = entry("NM", 5 + headLength);
  head[4] = nm[4]! | 1;
  head.set(name.subarray(0, headLength), 5);
  const tail = entry("NM", 5 + name.length - headLength);
  tail[4] = nm[4]!;
  tail.set(name.subarray(headLength), 5);
  return [head, tail];
}

/**
 * SL entries for a symlink target: one component record per path component, "/", "."
 * and ".." as flags; long components and long targets split with CONTINUE flags.
 *
 * @param target The link target.
 * @returns One or more SL entries.
 */
export function slEntries(target: string): Uint8Array[] {
  const utf8 = new TextEncoder();
  const components: { flags: number; bytes: Uint8Array }[] = [];
  if (target.startsWith("/")) {
    components.push({ flags: SlComponentFlags.root, bytes: new Uint8Array() });
  }
  for (const part of target.split("/")) {
    if (part === "") continue;
    if (part === ".") components.push({ flags: SlComponentFlags.current, bytes: new Uint8Array() });
    else if (part === "..") {
      components.push({ flags: SlComponentFlags.parent, bytes: new Uint8Array() });
    } else components.push({ flags: 0, bytes: utf8.encode(part) });
  }
  const entries: Uint8Array[] = [];
  let body: number[] = [];
  const flush = (more: boolean) => {
    const buf = entry("SL", 5 + body.length);
    buf[4] = more ? 1 : 0;
    buf.set(body, 5);
    entries.push(buf);
    body = [];
  };
  for (const c of components) {
    let rest = c.bytes;
    do {
      if (MAX_ENTRY - 5 - body.length < 3) flush(true);
      const room = MAX_ENTRY - 5 - body.length - 2;
      const part = rest.subarray(0, room);
      rest = rest.subarray(part.length);
      body.push(c.flags | (rest.length > 0 ? SlComponentFlags.continue : 0), part.length, ...part);
    } while (rest.length > 0);
  }
  flush(false);
  return entries;
}
