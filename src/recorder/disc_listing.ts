/**
 * List the files of an ISO 9660 volume read back through a drive: the volume descriptors
 * from sector 16 of the session, then the directory tree of the Joliet view when there is
 * one (its names are the true names up to 64 characters), else of the ISO 9660 view (with
 * the `;1` version suffixes dropped). Reads with the same ECMA-119 field tables the writer
 * uses. This is what `kiln burn` shows after a burn; it is a listing, not a full image
 * reader (no Rock Ridge, no UDF).
 *
 * @module
 */

import { readField } from "../records/field_table.ts";
import {
  DIRECTORY_RECORD_IDENTIFIER_OFFSET,
  directoryRecordTable,
  FileFlags,
  FIRST_DESCRIPTOR_LBA,
  JOLIET_ESCAPE,
  jolietDescriptorTable,
  SECTOR_SIZE,
  volumeDescriptorTable,
  VolumeDescriptorType,
} from "../records/ecma119.ts";

/** Reads `count` 2048-byte sectors from `lba`. */
export type SectorReader = (lba: number, count: number) => Promise<Uint8Array>;

/** One file or folder on the disc. */
export interface DiscEntry {
  /** Path from the root, "/"-separated. */
  readonly path: string;
  /** Folder or file. */
  readonly kind: "directory" | "file";
  /** Bytes (files; multi-extent files summed). */
  readonly size: number;
}

/** What {@linkcode listDisc} found. */
export interface DiscListing {
  /** The volume label (Joliet's when listed from Joliet). */
  readonly volumeId: string;
  /** Which view was listed. */
  readonly view: "joliet" | "iso9660";
  /** Volume space size in sectors (PVD). */
  readonly volumeSectors: number;
  /** Every entry, parents before children. */
  readonly entries: readonly DiscEntry[];
}

/** Options of {@linkcode listDisc}. */
export interface ListDiscOptions {
  /** First LBA of the session holding the volume (default 0). */
  readonly sessionStart?: number;
  /** Stop after this many entries (default 100 000). */
  readonly maxEntries?: number;
}

const utf16be = new TextDecoder("utf-16be");
const latin1 = new TextDecoder("latin1");

function isJoliet(vd: Uint8Array): boolean {
  const esc = readField(vd, 0, volumeDescriptorTable.escapeSequences) as Uint8Array;
  return esc[0] === JOLIET_ESCAPE[0] && esc[1] === JOLIET_ESCAPE[1] &&
    [0x40, 0x43, 0x45].includes(esc[2]!);
}

/**
 * List the files of the ISO 9660 volume of a session.
 *
 * @param read Reads sectors (through the drive).
 * @param options Where the session starts.
 * @returns The volume label and the entries; undefined when there is no ISO 9660 volume.
 * @throws What `read` throws.
 */
export async function listDisc(
  read: SectorReader,
  options: ListDiscOptions = {},
): Promise<DiscListing | undefined> {
  const start = options.sessionStart ?? 0;
  let primary: Uint8Array | undefined;
  let joliet: Uint8Array | undefined;
  for (let i = 0; i < 16; i++) {
    const vd = await read(start + FIRST_DESCRIPTOR_LBA + i, 1);
    if (readField(vd, 0, volumeDescriptorTable.standardId) !== "CD001") break;
    const type = vd[0];
    if (type === VolumeDescriptorType.primary) primary ??= vd;
    else if (type === VolumeDescriptorType.supplementary && isJoliet(vd)) joliet ??= vd;
    else if (type === VolumeDescriptorType.terminator) break;
  }
  if (!primary) return undefined;
  const vd = joliet ?? primary;
  const root = readField(vd, 0, volumeDescriptorTable.rootDirectoryRecord) as Uint8Array;
  const rootExtent = readField(root, 0, directoryRecordTable.extent) as number;
  // An image mastered for LBA 0 but written at a later session start has extents relative
  // to its own start; one mastered for its place (xorriso -C) has absolute extents.
  const base = rootExtent < start ? start : 0;
  const name = (id: Uint8Array) =>
    joliet ? utf16be.decode(id) : latin1.decode(id).replace(/;\d+$/, "").replace(/\.$/, "");
  const entries: DiscEntry[] = [];
  const max = options.maxEntries ?? 100_000;
  const queue: { path: string; extent: number; size: number }[] = [{
    path: "",
    extent: rootExtent,
    size: readField(root, 0, directoryRecordTable.dataLength) as number,
  }];
  const seen = new Set<number>();
  while (queue.length > 0 && entries.length < max) {
    const dir = queue.shift()!;
    if (seen.has(dir.extent)) continue;
    seen.add(dir.extent);
    const sectors = Math.ceil(dir.size / SECTOR_SIZE);
    const data = await read(base + dir.extent, sectors);
    const files = new Map<string, number>();
    for (let at = 0; at < dir.size;) {
      const len = data[at] ?? 0;
      if (len === 0) {
        at = (Math.floor(at / SECTOR_SIZE) + 1) * SECTOR_SIZE;
        continue;
      }
      const idLen = readField(data, at, directoryRecordTable.identifierLength) as number;
      const id = data.subarray(
        at + DIRECTORY_RECORD_IDENTIFIER_OFFSET,
        at + DIRECTORY_RECORD_IDENTIFIER_OFFSET + idLen,
      );
      const flags = readField(data, at, directoryRecordTable.flags) as number;
      const extent = readField(data, at, directoryRecordTable.extent) as number;
      const size = readField(data, at, directoryRecordTable.dataLength) as number;
      at += len;
      if (idLen === 1 && (id[0] === 0 || id[0] === 1)) continue;
      const path = `${dir.path}/${name(id)}`;
      if (flags & FileFlags.directory) {
        entries.push({ path, kind: "directory", size: 0 });
        queue.push({ path, extent, size });
      } else {
        files.set(path, (files.get(path) ?? 0) + size);
      }
    }
    for (const [path, size] of files) entries.push({ path, kind: "file", size });
  }
  const label = joliet
    ? readField(joliet, 0, jolietDescriptorTable.volumeId) as string
    : readField(primary, 0, volumeDescriptorTable.volumeId) as string;
  return {
    volumeId: label.replace(/[\s\0]+$/, ""),
    view: joliet ? "joliet" : "iso9660",
    volumeSectors: readField(primary, 0, volumeDescriptorTable.volumeSpaceSize) as number,
    entries,
  };
}
