/**
 * A planned directory that lists its children in record order without an object for each
 * file of its block of children: such a file is its position in the block (a number in the
 * list, no bigger than the reference to an object would be), and the object that stands for
 * it is made when the children are read ({@linkcode BlockPlannedFileNode}, whose fields all
 * live in the directory's {@linkcode BlockFileColumns}). A million planned files save about
 * 40 bytes each.
 *
 * What is set on a file object other than its identifiers and extent (the boot info table's
 * `patch`) would be lost with the object: {@linkcode PlannedDirectoryNode.keep} makes the
 * object last first.
 *
 * @module
 */

import type { DirectoryEntry } from "../model/file_tree.ts";
import type { BlockFileColumns } from "./block_file_columns.ts";
import type { PlannedDirectory, PlannedFile, PlannedNode } from "./plan_tree.ts";
import { BlockPlannedFileNode } from "./planned_file_nodes.ts";

/** A child in record order: a node, or the block position of a file that has no object. */
export type PlannedChild = PlannedNode | number;

/** A directory of the plan. */
export class PlannedDirectoryNode implements PlannedDirectory {
  declare readonly kind: "directory";
  /** Parent directory (the root is its own parent, ECMA-119 6.8.2). */
  parent: PlannedDirectory;
  /** ISO 9660 identifier. */
  isoId = "";
  /** Joliet identifier. */
  jolietId = "";
  /** What the plan keeps for the files of its block of children, if it has one. */
  blockFiles: BlockFileColumns | undefined = undefined;
  /** Path table number in the ISO tree (1-based). */
  isoNumber = 0;
  /** Path table number in the Joliet tree (1-based). */
  jolietNumber = 0;
  /** Extent of the ISO directory; set by the layout pass. */
  isoExtent = 0;
  /** Size in bytes of the ISO directory extent. */
  isoSize = 0;
  /** Extent of the Joliet directory. */
  jolietExtent = 0;
  /** Size in bytes of the Joliet directory extent. */
  jolietSize = 0;
  /** How many of its children are directories. */
  subdirectories = 0;
  #iso: PlannedChild[] = [];
  /** Joliet record order as positions in `#iso`; "iso" when it is the same order. */
  #joliet: readonly number[] | "iso" = [];

  /**
   * A directory with no children yet.
   *
   * @param entry The model entry.
   * @param path True path inside the image ("/" for the root).
   * @param parent The parent directory; none for the root, which is its own.
   * @param level Level in the hierarchy; the root is 1.
   */
  constructor(
    readonly entry: DirectoryEntry,
    readonly path: string,
    parent: PlannedDirectory | undefined,
    readonly level: number,
  ) {
    this.parent = parent ?? this;
  }

  /**
   * Set the children.
   *
   * @param iso Children in ISO record order.
   * @param joliet Joliet record order as positions in `iso`, or "iso" for the same order.
   */
  setChildren(iso: PlannedChild[], joliet: readonly number[] | "iso"): void {
    this.#iso = iso;
    this.#joliet = joliet;
    let subdirectories = 0;
    for (const c of iso) if (typeof c !== "number" && c.kind === "directory") subdirectories++;
    this.subdirectories = subdirectories;
  }

  /**
   * The child at a position of the ISO record order.
   *
   * @param position The position.
   * @returns The child (a block's file is a new object unless it was kept).
   */
  isoChildAt(position: number): PlannedNode {
    const c = this.#iso[position]!;
    return typeof c === "number" ? new BlockPlannedFileNode(this, c) : c;
  }

  /**
   * Where the child at a position is in the block of children, when it has no object.
   *
   * @param position The position in the ISO record order.
   * @returns The position in the block, or -1 when the child is an object.
   */
  blockPositionAt(position: number): number {
    const c = this.#iso[position]!;
    return typeof c === "number" ? c : -1;
  }

  /** Children recorded in the ISO 9660 tree, in record order (a new list at every read). */
  get isoChildren(): PlannedNode[] {
    return this.#iso.map((c) => typeof c === "number" ? new BlockPlannedFileNode(this, c) : c);
  }

  /** Children recorded in the Joliet tree, in record order (a new list at every read). */
  get jolietChildren(): (PlannedFile | PlannedDirectory)[] {
    const order = this.#joliet;
    if (order === "iso") return this.isoChildren as (PlannedFile | PlannedDirectory)[];
    return order.map((k) => this.isoChildAt(k) as PlannedFile | PlannedDirectory);
  }

  /**
   * Make the child at a position one lasting object, so that what is set on it stays.
   *
   * @param position The position in the ISO record order.
   * @returns The child.
   */
  keep(position: number): PlannedNode {
    const c = this.isoChildAt(position);
    this.#iso[position] = c;
    return c;
  }
}
Object.defineProperty(PlannedDirectoryNode.prototype, "kind", { value: "directory" });
