/**
 * Planning El Torito: find each boot image in the planned tree, check it fits its
 * emulation, choose the load size, and lay out the boot catalog (validation entry, default
 * entry, then one section per further platform, El Torito 2.0 sections 2.1–2.4).
 *
 * @module
 */

import { InvalidInputError } from "../model/errors.ts";
import type { FileEntry } from "../model/file_tree.ts";
import type { ResolvedBootOptions } from "../model/boot_options.ts";
import {
  bootEntry,
  type BootEntryFields,
  MediaType,
  patchBootInfoTable,
  PlatformId,
  sectionHeader,
  validationEntry,
} from "../records/el_torito.ts";
import { FIRST_DESCRIPTOR_LBA, SECTOR_SIZE } from "../records/ecma119.ts";
import type { PlannedFile, PlannedNode, PlannedTree } from "./plan_tree.ts";

/** One planned boot entry. */
export interface PlannedBootEntry {
  /** The boot image. */
  readonly file: PlannedFile;
  /** Platform id. */
  readonly platform: number;
  /** Entry fields but the load address. */
  readonly fields: Omit<BootEntryFields, "loadRba">;
}

/** The El Torito plan. */
export interface BootPlan {
  /** Sector of the boot record volume descriptor. */
  readonly recordLba: number;
  /** Sector of the boot catalog. */
  readonly catalogLba: number;
  /** The catalog's file in the trees, unless hidden. */
  readonly catalogFile: PlannedFile | undefined;
  /** Entries, the default first. */
  readonly entries: PlannedBootEntry[];
}

const FLOPPY_SIZES = new Map([[1_228_800, MediaType.floppy120], [1_474_560, MediaType.floppy144], [
  2_949_120,
  MediaType.floppy288,
]]);
/** Boot images patched with a boot info table are read whole into memory. */
const MAX_PATCHED_IMAGE = 64 << 20;

/**
 * The model entry that stands for the boot catalog in the directory trees.
 *
 * @param catalog Catalog path.
 * @returns A one-sector file entry (its bytes come from the plan).
 */
export function catalogEntry(catalog: string): FileEntry {
  return {
    kind: "file",
    name: catalog.slice(catalog.lastIndexOf("/") + 1),
    size: SECTOR_SIZE,
    source: { kind: "bytes", bytes: new Uint8Array(SECTOR_SIZE) },
    meta: { mode: 0o444, uid: 0, gid: 0 },
  };
}

function find(tree: PlannedTree, path: string): PlannedNode | undefined {
  let node: PlannedNode = tree.root;
  for (const part of path.split("/").filter((p) => p)) {
    if (node.kind !== "directory") return undefined;
    const at = node.isoChildren.findIndex((c) => c.entry.name === part);
    if (at < 0) return undefined;
    // The boot file gets a patch and the catalog a fixed extent: it must stay one object.
    node = node.keep(at);
  }
  return node;
}

function firstSector(file: PlannedFile): Uint8Array {
  const src = file.entry.source;
  if (src.kind === "bytes") return src.bytes.subarray(0, 512);
  if (src.kind === "stream") {
    throw new InvalidInputError(
      `Cannot use ${file.path} for hard-disk emulation: kiln must read its MBR first; give it as a file or bytes`,
      {
        path: file.path,
      },
    );
  }
  const out = new Uint8Array(512);
  try {
    using f = Deno.openSync(src.path, { read: true });
    f.readSync(out);
  } catch (cause) {
    throw new InvalidInputError(
      `Cannot read boot image ${JSON.stringify(src.path)}: ${(cause as Error).message}`,
      { cause, path: src.path },
    );
  }
  return out;
}

function systemTypeOf(file: PlannedFile): number {
  const mbr = firstSector(file);
  const types = [0, 1, 2, 3].map((i) => mbr[446 + 16 * i + 4]!).filter((t) => t !== 0);
  if (mbr[510] !== 0x55 || mbr[511] !== 0xaa || types.length !== 1) {
    throw new InvalidInputError(
      `Cannot use ${file.path} for hard-disk emulation: it needs a master boot record (55 AA) with exactly one partition, found ${types.length}`,
      { path: file.path },
    );
  }
  return types[0]!;
}

/**
 * Plan El Torito.
 *
 * @param tree The planned hierarchy (with the catalog file placed unless hidden).
 * @param boot Validated boot options.
 * @param catalogLba Sector chosen for the catalog.
 * @returns The plan; boot info tables are patched in as the images are streamed.
 */
export function planBoot(
  tree: PlannedTree,
  boot: ResolvedBootOptions,
  catalogLba: number,
): BootPlan {
  const entries = boot.entries.map((e): PlannedBootEntry => {
    const node = find(tree, e.image);
    if (!node || node.kind !== "file") {
      throw new InvalidInputError(
        `Cannot boot ${e.image}: ${
          node ? `it is a ${node.kind}` : "there is no such file in the image"
        }`,
        {
          path: e.image,
        },
      );
    }
    const size = node.entry.size;
    let mediaType: number = MediaType.none;
    let systemType = 0;
    let sectorCount = e.loadSectors ??
      (e.platform === "efi"
        ? Math.min(0xffff, Math.ceil(size / 512))
        : Math.min(4, Math.ceil(size / 512)));
    if (size === 0) {
      throw new InvalidInputError(`Cannot boot ${e.image}: the boot image is empty`, {
        path: e.image,
      });
    }
    if (e.emulation === "floppy") {
      const type = FLOPPY_SIZES.get(size);
      if (type === undefined) {
        throw new InvalidInputError(
          `Cannot use ${e.image} for floppy emulation: it is ${size} bytes, not 1228800, 1474560 or 2949120`,
          {
            path: e.image,
          },
        );
      }
      mediaType = type;
      sectorCount = 1;
    } else if (e.emulation === "hard-disk") {
      mediaType = MediaType.hardDisk;
      systemType = systemTypeOf(node);
      sectorCount = 1;
    }
    if (e.bootInfoTable) {
      if (size > MAX_PATCHED_IMAGE || size < 64) {
        throw new InvalidInputError(
          `Cannot patch a boot info table into ${e.image}: it is ${size} bytes (64 B to 64 MiB)`,
          { path: e.image },
        );
      }
      const file = node;
      file.patch = (bytes) => patchBootInfoTable(bytes, FIRST_DESCRIPTOR_LBA, file.extent);
    }
    return {
      file: node,
      platform: e.platform === "efi" ? PlatformId.efi : PlatformId.bios,
      fields: { mediaType, loadSegment: e.loadSegment, systemType, sectorCount },
    };
  });
  const catalogFile = boot.hideCatalog ? undefined : find(tree, boot.catalog);
  if (catalogFile && catalogFile.kind === "file") catalogFile.fixedExtent = true;
  return {
    recordLba: FIRST_DESCRIPTOR_LBA + 1,
    catalogLba,
    catalogFile: catalogFile?.kind === "file" ? catalogFile : undefined,
    entries,
  };
}

/**
 * The boot catalog sector: validation entry, default entry, then a section per platform of
 * the remaining entries in their order (El Torito 2.0 sections 2.1–2.4).
 *
 * @param boot The plan, after file extents are assigned.
 * @returns One sector.
 */
export function bootCatalog(boot: BootPlan): Uint8Array {
  const out = new Uint8Array(SECTOR_SIZE);
  const [first, ...rest] = boot.entries;
  if (!first) return out;
  const parts: Uint8Array[] = [
    validationEntry(first.platform),
    bootEntry({ ...first.fields, loadRba: first.file.extent }),
  ];
  const sections: PlannedBootEntry[][] = [];
  for (const e of rest) {
    const last = sections.at(-1);
    if (last && last[0]!.platform === e.platform) last.push(e);
    else sections.push([e]);
  }
  sections.forEach((section, i) => {
    parts.push(sectionHeader(i === sections.length - 1, section[0]!.platform, section.length));
    for (const e of section) parts.push(bootEntry({ ...e.fields, loadRba: e.file.extent }));
  });
  parts.forEach((p, i) => out.set(p, 32 * i));
  return out;
}
