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
import type { BlockFileColumns, PlanColumn } from "./block_file_columns.ts";
import type { PlannedDirectory, PlannedFile, PlannedNode } from "./plan_tree.ts";
import { BlockPlannedFileNode } from "./planned_file_nodes.ts";

/** A child in record order: a node, or the block position of a file that has no object. */
export type PlannedChild = PlannedNode | number;

/** The bit of an order row that says the rest is a position in the objects, not the block. */
const OBJECT = 0x8000_0000;
/** The objects of a directory that has none. */
const NO_OBJECTS: readonly PlannedNode[] = Object.freeze([]);

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
  /** The plan's column the record order is kept in (a row a child), once set. */
  #order: PlanColumn | undefined;
  /** The first row of this directory's children there. */
  #first = 0;
  /** How many children it has. */
  #count = 0;
  /** The children that are objects, in the order the rows name them. */
  #objects: readonly PlannedNode[] = NO_OBJECTS;
  /** Joliet record order as positions in the ISO order; "iso" when it is the same order. */
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
   * Set the children. Their order is kept as rows of a column the whole plan shares (4
   * bytes a child: an array of them here took 8 and its own object).
   *
   * @param iso Children in ISO record order.
   * @param joliet Joliet record order as positions in `iso`, or "iso" for the same order.
   * @param order The plan's column for the record order.
   */
  setChildren(
    iso: readonly PlannedChild[],
    joliet: readonly number[] | "iso",
    order: PlanColumn,
  ): void {
    const first = order.reserve(iso.length);
    const objects: PlannedNode[] = [];
    let subdirectories = 0;
    for (let k = 0; k < iso.length; k++) {
      const c = iso[k]!;
      if (typeof c === "number") order.set(first + k, c);
      else {
        order.set(first + k, OBJECT | objects.length);
        objects.push(c);
        if (c.kind === "directory") subdirectories++;
      }
    }
    this.#order = order;
    this.#first = first;
    this.#count = iso.length;
    this.#objects = objects.length > 0 ? objects : NO_OBJECTS;
    this.#joliet = joliet;
    this.subdirectories = subdirectories;
  }

  /** How many children it records in the ISO 9660 tree. */
  get isoChildCount(): number {
    return this.#count;
  }

  /**
   * The child at a position of the ISO record order.
   *
   * @param position The position.
   * @returns The child (a block's file is a new object unless it was kept).
   */
  isoChildAt(position: number): PlannedNode {
    const v = this.#order!.get(this.#first + position);
    return v >= OBJECT ? this.#objects[v - OBJECT]! : new BlockPlannedFileNode(this, v);
  }

  /**
   * Where the child at a position is in the block of children, when it has no object.
   *
   * @param position The position in the ISO record order.
   * @returns The position in the block, or -1 when the child is an object.
   */
  blockPositionAt(position: number): number {
    const v = this.#order!.get(this.#first + position);
    return v >= OBJECT ? -1 : v;
  }

  /** Children recorded in the ISO 9660 tree, in record order (a new list at every read). */
  get isoChildren(): PlannedNode[] {
    const out = new Array<PlannedNode>(this.#count);
    for (let k = 0; k < this.#count; k++) out[k] = this.isoChildAt(k);
    return out;
  }

  /** Children recorded in the Joliet tree, in record order (a new list at every read). */
  get jolietChildren(): (PlannedFile | PlannedDirectory)[] {
    const order = this.#joliet;
    if (order === "iso") return this.isoChildren as (PlannedFile | PlannedDirectory)[];
    return order.map((k) => this.isoChildAt(k) as PlannedFile | PlannedDirectory);
  }

  /** How many children it records in the Joliet tree. */
  get jolietChildCount(): number {
    return this.#joliet === "iso" ? this.#count : this.#joliet.length;
  }

  /**
   * Where the Joliet record at a position is in the ISO record order.
   *
   * @param position The position in the Joliet record order.
   * @returns The position in the ISO record order.
   */
  jolietPositionAt(position: number): number {
    return this.#joliet === "iso" ? position : this.#joliet[position]!;
  }

  /**
   * Make the child at a position one lasting object, so that what is set on it stays.
   *
   * @param position The position in the ISO record order.
   * @returns The child.
   */
  keep(position: number): PlannedNode {
    const v = this.#order!.get(this.#first + position);
    if (v >= OBJECT) return this.#objects[v - OBJECT]!;
    const c = new BlockPlannedFileNode(this, v);
    const objects = this.#objects === NO_OBJECTS ? [] : this.#objects as PlannedNode[];
    this.#order!.set(this.#first + position, OBJECT | objects.length);
    objects.push(c);
    this.#objects = objects;
    return c;
  }
}
Object.defineProperty(PlannedDirectoryNode.prototype, "kind", { value: "directory" });
