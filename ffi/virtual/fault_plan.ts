/**
 * Fault injection for the virtual drive: what goes wrong, and when. Faults come from the
 * drive spec (keys below) or from {@linkcode FaultPlan}'s methods; they are not persisted.
 *
 * | Spec key | Meaning |
 * |---|---|
 * | `senseOnWrite=N:K/ASC/ASCQ[,...]` | the Nth WRITE command (1-based, counted from open) ends with that sense, nothing recorded |
 * | `notReady=COUNT[@N][:K/ASC/ASCQ]` | COUNT medium commands in a row answer NOT READY (default 2/04/01), from the first command after loading or from the Nth WRITE |
 * | `mediumError=LBA[-LBA][,...]` | a WRITE reaching these blocks records the blocks before them and ends with 3/0C/00 (INFORMATION = the first bad LBA); a READ of them ends with 3/11/00 |
 * | `powerLoss=N[:BLOCKS]` | power fails during the Nth WRITE after BLOCKS of its blocks (default half); buffered data is lost, the track is left damaged, and every further command fails with a TransportError until `powerCycle()` |
 *
 * @module
 */

import { InvalidInputError } from "../../src/model/errors.ts";
import { SENSE, type SenseCode } from "./sense_error.ts";

/** A sense on one WRITE. */
export interface WriteSenseFault {
  /** Which WRITE (1-based). */
  readonly write: number;
  /** The condition. */
  readonly code: SenseCode;
}

/** A burst of NOT READY answers. */
export interface NotReadyFault {
  /** How many commands. */
  readonly count: number;
  /** Start at this WRITE (1-based), or at the first command after loading when absent. */
  readonly atWrite?: number;
  /** The condition (default 2/04/01). */
  readonly code: SenseCode;
}

/** A power loss during one WRITE. */
export interface PowerLossFault {
  /** Which WRITE (1-based). */
  readonly write: number;
  /** Blocks of that WRITE that reach the drive (absent: half). */
  readonly blocks?: number;
}

/** Faults as parsed from a spec. */
export interface FaultSpec {
  /** Sense on the Nth write. */
  senseOnWrite: WriteSenseFault[];
  /** Not-ready bursts. */
  notReady: NotReadyFault[];
  /** Bad block ranges `[first, last]`. */
  mediumErrors: [number, number][];
  /** Power loss. */
  powerLoss: PowerLossFault | undefined;
}

/**
 * An empty fault list.
 *
 * @returns No faults.
 */
export function noFaults(): FaultSpec {
  return { senseOnWrite: [], notReady: [], mediumErrors: [], powerLoss: undefined };
}

function badValue(key: string, value: string, why: string): never {
  throw new InvalidInputError(
    `Cannot use virtual drive key ${key}=${JSON.stringify(value)}: ${why}`,
  );
}

function int(key: string, value: string, text: string): number {
  if (!/^\d+$/.test(text)) badValue(key, value, `${JSON.stringify(text)} is not a whole number`);
  return Number(text);
}

/**
 * Parse `K/ASC/ASCQ` (hexadecimal, e.g. `3/0C/00`).
 *
 * @param key Spec key (for messages).
 * @param value Whole value (for messages).
 * @param text The triple.
 * @returns The condition.
 */
export function parseSenseTriple(key: string, value: string, text: string): SenseCode {
  const m = /^([0-9a-f])\/([0-9a-f]{1,2})\/([0-9a-f]{1,2})$/i.exec(text);
  if (!m) badValue(key, value, `${JSON.stringify(text)} is not a sense triple like 3/0C/00`);
  const [key_, asc, ascq] = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16)) as [
    number,
    number,
    number,
  ];
  return { key: key_, asc, ascq, text: "injected fault" };
}

/**
 * Add one fault key's value to a fault list.
 *
 * @param faults The list (changed).
 * @param key `senseOnWrite`, `notReady`, `mediumError` or `powerLoss`.
 * @param value The value.
 * @throws {InvalidInputError} For a malformed value.
 */
export function parseFaultKey(faults: FaultSpec, key: string, value: string): void {
  const items = value.split(",").filter((s) => s !== "");
  if (items.length === 0) badValue(key, value, "the value is empty");
  for (const item of items) {
    if (key === "senseOnWrite") {
      const [n, triple] = item.split(":");
      if (triple === undefined) badValue(key, value, "use N:K/ASC/ASCQ, e.g. 3:3/0C/00");
      faults.senseOnWrite.push({
        write: int(key, value, n!),
        code: parseSenseTriple(key, value, triple),
      });
    } else if (key === "notReady") {
      const m = /^(\d+)(?:@(\d+))?(?::(.+))?$/.exec(item);
      if (!m) badValue(key, value, "use COUNT[@N][:K/ASC/ASCQ], e.g. 3@10:2/04/08");
      faults.notReady.push({
        count: int(key, value, m[1]!),
        ...(m[2] === undefined ? {} : { atWrite: int(key, value, m[2]) }),
        code: m[3] === undefined ? SENSE.becomingReady : parseSenseTriple(key, value, m[3]),
      });
    } else if (key === "mediumError") {
      const m = /^(\d+)(?:-(\d+))?$/.exec(item);
      if (!m) badValue(key, value, "use LBA or LBA-LBA, e.g. 1000-1015");
      const first = int(key, value, m[1]!);
      const last = m[2] === undefined ? first : int(key, value, m[2]);
      if (last < first) badValue(key, value, `the range ${first}-${last} is backwards`);
      faults.mediumErrors.push([first, last]);
    } else if (key === "powerLoss") {
      const [n, blocks] = item.split(":");
      faults.powerLoss = {
        write: int(key, value, n!),
        ...(blocks === undefined ? {} : { blocks: int(key, value, blocks) }),
      };
    } else {
      badValue(key, value, "not a fault key");
    }
  }
}

/** The faults of a running drive. */
export class FaultPlan {
  #faults: FaultSpec;
  #writes = 0;
  #notReadyLeft = 0;
  #notReadyCode: SenseCode = SENSE.becomingReady;

  /**
   * Arm faults.
   *
   * @param faults The faults (copied).
   */
  constructor(faults: FaultSpec = noFaults()) {
    this.#faults = structuredClone(faults);
    this.#armLoadBurst();
  }

  #armLoadBurst(): void {
    const atLoad = this.#faults.notReady.find((f) => f.atWrite === undefined);
    if (atLoad) [this.#notReadyLeft, this.#notReadyCode] = [atLoad.count, atLoad.code];
  }

  /** WRITE commands seen so far. */
  get writes(): number {
    return this.#writes;
  }

  /** A medium was loaded: a load-time not-ready burst starts again. */
  mediumLoaded(): void {
    this.#armLoadBurst();
  }

  /**
   * A medium command arrives: answer NOT READY if a burst is running.
   *
   * @returns The condition, or undefined.
   */
  notReadyNow(): SenseCode | undefined {
    if (this.#notReadyLeft <= 0) return undefined;
    this.#notReadyLeft--;
    return this.#notReadyCode;
  }

  /**
   * A WRITE arrives (before any other check of its own).
   *
   * @returns What fault it meets: a sense, a power loss after some blocks, or nothing.
   */
  onWrite(): { sense?: SenseCode; powerLossBlocks?: number | "half" } {
    const n = ++this.#writes;
    const burst = this.#faults.notReady.find((f) => f.atWrite === n);
    if (burst) [this.#notReadyLeft, this.#notReadyCode] = [burst.count, burst.code];
    const nr = this.notReadyNow();
    if (nr) return { sense: nr };
    const s = this.#faults.senseOnWrite.find((f) => f.write === n);
    if (s) return { sense: s.code };
    const p = this.#faults.powerLoss;
    if (p && p.write === n) return { powerLossBlocks: p.blocks ?? "half" };
    return {};
  }

  /**
   * The first bad block in a range.
   *
   * @param lba First block.
   * @param blocks Count.
   * @returns The bad LBA, or undefined.
   */
  badBlock(lba: number, blocks: number): number | undefined {
    let first: number | undefined;
    for (const [a, b] of this.#faults.mediumErrors) {
      if (a < lba + blocks && b >= lba) {
        const hit = Math.max(a, lba);
        if (first === undefined || hit < first) first = hit;
      }
    }
    return first;
  }

  /**
   * Make the Nth WRITE (counting from open) end with a sense.
   *
   * @param write 1-based WRITE number; use `writes + 1` for the next one.
   * @param code The condition.
   */
  senseOnWrite(write: number, code: SenseCode): void {
    this.#faults.senseOnWrite.push({ write, code });
  }

  /**
   * Answer NOT READY to the next `count` medium commands.
   *
   * @param count How many.
   * @param code The condition (default 2/04/01).
   */
  notReady(count: number, code: SenseCode = SENSE.becomingReady): void {
    [this.#notReadyLeft, this.#notReadyCode] = [count, code];
  }

  /**
   * Mark blocks bad.
   *
   * @param first First bad LBA.
   * @param last Last bad LBA (default: `first`).
   */
  mediumError(first: number, last = first): void {
    this.#faults.mediumErrors.push([first, last]);
  }

  /**
   * Lose power during the Nth WRITE.
   *
   * @param write 1-based WRITE number.
   * @param blocks Blocks of it that reach the drive (default half).
   */
  powerLossOnWrite(write: number, blocks?: number): void {
    this.#faults.powerLoss = { write, ...(blocks === undefined ? {} : { blocks }) };
  }

  /** Disarm every fault. */
  clear(): void {
    this.#faults = noFaults();
    this.#notReadyLeft = 0;
  }
}
