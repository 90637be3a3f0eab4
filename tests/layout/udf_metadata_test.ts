/**
 * Byte-level vectors of the UDF 2.50/2.60 records: the partition maps (ECMA-167 3/10.7.2,
 * UDF 2.2.10), the metadata and mirror file entries (ECMA-167 4/14.17, UDF 2.2.13), a
 * file's extended file entry with long_ads into the physical partition (UDF 2.3.10), the
 * logical volume descriptor and the integrity descriptor (ECMA-167 3/10.6, 3/10.10,
 * UDF 2.2.6). Expected bytes are written out by hand from those clauses; tag CRCs are
 * checked with the plain TypeScript CRC-16, not the WASM one the writer uses.
 */

import { FileTree } from "../../src/model/file_tree.ts";
import { resolveMasterOptions, type UdfRevision } from "../../src/model/master_options.ts";
import { type ImagePlan, planImage } from "../../src/layout/layout_plan.ts";
import { metadataFileEntry, partitionMaps } from "../../src/layout/udf_metadata.ts";
import { directory, integritySequence, volumeSequence } from "../../src/layout/udf_writer.ts";
import { leaf } from "../../src/layout/udf_entries.ts";
import { udfLeaves } from "../../src/layout/udf_plan.ts";
import { crc16Ccitt } from "../../wasm/reference.ts";

const HUGE = 5 * 2 ** 30;

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");
}

function expectHex(what: string, actual: Uint8Array, expected: string): void {
  const want = expected.trim().split(/\s+/).join(" ");
  if (hex(actual) !== want) throw new Error(`${what}:\n got  ${hex(actual)}\n want ${want}`);
}

/** ECMA-167 3/7.2.3 checksum and 3/7.2.6 CRC of the descriptor at the start of `d`. */
function checkTag(what: string, d: Uint8Array, id: number, location: number): void {
  const v = new DataView(d.buffer, d.byteOffset);
  let sum = 0;
  for (let i = 0; i < 16; i++) if (i !== 4) sum += d[i]!;
  if (v.getUint16(0, true) !== id || v.getUint16(2, true) !== 3) throw new Error(`${what}: tag`);
  if (d[4] !== (sum & 0xff)) throw new Error(`${what}: tag checksum`);
  const crcLength = v.getUint16(10, true);
  if (v.getUint16(8, true) !== crc16Ccitt(d.subarray(16, 16 + crcLength))) {
    throw new Error(`${what}: tag CRC`);
  }
  if (v.getUint32(12, true) !== location) throw new Error(`${what}: tag location`);
}

function plan(revision: UdfRevision): ImagePlan {
  const tree = new FileTree();
  tree.addFile("/a", new TextEncoder().encode("hello"));
  tree.addFile("/huge", { kind: "stream", open: () => new ReadableStream() }, { size: HUGE });
  tree.addSymlink("/l", "a");
  const time = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  return planImage(tree.root, resolveMasterOptions({ udf: true, udfRevision: revision, time }));
}

Deno.test("partitionMaps() writes a type 1 map and the UDF 2.50 metadata partition map", () => {
  const maps = partitionMaps(plan("2.50").udf!);
  if (maps.count !== 2) throw new Error(`${maps.count} maps`);
  expectHex(
    "partition maps",
    maps.bytes,
    `
    01 06 01 00 00 00
    02 40 00 00
    00 2a 55 44 46 20 4d 65 74 61 64 61 74 61 20 50 61 72 74 69 74 69 6f 6e
    50 02 04 05 00 00 00 00
    01 00 00 00
    00 00 00 00 01 00 00 00 ff ff ff ff
    20 00 00 00 20 00 01
    00 00 00 00 00
    `,
    // 3/10.7.2: type 1, length 6, volume 1, partition 0. UDF 2.2.10: type 2, length 64,
    // reserved; regid flags 0, "*UDF Metadata Partition", UDF identifier suffix (2.1.5.3:
    // revision 0x0250, OS class 4, OS id 5); volume 1, partition 0; metadata file entry at
    // block 0, mirror at 1, no bitmap; allocation unit 32, alignment unit 32; duplicate flag.
  );
  const old = partitionMaps(plan("2.01").udf!);
  expectHex("2.01 partition map", old.bytes, "01 06 01 00 00 00");
});

Deno.test("metadataFileEntry() writes the metadata and mirror files as extended file entries", () => {
  const p = plan("2.60");
  const m = p.udf!.metadata!;
  for (const mirror of [false, true]) {
    const e = metadataFileEntry(p, mirror);
    const what = mirror ? "mirror file entry" : "metadata file entry";
    checkTag(what, e, 266, mirror ? 1 : 0);
    // 4/14.6 ICB tag: no prior entries, strategy 4, max entries 1, file type 250 or 251
    // (UDF 2.3.5.2), no parent, short_ads.
    expectHex(
      `${what} ICB tag`,
      e.subarray(16, 36),
      `00 00 00 00 04 00 00 00 01 00 00 ${mirror ? "fb" : "fa"} 00 00 00 00 00 00 00 00`,
    );
    // uid, gid 2^32 - 1, permissions 0, one link, record format 0.
    expectHex(
      `${what} owner`,
      e.subarray(36, 52),
      "ff ff ff ff ff ff ff ff 00 00 00 00 01 00 00 00",
    );
    // Information length and object size 32 blocks, 32 blocks recorded.
    expectHex(
      `${what} sizes`,
      e.subarray(56, 80),
      "00 00 01 00 00 00 00 00 00 00 01 00 00 00 00 00 20 00 00 00 00 00 00 00",
    );
    // No extended attributes, one short_ad (8 bytes): 64 KiB at the copy's first block.
    const at = mirror ? m.mirrorStart : m.start;
    const le32 = [0, 8, 16, 24].map((b) => ((at >>> b) & 0xff).toString(16).padStart(2, "0"));
    expectHex(
      `${what} allocation`,
      e.subarray(208, 224),
      `00 00 00 00 08 00 00 00 00 00 01 00 ${le32.join(" ")}`,
    );
    if (e.subarray(224).some((b) => b !== 0)) throw new Error(`${what}: bytes after the short_ad`);
  }
  // The entries in the partition's first blocks, before the file data; the copies after
  // the data and the ISO 9660 structures, aligned, the mirror first (see udf_plan.ts).
  const u = p.udf!;
  const afterIso = p.continuationLba + p.continuationBlocks - u.partitionStart;
  if (
    m.fileBlock !== 0 || m.mirrorFileBlock !== 1 || p.dataLba !== u.partitionStart + 2 ||
    m.blocks !== 32 || m.mirrorStart % 32 !== 0 || m.mirrorStart < afterIso ||
    m.mirrorStart >= afterIso + 32 || m.start !== m.mirrorStart + 32 ||
    u.lastAnchorLba !== u.partitionStart + m.start + 32
  ) throw new Error(JSON.stringify({ m, afterIso, lastAnchor: u.lastAnchorLba }));
});

Deno.test("leaf() gives a 5 GiB file in the metadata partition long_ads into partition 0", () => {
  const p = plan("2.50");
  const u = p.udf!;
  const huge = [...udfLeaves(u)].find((n) => n.node.path === "/huge")!;
  const e = leaf(p, huge);
  checkTag("file entry", e, 266, huge.feBlock);
  const v = new DataView(e.buffer);
  if (v.getUint16(34, true) !== 1) throw new Error("ICB flags: long_ads expected (4/14.6.8)");
  expectHex("information length", e.subarray(56, 64), "00 00 00 40 01 00 00 00");
  expectHex("object size", e.subarray(64, 72), "00 00 00 40 01 00 00 00");
  if (v.getUint32(212, true) !== 6 * 16) throw new Error(`L_AD ${v.getUint32(212, true)}`);
  const start = huge.node.kind === "file" ? huge.node.extent - u.partitionStart : -1;
  for (let i = 0; i < 6; i++) {
    const ad = e.subarray(216 + 16 * i, 232 + 16 * i);
    const length = i < 5 ? 0x3fff_f800 : HUGE - 5 * 0x3fff_f800;
    const block = start + i * (0x3fff_f800 / 2048);
    const le32 = (n: number) => hex(new Uint8Array(new Uint32Array([n]).buffer));
    // 4/14.14.2: extent length, lb_addr (block, partition reference 0), implementation use.
    expectHex(`long_ad ${i}`, ad, `${le32(length)} ${le32(block)} 00 00 00 00 00 00 00 00`);
  }
  const root = directory(p, p.tree.root).subarray(0, 2048);
  if (new DataView(root.buffer).getUint16(34, true) !== 0) throw new Error("directory: short_ads");
  const link = leaf(p, [...udfLeaves(u)].find((n) => n.node.path === "/l")!);
  // Symlink (file type 12) embedded (ICB flags 3): one path component, "a" in CS0 id 16.
  expectHex("symlink body", link.subarray(216, 216 + 7), "05 03 00 00 10 00 61");
  if (link[27] !== 12 || link[34] !== 3) throw new Error("symlink ICB tag");
});

Deno.test("volumeSequence() and integritySequence() describe two partitions for UDF 2.60", () => {
  const p = plan("2.60");
  const u = p.udf!;
  const lvd = volumeSequence(p, 32).subarray(3 * 2048, 4 * 2048);
  checkTag("logical volume descriptor", lvd, 6, 35);
  // 3/10.6.6 domain: "*OSTA UDF Compliant", suffix revision 0x0260, no write protection.
  expectHex("domain suffix", lvd.subarray(240, 248), "60 02 00 00 00 00 00 00");
  // 3/10.6.7 (UDF 2.2.4.4): the file set at block 0 of partition reference 1, two blocks.
  expectHex("file set location", lvd.subarray(248, 258), "00 10 00 00 00 00 00 00 01 00");
  // 3/10.6.8-9: 70 bytes of maps, 2 maps.
  expectHex("map table", lvd.subarray(264, 272), "46 00 00 00 02 00 00 00");
  const lvid = integritySequence(p).subarray(0, 2048);
  checkTag("integrity descriptor", lvid, 9, 64);
  const v = new DataView(lvid.buffer);
  // 3/10.10.6-9: two partitions, 46 bytes of implementation use, free space 0 and 0,
  // sizes: the physical partition, then the metadata partition's 32 blocks.
  if (v.getUint32(72, true) !== 2 || v.getUint32(76, true) !== 46) throw new Error("counts");
  expectHex("free space", lvid.subarray(80, 88), "00 00 00 00 00 00 00 00");
  if (v.getUint32(88, true) !== u.partitionLength || v.getUint32(92, true) !== 32) {
    throw new Error("size table");
  }
  // UDF 2.2.6.4 at 96: "*kiln", 2 files + 1 symlink, 1 directory; revisions: minimum read
  // 0x0250 (a 2.60 volume without pseudo-overwrite), minimum and maximum write 0x0260.
  expectHex("implementation id", lvid.subarray(96, 102), "00 2a 6b 69 6c 6e");
  expectHex(
    "counts and revisions",
    lvid.subarray(128, 142),
    "03 00 00 00 01 00 00 00 50 02 60 02 60 02",
  );
  // 3/10.10.5, UDF 3.2.1: next unique id after 16-18 (files) and 19-20 (metadata files).
  expectHex("next unique id", lvid.subarray(40, 48), "15 00 00 00 00 00 00 00");
});
