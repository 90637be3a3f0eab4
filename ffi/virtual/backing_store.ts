/**
 * The virtual disc's user data on the host: the file PATH holds 2048-byte blocks from LBA 0,
 * so image readers (xorriso, 7-Zip, pycdlib) read it as an image. CD-DA blocks (2352 bytes)
 * go to `PATH.kiln-audio` at `lba * 2352`, since they cannot share the 2048-byte layout.
 *
 * Consecutive data writes are gathered in 1 MiB buffers and reach the file in large
 * positional writes, the way a drive's own buffer turns many small WRITEs into long
 * recordings; a write that does not continue the gathered range, a read, a truncation and a
 * flush first write out what is gathered. Once a disc has taken `THREAD_AFTER` bytes, the
 * gathered buffers are recorded on a thread of their own (`recording_thread.ts`) while the
 * host sends the next WRITEs, as a real drive records from its buffer; a read, truncation,
 * size, flush or close first waits for it. The file position is remembered, so sequential
 * writes need no seek. Nothing is allocated per command or per block.
 *
 * @module
 */

import { ImageWriteError } from "../../src/model/errors.ts";
import { RecordingThread } from "./recording_thread.ts";

/** Block size of the data file. */
export const DATA_BLOCK = 2048;
/** Block size of the audio file. */
export const AUDIO_BLOCK = 2352;
/** Bytes gathered before they go to the file. */
const GATHER = 1 << 20;
/** Data bytes a disc takes before its buffers are recorded on their own thread. */
export const THREAD_AFTER = 8 << 20;

class PositionedFile {
  readonly path: string;
  readonly file: Deno.FsFile;
  #pos = -1;
  constructor(path: string, file: Deno.FsFile) {
    this.path = path;
    this.file = file;
  }
  #seek(offset: number): void {
    if (this.#pos !== offset) this.file.seekSync(offset, Deno.SeekMode.Start);
    this.#pos = offset;
  }
  write(offset: number, data: Uint8Array): void {
    this.#seek(offset);
    let done = 0;
    try {
      while (done < data.length) done += this.file.writeSync(data.subarray(done));
    } catch (cause) {
      this.#pos = -1;
      throw new ImageWriteError(
        `Cannot write ${data.length} bytes at offset ${offset} of ${this.path}: ${
          (cause as Error).message
        }`,
        { path: this.path, cause },
      );
    }
    this.#pos += done;
  }
  read(offset: number, into: Uint8Array): void {
    this.#seek(offset);
    let done = 0;
    while (done < into.length) {
      const n = this.file.readSync(into.subarray(done));
      if (n === null || n === 0) break;
      done += n;
    }
    this.#pos = done < into.length ? -1 : this.#pos + done;
    into.fill(0, done);
  }
  truncate(bytes: number): void {
    this.file.truncateSync(bytes);
    this.#pos = -1;
  }
  size(): number {
    return this.file.statSync().size;
  }
}

/** The data file (and audio file) of one virtual disc. */
export class BackingStore {
  readonly #path: string;
  readonly #data: PositionedFile;
  readonly #readOnly: boolean;
  #audio: PositionedFile | undefined;
  /** The buffer being gathered into: the store's own, or the recording thread's next slot. */
  #gather: Uint8Array = new Uint8Array(GATHER);
  #gatherAt = 0;
  #gathered = 0;
  /** Data bytes written through this store, until the thread starts. */
  #written = 0;
  #thread: RecordingThread | undefined;

  private constructor(path: string, data: PositionedFile, readOnly: boolean) {
    this.#path = path;
    this.#data = data;
    this.#readOnly = readOnly;
  }

  /**
   * Open (or create) the data file.
   *
   * @param path The data file.
   * @param readOnly Pressed media: open for reading only (the image may be read-only).
   * @returns The store.
   * @throws {ImageWriteError} When the file cannot be opened.
   */
  static open(path: string, readOnly = false): BackingStore {
    try {
      const file = Deno.openSync(
        path,
        readOnly ? { read: true } : { read: true, write: true, create: true },
      );
      return new BackingStore(path, new PositionedFile(path, file), readOnly);
    } catch (cause) {
      throw new ImageWriteError(
        `Cannot open virtual disc file ${path}: ${(cause as Error).message}`,
        { path, cause },
      );
    }
  }

  #audioFile(): PositionedFile {
    if (!this.#audio) {
      const p = `${this.#path}.kiln-audio`;
      this.#audio = new PositionedFile(
        p,
        Deno.openSync(p, { read: true, write: true, create: true }),
      );
    }
    return this.#audio;
  }

  /**
   * Store blocks.
   *
   * @param lba First block (≥ 0).
   * @param data Whole blocks.
   * @param blockSize 2048 (data) or 2352 (CD-DA).
   */
  write(lba: number, data: Uint8Array, blockSize = DATA_BLOCK): void {
    if (blockSize === AUDIO_BLOCK) {
      this.#audioFile().write(lba * AUDIO_BLOCK, data);
      return;
    }
    const offset = lba * DATA_BLOCK;
    if (!this.#thread) this.#written += data.length;
    if (this.#gathered > 0 && offset === this.#gatherAt + this.#gathered) {
      if (this.#gathered + data.length <= GATHER) {
        this.#gather.set(data, this.#gathered);
        this.#gathered += data.length;
        return;
      }
    }
    this.#drain();
    if (!this.#thread && !this.#readOnly && this.#written > THREAD_AFTER) {
      this.#thread = new RecordingThread(this.#path, GATHER);
      this.#gather = this.#thread.slot();
    }
    if (!this.#thread && data.length >= GATHER) {
      this.#data.write(offset, data);
      return;
    }
    // Whole buffers of a long write go to the thread one after another; the rest is gathered.
    let at = 0;
    while (data.length - at > GATHER) {
      this.#gather.set(data.subarray(at, at + GATHER));
      this.#gatherAt = offset + at;
      this.#gathered = GATHER;
      this.#drain();
      at += GATHER;
    }
    this.#gather.set(data.subarray(at));
    this.#gatherAt = offset + at;
    this.#gathered = data.length - at;
  }

  /** Write out what is gathered (on the thread, when there is one). */
  #drain(): void {
    if (this.#gathered === 0) return;
    const n = this.#gathered;
    this.#gathered = 0;
    if (this.#thread) {
      this.#thread.submit(this.#gatherAt, n);
      this.#gather = this.#thread.slot();
    } else this.#data.write(this.#gatherAt, this.#gather.subarray(0, n));
  }

  /** Write out what is gathered and wait until it is in the file. */
  #settle(): void {
    this.#drain();
    this.#thread?.settle();
  }

  /**
   * Read blocks; bytes past the end of the file read as zeros.
   *
   * @param lba First block.
   * @param into Buffer of whole blocks.
   * @param blockSize 2048 or 2352.
   */
  read(lba: number, into: Uint8Array, blockSize = DATA_BLOCK): void {
    this.#settle();
    if (blockSize === AUDIO_BLOCK) this.#audioFile().read(lba * AUDIO_BLOCK, into);
    else this.#data.read(lba * DATA_BLOCK, into);
  }

  /**
   * Zero blocks from `lba` on: the file is cut there (data past the recorded area is gone).
   *
   * @param lba First block to drop.
   */
  truncate(lba: number): void {
    if (this.#readOnly) return;
    this.#settle();
    if (this.#data.size() > lba * DATA_BLOCK) this.#data.truncate(lba * DATA_BLOCK);
    if (this.#audio && this.#audio.size() > lba * AUDIO_BLOCK) {
      this.#audio.truncate(lba * AUDIO_BLOCK);
    }
  }

  /**
   * Zero a range of blocks inside the file (lost data that is not at the end).
   *
   * @param lba First block.
   * @param blocks Count.
   */
  zero(lba: number, blocks: number): void {
    this.#settle();
    const size = this.#data.size();
    const end = Math.min(size, (lba + blocks) * DATA_BLOCK);
    const zeros = new Uint8Array(1 << 20);
    for (let at = lba * DATA_BLOCK; at < end; at += zeros.length) {
      this.#data.write(at, zeros.subarray(0, Math.min(zeros.length, end - at)));
    }
  }

  /** Size of the data file in bytes. */
  get bytes(): number {
    this.#settle();
    return this.#data.size();
  }

  /** Flush written data to the host's storage (what SYNCHRONIZE CACHE promises). */
  sync(): void {
    if (this.#readOnly) return;
    this.#settle();
    this.#data.file.syncDataSync();
    this.#audio?.file.syncDataSync();
  }

  /** Close the files. */
  close(): void {
    try {
      this.#drain();
      this.#thread?.close();
    } finally {
      this.#thread = undefined;
      this.#data.file.close();
      this.#audio?.file.close();
      this.#audio = undefined;
    }
  }
}
