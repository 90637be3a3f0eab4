/**
 * The emit pass: turn an {@linkcode ImagePlan} into a stream of whole 2048-byte sectors,
 * in block order, with progress and cancellation. Metadata is emitted directory by
 * directory (never the whole image in memory); file data is read from the sources in
 * chunks of at most 1 MiB.
 *
 * @module
 */

import { InternalError } from "../model/errors.ts";
import { SECTOR_SIZE } from "../records/ecma119.ts";
import { ChunkWriter, type ImageStreamOptions } from "./chunk_writer.ts";
import type { ImageSink } from "./image_sink.ts";
import { emitDirectory, emitPathTable } from "../layout/directory_writer.ts";
import type { ImagePlan } from "../layout/layout_plan.ts";
import { volumeDescriptorSet } from "../layout/volume_descriptor_writer.ts";
import { readSource } from "./source_reader.ts";
import * as udf from "../layout/udf_writer.ts";
import { leaves as udfLeafEntries } from "../layout/udf_entries.ts";
import { metadataFileEntry } from "../layout/udf_metadata.ts";
import { udfLeaves } from "../layout/udf_plan.ts";
import { FileEntryRows } from "../layout/file_entry_rows.ts";
import { bootCatalog } from "../layout/boot_plan.ts";
import { gptTail, systemArea } from "../layout/hybrid_writer.ts";
import { type DataAreaRun, startDataArea } from "./data_area.ts";
import { collectPlanGarbage } from "./collect_plan_garbage.ts";

/**
 * The UDF directories and entries in the partition whose block 0 is sector `at`: the
 * physical partition, or one copy of the metadata partition (with its file set first, and
 * padded to its planned size).
 */
async function udfContent(plan: ImagePlan, out: ChunkWriter, at: number): Promise<void> {
  const u = plan.udf!;
  if (u.metadata) {
    out.expect(at, "UDF metadata partition");
    await out.put(udf.fileSet(plan));
  }
  await out.zeroTo(at + u.directoriesBlock);
  // One buffer for every directory, lent to the writer (see the ISO directories).
  let scratch = new Uint8Array(2 * SECTOR_SIZE);
  const into = (size: number) =>
    scratch.length >= size ? scratch : (scratch = new Uint8Array(size));
  for (const d of u.directories) {
    out.expect(at + u.directoryPlans.get(d)!.feBlock, `UDF directory ${d.path}`);
    await out.lend(udf.directory(plan, d, into));
  }
  // One entry a sector, in block order: the leaves are made as the sectors are, in runs
  // the WASM core writes.
  const leaves = udfLeaves(u);
  const rows = new FileEntryRows(u.extendedEntries, u.descriptorVersion);
  await out.sectorRuns(
    u.leafCount,
    FileEntryRows.CAPACITY,
    (buf, at, _first, n) => udfLeafEntries(plan, leaves, rows, buf, at, n),
  );
  out.expect(at + u.contentBlocks, "end of the UDF entries");
  if (u.metadata) await out.zeroTo(at + u.metadata.blocks);
}

/**
 * The first blocks of the UDF partition, before the file data: the file set, or the
 * entries of the metadata file and its mirror.
 */
async function udfHead(plan: ImagePlan, out: ChunkWriter): Promise<void> {
  const u = plan.udf!;
  await out.zeroTo(u.partitionStart);
  if (!u.metadata) return await out.put(udf.fileSet(plan));
  await out.put(metadataFileEntry(plan, false));
  await out.put(metadataFileEntry(plan, true));
}

/** The UDF structures after the ISO 9660 ones: directories and entries (or the metadata). */
async function udfStructures(plan: ImagePlan, out: ChunkWriter): Promise<void> {
  const u = plan.udf!;
  const m = u.metadata;
  if (!m) return await udfContent(plan, out, u.partitionStart);
  // The mirror first: the main copy ends the volume (see udf_plan.ts).
  await out.zeroTo(u.partitionStart + m.mirrorStart);
  await udfContent(plan, out, u.partitionStart + m.mirrorStart);
  await udfContent(plan, out, u.partitionStart + m.start);
}

async function produce(
  plan: ImagePlan,
  out: ChunkWriter,
  data: DataAreaRun | undefined,
): Promise<void> {
  try {
    await metadataAndData(plan, out, data);
    await data?.finish();
  } catch (err) {
    await data?.abort();
    throw err;
  }
  out.expect(plan.totalSectors, "end of image");
}

async function metadataAndData(
  plan: ImagePlan,
  out: ChunkWriter,
  data: DataAreaRun | undefined,
): Promise<void> {
  await out.put(systemArea(plan));
  const iso = plan.options.iso9660;
  if (iso) await out.put(volumeDescriptorSet(plan));
  const t = plan.tree;
  const u = plan.udf;
  if (u) {
    out.expect(u.vrsLba, "UDF volume recognition sequence");
    await out.put(udf.recognitionSequence(u));
  }
  if (plan.boot) {
    out.expect(plan.boot.catalogLba, "boot catalog");
    await out.put(bootCatalog(plan.boot));
  }
  if (u) {
    await out.zeroTo(u.mainVdsLba);
    await out.put(udf.volumeSequence(plan, u.mainVdsLba));
    out.expect(u.reserveVdsLba, "UDF reserve volume descriptor sequence");
    await out.put(udf.volumeSequence(plan, u.reserveVdsLba));
    out.expect(u.integrityLba, "UDF integrity sequence");
    await out.put(udf.integritySequence(plan));
    await out.zeroTo(u.anchorLba);
    await out.put(udf.anchor(u, u.anchorLba));
    await udfHead(plan, out);
  }
  await out.zeroTo(plan.dataLba);
  const files = plan.dataFiles;
  for (let i = 0; i < files.length;) {
    const f = files.at(i);
    out.expect(f.extent, () => `data of ${f.path}`);
    if (data?.handles(i)) {
      // A run of files the other thread writes: their extents follow one another.
      const from = i;
      const run = data.run(from);
      i = run.to;
      const emitted = data.emit(from, run.bytes);
      if (emitted) await emitted;
      continue;
    }
    out.file = f.path;
    await readSource(f, out);
    await out.padToSector();
    i++;
  }
  out.file = undefined;
  if (iso) {
    out.expect(plan.isoPathTable.lLba, "ISO path table");
    await out.put(emitPathTable(t.isoDirectories, "iso", false, plan.isoPathTable.size));
    await out.put(emitPathTable(t.isoDirectories, "iso", true, plan.isoPathTable.size));
  }
  if (plan.jolietPathTable) {
    await out.put(emitPathTable(t.jolietDirectories, "joliet", false, plan.jolietPathTable.size));
    await out.put(emitPathTable(t.jolietDirectories, "joliet", true, plan.jolietPathTable.size));
  }
  const sink = { next: 0, region: new Uint8Array(plan.continuationBlocks * SECTOR_SIZE) };
  // One buffer for every directory, lent to the writer: a new one each would be 100,000
  // arrays on a large tree, and those that live through two scavenges wait for a full GC.
  let scratch = new Uint8Array(SECTOR_SIZE);
  const into = (size: number) =>
    scratch.length >= size ? scratch : (scratch = new Uint8Array(size));
  for (const d of iso ? t.isoDirectories : []) {
    out.expect(d.isoExtent, `ISO directory ${d.path}`);
    await out.lend(emitDirectory(d, "iso", plan, sink, into));
  }
  for (const d of t.jolietDirectories) {
    out.expect(d.jolietExtent, `Joliet directory ${d.path}`);
    await out.lend(emitDirectory(d, "joliet", plan, sink, into));
  }
  if (sink.next !== plan.continuationAreas.length) {
    throw new InternalError(
      `${sink.next} continuation areas emitted, ${plan.continuationAreas.length} planned`,
    );
  }
  out.expect(plan.continuationLba, "continuation region");
  if (sink.region.length) await out.put(sink.region);
  if (u) {
    await udfStructures(plan, out);
    out.expect(u.lastAnchorLba, "last UDF anchor");
    await out.put(udf.anchor(u, u.lastAnchorLba));
  }
  if (plan.gptTailLba !== undefined) {
    out.expect(plan.gptTailLba, "backup GPT");
    await out.put(gptTail(plan));
  }
  await out.flush();
}

export type { ImageProgress, ImageStreamOptions } from "./chunk_writer.ts";
export type { ImageSink } from "./image_sink.ts";

/**
 * Write an image into a sink, in order, with progress and cancellation. Each call reads the
 * sources again.
 *
 * @param plan The plan.
 * @param sink Destination.
 * @param options Progress, cancellation and chunk size (default: the sink's, or 1 MiB).
 */
export function writeImage(
  plan: ImagePlan,
  sink: ImageSink,
  options: ImageStreamOptions = {},
): Promise<void> {
  const out = new ChunkWriter(sink, plan.totalSectors * SECTOR_SIZE, options);
  collectPlanGarbage(plan.tree.fileCount);
  return produce(plan, out, startDataArea(plan, sink, out, options));
}

/**
 * Stream an image. Each call reads the sources again, so one plan can be streamed
 * several times (to write, then to verify).
 *
 * @param plan The plan.
 * @param options Progress, cancellation and chunk size.
 * @returns A stream of chunks whose lengths are multiples of 2048 bytes.
 */
export function imageStream(
  plan: ImagePlan,
  options: ImageStreamOptions = {},
): ReadableStream<Uint8Array> {
  const pipe = new TransformStream<Uint8Array, Uint8Array>(undefined, { highWaterMark: 4 }, {
    highWaterMark: 4,
  });
  const writer = pipe.writable.getWriter();
  const sink: ImageSink = {
    keepsChunks: true,
    async write(bytes) {
      await writer.ready;
      await writer.write(bytes);
    },
  };
  const out = new ChunkWriter(sink, plan.totalSectors * SECTOR_SIZE, options);
  produce(plan, out, undefined).then(
    () => writer.close(),
    (err) => writer.abort(err),
  ).catch(() => {
    // The reader cancelled: the pipe is already closed and the reason is the reader's.
  });
  return pipe.readable;
}
