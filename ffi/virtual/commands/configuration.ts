/**
 * GET CONFIGURATION (46h; reference/mmc.md 3.4): the profile list (every profile of
 * {@linkcode DRIVE_PROFILES}, the loaded one current) and the features, each marked current
 * when the loaded medium allows it: 0021h for CD-R/RW and sequential DVD-R/-RW (not after a
 * minimal blank of DVD-RW), 0020h and 0026h for overwritable media, 0023h for formattable
 * ones, 0038h for POW-formatted BD-R, and so on (MMC-5 5.3, the decision rules of mmc.md
 * 3.4). RT 0 lists every feature from the starting one, RT 1 only current ones, RT 2 just
 * the one asked for.
 *
 * @module
 */

import {
  buildGetConfigurationResponse,
  ConfigurationRequest,
  parseGetConfigurationCdb,
} from "../../../src/mmc/commands/get_configuration.ts";
import { FeatureCode as F, type FeatureInput } from "../../../src/mmc/features.ts";
import { discSpec, type DiscState, recordingKind } from "../disc_state.ts";
import type { DriveModel } from "../drive_model.ts";
import { DRIVE_PROFILES } from "../media_catalogue.ts";
import { SENSE, SenseError } from "../sense_error.ts";
import { cdbFields, type CommandEntry, fit } from "./command_entry.ts";

const CD_DBT = (1 << 0) | (1 << 8) | (1 << 10);

function is(disc: DiscState | undefined, ...profiles: number[]): boolean {
  return disc !== undefined && profiles.includes(disc.profile);
}

/**
 * Every feature the drive has, with its current bit for the loaded disc.
 *
 * @param drive The drive.
 * @returns Feature inputs in code order.
 */
export function driveFeatures(drive: DriveModel): FeatureInput[] {
  const d = drive.loaded;
  const cls = d ? discSpec(d).mediaClass : undefined;
  const kind = d ? recordingKind(d) : undefined;
  const formatted = d !== undefined && d.format.state !== "unformatted";
  const blocking = d ? discSpec(d).blocking : 1;
  const recordableCd = is(d, 0x09, 0x0a) && !d!.finalized;
  const minus = is(d, 0x11, 0x14);
  const f = (
    code: number,
    current: boolean,
    fields: FeatureInput["fields"] = {},
    more: Partial<FeatureInput> = {},
  ) => ({
    code,
    current,
    fields,
    ...more,
  });
  return [
    f(F.profileList, true, undefined, {
      persistent: true,
      profiles: DRIVE_PROFILES.map((p) => ({ profile: p, current: p === d?.profile })),
    }),
    f(F.core, true, { physicalInterface: 1, dbe: true, inq2: false }, {
      persistent: true,
      version: 2,
    }),
    f(F.morphing, true, { ocEvent: true, async: false }, { persistent: true, version: 1 }),
    f(F.removableMedium, true, { loadingMechanism: 1, load: true, eject: true, lock: true }, {
      persistent: true,
    }),
    f(F.randomReadable, d !== undefined, { blockSize: 2048, blocking, pp: true }),
    f(F.multiRead, cls === "cd"),
    f(F.cdRead, cls === "cd", {}, { data: new Uint8Array(4), version: 2 }),
    f(F.dvdRead, cls === "dvd", {}, { data: new Uint8Array(4), version: 1 }),
    f(F.randomWritable, kind === "overwrite" && formatted, {
      lastLba: Math.max(0, (d?.capacity ?? 1) - 1),
      blockSize: 2048,
      blocking,
      pp: true,
    }),
    f(F.incrementalStreamingWritable, recordableCd || (minus && !d!.finalized && d!.incremental), {
      dataBlockTypes: cls === "cd" ? CD_DBT : 1 << 8,
      buf: true,
      arsv: false,
      trio: false,
    }, { linkSizes: cls === "cd" ? [7] : [16] }),
    f(
      F.formattable,
      is(d, 0x13, 0x14, 0x12, 0x1a, 0x43) || (is(d, 0x41) && d!.tracks.length === 0 && !formatted),
      {
        cert: true,
        qCert: true,
        expand: true,
        reNoSa: true,
        rrm: false,
      },
    ),
    f(F.hardwareDefectManagement, is(d, 0x12, 0x43) || (is(d, 0x41) && formatted), { ssa: true }),
    f(F.restrictedOverwrite, is(d, 0x13)),
    f(F.dvdPlusRw, is(d, 0x1a), { write: true, closeOnly: false, quickStart: true }),
    f(F.dvdPlusR, is(d, 0x1b), { write: true }),
    f(F.cdTrackAtOnce, recordableCd, { buf: true, testWrite: true, cdRw: true, dataTypes: CD_DBT }),
    f(F.cdMastering, recordableCd, {
      buf: true,
      sao: true,
      raw: false,
      testWrite: true,
      cdRw: true,
      maxCueSheetLength: 0x1000,
    }),
    f(F.dvdMinusRWrite, minus, { buf: true, testWrite: true, dvdRw: true, rdl: false }),
    f(F.bdrPseudoOverwrite, d?.pow === true),
    f(F.dvdPlusRDl, is(d, 0x2b), { write: true }),
    f(F.bdRead, cls === "bd", { bdReClass0: 0x0006, bdRClass0: 0x0002, bdRomClass0: 0x0006 }),
    f(F.bdWrite, is(d, 0x41, 0x43), { svnr: false, bdReClass0: 0x0006, bdRClass0: 0x0002 }),
    f(F.powerManagement, true, undefined, { persistent: true, data: new Uint8Array(0) }),
    f(F.realTimeStreaming, d !== undefined, {
      sw: true,
      wspd: true,
      mp2a: true,
      scs: true,
      rbcb: true,
    }, { version: 5 }),
    f(F.driveSerialNumber, true, undefined, {
      persistent: true,
      data: new TextEncoder().encode(
        `${drive.config.identity.vendor}0001`.padEnd(12, " ").slice(0, 12),
      ),
    }),
  ];
}

const getConfiguration: CommandEntry = {
  opcode: 0x46,
  name: "GET CONFIGURATION",
  direction: "in",
  medium: false,
  whileBusy: true,
  ignoresUnitAttention: true,
  run({ drive, req }) {
    const c = cdbFields(parseGetConfigurationCdb, req.cdb);
    if (c.rt === 3) {
      throw new SenseError(SENSE.invalidFieldInCdb, "GET CONFIGURATION: RT 11b is reserved", {
        fieldPointer: { inCdb: true, byte: 1, bit: 1 },
      });
    }
    const all = driveFeatures(drive);
    const picked = all.filter((f) =>
      c.rt === ConfigurationRequest.one
        ? f.code === c.startingFeature
        : f.code >= c.startingFeature && (c.rt === ConfigurationRequest.all || f.current)
    );
    const reply = buildGetConfigurationResponse({
      currentProfile: drive.profile,
      features: picked,
    });
    return fit(reply, c.allocationLength);
  },
};

/** The commands of this file. */
export const configurationCommands: readonly CommandEntry[] = [getConfiguration];
