/**
 * A regression guard for byte-identical output: deterministic images from in-memory trees,
 * one per option set, streamed and hashed, against SHA-256 values pinned from a known-good
 * build. Any change to the layout or the record writers that moves a byte fails here; a
 * deliberate format change must re-pin the hashes (run with PIN=1 to print them).
 */

import { createHash } from "node:crypto";
import { FileTree, masterImage, type MasterOptions } from "../../src/iso.ts";

const TIME = new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 120));
const OLD = new Date(Date.UTC(1999, 11, 31, 23, 59, 59));

/** Deterministic bytes: a small linear congruential generator. */
function bytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A tree with nested folders, varied sizes, modes, times, symlinks and awkward names. */
function featureTree(): FileTree {
  const t = new FileTree();
  t.addFile("/readme.txt", new TextEncoder().encode("hello kiln\n"));
  t.addFile("/empty.bin", new Uint8Array(0));
  t.addFile("/exact.bin", bytes(2048, 1));
  t.addFile("/odd.bin", bytes(5000, 2), { meta: { mode: 0o600, uid: 1000, gid: 100 } });
  t.addFile("/bin/run.sh", new TextEncoder().encode("#!/bin/sh\necho hi\n"), {
    meta: { mode: 0o755, mtime: OLD, atime: OLD, ctime: OLD },
  });
  t.addDirectory("/private", { mode: 0o700, uid: 5, gid: 6, mtime: OLD });
  t.addFile("/private/key", bytes(33, 3), { meta: { mode: 0o400 } });
  t.addSymlink("/link-to-readme", "readme.txt");
  t.addSymlink("/bin/abs", "/usr/bin/env");
  t.addSymlink("/bin/up", "../private/./key");
  t.addFile("/Mixed Case & spaces.TXT", bytes(10, 4));
  t.addFile("/ünïcødé-名前.txt", bytes(20, 5));
  t.addFile("/emoji-😀.txt", bytes(21, 6));
  t.addFile("/many.dots.in.the.name.tar.gz", bytes(30, 7));
  t.addFile("/noext", bytes(31, 8));
  const long = "a-very-long-file-name-".repeat(10).slice(0, 200);
  t.addFile(`/${long}.txt`, bytes(40, 9));
  t.addFile(`/${long.slice(0, 150)}-second.txt`, bytes(41, 10));
  for (let i = 0; i < 12; i++) t.addFile(`/collide/name-${i}-same-prefix.txt`, bytes(i * 7, i));
  for (let i = 0; i < 40; i++) t.addFile(`/wide/file${i}.dat`, bytes(100 + i * 97, 100 + i));
  let deep = "";
  for (let d = 1; d <= 11; d++) {
    deep += `/level${d}`;
    t.addFile(`${deep}/f${d}.txt`, bytes(d * 3, 200 + d));
  }
  return t;
}

/** A feature tree plus boot images for El Torito and isohybrid. */
function bootTree(): FileTree {
  const t = featureTree();
  t.addFile("/isolinux/isolinux.bin", bytes(24 * 1024, 300));
  t.addFile("/boot/efiboot.img", bytes(64 * 1024, 301));
  return t;
}

/** Names of 255 UTF-8 bytes and long link targets: NM and SL entries split across CE areas. */
function longNamesTree(): FileTree {
  const t = new FileTree();
  const names = [
    "x".repeat(250),
    "y".repeat(255),
    "名".repeat(85),
    "é".repeat(127),
    "😀".repeat(63),
  ];
  for (const [i, n] of names.entries()) {
    t.addFile(`/long/${n}`, bytes(10 + i, 600 + i));
    t.addDirectory(`/long/dir-${n.slice(0, 60)}`);
    t.addFile(`/long/dir-${n.slice(0, 60)}/${n}`, bytes(5, 610 + i));
  }
  t.addSymlink("/long/link", `/${"component/".repeat(30)}${"q".repeat(255)}/../.`);
  for (let i = 0; i < 60; i++) t.addFile(`/long/many/${"m".repeat(200)}-${i}`, bytes(1, i));
  return t;
}

/** A file of more than 4 GiB from a stream source: multi-extent ISO records, UDF long_ads. */
function largeTree(): FileTree {
  const t = new FileTree();
  const size = 2 ** 32 + 4097;
  const chunk = bytes(2 ** 20, 500);
  const open = () => {
    let left = size;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        const n = Math.min(left, chunk.length);
        controller.enqueue(chunk.slice(0, n));
        left -= n;
        if (left === 0) controller.close();
      },
    });
  };
  t.addFile("/big/huge.bin", { kind: "stream", open }, { size });
  t.addFile("/big/after.txt", bytes(77, 501));
  return t;
}

const BIOS = { image: "/isolinux/isolinux.bin", bootInfoTable: true };
const EFI = { image: "/boot/efiboot.img", platform: "efi" as const };

/** SHA-256 of an image's stream, without holding it in memory. */
async function imageHash(tree: FileTree, options: MasterOptions): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of masterImage(tree, { time: TIME, ...options }).stream()) {
    hash.update(chunk);
  }
  return hash.digest("hex");
}

interface Case {
  readonly name: string;
  readonly tree: () => FileTree;
  readonly options: MasterOptions;
}

const CASES: readonly Case[] = [
  { name: "default", tree: featureTree, options: {} },
  { name: "no joliet", tree: featureTree, options: { joliet: false } },
  { name: "no rock ridge", tree: featureTree, options: { rockRidge: false } },
  { name: "iso level 1", tree: featureTree, options: { isoLevel: 1 } },
  { name: "iso level 2", tree: featureTree, options: { isoLevel: 2 } },
  ...(["1.02", "1.50", "2.00", "2.01", "2.50", "2.60"] as const).map((udfRevision) => ({
    name: `udf ${udfRevision}`,
    tree: featureTree,
    options: { udf: true, udfRevision },
  })),
  {
    name: "udf only 2.01",
    tree: featureTree,
    options: { udf: true, iso9660: false },
  },
  {
    name: "udf only 2.50",
    tree: featureTree,
    options: { udf: true, iso9660: false, udfRevision: "2.50" },
  },
  {
    name: "bios boot with boot info table",
    tree: bootTree,
    options: { boot: { entries: [BIOS], catalog: "/isolinux/boot.cat" } },
  },
  {
    name: "efi boot, hidden catalog",
    tree: bootTree,
    options: { boot: { entries: [EFI], hideCatalog: true } },
  },
  {
    name: "isohybrid mbr + gpt with udf",
    tree: bootTree,
    options: {
      boot: { entries: [BIOS, EFI] },
      hybrid: { mbr: bytes(432, 400), gpt: true },
      udf: true,
    },
  },
  {
    name: "isohybrid mbr only",
    tree: bootTree,
    options: { boot: { entries: [BIOS] }, hybrid: { mbr: bytes(432, 401) } },
  },
  { name: "long names", tree: longNamesTree, options: { udf: true } },
  {
    name: "long names udf 2.60 without joliet",
    tree: longNamesTree,
    options: { udf: true, udfRevision: "2.60", joliet: false },
  },
  { name: "large file with udf", tree: largeTree, options: { udf: true } },
  {
    name: "large file udf 2.50 without joliet",
    tree: largeTree,
    options: { udf: true, udfRevision: "2.50", joliet: false },
  },
  {
    name: "volume ids",
    tree: featureTree,
    options: {
      volumeId: "PINNED_VOL",
      systemId: "SYS",
      volumeSetId: "set",
      publisherId: "pub",
      preparerId: "prep",
      applicationId: "app",
      udf: true,
    },
  },
];

/** SHA-256 of each case's image, from the build before the performance work of issue 6. */
const PINNED: Readonly<Record<string, string>> = {
  "long names": "5726dd24ce0fbcc02c156cf6434df02b1897ea43354c43e63622b5d34d85be6b",
  "long names udf 2.60 without joliet":
    "5935962fcb4b9e01d3163d1980a4f3b77c221aed583e5a0053d5381465e9032e",
  "default": "fe2e06e5fa0e6416340a821d29aeb664703490b16fff52b87eea4cde4b7bcf6d",
  "no joliet": "b50dcc0f51951b95f05e00e348cdfc3cbf60481f6172561ce850b8df62558588",
  "no rock ridge": "8d37c8a1cc6677d01361e9379463052a4d4a20e9b9fd46185095320da4b309fe",
  "iso level 1": "c7ccdb0fce6ccb55836d0ca3f2aee109d07d866709b7ab9f10ddfdc27d707bda",
  "iso level 2": "fe2e06e5fa0e6416340a821d29aeb664703490b16fff52b87eea4cde4b7bcf6d",
  "udf 1.02": "0a5b0ed5717a8034081b8c76ee313a03ff4abc40577a332dcdb0478b05f579e0",
  "udf 1.50": "4a1d5e7e9c589cf9ed1d130183fc517e380cea7a52086d80d79677651612a51c",
  "udf 2.00": "4ceeb261ac34d09d9ca3061a0501bb7d1b8c4b9bebc115a59e8b8b80e2f351f9",
  "udf 2.01": "c5b9401432568330ed0c1eb83294051168d29dfea3a0e46273d980b1760cdeac",
  "udf 2.50": "a68ab62f28d07bd310f9c79e7f5f8fbd08a5bbedd87870ea46c45d2763080272",
  "udf 2.60": "6cb7f87b62c2a863204b3f866e0626e2d4770afa24b637b55037cb36cd4427da",
  "udf only 2.01": "e8c407292543e2e7f7bf45c07db2654aa9f039c2267a3095a103f4df3cced873",
  "udf only 2.50": "4290fad2c64bd3c4f633f39682ac385e067e61319780be3f13e9fa40507690b7",
  "bios boot with boot info table":
    "b0fa78ff7ccf2f42f5d0bc6c476c3d43d4b5152c8aa55a231bea0ba287cf5c71",
  "efi boot, hidden catalog": "f0bea58ac66636bbb738243892d787953c74e6cad10e71cf2b48350321d62b76",
  "isohybrid mbr + gpt with udf":
    "d3dc54f83c14c6bce6f8d99f5c760f605ddfba19980b58d754920a802019ddbc",
  "isohybrid mbr only": "bc7310262851744f1095ee7675f07fb276bbac65fd8a3fba9a35be1014015440",
  "large file with udf": "f30f38ebcaeecc75c9affeca9be9f946f16e0b856eee41fec15ba9b6e8060a2d",
  "large file udf 2.50 without joliet":
    "654cab483cc760c612681ab4217d87cc6397791a4984dcef76dcf237f1ff7f7c",
  "volume ids": "c629de12b1c8c3fa98daf70e02873b5607fb9b6e8563eb2a02f875c6299c5cc3",
};

const PIN = Deno.env.get("PIN") === "1";

for (const c of CASES) {
  Deno.test(`masterImage() bytes stay pinned: ${c.name}`, async () => {
    const got = await imageHash(c.tree(), c.options);
    if (PIN) {
      console.log(`${JSON.stringify(c.name)}: "${got}",`);
      return;
    }
    if (got !== PINNED[c.name]) {
      throw new Error(`${c.name}: image hash ${got}, pinned ${PINNED[c.name]}`);
    }
  });
}
