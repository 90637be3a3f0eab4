/**
 * Speeds and the buffer (reference/mmc.md 3.19–3.21, 3.26):
 *
 * - GET PERFORMANCE type 03h lists one write speed descriptor per speed the medium allows
 *   (End LBA = capacity − 1, as dvd+rw-mediainfo shows "00/2295103"); the data length always
 *   counts them all, while at most Maximum Number of Descriptors follow (so a host asking for
 *   0 learns the count). Type 00h gives the nominal read or write performance (one
 *   descriptor, 0 to capacity − 1). Quirks: `no-perf` (length 0, LG GCA-4040N), `perf-fails`
 *   (5/24/00).
 * - SET STREAMING (type 0, 28 bytes) and SET CD SPEED select speeds; the drive takes the
 *   fastest supported speed not above the request, counting 1x DVD as 1352 or 1385 kB/s alike
 *   (mmc.md 6 #11); RDD restores the default. Quirk `streaming-range`: End LBA past the
 *   capacity of a DVD+RW is 5/21/00 (LG GSA-4081B). Settings survive media changes (LB-cook).
 * - READ BUFFER CAPACITY: the buffer size (Pioneer BDR-203 4.16) and its free bytes (or free
 *   blocks with Block = 1) as the time model has it. Quirk `buffer-bogus`: free > size.
 *
 * @module
 */

import {
  buildGetPerformanceResponse,
  buildGetPerformanceWriteSpeedResponse,
  parseGetPerformanceCdb,
  PerformanceType,
} from "../../../src/mmc/commands/get_performance.ts";
import {
  buildReadBufferCapacityResponse,
  parseReadBufferCapacityCdb,
} from "../../../src/mmc/commands/read_buffer_capacity.ts";
import { maximumCdSpeed, parseSetCdSpeedCdb } from "../../../src/mmc/commands/set_cd_speed.ts";
import {
  parseSetStreamingCdb,
  parseSetStreamingParameters,
} from "../../../src/mmc/commands/set_streaming.ts";
import { SENSE, SenseError } from "../sense_error.ts";
import { cdbFields, type CommandEntry, dataOut, fit, parameterFields } from "./command_entry.ts";

const setCdSpeed: CommandEntry = {
  opcode: 0xbb,
  name: "SET CD SPEED",
  direction: "none",
  medium: false,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields(parseSetCdSpeedCdb, req.cdb);
    drive.requestedReadSpeed = f.readSpeed === maximumCdSpeed ? Infinity : f.readSpeed;
    drive.requestedWriteSpeed = f.writeSpeed === maximumCdSpeed ? Infinity : f.writeSpeed;
    drive.applySpeed();
  },
};

const getPerformance: CommandEntry = {
  opcode: 0xac,
  name: "GET PERFORMANCE",
  direction: "in",
  medium: true,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const f = cdbFields(parseGetPerformanceCdb, req.cdb);
    const alloc = req.data?.length ?? 0;
    const disc = drive.loaded!;
    const endLba = Math.max(0, disc.capacity - 1);
    if (drive.config.quirks.has("perf-fails")) {
      throw new SenseError(
        SENSE.invalidFieldInCdb,
        "GET PERFORMANCE is not supported (drive quirk)",
      );
    }
    if (f.type === PerformanceType.writeSpeed) {
      const all = drive.writeSpeeds().map((s) => ({
        wrc: 0,
        exact: true,
        endLba,
        readSpeed: drive.spec?.readSpeed ?? 0,
        writeSpeed: s,
      }));
      const reply = buildGetPerformanceWriteSpeedResponse(all);
      if (drive.config.quirks.has("no-perf")) return fit(new Uint8Array(8), alloc);
      return fit(reply.subarray(0, 8 + 16 * Math.min(all.length, f.maxDescriptors)), alloc);
    }
    if (f.type === PerformanceType.performance) {
      const speed = f.write ? drive.writeSpeed() : drive.readSpeed();
      const descriptors = f.except !== 0 || speed === 0
        ? []
        : [{ startLba: 0, startPerformance: speed, endLba, endPerformance: speed }];
      const reply = buildGetPerformanceResponse(descriptors, {
        write: f.write,
        except: f.except !== 0,
      });
      return fit(reply.subarray(0, 8 + 16 * Math.min(descriptors.length, f.maxDescriptors)), alloc);
    }
    throw new SenseError(
      SENSE.invalidFieldInCdb,
      `GET PERFORMANCE type ${f.type} is not supported`,
      {
        fieldPointer: { inCdb: true, byte: 10 },
      },
    );
  },
};

const setStreaming: CommandEntry = {
  opcode: 0xb6,
  name: "SET STREAMING",
  direction: "out",
  medium: false,
  whileBusy: false,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const c = cdbFields(parseSetStreamingCdb, req.cdb);
    if (c.type !== 0) {
      throw new SenseError(
        SENSE.invalidFieldInCdb,
        `SET STREAMING type ${c.type} is not supported`,
        {
          fieldPointer: { inCdb: true, byte: 8 },
        },
      );
    }
    const bytes = dataOut(req).subarray(0, c.parameterListLength);
    if (c.parameterListLength < 28 || bytes.length < 28) {
      throw new SenseError(
        SENSE.parameterListLength,
        `SET STREAMING: ${bytes.length} bytes, the descriptor has 28`,
      );
    }
    const p = parameterFields(parseSetStreamingParameters, bytes);
    if (p.restoreDefaults) {
      drive.requestedReadSpeed = Infinity;
      drive.requestedWriteSpeed = Infinity;
      drive.applySpeed();
      return;
    }
    const disc = drive.loaded;
    if (p.startLba > p.endLba) {
      throw new SenseError(
        SENSE.invalidFieldInParameters,
        "SET STREAMING: Start LBA is past End LBA",
        {
          fieldPointer: { inCdb: false, byte: 4 },
        },
      );
    }
    if (
      disc && disc.profile === 0x001a && drive.config.quirks.has("streaming-range") &&
      p.endLba > disc.capacity - 1
    ) {
      throw new SenseError(
        SENSE.lbaOutOfRange,
        `SET STREAMING: End LBA ${p.endLba} is past the disc`,
      );
    }
    if (p.readTime > 0) drive.requestedReadSpeed = (p.readSize * 1000) / p.readTime;
    if (p.writeTime > 0) drive.requestedWriteSpeed = (p.writeSize * 1000) / p.writeTime;
    drive.applySpeed();
  },
};

const readBufferCapacity: CommandEntry = {
  opcode: 0x5c,
  name: "READ BUFFER CAPACITY",
  direction: "in",
  medium: false,
  whileBusy: true,
  ignoresUnitAttention: false,
  run({ drive, req }) {
    const c = cdbFields(parseReadBufferCapacityCdb, req.cdb);
    const size = drive.time.bufferSize;
    let free = size - drive.time.bufferFill;
    if (drive.config.quirks.has("buffer-bogus")) free = size + 0x40000;
    const reply = buildReadBufferCapacityResponse({
      blockMode: c.block,
      bufferLength: size,
      blankLength: c.block ? Math.floor(free / 2048) : Math.round(free),
    });
    return fit(reply, c.allocationLength);
  },
};

/** The commands of this file. */
export const speedCommands: readonly CommandEntry[] = [
  setCdSpeed,
  getPerformance,
  setStreaming,
  readBufferCapacity,
];
