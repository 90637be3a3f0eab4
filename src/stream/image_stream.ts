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
import { emitDirectory, emitPathTable } from "../layout/directory_writer.ts";
import type { ImagePlan } from "../layout/layout_plan.ts";
import { volumeDescriptorSet } from "../layout/volume_descriptor_writer.ts";
import { type ByteSink, readSource } from "./source_reader.ts";
import * as udf from "../layout/udf_writer.ts";
import { metadataFileEntry } from "../layout/udf_metadata.ts";
import { bootCatalog } from "../layout/boot_plan.ts";
import { gptTail, systemArea } from "../layout/hybrid_writer.ts";

/** Progress of an image being streamed. */
export interface ImageProgress {
  /** Bytes emitted so far. */
  readonly bytesDone: number;
  /** Total bytes of the image. */
  readonly totalBytes: number;
  /** Path of the file being read, when in the data area. */
  readonly file?: string;
}

/** Options for streaming an image. */
export interface ImageStreamOptions {
  /** Stops the stream with the signal's reason. */
  signal?: AbortSignal;
  /** Called after every chunk. */
  onProgress?: (progress: ImageProgress) => void;
  /** Chunk size in bytes, a multiple of 2048 (default 1 MiB). */
  chunkSize?: number;
}

const DEFAULT_CHUNK = 1 << 20;

class ChunkWriter implements ByteSink {
  #buf: Uint8Array;
  #fill = 0;
  position = 0;
  file: string | undefined;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #chunk: number;
  readonly #total: number;
  readonly #options: ImageStreamOptions;

  constructor(
    writer: WritableStreamDefaultWriter<Uint8Array>,
    total: number,
    options: ImageStreamOptions,
  ) {
    this.#writer = writer;
    this.#chunk = options.chunkSize ?? DEFAULT_CHUNK;
    if (this.#chunk <= 0 || this.#chunk % SECTOR_SIZE) {
      throw new RangeError(
        `Cannot stream with chunk size ${this.#chunk}: it must be a positive multiple of 2048`,
      );
    }
    this.#buf = new Uint8Array(this.#chunk);
    this.#total = total;
    this.#options = options;
  }

  take(max: number): { buf: Uint8Array; at: number; room: number } {
    return { buf: this.#buf, at: this.#fill, room: Math.min(max, this.#chunk - this.#fill) };
  }

  commit(n: number): Promise<void> | void {
    this.#fill += n;
    this.position += n;
    if (this.#fill === this.#chunk) return this.flush();
  }

  async flush(): Promise<void> {
    if (this.#fill === 0) return;
    const out = this.#fill === this.#chunk ? this.#buf : this.#buf.slice(0, this.#fill);
    this.#buf = new Uint8Array(this.#chunk);
    this.#fill = 0;
    await this.#send(out);
  }

  async put(bytes: Uint8Array): Promise<void> {
    await this.flush();
    this.position += bytes.length;
    await this.#send(bytes);
  }

  async zeroTo(lba: number): Promise<void> {
    const gap = lba * SECTOR_SIZE - this.position;
    if (gap < 0) throw new InternalError(`zero fill to block ${lba} from byte ${this.position}`);
    if (gap > 0) await this.put(new Uint8Array(gap));
  }

  async padToSector(): Promise<void> {
    const rest = (SECTOR_SIZE - (this.position % SECTOR_SIZE)) % SECTOR_SIZE;
    if (rest === 0) return;
    const { room } = this.take(rest);
    if (room < rest) throw new InternalError("chunk size is not a multiple of the sector size");
    await this.commit(rest);
  }

  expect(lba: number, what: string): void {
    if (this.position !== lba * SECTOR_SIZE) {
      throw new InternalError(`${what} starts at byte ${this.position}, planned block ${lba}`);
    }
  }

  async #send(chunk: Uint8Array): Promise<void> {
    this.#options.signal?.throwIfAborted();
    await this.#writer.ready;
    await this.#writer.write(chunk);
    const done = this.position - this.#fill;
    this.#options.onProgress?.({
      bytesDone: done,
      totalBytes: this.#total,
      ...(this.file ? { file: this.file } : {}),
    });
  }
}

/**
 * The UDF file set, directories and entries from sector `at`: the start of the partition,
 * or of one copy of the metadata partition (padded to its planned size).
 */
async function udfContent(plan: ImagePlan, out: ChunkWriter, at: number): Promise<void> {
  const u = plan.udf!;
  await out.zeroTo(at);
  await out.put(udf.fileSet(plan));
  for (const d of u.directories) {
    out.expect(at + u.nodes.get(d)!.feBlock, `UDF directory ${d.path}`);
    await out.put(udf.directory(plan, d));
  }
  for (const n of u.leaves) await out.put(udf.leaf(plan, n));
  out.expect(at + u.contentBlocks, "end of the UDF entries");
  if (u.metadata) await out.zeroTo(at + u.metadata.blocks);
}

async function produce(plan: ImagePlan, out: ChunkWriter): Promise<void> {
  await out.put(systemArea(plan));
  const iso = plan.options.iso9660;
  if (iso) await out.put(volumeDescriptorSet(plan));
  const t = plan.tree;
  const u = plan.udf;
  if (u) {
    out.expect(u.vrsLba, "UDF volume recognition sequence");
    await out.put(udf.recognitionSequence(u));
    await out.zeroTo(u.mainVdsLba);
    await out.put(udf.volumeSequence(plan, u.mainVdsLba));
    out.expect(u.reserveVdsLba, "UDF reserve volume descriptor sequence");
    await out.put(udf.volumeSequence(plan, u.reserveVdsLba));
    out.expect(u.integrityLba, "UDF integrity sequence");
    await out.put(udf.integritySequence(plan));
    await out.zeroTo(u.anchorLba);
    await out.put(udf.anchor(u, u.anchorLba));
    const m = u.metadata;
    if (m) {
      await out.zeroTo(u.partitionStart + m.fileBlock);
      await out.put(metadataFileEntry(plan, false));
      out.expect(u.partitionStart + m.mirrorFileBlock, "UDF metadata mirror file entry");
      await out.put(metadataFileEntry(plan, true));
    }
    await udfContent(plan, out, u.partitionStart + (m?.start ?? 0));
    if (m) await udfContent(plan, out, u.partitionStart + m.mirrorStart);
  }
  if (plan.boot) {
    out.expect(plan.boot.catalogLba, "boot catalog");
    await out.put(bootCatalog(plan.boot));
  }
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
  for (const d of iso ? t.isoDirectories : []) {
    out.expect(d.isoExtent, `ISO directory ${d.path}`);
    await out.put(emitDirectory(d, "iso", plan, sink));
  }
  for (const d of t.jolietDirectories) {
    out.expect(d.jolietExtent, `Joliet directory ${d.path}`);
    await out.put(emitDirectory(d, "joliet", plan, sink));
  }
  if (sink.next !== plan.continuationAreas.length) {
    throw new InternalError(
      `${sink.next} continuation areas emitted, ${plan.continuationAreas.length} planned`,
    );
  }
  out.expect(plan.continuationLba, "continuation region");
  if (sink.region.length) await out.put(sink.region);
  for (const f of plan.dataFiles) {
    out.expect(f.extent, `data of ${f.path}`);
    out.file = f.path;
    await readSource(f, out);
    await out.padToSector();
  }
  await out.flush();
  if (u) {
    out.expect(u.lastAnchorLba, "last UDF anchor");
    await out.put(udf.anchor(u, u.lastAnchorLba));
  }
  if (plan.gptTailLba !== undefined) {
    out.expect(plan.gptTailLba, "backup GPT");
    await out.put(gptTail(plan));
  }
  out.expect(plan.totalSectors, "end of image");
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
  const out = new ChunkWriter(writer, plan.totalSectors * SECTOR_SIZE, options);
  produce(plan, out).then(
    () => writer.close(),
    (err) => writer.abort(err),
  ).catch(() => {
    // The reader cancelled: the pipe is already closed and the reason is the reader's.
  });
  return pipe.readable;
}
