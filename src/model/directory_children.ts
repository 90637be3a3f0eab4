/**
 * A directory's children, by name: a read-only `Map` view over one array of entries.
 *
 * Why not a `Map`: V8's ordered hash table spends three slots per entry and a bucket per
 * two, with room for up to twice the entries (28 to 56 bytes an entry), and a scan of a
 * million files held a million of them. Here the entries sit in one array (8 bytes each)
 * and the key is the entry's own name. Entries that come in name order, as a folder scan
 * adds them (its names sorted), are found by binary search and need nothing else; the first
 * entry out of order builds a `Map` index, kept from then on, so any order of adds stays
 * O(1) a lookup.
 *
 * A source that adds a whole folder at once can hand its children over as one
 * {@linkcode ChildBlock} instead ({@linkcode DirectoryChildren.adopt}): the block keeps them
 * in its own form (a folder scan keeps a file as a row of columns, not as an object) and
 * makes an entry when one is asked for.
 *
 * @module
 */

import type { NodeMeta } from "./file_tree.ts";

/** What a child needs: its name (the key). */
export interface NamedEntry {
  /** The name, unique in the directory. */
  readonly name: string;
}

/** Children kept by a source in its own form, sorted by name (JavaScript string order). */
export interface ChildBlock<T extends NamedEntry> {
  /** Number of children. */
  readonly size: number;
  /**
   * The child at a position.
   *
   * @param index 0 to `size - 1`, in name order.
   * @returns The child (a new object each time is allowed).
   */
  at(index: number): T;
  /**
   * The name of the child at a position, without making the child.
   *
   * @param index 0 to `size - 1`.
   * @returns Its name.
   */
  nameAt(index: number): string;
  /**
   * Whether the child at a position is a file the block keeps only as a row (it makes the
   * entry when asked) with no other link: a plan can then keep just the position.
   *
   * @param index 0 to `size - 1`.
   * @returns True for such a file; false for a child the block keeps as an object.
   */
  plainFileAt?(index: number): boolean;
  /**
   * The size in bytes of a file the block keeps only as a row (see
   * {@linkcode ChildBlock.plainFileAt}), without making its entry.
   *
   * @param index 0 to `size - 1`, a plain file's position.
   * @returns Its size.
   */
  sizeAt?(index: number): number;
  /**
   * The metadata of a plain file (see {@linkcode ChildBlock.plainFileAt}) copied into an
   * object the caller reuses, without making its entry: what its entry's `meta` holds.
   *
   * @param index 0 to `size - 1`, a plain file's position.
   * @param into The object to fill.
   */
  metaAt?(index: number, into: NodeMeta): void;
  /**
   * Where a child of this name is.
   *
   * @param name A name.
   * @returns Its position, or -1.
   */
  indexOf(name: string): number;
}

/**
 * The children of one directory in the order they were added, looked up by name.
 *
 * @example
 * ```ts
 * import { DirectoryChildren } from "./directory_children.ts";
 * const children = new DirectoryChildren<{ name: string }>();
 * children.add({ name: "a" });
 * children.add({ name: "b" });
 * if (children.get("b")?.name !== "b" || children.size !== 2) throw new Error("lookup");
 * ```
 */
export class DirectoryChildren<T extends NamedEntry> implements ReadonlyMap<string, T> {
  readonly #list: T[] = [];
  /** Names to entries, once an entry came out of name order. */
  #index: Map<string, T> | undefined;
  /** Children adopted as a block (before those in the list). */
  #block: ChildBlock<T> | undefined;

  /** Number of children. */
  get size(): number {
    return (this.#block?.size ?? 0) + this.#list.length;
  }

  /** The block of children adopted, if any (the first children, in name order). */
  get block(): ChildBlock<T> | undefined {
    return this.#block;
  }

  /**
   * Take a whole set of children at once, as the first ones; children added later follow.
   *
   * @param block The children (unique names; the caller checks them).
   * @throws {Error} When this directory already has children.
   */
  adopt(block: ChildBlock<T>): void {
    if (this.size > 0) {
      throw new Error("DirectoryChildren.adopt() needs a directory without children");
    }
    this.#block = block;
  }

  /**
   * Look up a child by name.
   *
   * @param name A child's name.
   * @returns The child, or undefined.
   */
  get(name: string): T | undefined {
    const block = this.#block;
    if (block) {
      const at = block.indexOf(name);
      if (at >= 0) return block.at(at);
    }
    if (this.#index) return this.#index.get(name);
    const list = this.#list;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = list[mid]!.name;
      if (at === name) return list[mid];
      if (at < name) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }

  /**
   * Whether a child has this name.
   *
   * @param name A name.
   * @returns True when a child has it.
   */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /**
   * Add a child whose name no child has (the caller checks: {@linkcode FileTree} does).
   *
   * @param entry The child.
   */
  add(entry: T): void {
    const list = this.#list;
    const last = list[list.length - 1];
    if (!this.#index && last !== undefined && !(last.name < entry.name)) {
      this.#index = new Map(list.map((e) => [e.name, e]));
    }
    this.#index?.set(entry.name, entry);
    list.push(entry);
  }

  /**
   * The children's names.
   *
   * @returns The names, in the order they were added.
   */
  keys(): MapIterator<string> {
    return this.#all().map((e) => e.name)[Symbol.iterator]();
  }

  /**
   * The children.
   *
   * @returns The children, in the order they were added.
   */
  values(): MapIterator<T> {
    return this.#all()[Symbol.iterator]();
  }

  /**
   * The children added one by one (after the block's, if there is a block).
   *
   * @returns Them, in the order they were added (do not change the array).
   */
  added(): readonly T[] {
    return this.#list;
  }

  /** Every child in order: the block's (made now), then the list's. */
  #all(): T[] {
    const block = this.#block;
    if (!block) return this.#list;
    const out: T[] = new Array(block.size);
    for (let i = 0; i < block.size; i++) out[i] = block.at(i);
    return out.concat(this.#list);
  }

  /**
   * The children with their names.
   *
   * @returns `[name, child]` pairs, in the order they were added.
   */
  entries(): MapIterator<[string, T]> {
    return this.#all().map((e): [string, T] => [e.name, e])[Symbol.iterator]();
  }

  /**
   * The children with their names, as `entries()`.
   *
   * @returns `[name, child]` pairs.
   */
  [Symbol.iterator](): MapIterator<[string, T]> {
    return this.entries();
  }

  /**
   * Call `callback` for each child, in the order they were added.
   *
   * @param callback Called with the child, its name and this collection.
   * @param thisArg `this` for the callback.
   */
  forEach(
    callback: (value: T, key: string, map: ReadonlyMap<string, T>) => void,
    thisArg?: unknown,
  ): void {
    for (const e of this.#all()) callback.call(thisArg, e, e.name, this);
  }

  /** "DirectoryChildren", for `Object.prototype.toString`. */
  get [Symbol.toStringTag](): string {
    return "DirectoryChildren";
  }
}
