/**
 * Byte-exact CDBs for every command (from reference/mmc.md's tables and the libburn,
 * growisofs, kernel and QEMU test-bed CDBs it quotes), the build -> parse round trip of
 * every command's table, and the drive-side checks of parse.
 */

import fc from "fast-check";
import { assertEquals, bytes, hex, throws } from "../../_helpers/assert.ts";
import { recordArbitrary } from "../_fields.ts";
import { commandByOpcode, commandName, mmcCommands } from "../../../src/mmc/command_set.ts";
import { MmcDataError } from "../../../src/mmc/errors.ts";
import { BlankingType, buildBlankCdb } from "../../../src/mmc/commands/blank.ts";
import {
  buildCloseTrackSessionCdb,
  CloseFunction,
} from "../../../src/mmc/commands/close_track_session.ts";
import { buildInquiryCdb } from "../../../src/mmc/commands/inquiry.ts";
import { buildPreventAllowMediumRemovalCdb } from "../../../src/mmc/commands/prevent_allow_medium_removal.ts";
import { buildRead10Cdb } from "../../../src/mmc/commands/read10.ts";
import { buildRead12Cdb } from "../../../src/mmc/commands/read12.ts";
import { buildReadCapacityCdb } from "../../../src/mmc/commands/read_capacity.ts";
import { buildReadDiscInformationCdb } from "../../../src/mmc/commands/read_disc_information.ts";
import {
  buildReadTocCdb,
  effectiveTocFormat,
  parseReadTocCdb,
  TocFormat,
} from "../../../src/mmc/commands/read_toc.ts";
import {
  buildReadTrackInformationCdb,
  invisibleTrack,
  TrackAddressType,
} from "../../../src/mmc/commands/read_track_information.ts";
import { buildRequestSenseCdb } from "../../../src/mmc/commands/request_sense.ts";
import { buildReserveTrackCdb } from "../../../src/mmc/commands/reserve_track.ts";
import { buildSetCdSpeedCdb } from "../../../src/mmc/commands/set_cd_speed.ts";
import {
  buildStartStopUnitCdb,
  parseStartStopUnitCdb,
} from "../../../src/mmc/commands/start_stop_unit.ts";
import {
  buildSynchronizeCacheCdb,
  synchronizeCache,
} from "../../../src/mmc/commands/synchronize_cache.ts";
import {
  buildTestUnitReadyCdb,
  parseTestUnitReadyCdb,
} from "../../../src/mmc/commands/test_unit_ready.ts";
import { buildWrite10Cdb, parseWrite10Cdb, write10 } from "../../../src/mmc/commands/write10.ts";
import { buildWrite12Cdb } from "../../../src/mmc/commands/write12.ts";
import { buildFormatUnitCdb } from "../../../src/mmc/commands/format_unit.ts";
import { buildGetConfigurationCdb } from "../../../src/mmc/commands/get_configuration.ts";
import { buildGetEventStatusNotificationCdb } from "../../../src/mmc/commands/get_event_status_notification.ts";
import {
  buildGetPerformanceCdb,
  PerformanceType,
} from "../../../src/mmc/commands/get_performance.ts";
import { buildReadBufferCapacityCdb } from "../../../src/mmc/commands/read_buffer_capacity.ts";
import { buildReadDiscStructureCdb } from "../../../src/mmc/commands/read_disc_structure.ts";
import { buildReadFormatCapacitiesCdb } from "../../../src/mmc/commands/read_format_capacities.ts";
import { buildSendCueSheetCdb } from "../../../src/mmc/commands/send_cue_sheet.ts";
import { buildSendOpcInformationCdb } from "../../../src/mmc/commands/send_opc_information.ts";
import { buildSetStreamingCdb } from "../../../src/mmc/commands/set_streaming.ts";

/** [what, built CDB, expected bytes, source]. */
export const vectors: [string, Uint8Array, string][] = [
  ["TEST UNIT READY (mmc.md 3.3)", buildTestUnitReadyCdb(), "00 00 00 00 00 00"],
  ["REQUEST SENSE, libburn's 18 bytes", buildRequestSenseCdb(), "03 00 00 00 12 00"],
  [
    "REQUEST SENSE with DESC",
    buildRequestSenseCdb({ desc: true, allocationLength: 32 }),
    "03 01 00 00 20 00",
  ],
  ["INQUIRY, libburn's 36 bytes (mmc.md 3.3)", buildInquiryCdb(), "12 00 00 00 24 00"],
  [
    "INQUIRY 96 (qemu-testbed 6 #1)",
    buildInquiryCdb({ allocationLength: 0x60 }),
    "12 00 00 00 60 00",
  ],
  [
    "INQUIRY VPD 83h",
    buildInquiryCdb({ evpd: true, pageCode: 0x83, allocationLength: 252 }),
    "12 01 83 00 fc 00",
  ],
  ["READ CAPACITY (qemu-testbed 6 #7)", buildReadCapacityCdb(), "25 00 00 00 00 00 00 00 00 00"],
  [
    "READ DISC INFORMATION 34 (qemu-testbed 6 #5)",
    buildReadDiscInformationCdb(),
    "51 00 00 00 00 00 00 00 22 00",
  ],
  [
    "READ TRACK INFORMATION track 1 (qemu-testbed 6 #6)",
    buildReadTrackInformationCdb({ addressType: TrackAddressType.track, address: 1 }),
    "52 01 00 00 00 01 00 00 30 00",
  ],
  [
    "READ TRACK INFORMATION invisible track, libburn's 20 bytes",
    buildReadTrackInformationCdb({ addressType: 1, address: invisibleTrack, allocationLength: 20 }),
    "52 01 00 00 00 ff 00 00 14 00",
  ],
  [
    "READ TOC format 0 (qemu-testbed 6 #8)",
    buildReadTocCdb({ format: TocFormat.toc, allocationLength: 0x324 }),
    "43 00 00 00 00 00 00 03 24 00",
  ],
  [
    "READ TOC format 1 in byte 2 and byte 9 (kernel sr_vendor: cmd[9] = 0x40)",
    buildReadTocCdb({ format: TocFormat.sessionInfo, allocationLength: 12 }),
    "43 00 01 00 00 00 00 00 0c 40",
  ],
  [
    "READ TOC full TOC, MSF (libburn MMC_GET_TOC 43 02 02)",
    buildReadTocCdb({ format: TocFormat.fullToc, msf: true }),
    "43 02 02 00 00 00 00 10 00 80",
  ],
  [
    "READ TOC ATIP, MSF (libburn MMC_GET_ATIP 43 02 04): no byte-9 format",
    buildReadTocCdb({ format: TocFormat.atip, msf: true, allocationLength: 28 }),
    "43 02 04 00 00 00 00 00 1c 00",
  ],
  [
    "READ(10) LBA 16 x1 (qemu-testbed 6 #9)",
    buildRead10Cdb({ lba: 16, transferLength: 1 }),
    "28 00 00 00 00 10 00 00 01 00",
  ],
  [
    "WRITE(10) LBA 16 x1 (qemu-testbed 6 #11)",
    buildWrite10Cdb({ lba: 16, transferLength: 1 }),
    "2a 00 00 00 00 10 00 00 01 00",
  ],
  [
    "WRITE(10) at LBA -150 (mmc.md 0.1: FF FF FF 6A)",
    buildWrite10Cdb({ lba: -150, transferLength: 16 }),
    "2a 00 ff ff ff 6a 00 00 10 00",
  ],
  [
    "WRITE(10) FUA",
    buildWrite10Cdb({ lba: 0x12345678, transferLength: 0x20, fua: true }),
    "2a 08 12 34 56 78 00 00 20 00",
  ],
  [
    "WRITE(12) Streaming, 64 KiB at LBA 0 (libburn opcode[10] = 0x80)",
    buildWrite12Cdb({ lba: 0, transferLength: 32, streaming: true }),
    "aa 00 00 00 00 00 00 00 00 20 80 00",
  ],
  [
    "READ(12) 16 blocks",
    buildRead12Cdb({ lba: 0x100, transferLength: 16 }),
    "a8 00 00 00 01 00 00 00 00 10 00 00",
  ],
  [
    "SYNCHRONIZE CACHE (qemu-testbed 6 #12)",
    buildSynchronizeCacheCdb(),
    "35 00 00 00 00 00 00 00 00 00",
  ],
  [
    "SYNCHRONIZE CACHE Immed (mmc.md 3.11: 0x02)",
    buildSynchronizeCacheCdb({ immed: true }),
    "35 02 00 00 00 00 00 00 00 00",
  ],
  [
    "PREVENT (libburn SPC_PREVENT)",
    buildPreventAllowMediumRemovalCdb({ prevent: true }),
    "1e 00 00 00 01 00",
  ],
  [
    "ALLOW (qemu-testbed 6 #13)",
    buildPreventAllowMediumRemovalCdb({ prevent: false }),
    "1e 00 00 00 00 00",
  ],
  [
    "START STOP UNIT eject (qemu-testbed 6 #14)",
    buildStartStopUnitCdb({ loadEject: true }),
    "1b 00 00 00 02 00",
  ],
  [
    "START STOP UNIT load (qemu-testbed 6 #16)",
    buildStartStopUnitCdb({ loadEject: true, start: true }),
    "1b 00 00 00 03 00",
  ],
  [
    "START STOP UNIT start (libburn SBC_START_UNIT)",
    buildStartStopUnitCdb({ start: true }),
    "1b 00 00 00 01 00",
  ],
  ["START STOP UNIT stop, Immed", buildStartStopUnitCdb({ immed: true }), "1b 01 00 00 00 00"],
  [
    "CLOSE TRACK 1, Immed",
    buildCloseTrackSessionCdb({
      immed: true,
      closeFunction: CloseFunction.closeTrack,
      trackNumber: 1,
    }),
    "5b 01 01 00 00 01 00 00 00 00",
  ],
  [
    "CLOSE SESSION, Immed",
    buildCloseTrackSessionCdb({ immed: true, closeFunction: CloseFunction.closeSession }),
    "5b 01 02 00 00 00 00 00 00 00",
  ],
  [
    "DVD+R finalize with minimal radius (101b)",
    buildCloseTrackSessionCdb({ immed: true, closeFunction: CloseFunction.finalizeMinimalRadius }),
    "5b 01 05 00 00 00 00 00 00 00",
  ],
  [
    "BD-R finalize (110b)",
    buildCloseTrackSessionCdb({ immed: true, closeFunction: CloseFunction.finalizeDisc }),
    "5b 01 06 00 00 00 00 00 00 00",
  ],
  [
    "RESERVE TRACK 380 000 blocks (growisofs cmd[5..8])",
    buildReserveTrackCdb({ reservationSize: 380_000 }),
    "53 00 00 00 00 00 05 cc 60 00",
  ],
  [
    "BLANK minimal, Immed (libburn opcode[1] = 0x10 | fast)",
    buildBlankCdb({ immed: true, blankingType: BlankingType.minimal }),
    "a1 11 00 00 00 00 00 00 00 00 00 00",
  ],
  [
    "BLANK full, Immed",
    buildBlankCdb({ immed: true, blankingType: BlankingType.full }),
    "a1 10 00 00 00 00 00 00 00 00 00 00",
  ],
  ["SET CD SPEED maximum", buildSetCdSpeedCdb(), "bb 00 ff ff ff ff 00 00 00 00 00 00"],
  [
    "SET CD SPEED write 4x (706 kB/s), CAV",
    buildSetCdSpeedCdb({ writeSpeed: 706, rotationControl: 1 }),
    "bb 01 ff ff 02 c2 00 00 00 00 00 00",
  ],
  [
    "GET CONFIGURATION length probe (libburn alloc 8)",
    buildGetConfigurationCdb(),
    "46 00 00 00 00 00 00 00 08 00",
  ],
  [
    "GET CONFIGURATION 4096 (qemu-testbed 6 #4)",
    buildGetConfigurationCdb({ allocationLength: 4096 }),
    "46 00 00 00 00 00 00 10 00 00",
  ],
  [
    "GET CONFIGURATION one feature, 0021h (growisofs cmd[1] = 2)",
    buildGetConfigurationCdb({ rt: 2, startingFeature: 0x21, allocationLength: 16 }),
    "46 02 00 21 00 00 00 00 10 00",
  ],
  [
    "GET EVENT STATUS NOTIFICATION (libburn MMC_GET_EVENT)",
    buildGetEventStatusNotificationCdb(),
    "4a 01 00 00 7e 00 00 00 08 00",
  ],
  ["FORMAT UNIT (libburn MMC_FORMAT_UNIT 04 11)", buildFormatUnitCdb(), "04 11 00 00 00 00"],
  [
    "FORMAT UNIT with CmpList (libburn DVD-RAM DCRT)",
    buildFormatUnitCdb({ completeList: true }),
    "04 19 00 00 00 00",
  ],
  [
    "READ FORMAT CAPACITIES probe (libburn alloc 4)",
    buildReadFormatCapacitiesCdb(),
    "23 00 00 00 00 00 00 00 04 00",
  ],
  [
    "GET PERFORMANCE write speeds, 16 descriptors (type 03h)",
    buildGetPerformanceCdb({ type: PerformanceType.writeSpeed, maxDescriptors: 16 }),
    "ac 00 00 00 00 00 00 00 00 10 03 00",
  ],
  [
    "GET PERFORMANCE nominal read (libburn opcode[1] = 0x10)",
    buildGetPerformanceCdb({ tolerance: 2, maxDescriptors: 1 }),
    "ac 10 00 00 00 00 00 00 00 01 00 00",
  ],
  [
    "GET PERFORMANCE descriptor in effect (growisofs cmd[1] = 4)",
    buildGetPerformanceCdb({ write: true, maxDescriptors: 1 }),
    "ac 04 00 00 00 00 00 00 00 01 00 00",
  ],
  [
    "SET STREAMING (libburn opcode[9..10] = 28)",
    buildSetStreamingCdb(),
    "b6 00 00 00 00 00 00 00 00 00 1c 00",
  ],
  [
    "READ DISC STRUCTURE DVD physical format",
    buildReadDiscStructureCdb({ format: 0, allocationLength: 2052 }),
    "ad 00 00 00 00 00 00 00 08 04 00 00",
  ],
  [
    "READ DISC STRUCTURE BD disc information",
    buildReadDiscStructureCdb({ mediaType: 1, format: 0 }),
    "ad 01 00 00 00 00 00 00 10 04 00 00",
  ],
  [
    "READ DISC STRUCTURE DVD+R DL layer boundary",
    buildReadDiscStructureCdb({ format: 0x20, allocationLength: 12 }),
    "ad 00 00 00 00 00 00 20 00 0c 00 00",
  ],
  [
    "READ BUFFER CAPACITY (libburn alloc 12)",
    buildReadBufferCapacityCdb(),
    "5c 00 00 00 00 00 00 00 0c 00",
  ],
  [
    "SEND CUE SHEET of 4 entries (libburn opcode[6..8])",
    buildSendCueSheetCdb({ cueSheetSize: 32 }),
    "5d 00 00 00 00 00 00 00 20 00",
  ],
  [
    "SEND OPC INFORMATION, calibrate now (libburn opcode[1] = 1)",
    buildSendOpcInformationCdb({ doOpc: true }),
    "54 01 00 00 00 00 00 00 00 00",
  ],
];

Deno.test("build*Cdb() gives the byte-exact CDBs of mmc.md's tables", () => {
  for (const [what, built, expected] of vectors) assertEquals(hex(built), expected, what);
});

Deno.test("every command's CDB round-trips: parse(build(fields)) returns the fields", () => {
  for (const command of mmcCommands) {
    fc.assert(
      fc.property(recordArbitrary(command.cdb), (fields) => {
        const cdb = command.build(fields as never);
        assertEquals([cdb.length, cdb[0]], [command.cdbLength, command.opcode], command.name);
        assertEquals(command.parse(cdb), fields, command.name);
      }),
      { numRuns: 50 },
    );
  }
});

Deno.test("every command's CDB table fits its CDB and names a clause", () => {
  for (const c of mmcCommands) {
    assertEquals(commandByOpcode(c.opcode), c);
    for (const [name, f] of Object.entries(c.cdb)) {
      // only READ TOC's SFF-8020 format field lives in the control byte
      if (f.offset + f.size > c.cdbLength - 1 && name !== "legacyFormat") {
        throw new Error(`${c.name}.${name} hits the control byte`);
      }
      if (!/^(MMC-5|SPC-[34]|SFF-8020)/.test(f.clause)) {
        throw new Error(`${c.name}.${name}: ${f.clause}`);
      }
    }
  }
  assertEquals(commandName(0x2a), "WRITE(10)");
  assertEquals(commandName(0xbd), "command BDh");
});

Deno.test("parse*Cdb() rejects a wrong opcode, a short CDB and reserved bits, naming the byte", () => {
  throws(
    () => parseTestUnitReadyCdb(bytes("12 00 00 00 24 00")),
    MmcDataError,
    "TEST UNIT READY CDB",
    "operation code 12h is not 00h",
  );
  throws(() => parseWrite10Cdb(bytes("2a 00 00 00")), MmcDataError, "4 bytes, the CDB has 10");
  const e = throws(
    () => parseWrite10Cdb(bytes("2a 00 00 00 00 10 20 00 01 00")),
    MmcDataError,
    "Cannot parse WRITE(10) CDB: reserved bit 5 of byte 6 is set",
  );
  assertEquals([e.part, e.offset, e.bit], ["cdb", 6, 5]);
  throws(
    () => parseTestUnitReadyCdb(bytes("00 00 00 00 00 04")),
    MmcDataError,
    "reserved bit 2 of byte 5",
  );
  throws(
    () => parseStartStopUnitCdb(bytes("1b 00 00 00 08 00")),
    MmcDataError,
    "reserved bit 3 of byte 4",
  );
});

Deno.test("parseReadTocCdb() sees the format in byte 2 or, from an SFF-8020 host, in byte 9", () => {
  const modern = parseReadTocCdb(bytes("43 00 01 00 00 00 00 00 0c 00"));
  const legacy = parseReadTocCdb(bytes("43 00 00 00 00 00 00 00 0c 40"));
  assertEquals([effectiveTocFormat(modern), effectiveTocFormat(legacy)], [1, 1]);
});

Deno.test("commands carry mmc.md 3.1 timeouts, Immed ones shorter", () => {
  assertEquals(
    write10.timeout(parseWrite10Cdb(buildWrite10Cdb({ lba: 0, transferLength: 16 }))),
    200_000,
  );
  const sync = (immed: boolean) =>
    synchronizeCache.timeout(synchronizeCache.parse(buildSynchronizeCacheCdb({ immed })));
  assertEquals([sync(true), sync(false)], [200_000, 3_600_000]);
  const timeouts = Object.fromEntries(
    mmcCommands.map((c) => [c.name, c.timeout(c.parse(c.build({})))]),
  );
  assertEquals(timeouts["TEST UNIT READY"], 30_000);
  assertEquals(timeouts["BLANK"], 18_000_000);
  assertEquals(timeouts["CLOSE TRACK/SESSION"], 3_600_000);
  assertEquals(timeouts["RESERVE TRACK"], 200_000);
  assertEquals(timeouts["START STOP UNIT"], 300_000);
});
