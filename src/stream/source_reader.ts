/**
 * Read a file's bytes from its source into sector-aligned chunks, checking that the source
 * yields exactly the size planned for it. A source that grew or shrank since it was added
 * stops the image with an {@linkcode InvalidInputError} naming it.
 *
 * @module
 */

import { InvalidInputError } from "../model/errors.ts";
import type { PlannedFile } from "../layout/plan_tree.ts";

/** Receives the bytes of a file in order. */
export interface ByteSink {
  /** Room left in the current chunk buffer, and the buffer with its fill offset. */
  take(max: number): { buf: Uint8Array; at: number; room: number };
  /** Mark `n` bytes written at the offset `take` gave. */
  commit(n: number): Promise<void> | void;
}

/**
 * The error for a source that no longer holds the bytes planned for it.
 *
 * @param file The planned file.
 * @param got What was found instead ("12 bytes (it shrank)").
 * @returns The error, naming the image path and the source.
 */
export function sourceChanged(file: PlannedFile, got: number | string): InvalidInputError {
  const path = file.entry.source.kind === "path" ? file.entry.source.path : file.path;
  return new InvalidInputError(
    `Cannot write "${file.path}" into the image: its source ${
      JSON.stringify(path)
    } changed size while the image was written (planned ${file.entry.size} bytes, found ${got})`,
    { path },
  );
}

/** Files up to this size are read with synchronous calls: no thread-pool round trip per call. */
const SYNC_READ_LIMIT = 256 * 1024;
/**
 * The error for a source that cannot be read (a missing file is one that changed).
 *
 * @param file The planned file.
 * @param path The source path.
 * @param cause What the OS said.
 * @returns The error, naming the image path and the source.
 */
export function sourceUnreadable(
  file: PlannedFile,
  path: string,
  cause: unknown,
): InvalidInputError {
  if (cause instanceof InvalidInputError) return cause;
  if (cause instanceof Deno.errors.NotFound) return sourceChanged(file, "no file (it was removed)");
  return new InvalidInputError(
    `Cannot read source file ${JSON.stringify(path)} for "${file.path}": ${
      (cause as Error).message
    }`,
    {
      cause,
      path,
    },
  );
}

async function fromPath(file: PlannedFile, path: string, sink: ByteSink): Promise<void> {
  const size = file.entry.size;
  let done = 0;
  const sync = size <= SYNC_READ_LIMIT;
  let handle: Deno.FsFile;
  try {
    handle = sync ? Deno.openSync(path, { read: true }) : await Deno.open(path, { read: true });
  } catch (cause) {
    throw sourceUnreadable(file, path, cause);
  }
  const read = async (into: Uint8Array) => {
    try {
      return sync ? handle.readSync(into) : await handle.read(into);
    } catch (cause) {
      throw sourceUnreadable(file, path, cause);
    }
  };
  try {
    let ended = false;
    while (done < size) {
      const { buf, at, room } = sink.take(size - done);
      // When the rest fits with a byte to spare, ask for one more: a short read is the end
      // of the file, and a full one means it grew (no extra read call per small file).
      const probe = room === size - done && at + room < buf.length ? 1 : 0;
      const n = await read(buf.subarray(at, at + room + probe));
      if (n === null) throw sourceChanged(file, `${done} bytes (it shrank)`);
      if (n > room) throw sourceChanged(file, "more bytes (it grew)");
      ended = probe === 1 && n === room;
      done += n;
      const committed = sink.commit(n);
      if (committed) await committed;
    }
    if (!ended && (await read(new Uint8Array(1))) !== null) {
      throw sourceChanged(file, "more bytes (it grew)");
    }
  } finally {
    handle.close();
  }
}

/**
 * Copy bytes into a sink's chunk buffers, chunk by chunk.
 *
 * @param bytes The bytes.
 * @param sink Destination.
 */
export async function copyToSink(bytes: Uint8Array, sink: ByteSink): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { buf, at, room } = sink.take(bytes.length - done);
    buf.set(bytes.subarray(done, done + room), at);
    done += room;
    await sink.commit(room);
  }
}

async function fromStream(
  file: PlannedFile,
  stream: ReadableStream<Uint8Array>,
  sink: ByteSink,
): Promise<void> {
  let done = 0;
  for await (const chunk of stream) {
    if (done + chunk.length > file.entry.size) {
      throw sourceChanged(file, `more than ${file.entry.size} bytes from its stream`);
    }
    await copyToSink(chunk, sink);
    done += chunk.length;
  }
  if (done !== file.entry.size) throw sourceChanged(file, `${done} bytes from its stream`);
}

/** Read a whole (small) file, change it as the image needs, then copy it to the sink. */
async function readPatched(
  file: PlannedFile,
  patch: (bytes: Uint8Array) => void,
  sink: ByteSink,
): Promise<void> {
  const whole = new Uint8Array(file.entry.size);
  let at = 0;
  await readUnpatched(file, {
    take: (max) => ({ buf: whole, at, room: Math.min(max, whole.length - at) }),
    commit: (n) => void (at += n),
  });
  patch(whole);
  await copyToSink(whole, sink);
}

/**
 * Copy a planned file's content into the sink.
 *
 * @param file The file.
 * @param sink Destination.
 */
export function readSource(file: PlannedFile, sink: ByteSink): Promise<void> {
  return file.patch ? readPatched(file, file.patch, sink) : readUnpatched(file, sink);
}

/** Copy a planned file's content as its source has it. */
function readUnpatched(file: PlannedFile, sink: ByteSink): Promise<void> {
  const src = file.entry.source;
  switch (src.kind) {
    case "path":
      return fromPath(file, src.path, sink);
    case "bytes":
      return copyToSink(src.bytes, sink);
    case "stream":
      return fromStream(file, src.open(), sink);
  }
}
