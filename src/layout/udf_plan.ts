/**
 * Planning the UDF side of a bridge image: names, unique ids and the partition blocks of
 * every UDF structure. File data is not planned here: UDF allocation descriptors point at
 * the same blocks the ISO 9660 records use, so each file is stored once.
 *
 * Volume layout (sectors): the volume recognition sequence follows the ISO 9660
 * terminator (ECMA-167 2/8.3); main volume descriptor sequence at 32, reserve at 48,
 * integrity sequence at 64, anchors at 256 and at the last sector (ECMA-167 3/8.4.2.1);
 * the partition starts at 257 and ends before the last anchor. Its blocks 0 and 1 hold the
 * file set descriptor and its terminator (pycdlib 1.12 looks for them there, not where the
 * logical volume descriptor says); the file data follows from block 2 (see
 * `layout_plan.ts`), then the ISO 9660 structures; the directories and file entries
 * planned here start where those end (`contentStart`).
 *
 * UDF 2.50 and 2.60 add a metadata partition (UDF 2.2.10, 2.2.13): the file set, every
 * file entry and every directory live in the metadata file, whose extent the physical
 * partition holds; file data stays in the physical partition, shared with ISO 9660. The
 * physical partition then starts at 288 so that blocks aligned to the 32-block alignment
 * unit are aligned sectors too (a BD ECC cluster is 32 sectors). Its blocks 0 and 1 hold
 * the entries of the metadata file and of its mirror; the file data follows from block 2,
 * then the ISO 9660 structures; from the next aligned block after `contentStart` the
 * mirror's extent, a byte-identical copy, then the metadata file's extent (the metadata
 * partition: file set at its block 0, as older revisions have it at the partition start).
 *
 * Why the mirror before the main copy, and the UDF structures last: 7-Zip (26) finds a UDF
 * volume's end by skipping zero sectors after the last extent it read (it does not read
 * the mirror) up to the last anchor, and calls anything else "Headers Error". What it reads
 * last must be what ends the volume before the anchor.
 *
 * @module
 */

import { InvalidInputError } from "../model/errors.ts";
import { compressedUnicode, fileIdentifierLength } from "../records/ecma167.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import type {
  PlannedDirectory,
  PlannedFile,
  PlannedNode,
  PlannedSymlink,
  PlannedTree,
} from "./plan_tree.ts";
import { embeddedRoom, symlinkComponents } from "./udf_icb.ts";
import { identifierFor, plainIdentifier } from "./udf_identifier.ts";

import type { UdfRevision } from "../model/master_options.ts";

/** Revisions kiln writes. */
export const WRITABLE_UDF_REVISIONS: readonly UdfRevision[] = [
  "1.02",
  "1.50",
  "2.00",
  "2.01",
  "2.50",
  "2.60",
];

/** Allocation and alignment unit of the metadata file, in blocks (UDF 2.2.10). */
export const METADATA_UNIT = 32;

/** The metadata partition of a UDF 2.50/2.60 volume (UDF 2.2.10, 2.2.13). */
export interface MetadataPlan {
  /** Physical partition block of the metadata file's entry. */
  readonly fileBlock: number;
  /** Physical partition block where the metadata file's extent (metadata block 0) starts. */
  readonly start: number;
  /** Blocks of the metadata partition, a multiple of {@linkcode METADATA_UNIT}. */
  readonly blocks: number;
  /** Physical partition block of the mirror file's entry. */
  readonly mirrorFileBlock: number;
  /** Physical partition block of the mirror file's extent. */
  readonly mirrorStart: number;
  /** Unique ids of the metadata file and of its mirror (UDF 3.2.1.1: unique among entries). */
  readonly uniqueIds: readonly [number, number];
}

/** Where one node's file entry lives in the UDF partition, and the name it is recorded under. */
export interface UdfPlace {
  /** Block of its file entry. */
  readonly feBlock: number;
  /** UDF unique id (UDF 3.2.1.1: 0 for the root, 16 and up for the rest). */
  readonly uniqueId: number;
  /**
   * File identifier text (the node's name unless UDF needed another), recorded in OSTA
   * compressed unicode by {@linkcode udfIdentifier}.
   */
  readonly identifier: string;
  /** Record the identifier with compression id 8 (long ASCII names); otherwise 16. */
  readonly narrow: boolean;
}

/**
 * A directory's place, its identifiers' extent, and where its children's entries and ids
 * start: files and symlinks keep no plan object of their own (a million of them would take
 * 150 MiB); {@linkcode udfChildren} works their places out from these.
 */
export interface UdfDirectoryPlan extends UdfPlace {
  /** Block of its file entry. */
  feBlock: number;
  /** UDF unique id. */
  uniqueId: number;
  /** First block of its identifiers. */
  dataBlock: number;
  /** Bytes of its identifiers. */
  dataLength: number;
  /** Unique id of its first child; the children's ids follow in record order. */
  firstChildId: number;
  /** Entry block of its first file or symlink; the rest follow in record order. */
  firstLeafBlock: number;
}

/** A file or symlink with its place. */
export interface UdfLeaf extends UdfPlace {
  /** The node. */
  readonly node: PlannedFile | PlannedSymlink;
}

/** A child of a directory with its place (the same object as the plan's for a directory). */
export interface UdfChild {
  /** The node. */
  readonly node: PlannedNode;
  /** Its place. */
  readonly place: UdfPlace;
}

/**
 * A node's file identifier bytes (ECMA-167 4/14.4.8, UDF 2.1.1).
 *
 * @param n The node's place.
 * @returns OSTA compressed unicode.
 */
export function udfIdentifier(n: UdfPlace): Uint8Array {
  return compressedUnicode(n.identifier, !n.narrow);
}

/** Bytes {@linkcode udfIdentifier} returns for a non-empty identifier. */
function identifierLength(text: string, narrow: boolean): number {
  return 1 + text.length * (narrow ? 1 : 2);
}

/** The UDF plan. */
export interface UdfPlan {
  /** Revision as BCD (0x0102 … 0x0260): domain identifier suffix, minimum write revision. */
  readonly revision: number;
  /**
   * Minimum read revision (UDF 2.2.6.4) as BCD: the revision, except 0x0250 for 2.60, which
   * UDF 2.50 readers read unless pseudo-overwrite is used (kiln's volumes are read-only).
   */
  readonly minReadRevision: number;
  /** Extended file entries (ECMA-167 4/14.17) instead of file entries (4/14.9). */
  readonly extendedEntries: boolean;
  /** The metadata partition (2.50, 2.60); node blocks count from its start when present. */
  readonly metadata: MetadataPlan | undefined;
  /** Descriptor tag version: 2 (NSR02, UDF 1.02/1.50) or 3 (NSR03, 2.00+). */
  readonly descriptorVersion: 2 | 3;
  /** First sector of the volume recognition sequence. */
  readonly vrsLba: number;
  /** Main volume descriptor sequence. */
  readonly mainVdsLba: number;
  /** Reserve volume descriptor sequence. */
  readonly reserveVdsLba: number;
  /** Logical volume integrity sequence. */
  readonly integrityLba: number;
  /** First anchor. */
  readonly anchorLba: number;
  /** First sector of the partition. */
  readonly partitionStart: number;
  /** Blocks in the partition (set once the image size is known). */
  partitionLength: number;
  /** Last anchor (set once the image size is known). */
  lastAnchorLba: number;
  /**
   * Placement of every directory, in the metadata partition if any, else the physical one
   * (files and symlinks: {@linkcode udfChildren}, {@linkcode udfLeaves}).
   */
  readonly directoryPlans: Map<PlannedDirectory, UdfDirectoryPlan>;
  /**
   * Identifiers of files and symlinks that UDF records other than as their name, wide: by
   * directory, then by position in its record order.
   */
  readonly renamed: Map<PlannedDirectory, Map<number, { identifier: string; narrow: boolean }>>;
  /** Directories in block order. */
  readonly directories: PlannedDirectory[];
  /** How many files and symlinks. */
  readonly leafCount: number;
  /** Next free unique id. */
  readonly nextUniqueId: number;
  /**
   * Block of the first directory's entry in its partition: 2 in the metadata partition
   * (after the file set), `contentStart` in the physical partition.
   */
  readonly directoriesBlock: number;
  /**
   * One past the last block of the entries and directories, in their partition (the
   * metadata partition's used part, or the physical partition's).
   */
  readonly contentBlocks: number;
  /** One past the last block of the UDF structures in the physical partition. */
  readonly blocks: number;
}

/** Blocks at the start of the physical partition before the file data (see above). */
export const UDF_HEAD_BLOCKS = 2;

/**
 * The physical partition's first sector for a revision.
 *
 * @param revision UDF revision.
 * @returns The sector.
 */
export function udfPartitionStart(revision: UdfRevision): number {
  return Number.parseInt(revision.replace(".", ""), 16) >= 0x0250
    ? METADATA_PARTITION_START
    : ANCHOR + 1;
}

/** The physical partition's first sector with a metadata partition (aligned, see above). */
const METADATA_PARTITION_START = 288;

/** Volume structure sectors (ECMA-167 and UDF 2.2.3 leave the choice; these match mkisofs). */
const MAIN_VDS = 32;
const RESERVE_VDS = 48;
const INTEGRITY = 64;
const ANCHOR = 256;
/**
 * Plan the UDF structures.
 *
 * @param tree The planned hierarchy.
 * @param revision UDF revision.
 * @param vrsLba First sector after the ISO 9660 descriptor set.
 * @param strict Refuse names UDF cannot hold instead of shortening them.
 * @param contentStart Physical partition block where the UDF directories and entries start
 *   (after the file data and the ISO 9660 structures).
 * @returns The plan; its structures end before block `blocks` of the partition.
 */
export function planUdf(
  tree: PlannedTree,
  revision: UdfRevision,
  vrsLba: number,
  strict: boolean,
  contentStart: number,
): UdfPlan {
  if (!WRITABLE_UDF_REVISIONS.includes(revision)) {
    throw new InvalidInputError(
      `Cannot write UDF ${revision}: kiln writes UDF ${WRITABLE_UDF_REVISIONS.join(", ")}`,
    );
  }
  const bcd = Number.parseInt(revision.replace(".", ""), 16);
  const root: UdfDirectoryPlan = {
    feBlock: 0,
    uniqueId: 0,
    identifier: "",
    narrow: false,
    dataBlock: 0,
    dataLength: 0,
    firstChildId: 0,
    firstLeafBlock: 0,
  };
  const directoryPlans = new Map<PlannedDirectory, UdfDirectoryPlan>([[tree.root, root]]);
  const renamed = new Map<PlannedDirectory, Map<number, { identifier: string; narrow: boolean }>>();
  const extendedEntries = bcd >= 0x0250;
  // Blocks 0 and 1 of the metadata partition: the file set and its terminating descriptor.
  const directoriesBlock = extendedEntries ? 2 : contentStart;
  let block = directoriesBlock;
  let uniqueId = 16;
  let leafCount = 0;
  const directories = tree.isoDirectories;
  for (const dir of directories) {
    const own = directoryPlans.get(dir)!;
    own.firstChildId = uniqueId;
    own.firstLeafBlock = leafCount; // relative until the directories' blocks are known
    // Identifiers taken, from the first name that must be shortened on (see plainIdentifier).
    let used: Set<string> | undefined;
    let bytes = fileIdentifierLength(0);
    const children = dir.isoChildren;
    for (let k = 0; k < children.length; k++) {
      const child = children[k]!;
      const name = child.entry.name;
      let ident = used ? undefined : plainIdentifier(name);
      if (!ident) {
        used ??= new Set(children.slice(0, k).map((c) => c.entry.name));
        ident = identifierFor(name, used, child, strict);
      }
      const { text, narrow } = ident;
      bytes += fileIdentifierLength(identifierLength(text, narrow));
      const id = uniqueId++;
      if (child.kind === "directory") {
        directoryPlans.set(child, {
          feBlock: 0,
          uniqueId: id,
          identifier: text,
          narrow,
          dataBlock: 0,
          dataLength: 0,
          firstChildId: 0,
          firstLeafBlock: 0,
        });
        continue;
      }
      leafCount++;
      if (narrow || text !== name) {
        const mine = renamed.get(dir) ?? new Map();
        renamed.set(dir, mine.set(k, { identifier: text, narrow }));
      }
      if (child.kind !== "symlink") continue;
      const linkBytes = symlinkComponents(child.entry.target).length;
      const room = embeddedRoom(extendedEntries);
      if (linkBytes > room) {
        throw new InvalidInputError(
          `Cannot add symlink "${child.path}" to UDF ${revision}: its target takes ${linkBytes} bytes of path components, and its entry holds ${room}`,
          { path: child.path },
        );
      }
    }
    own.feBlock = block++;
    own.dataBlock = block;
    own.dataLength = bytes;
    block += Math.ceil(bytes / SECTOR_SIZE);
  }
  for (const own of directoryPlans.values()) own.firstLeafBlock += block;
  block += leafCount;
  const metaBlocks = Math.ceil(block / METADATA_UNIT) * METADATA_UNIT;
  const mirrorStart = Math.ceil(contentStart / METADATA_UNIT) * METADATA_UNIT;
  const metadata = bcd >= 0x0250
    ? {
      fileBlock: 0,
      mirrorFileBlock: 1,
      start: mirrorStart + metaBlocks,
      blocks: metaBlocks,
      mirrorStart,
      uniqueIds: [uniqueId++, uniqueId++] as const,
    }
    : undefined;
  return {
    revision: bcd,
    minReadRevision: Math.min(bcd, 0x0250),
    extendedEntries,
    metadata,
    descriptorVersion: bcd >= 0x0200 ? 3 : 2,
    vrsLba,
    mainVdsLba: MAIN_VDS,
    reserveVdsLba: RESERVE_VDS,
    integrityLba: INTEGRITY,
    anchorLba: ANCHOR,
    partitionStart: udfPartitionStart(revision),
    partitionLength: 0,
    lastAnchorLba: 0,
    directoryPlans,
    renamed,
    directories,
    leafCount,
    nextUniqueId: uniqueId,
    directoriesBlock,
    contentBlocks: block,
    blocks: metadata ? metadata.start + metadata.blocks : block,
  };
}

/**
 * A directory's children in record order, each with its UDF place: a directory's is its
 * plan; a file's or symlink's is worked out from the directory's first id and entry block.
 *
 * @param u The UDF plan.
 * @param dir A directory of the plan.
 * @returns The children, with their places.
 */
export function* udfChildren(u: UdfPlan, dir: PlannedDirectory): Generator<UdfChild> {
  const own = u.directoryPlans.get(dir)!;
  const renamed = u.renamed.get(dir);
  let leaf = own.firstLeafBlock;
  const block = dir.entry.children.block;
  const count = dir.isoChildCount;
  for (let k = 0; k < count; k++) {
    const node = dir.isoChildAt(k);
    const uniqueId = own.firstChildId + k;
    if (node.kind === "directory") {
      yield { node, place: u.directoryPlans.get(node)! };
      continue;
    }
    const name = renamed?.get(k);
    // A block's file gives its name without making its entry.
    const p = name || !block ? -1 : dir.blockPositionAt(k);
    const place = {
      feBlock: leaf++,
      uniqueId,
      identifier: name?.identifier ?? (p >= 0 ? block!.nameAt(p) : node.entry.name),
      narrow: name?.narrow ?? false,
    };
    yield { node, place };
  }
}

/**
 * Every file and symlink with its place, in entry block order.
 *
 * @param u The UDF plan.
 * @returns The leaves.
 */
export function* udfLeaves(u: UdfPlan): Generator<UdfLeaf> {
  for (const dir of u.directories) {
    for (const { node, place } of udfChildren(u, dir)) {
      if (node.kind !== "directory") yield { ...place, node };
    }
  }
}
