/**
 * READ(10)/(12) and WRITE(10)/(12) (reference/mmc.md 3.10): user data between the host and
 * the backing file, through the write rules, the drive buffer and the faults.
 *
 * Reads: on sequential media an LBA past the last recorded block is 5/21/00 (a real drive
 * answered so reading past the end of a DVD+R, DiscImageCreator issue 45, and tgt does the
 * same); an unrecorded block below it (link blocks, CD run-out blocks, a border, an unwritten
 * reserved track) is 8/00/00 BLANK CHECK (SPC-4: a write-once device met blank medium;
 * mmc.md 4.12 "8/xx: reading unwritten area"). Overwritable media: past the formatted size
 * 5/21/00, zeros where nothing was written (formatting records every block), a
 * never-formatted medium 8/00/00. READ(10) of a CD-DA track is 5/64/00 (illegal mode for
 * this track).
 *
 * Writes: the rules of `write_rules.ts`; a WRITE that does not fit in the buffer waits for
 * the buffer to drain at the write speed (Pioneer BDR-203 4.22) or, with quirk
 * `long-write-sense`, ends with 2/04/08 and records nothing.
 *
 * @module
 */

import { parseRead10Cdb } from "../../../src/mmc/commands/read10.ts";
import { parseRead12Cdb } from "../../../src/mmc/commands/read12.ts";
import { parseWrite10Cdb } from "../../../src/mmc/commands/write10.ts";
import { parseWrite12Cdb } from "../../../src/mmc/commands/write12.ts";
import { TransportError } from "../../../src/mmc/transport.ts";
import { DATA_BLOCK } from "../backing_store.ts";
import { recordingKind } from "../disc_state.ts";
import { recordedEnd, recordedTrack } from "../disc_views.ts";
import { SENSE, SenseError } from "../sense_error.ts";
import { commitWrite, planWrite, type WritePlan } from "../write_rules.ts";
import { cdbFields, type CommandContext, type CommandEntry, dataOut } from "./command_entry.ts";

function readRange({ drive, req }: CommandContext, lba: number, blocks: number): number {
  const disc = drive.loaded!;
  const kind = recordingKind(disc);
  const information = { information: lba >>> 0 };
  if (blocks === 0) return 0;
  const into = req.data;
  if (!into || into.length < blocks * DATA_BLOCK) {
    throw new SenseError(
      SENSE.invalidFieldInCdb,
      `READ of ${blocks} blocks needs a ${blocks * DATA_BLOCK}-byte buffer`,
      information,
    );
  }
  const limit = kind === "sequential" ? recordedEnd(disc) : disc.capacity;
  if (lba < 0 || lba + blocks > limit) {
    throw new SenseError(
      SENSE.lbaOutOfRange,
      `READ of blocks ${lba}..${lba + blocks - 1} (readable: ${limit})`,
      information,
    );
  }
  if (kind === "overwrite" && disc.format.state === "unformatted") {
    throw new SenseError(
      SENSE.blankCheck,
      "READ of a medium that was never formatted",
      information,
    );
  }
  if (kind !== "overwrite") {
    for (let at = lba; at < lba + blocks;) {
      const t = recordedTrack(disc, at);
      if (!t) {
        throw new SenseError(SENSE.blankCheck, `READ of unrecorded block ${at}`, {
          information: at,
        });
      }
      if (t.audio) {
        throw new SenseError(
          SENSE.illegalModeForTrack,
          `READ of CD-DA track ${t.number} with READ(10)`,
          { information: at },
        );
      }
      at = t.start + t.recorded;
    }
  }
  const bad = drive.faults.badBlock(lba, blocks);
  if (bad !== undefined) {
    throw new SenseError(SENSE.unrecoveredReadError, `injected medium error at ${bad}`, {
      information: bad,
    });
  }
  drive.store.read(lba, into.subarray(0, blocks * DATA_BLOCK));
  return blocks * DATA_BLOCK;
}

async function waitForBuffer({ drive, req }: CommandContext, wait: number): Promise<void> {
  if (drive.config.quirks.has("long-write-sense")) {
    throw new SenseError(SENSE.longWriteInProgress, "the drive buffer is full");
  }
  if (wait > req.timeoutMs) {
    await drive.time.clock.sleep(req.timeoutMs);
    throw new TransportError(
      `WRITE timed out after ${req.timeoutMs} ms waiting for buffer room on ${drive.path}`,
      {
        kind: "timeout",
        device: drive.path,
      },
    );
  }
  await drive.time.clock.sleep(wait);
}

function store(ctx: CommandContext, plan: WritePlan, blocks: number): void {
  const data = dataOut(ctx.req);
  const first = Math.max(plan.skip, 0);
  if (plan.simulated || blocks <= first) return;
  const from = plan.lba + first;
  ctx.drive.store.write(
    from,
    data.subarray(first * plan.blockSize, blocks * plan.blockSize),
    plan.blockSize,
  );
}

async function writeRange(ctx: CommandContext, lba: number, blocks: number): Promise<void> {
  const { drive, req } = ctx;
  const fault = drive.faults.onWrite();
  if (fault.sense) {
    throw new SenseError(fault.sense, `injected fault on WRITE ${drive.faults.writes}`, {
      information: lba >>> 0,
    });
  }
  if (blocks === 0) return;
  const wc = drive.writeContext();
  const plan = planWrite(wc, lba, blocks, dataOut(req).length);
  const bytes = blocks * plan.blockSize;
  const wait = drive.time.waitForRoom(bytes);
  if (wait > 0) await waitForBuffer(ctx, wait);
  const wasIdle = wc.disc.inFlight === undefined;
  const bad = plan.simulated ? undefined : drive.faults.badBlock(lba, blocks);
  const cut = fault.powerLossBlocks === undefined
    ? bad === undefined ? blocks : bad - lba
    : Math.min(blocks, fault.powerLossBlocks === "half" ? blocks >> 1 : fault.powerLossBlocks);
  if (cut > 0) {
    store(ctx, plan, cut);
    commitWrite(wc, { ...plan, blocks: cut });
    drive.time.accept(cut * plan.blockSize);
  }
  if (wasIdle && wc.disc.inFlight !== undefined) drive.dirty = true;
  if (fault.powerLossBlocks !== undefined) {
    drive.losePower(
      `fault powerLoss=${drive.faults.writes} after ${cut} of ${blocks} blocks at LBA ${lba}`,
    );
    drive.assertPowered();
  }
  if (bad !== undefined) {
    throw new SenseError(SENSE.writeError, `injected medium error at ${bad}`, { information: bad });
  }
}

function entry(
  opcode: number,
  name: string,
  direction: "in" | "out",
  run: CommandEntry["run"],
): CommandEntry {
  return {
    opcode,
    name,
    direction,
    medium: true,
    whileBusy: false,
    ignoresUnitAttention: false,
    run,
  };
}

/** The commands of this file. */
export const dataCommands: readonly CommandEntry[] = [
  entry(0x28, "READ(10)", "in", (ctx) => {
    const f = cdbFields(parseRead10Cdb, ctx.req.cdb);
    return readRange(ctx, f.lba, f.transferLength);
  }),
  entry(0xa8, "READ(12)", "in", (ctx) => {
    const f = cdbFields(parseRead12Cdb, ctx.req.cdb);
    return readRange(ctx, f.lba, f.transferLength);
  }),
  entry(0x2a, "WRITE(10)", "out", (ctx) => {
    const f = cdbFields(parseWrite10Cdb, ctx.req.cdb);
    return writeRange(ctx, f.lba, f.transferLength);
  }),
  entry(0xaa, "WRITE(12)", "out", (ctx) => {
    const f = cdbFields(parseWrite12Cdb, ctx.req.cdb);
    return writeRange(ctx, f.lba, f.transferLength);
  }),
];
