/**
 * Planning step one: turn the model tree into the directory hierarchy each view records,
 * with mapped names, record order (ECMA-119 9.3) and path-table order (ECMA-119 9.4:
 * by level, then parent number, then identifier).
 *
 * Deep trees: directories deeper than the 8 levels of ECMA-119 6.8.2.1 are recorded where
 * they are, as `xorriso -compliance deep_paths` does, instead of being relocated to an
 * `rr_moved` folder. Linux, Windows (through Joliet), 7-Zip, isoinfo and pycdlib read such
 * trees; the report lists each directory past level 8.
 *
 * @module
 */

import type { ChildBlock } from "../model/directory_children.ts";
import type {
  DirectoryEntry,
  FileEntry,
  NodeMeta,
  SymlinkEntry,
  TreeEntry,
} from "../model/file_tree.ts";
import { compareIsoIdentifiers, mapIsoNamesOf } from "../model/iso_names.ts";
import {
  compareJolietIdentifiers,
  type JolietAdaptation,
  mapJolietNames,
} from "../model/joliet_names.ts";
import type { ResolvedMasterOptions } from "../model/master_options.ts";
import { InvalidInputError } from "../model/errors.ts";
import { BlockFileColumns, PlanFileNumbers } from "./block_file_columns.ts";
import { type PlannedChild, PlannedDirectoryNode } from "./planned_directory_node.ts";
import {
  BlockPlannedFileNode,
  childPath,
  LinkedPlannedFileNode,
  PlannedFileNode,
} from "./planned_file_nodes.ts";

/** A file placed in the plan. */
export interface PlannedFile {
  /** Discriminator. */
  readonly kind: "file";
  /** The model entry. */
  readonly entry: FileEntry;
  /** The directory it is recorded in. */
  readonly parent: PlannedDirectory;
  /** True path inside the image (made from the parent's path when read). */
  readonly path: string;
  /** ISO 9660 identifier (`NAME.EXT;1`). */
  isoId: string;
  /** Joliet identifier, when the image has Joliet. */
  jolietId: string;
  /** First logical block of the data; shared by hard links. Set by the layout pass. */
  extent: number;
  /** Link count recorded in Rock Ridge PX (members of its hard-link family in the image). */
  readonly links: number;
  /** Another file of the same hard-link family that carries the data, if any. */
  readonly dataOwner: PlannedFile | undefined;
  /** Placed by the layout outside the data area (the boot catalog). */
  fixedExtent?: boolean;
  /** Changes the bytes as they go into the image (the boot info table); sources stay untouched. */
  patch?: (bytes: Uint8Array) => void;
}

/** A symbolic link (Rock Ridge only). */
export interface PlannedSymlink {
  /** Discriminator. */
  readonly kind: "symlink";
  /** The model entry. */
  readonly entry: SymlinkEntry;
  /** True path inside the image. */
  readonly path: string;
  /** ISO 9660 identifier of the zero-length file standing for the link. */
  isoId: string;
}

/** A directory placed in the plan. */
export interface PlannedDirectory {
  /** Discriminator. */
  readonly kind: "directory";
  /** The model entry. */
  readonly entry: DirectoryEntry;
  /** True path inside the image ("/" for the root). */
  readonly path: string;
  /** Parent directory (the root is its own parent, ECMA-119 6.8.2). */
  parent: PlannedDirectory;
  /** Level in the hierarchy; the root is 1. */
  readonly level: number;
  /** ISO 9660 identifier. */
  isoId: string;
  /** Joliet identifier. */
  jolietId: string;
  /** Children recorded in the ISO 9660 tree, in record order (made when read). */
  readonly isoChildren: readonly PlannedNode[];
  /** How many children it records in the ISO 9660 tree. */
  readonly isoChildCount: number;
  /**
   * The child at a position of the ISO record order.
   *
   * @param position The position.
   * @returns The child.
   */
  isoChildAt(position: number): PlannedNode;
  /**
   * Make the child at a position one lasting object, so that what is set on it stays (a
   * file of a block of children is otherwise made anew at every read).
   *
   * @param position The position in the ISO record order.
   * @returns The child.
   */
  keep(position: number): PlannedNode;
  /**
   * Where the child at a position of the ISO record order is in the directory's block of
   * children, when it is a file of the block with no object of its own (nothing was set on
   * it but what {@linkcode BlockFileColumns} keeps): a reader of many files can then read
   * them from the block and the columns without making an object for each.
   *
   * @param position The position.
   * @returns The position in the block, or -1 when the child is an object.
   */
  blockPositionAt(position: number): number;
  /** How many of its children are directories. */
  readonly subdirectories: number;
  /** What the plan keeps for the files of its block of children, if it has one. */
  readonly blockFiles: BlockFileColumns | undefined;
  /** Children recorded in the Joliet tree, in record order (made when read). */
  readonly jolietChildren: readonly (PlannedFile | PlannedDirectory)[];
  /** How many children it records in the Joliet tree. */
  readonly jolietChildCount: number;
  /**
   * Where the Joliet record at a position is in the ISO record order (the same child).
   *
   * @param position The position in the Joliet record order.
   * @returns The position in the ISO record order.
   */
  jolietPositionAt(position: number): number;
  /** Path table number in the ISO tree (1-based). */
  isoNumber: number;
  /** Path table number in the Joliet tree (1-based). */
  jolietNumber: number;
  /** Extent and size (bytes) of the ISO directory; set by the layout pass. */
  isoExtent: number;
  /** Size in bytes of the ISO directory extent. */
  isoSize: number;
  /** Extent of the Joliet directory. */
  jolietExtent: number;
  /** Size in bytes of the Joliet directory extent. */
  jolietSize: number;
}

/** Any planned node. */
export type PlannedNode = PlannedFile | PlannedSymlink | PlannedDirectory;

/** The hierarchy each view records. */
export interface PlannedTree {
  /** Root directory. */
  readonly root: PlannedDirectory;
  /** ISO directories in path-table order. */
  readonly isoDirectories: PlannedDirectory[];
  /** Joliet directories in path-table order. */
  readonly jolietDirectories: PlannedDirectory[];
  /** How many files ({@linkcode plannedFiles} lists them). */
  readonly fileCount: number;
  /** Names adapted for Joliet. */
  readonly jolietAdaptations: JolietAdaptation[];
  /** Paths left out of a view, with the reason. */
  readonly omissions: { path: string; reason: string }[];
  /** Directories deeper than ECMA-119's 8 levels. */
  readonly deepDirectories: string[];
}

function breadthFirst(
  root: PlannedDirectory,
  children: (d: PlannedDirectory) => readonly PlannedNode[],
): PlannedDirectory[] {
  const out: PlannedDirectory[] = [root];
  for (let i = 0; i < out.length; i++) {
    for (const child of children(out[i]!)) if (child.kind === "directory") out.push(child);
  }
  return out;
}

/**
 * Build the per-view hierarchy of a model tree.
 *
 * @param root The model's root directory.
 * @param options Resolved options (level, Joliet, Rock Ridge, strict names).
 * @returns The planned tree.
 */
export function planTree(
  root: DirectoryEntry,
  options: ResolvedMasterOptions,
  extras: ReadonlyMap<string, FileEntry> = new Map(),
): PlannedTree {
  const pending = new Map(extras);
  const omissions: { path: string; reason: string }[] = [];
  const deepDirectories: string[] = [];
  const jolietAdaptations: JolietAdaptation[] = [];
  const families = new Map<string, LinkedPlannedFileNode[]>();
  const planRoot = new PlannedDirectoryNode(root, "/", undefined, 1);
  planRoot.isoId = "\0";
  planRoot.jolietId = "\0";
  const queue: PlannedDirectoryNode[] = [planRoot];
  const numbers = new PlanFileNumbers();
  for (let q = 0; q < queue.length; q++) {
    const dir = queue[q]!;
    const nodes: (PlannedFile | PlannedSymlink | PlannedDirectoryNode)[] = [];
    const names: string[] = []; // each node's true name
    const add = (child: TreeEntry, blockIndex: number) => {
      const node = planNode(child, dir, omissions, options, blockIndex);
      if (!node) return;
      nodes.push(node);
      names.push(child.name);
      if (node.kind === "directory") {
        queue.push(node);
        if (node.level > 8) deepDirectories.push(node.path);
      } else if (node instanceof LinkedPlannedFileNode) {
        const family = families.get(node.inode) ?? [];
        family.push(node);
        families.set(node.inode, family);
      }
    };
    const children = dir.entry.children;
    const block = children.block;
    if (block) {
      dir.blockFiles = new BlockFileColumns(block.size, numbers, block, options.isoLevel);
      // A plain file of the block is only its position: no entry, no source made for it.
      const plain = block.plainFileAt?.bind(block);
      for (let i = 0; i < block.size; i++) {
        if (plain?.(i)) {
          nodes.push(new BlockPlannedFileNode(dir, i));
          names.push(block.nameAt(i));
        } else add(block.at(i), i);
      }
    }
    for (const child of children.added()) add(child, -1);
    for (const [path, entry] of pending) {
      if (path.slice(0, path.lastIndexOf("/")) !== (dir.path === "/" ? "" : dir.path)) continue;
      if (children.has(entry.name)) {
        throw new InvalidInputError(
          `Cannot place ${path} in the image: a ${
            children.get(entry.name)!.kind
          } of that name is already there`,
          { path },
        );
      }
      add(entry, -1);
      pending.delete(path);
    }
    const requests = nodes.map((n, i) => ({ name: names[i]!, directory: n.kind === "directory" }));
    const { ids: isoIds, natural } = mapIsoNamesOf(requests, options.isoLevel);
    isoIds.forEach((id, i) => (nodes[i]!.isoId = id));
    dir.blockFiles?.seal(natural);
    // Sorted over the mapped ids (a block's file reads its id out of the joined string).
    const isoOrder = nodes.map((_, i) => i)
      .sort((a, b) => compareIsoIdentifiers(isoIds[a]!, isoIds[b]!));
    const sorted = isoOrder.map((i) => nodes[i]!);
    let joliet: number[] | "iso" = [];
    if (options.joliet) {
      const visible: number[] = []; // positions in `sorted`
      sorted.forEach((n, k) => {
        if (n.kind !== "symlink") visible.push(k);
        else omissions.push({ path: n.path, reason: "Joliet cannot record symbolic links" });
      });
      const mapped = mapJolietNames(
        visible.map((k) => ({
          name: names[isoOrder[k]!]!,
          directory: sorted[k]!.kind === "directory",
        })),
        options.strictNames,
        dir.path,
      );
      const ids = mapped.names;
      ids.forEach((
        id,
        i,
      ) => ((sorted[visible[i]!] as PlannedFile | PlannedDirectory).jolietId = id));
      jolietAdaptations.push(...mapped.adaptations);
      const order = ids.map((_, i) => i).sort((a, b) => compareJolietIdentifiers(ids[a]!, ids[b]!));
      // Most folders list their children in the same order in both views.
      const same = order.length === sorted.length && order.every((k, i) => k === i);
      joliet = same ? "iso" : order.map((i) => visible[i]!);
    }
    // A block's file is only its position: its identifiers and extent are in the columns.
    const iso: PlannedChild[] = sorted.map((n) => n instanceof BlockPlannedFileNode ? n.index : n);
    dir.setChildren(iso, joliet, numbers.childOrder);
  }
  for (const path of pending.keys()) {
    throw new InvalidInputError(
      `Cannot place ${path} in the image: its folder does not exist in the tree`,
      { path },
    );
  }
  for (const family of families.values()) {
    if (family.length > 1) { for (const f of family) f.family = family; }
  }
  const isoDirectories = breadthFirst(planRoot, (d) => d.isoChildren);
  isoDirectories.forEach((d, i) => (d.isoNumber = i + 1));
  const jolietDirectories = options.joliet ? breadthFirst(planRoot, (d) => d.jolietChildren) : [];
  jolietDirectories.forEach((d, i) => (d.jolietNumber = i + 1));
  let fileCount = 0;
  for (const d of isoDirectories) {
    for (let k = 0; k < d.isoChildCount; k++) {
      if (d.blockPositionAt(k) >= 0 || d.isoChildAt(k).kind === "file") fileCount++;
    }
  }
  return {
    root: planRoot,
    isoDirectories,
    jolietDirectories,
    fileCount,
    jolietAdaptations,
    omissions,
    deepDirectories,
  };
}

/** A block of children that reads a plain file's size and metadata from its own rows. */
export type RowBlock = ChildBlock<TreeEntry> & {
  sizeAt(index: number): number;
  metaAt(index: number, into: NodeMeta): void;
};

/**
 * A directory's block, when its files with no object of their own (`blockPositionAt`) can be
 * read from the block's rows and the plan's columns without making them: what the layout
 * and emit passes take such files from.
 *
 * @param dir The directory.
 * @returns The block, or undefined when the directory's files must be read as objects.
 */
export function rowBlockOf(dir: PlannedDirectory): RowBlock | undefined {
  const block = dir.entry.children.block;
  return dir.blockFiles && block?.sizeAt && block.metaAt ? block as RowBlock : undefined;
}

/**
 * Every file of a plan, in ISO tree order (breadth first, record order).
 *
 * @param tree The planned tree.
 * @returns The files.
 */
export function* plannedFiles(tree: PlannedTree): Generator<PlannedFile> {
  for (const d of tree.isoDirectories) {
    for (const c of d.isoChildren) if (c.kind === "file") yield c;
  }
}

function planNode(
  child: TreeEntry,
  dir: PlannedDirectory,
  omissions: { path: string; reason: string }[],
  options: ResolvedMasterOptions,
  blockIndex: number,
): PlannedFile | PlannedSymlink | PlannedDirectoryNode | undefined {
  switch (child.kind) {
    case "directory":
      return new PlannedDirectoryNode(child, childPath(dir.path, child.name), dir, dir.level + 1);
    case "file": {
      const src = child.source; // read once: a scanned file makes it when asked
      if (src.kind === "path" && src.inode) return new LinkedPlannedFileNode(child, dir, src.inode);
      return blockIndex >= 0
        ? new BlockPlannedFileNode(dir, blockIndex)
        : new PlannedFileNode(child, dir);
    }
    case "symlink": {
      const path = childPath(dir.path, child.name);
      // Rock Ridge records links in the ISO 9660 tree; UDF records them in its own.
      const udf = options.udf !== undefined;
      if (options.iso9660 && !options.rockRidge) {
        omissions.push({
          path,
          reason: udf
            ? "symbolic links need Rock Ridge in the ISO 9660 tree (UDF keeps them)"
            : "symbolic links need Rock Ridge",
        });
      }
      if (!udf && !(options.iso9660 && options.rockRidge)) return undefined;
      return { kind: "symlink", entry: child, path, isoId: "" };
    }
  }
}
