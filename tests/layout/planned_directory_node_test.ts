import assert from "node:assert/strict";
import { PlanColumn } from "../../src/layout/block_file_columns.ts";
import {
  type PlannedChild,
  PlannedDirectoryNode,
} from "../../src/layout/planned_directory_node.ts";
import { BlockPlannedFileNode } from "../../src/layout/planned_file_nodes.ts";
import { directoryEntry } from "../../src/model/tree_entries.ts";

/** Rows of a PlanColumn chunk (block_file_columns.ts): the order below straddles two. */
const CHUNK_ROWS = 16_384;

Deno.test("a directory's record order survives in the plan's column across a chunk boundary, objects and block positions mixed", () => {
  const order = new PlanColumn();
  order.reserve(CHUNK_ROWS - 3); // another directory's rows come first
  const root = new PlannedDirectoryNode(directoryEntry(""), "/", undefined, 1);
  const sub = new PlannedDirectoryNode(directoryEntry("sub"), "/sub", root, 2);
  const other = new PlannedDirectoryNode(directoryEntry("other"), "/other", root, 2);
  // Block positions as large as a real block's, between the two objects.
  const iso: PlannedChild[] = [7, sub, 0, 1_000_000, other, 3, 2 ** 31 - 1];
  root.setChildren(iso, [6, 5, 4, 3, 2, 1, 0], order);

  assert.equal(root.isoChildCount, iso.length);
  assert.equal(root.subdirectories, 2);
  for (let k = 0; k < iso.length; k++) {
    const want = iso[k]!;
    const got = root.isoChildAt(k);
    if (typeof want === "number") {
      assert.equal(root.blockPositionAt(k), want, `position ${k}`);
      if (!(got instanceof BlockPlannedFileNode)) throw new Error(`position ${k}: no block file`);
      assert.equal(got.index, want);
      assert.equal(got.parent, root);
    } else {
      assert.equal(root.blockPositionAt(k), -1, `position ${k}`);
      assert.equal(got, want);
    }
  }
  // A block's file is a new object at each read until it is kept; then the same one.
  assert(root.isoChildAt(2) !== root.isoChildAt(2));
  const kept = root.keep(2);
  assert.equal(root.isoChildAt(2), kept);
  assert.equal(root.keep(2), kept);
  assert.equal(root.blockPositionAt(2), -1);
  assert.equal((kept as BlockPlannedFileNode).index, 0);
  // Keeping one leaves the others where they were.
  assert.equal(root.isoChildAt(1), sub);
  assert.equal(root.isoChildAt(4), other);
  assert.equal(root.blockPositionAt(3), 1_000_000);
  assert.equal(root.blockPositionAt(6), 2 ** 31 - 1);
  // Joliet order reads through the same rows.
  const joliet = root.jolietChildren;
  assert.equal(joliet[2], other);
  assert.equal(joliet[4], kept);
  assert.equal(joliet[5], sub);
  assert.equal((joliet[0] as BlockPlannedFileNode).index, 2 ** 31 - 1);
  // A directory set after it takes the rows that follow, and changes none of these.
  const next = new PlannedDirectoryNode(directoryEntry("n"), "/n", root, 2);
  next.setChildren([5, 6], "iso", order);
  assert.equal(next.blockPositionAt(0), 5);
  assert.equal(root.blockPositionAt(0), 7);
  assert.equal(root.isoChildren.length, iso.length);
});
