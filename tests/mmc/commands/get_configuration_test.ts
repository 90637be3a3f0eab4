import { assertEquals, bytes, hex, throws } from "../../_helpers/assert.ts";
import { MmcDataError } from "../../../src/mmc/errors.ts";
import { FeatureCode, featureFields } from "../../../src/mmc/features.ts";
import { Profile } from "../../../src/mmc/profiles.ts";
import {
  buildGetConfigurationResponse,
  findFeature,
  parseGetConfigurationResponse,
} from "../../../src/mmc/commands/get_configuration.ts";

// ide-cd (mmc.md 5.1, qemu-testbed.md 6 #4): feature 0000h only, DVD-ROM and CD-ROM (current)
const ideCd = bytes("00 00 00 10 00 00 00 08 00 00 03 08 00 10 00 00 00 08 01 00");
// scsi-cd (mmc.md 5.2): plus Core (SCSI, DBE) and Removable Medium (tray, eject, lock), 40 bytes
const scsiCd = bytes(
  "00 00 00 24 00 00 00 08 00 00 03 08 00 10 00 00 00 08 01 00" +
    " 00 01 0b 08 00 00 00 01 01 00 00 00 00 03 03 04 29 00 00 00",
);

Deno.test("parseGetConfigurationResponse() reads QEMU ide-cd's profile list", () => {
  const c = parseGetConfigurationResponse(ideCd);
  assertEquals([c.dataLength, c.currentProfile, c.truncated], [16, Profile.cdRom, false]);
  assertEquals(c.profiles, [
    { profile: Profile.dvdRom, current: false },
    { profile: Profile.cdRom, current: true },
  ]);
  assertEquals(c.features.map((f) => [f.code, f.name, f.persistent, f.current]), [
    [0, "Profile List", true, true],
  ]);
});

Deno.test("parseGetConfigurationResponse() reads scsi-cd's Core and Removable Medium", () => {
  // as the QEMU test bed asked it: 4096 bytes allocated, 40 returned, residual 0
  const padded = new Uint8Array(4096);
  padded.set(scsiCd);
  const c = parseGetConfigurationResponse(padded);
  assertEquals(c.features.map((f) => f.code), [0x0000, 0x0001, 0x0003]);
  const core = featureFields(findFeature(c, FeatureCode.core)!, FeatureCode.core);
  assertEquals([core.physicalInterface, core.dbe, core.inq2], [1, true, false]);
  const rm = featureFields(
    findFeature(c, FeatureCode.removableMedium)!,
    FeatureCode.removableMedium,
  );
  assertEquals([rm.loadingMechanism, rm.eject, rm.lock, rm.load, rm.preventJumper], [
    1,
    true,
    true,
    false,
    false,
  ]);
  assertEquals(findFeature(c, FeatureCode.randomWritable), undefined);
});

Deno.test("parseGetConfigurationResponse() marks an 8-byte length probe as truncated", () => {
  const c = parseGetConfigurationResponse(scsiCd.subarray(0, 8));
  assertEquals([c.dataLength, c.currentProfile, c.features, c.truncated], [36, 8, [], true]);
  // cut inside the second descriptor: the first arrives whole
  const part = parseGetConfigurationResponse(scsiCd.subarray(0, 26));
  assertEquals([part.features.length, part.truncated], [1, true]);
});

Deno.test("parseGetConfigurationResponse() rejects a short header and an overrunning descriptor", () => {
  throws(
    () => parseGetConfigurationResponse(bytes("00 00 00 10 00 00")),
    MmcDataError,
    "Cannot parse GET CONFIGURATION response: 6 bytes, the 8-byte feature header needs 8",
  );
  const e = throws(
    () => parseGetConfigurationResponse(bytes("00 00 00 0a 00 00 00 08 00 00 03 08 00 10")),
    MmcDataError,
    "the feature descriptor at byte 8 overruns the data length 10",
  );
  assertEquals(e.offset, 8);
  throws(
    () => parseGetConfigurationResponse(bytes("00 00 00 02 00 00 00 00")),
    MmcDataError,
    "data length 2 is shorter than the header's 4",
  );
  throws(
    () => parseGetConfigurationResponse(bytes("00 00 00 06 00 00 00 00 00 01")),
    MmcDataError,
    "a partial feature header ends the data",
  );
});

Deno.test("buildGetConfigurationResponse() writes a BD-RE burner's write features", () => {
  const reply = buildGetConfigurationResponse({
    currentProfile: Profile.bdRe,
    features: [
      {
        code: 0,
        persistent: true,
        current: true,
        profiles: [
          { profile: Profile.bdRe, current: true },
          { profile: Profile.bdRSrm, current: false },
          { profile: Profile.dvdPlusRw, current: false },
        ],
      },
      {
        code: FeatureCode.randomWritable,
        version: 1,
        current: true,
        fields: { lastLba: 12_219_391, blockSize: 2048, blocking: 32, pp: true },
      },
      {
        code: FeatureCode.incrementalStreamingWritable,
        version: 1,
        fields: { dataBlockTypes: 0x0100, buf: true },
        linkSizes: [16],
      },
      {
        code: FeatureCode.formattable,
        version: 1,
        current: true,
        fields: { cert: true, qCert: true, rrm: true },
      },
      { code: FeatureCode.bdrPseudoOverwrite },
      {
        code: FeatureCode.realTimeStreaming,
        version: 5,
        current: true,
        fields: { sw: true, wspd: true, rbcb: true },
      },
    ],
  });
  const c = parseGetConfigurationResponse(reply);
  assertEquals([c.dataLength + 4, reply.length, c.currentProfile, c.truncated], [
    reply.length,
    reply.length,
    0x43,
    false,
  ]);
  assertEquals(c.profiles.map((p) => p.profile), [0x43, 0x41, 0x1a]);
  const isw = findFeature(c, FeatureCode.incrementalStreamingWritable)!;
  assertEquals(hex(isw.bytes), "00 21 04 08 01 00 01 01 10 00 00 00");
  assertEquals(isw.linkSizes, [16]);
  const rw = featureFields(findFeature(c, FeatureCode.randomWritable)!, FeatureCode.randomWritable);
  assertEquals(rw, { lastLba: 12_219_391, blockSize: 2048, blocking: 32, pp: true });
  const fmt = featureFields(findFeature(c, FeatureCode.formattable)!, FeatureCode.formattable);
  assertEquals([fmt.cert, fmt.qCert, fmt.expand, fmt.reNoSa, fmt.rrm], [
    true,
    true,
    false,
    false,
    true,
  ]);
  assertEquals(
    hex(findFeature(c, FeatureCode.bdrPseudoOverwrite)!.bytes),
    "00 38 00 04 00 00 00 00",
  );
  const rts = featureFields(
    findFeature(c, FeatureCode.realTimeStreaming)!,
    FeatureCode.realTimeStreaming,
  );
  assertEquals([rts.sw, rts.wspd, rts.mp2a, rts.scs, rts.rbcb], [true, true, false, false, true]);
});
