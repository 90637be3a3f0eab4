/**
 * The planned file objects: one for a file of the model, one for a file of a directory's
 * block of children, one for a file with hard links on disk.
 *
 * @module
 */

import type { FileEntry } from "../model/file_tree.ts";
import type { PlannedDirectory, PlannedFile } from "./plan_tree.ts";

/**
 * The path of a child in the image.
 *
 * @param parent The folder's path ("/" for the root).
 * @param name The child's name.
 * @returns The path.
 */
export function childPath(parent: string, name: string): string {
  return parent === "/" ? `/${name}` : `${parent}/${name}`;
}

/**
 * A planned file, in as few fields as a plan of a million files can afford (V8 spends
 * 8 bytes on each): its path is made when asked (stored, it took two string nodes, 64
 * bytes), its kind lives on the prototype, a file of a block keeps its identifiers and
 * extent in its directory's {@linkcode BlockFileColumns}, and only a file with hard links
 * on disk has a field for its family ({@linkcode LinkedPlannedFileNode}).
 */
abstract class PlannedFileBase implements PlannedFile {
  declare readonly kind: "file";
  abstract isoId: string;
  abstract jolietId: string;
  abstract extent: number;

  constructor(readonly parent: PlannedDirectory) {}

  abstract get entry(): FileEntry;

  get path(): string {
    return childPath(this.parent.path, this.entry.name);
  }

  get links(): number {
    return 1;
  }

  get dataOwner(): PlannedFile | undefined {
    return undefined;
  }
}
Object.defineProperty(PlannedFileBase.prototype, "kind", { value: "file" });

/** A planned file that keeps its model entry and what the plan decides for it. */
export class PlannedFileNode extends PlannedFileBase {
  /** ISO 9660 identifier. */
  isoId = "";
  /** The Joliet identifier when it is not the name. */
  joliet: string | undefined = undefined;
  /** First logical block of the data. */
  extent = 0;

  /**
   * A planned file of a model entry.
   *
   * @param entry The entry.
   * @param parent The directory it is recorded in.
   */
  constructor(readonly entry: FileEntry, parent: PlannedDirectory) {
    super(parent);
  }

  /** Joliet identifier. */
  get jolietId(): string {
    return this.joliet ?? this.entry.name;
  }

  set jolietId(id: string) {
    this.joliet = id === this.entry.name ? undefined : id;
  }
}

/**
 * A planned file of a block of children (a folder scan's): it keeps its position in the
 * block, and the block makes its entry when asked, so the plan holds no entry object; its
 * identifiers and extent are in its directory's {@linkcode BlockFileColumns}.
 */
export class BlockPlannedFileNode extends PlannedFileBase {
  /**
   * A planned file of a directory's block.
   *
   * @param parent The directory.
   * @param index Position in its block.
   */
  constructor(parent: PlannedDirectory, readonly index: number) {
    super(parent);
  }

  #entry: FileEntry | undefined;

  /** The model entry, made by the block at the first read. */
  get entry(): FileEntry {
    return this.#entry ??= this.parent.entry.children.block!.at(this.index) as FileEntry;
  }

  /** ISO 9660 identifier. */
  get isoId(): string {
    return this.parent.blockFiles!.isoId(this.index);
  }

  set isoId(id: string) {
    this.parent.blockFiles!.setIsoId(this.index, id);
  }

  /** Joliet identifier. */
  get jolietId(): string {
    return this.parent.blockFiles!.jolietId(this.index) ?? this.#name();
  }

  set jolietId(id: string) {
    this.parent.blockFiles!.setJolietId(this.index, id === this.#name() ? undefined : id);
  }

  /** The true name, read from the block (no entry made). */
  #name(): string {
    return this.#entry?.name ?? this.parent.entry.children.block!.nameAt(this.index);
  }

  /** First logical block of the data. */
  get extent(): number {
    return this.parent.blockFiles!.extent(this.index);
  }

  set extent(lba: number) {
    this.parent.blockFiles!.setExtent(this.index, lba);
  }
}

/** A planned file whose source has more than one link: its link count and data owner. */
export class LinkedPlannedFileNode extends PlannedFileNode {
  /** Every file of its hard-link family in the image, the data owner first (set when 2+). */
  family: readonly PlannedFile[] | undefined = undefined;

  /**
   * A planned file with hard links on disk.
   *
   * @param entry The entry.
   * @param parent The directory.
   * @param inode Its source's device and inode.
   */
  constructor(entry: FileEntry, parent: PlannedDirectory, readonly inode: string) {
    super(entry, parent);
  }

  override get links(): number {
    return this.family?.length ?? 1;
  }

  override get dataOwner(): PlannedFile | undefined {
    const owner = this.family?.[0];
    return owner === this ? undefined : owner;
  }
}
