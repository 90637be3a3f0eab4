/**
 * Master an image: plan a {@linkcode FileTree} with {@linkcode MasterOptions} into an
 * ISO 9660 image with optional Joliet and Rock Ridge, ready to stream or write.
 *
 * @module
 */

import { InvalidInputError } from "../model/errors.ts";
import type { FileTree } from "../model/file_tree.ts";
import type { JolietAdaptation } from "../model/joliet_names.ts";
import {
  type MasterOptions,
  type ResolvedMasterOptions,
  resolveMasterOptions,
} from "../model/master_options.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import { type ImagePlan, planImage } from "../layout/layout_plan.ts";
import type { EarlyData } from "../layout/early_data.ts";
import type { PlannedDirectory } from "../layout/plan_tree.ts";
import { imageStream, type ImageStreamOptions, writeImage } from "../stream/image_stream.ts";
import type { ImageSink } from "../stream/image_sink.ts";

/** Where one node of the tree appears in each view. */
export interface ImageEntry {
  /** True path. */
  readonly path: string;
  /** Node kind. */
  readonly kind: "file" | "directory" | "symlink";
  /** Path in the ISO 9660 tree (files carry `;1`). */
  readonly isoPath: string;
  /** Path in the Joliet tree, when the node is there. */
  readonly jolietPath: string | undefined;
  /** Size in bytes (files). */
  readonly size: number;
  /** First logical block of the data (files with data). */
  readonly extent: number;
}

/** What mastering decided, for the caller to show or check. */
export interface ImageReport {
  /** Regular files. */
  readonly files: number;
  /** Directories, the root included. */
  readonly directories: number;
  /** Symbolic links recorded (Rock Ridge). */
  readonly symlinks: number;
  /** Names Joliet could not hold exactly, and what it holds instead. */
  readonly jolietAdaptations: readonly JolietAdaptation[];
  /** Paths left out of a view, with the reason. */
  readonly omissions: readonly { path: string; reason: string }[];
  /** Directories deeper than ECMA-119's 8 levels (recorded in place). */
  readonly deepDirectories: readonly string[];
}

/** A planned image: its size is known before a byte is written. */
export interface MasteredImage {
  /** Total size in bytes (a multiple of 2048). */
  readonly size: number;
  /** Total 2048-byte sectors (the volume space size). */
  readonly sectors: number;
  /** Options in force. */
  readonly options: ResolvedMasterOptions;
  /** What mastering decided. */
  readonly report: ImageReport;
  /** Every node with its place in each view, in ISO tree order. */
  entries(): Iterable<ImageEntry>;
  /**
   * Stream the image's bytes; sources are read again on every call.
   *
   * @param options Progress, cancellation, chunk size.
   * @returns Chunks whose lengths are multiples of 2048.
   */
  stream(options?: ImageStreamOptions): ReadableStream<Uint8Array>;
  /**
   * Write the image's bytes into a sink directly (what `writeImageFile` uses: one reused
   * buffer, large writes, the sink's data-area thread when it offers one).
   *
   * @param sink Destination.
   * @param options Progress, cancellation, chunk size (default: the sink's).
   */
  writeTo(sink: ImageSink, options?: ImageStreamOptions): Promise<void>;
}

/** The path table's parent field is 16 bits (ECMA-119 9.4.4). */
const MAX_DIRECTORIES = 65535;

function* walk(plan: ImagePlan): Generator<ImageEntry> {
  // Both views record the same hierarchy: a child's Joliet path is its folder's and its id.
  const joliet = plan.options.joliet;
  const jolietPaths = new Map<PlannedDirectory, string>([[plan.tree.root, ""]]);
  const isoPaths = new Map<PlannedDirectory, string>([[plan.tree.root, ""]]);
  for (const d of plan.tree.isoDirectories) {
    const base = isoPaths.get(d) ?? "";
    const jolietBase = jolietPaths.get(d) ?? "";
    for (const c of d.isoChildren) {
      const isoPath = `${base}/${c.isoId}`;
      const jolietPath = joliet && c.kind !== "symlink" ? `${jolietBase}/${c.jolietId}` : undefined;
      if (c.kind === "directory") {
        isoPaths.set(c, isoPath);
        jolietPaths.set(c, jolietPath ?? "");
      }
      yield {
        path: c.path,
        kind: c.kind,
        isoPath,
        jolietPath,
        size: c.kind === "file" ? c.entry.size : 0,
        extent: c.kind === "file" ? c.extent : c.kind === "directory" ? c.isoExtent : 0,
      };
    }
  }
}

/**
 * Plan an image of a tree. Nothing is read from the sources until the image is streamed.
 *
 * @param tree The content.
 * @param options Volume ids, level, Joliet, Rock Ridge, timestamps, order.
 * @returns The planned image.
 * @throws {InvalidInputError} For options or names the image cannot hold.
 * @example Master a small tree in memory
 * ```ts
 * import { FileTree } from "../model/file_tree.ts";
 * import { masterImage } from "./master_image.ts";
 * const tree = new FileTree();
 * tree.addFile("/hello.txt", new TextEncoder().encode("hello"));
 * const image = masterImage(tree, { volumeId: "DEMO", time: new Date(0) });
 * const bytes = new Uint8Array(await new Response(image.stream()).arrayBuffer());
 * if (bytes.length !== image.size || image.size % 2048 !== 0) throw new Error("size");
 * ```
 */
export function masterImage(tree: FileTree, options: MasterOptions = {}): MasteredImage {
  return masterResolved(tree, resolveMasterOptions(options));
}

/**
 * {@linkcode masterImage} with options already resolved and the files placed first already
 * placed (what `writeTreeImageFile` starts copying before this plans).
 *
 * @param tree The content.
 * @param resolved Resolved options.
 * @param early `placeEarlyData` of the same tree and options (made here when omitted).
 * @returns The planned image.
 * @throws {InvalidInputError} For options or names the image cannot hold.
 */
export function masterResolved(
  tree: FileTree,
  resolved: ResolvedMasterOptions,
  early?: EarlyData,
): MasteredImage {
  const plan = planImage(tree.root, resolved, early);
  if (plan.tree.isoDirectories.length > MAX_DIRECTORIES) {
    throw new InvalidInputError(
      `Cannot master ${plan.tree.isoDirectories.length} directories: ISO 9660 path tables hold at most ${MAX_DIRECTORIES}`,
    );
  }
  let symlinks = 0;
  for (const d of plan.tree.isoDirectories) {
    for (const c of d.isoChildren) if (c.kind === "symlink") symlinks++;
  }
  const report: ImageReport = {
    files: plan.tree.fileCount,
    directories: plan.tree.isoDirectories.length,
    symlinks,
    jolietAdaptations: plan.tree.jolietAdaptations,
    omissions: plan.tree.omissions,
    deepDirectories: plan.tree.deepDirectories,
  };
  return {
    size: plan.totalSectors * SECTOR_SIZE,
    sectors: plan.totalSectors,
    options: resolved,
    report,
    entries: () => walk(plan),
    stream: (streamOptions?: ImageStreamOptions) => imageStream(plan, streamOptions),
    writeTo: (sink: ImageSink, streamOptions?: ImageStreamOptions) =>
      writeImage(plan, sink, streamOptions),
  };
}
