/**
 * The media kiln's virtual recorder can load: one entry per medium with its MMC profile,
 * real capacity, write speeds, format descriptors and drive buffer size. Every figure comes
 * from a capture of a real drive or a published table; the source is named next to it.
 *
 * Capacities are in 2048-byte blocks:
 * - CD-R / CD-RW 80 min: ATIP last possible lead-out 79:59:74 = LBA 359,849 (cdrecord
 *   `diskid.c` table of 80-minute blanks); a blank disc offers 359,847 writable blocks in
 *   TAO (lead-out minus the 2 run-out blocks a TAO track ends with), as `xorriso -toc` shows
 *   for a Princo 80-min CD-RW (ATIP 97m27s29f/79m59s74f: "359847 writable").
 * - DVD-R / DVD-RW 4.7 GB: 2,297,888 blocks (READ TRACK INFORMATION free blocks of a blank
 *   DVD-R and DVD-RW, and READ FORMAT CAPACITIES 00h/10h/15h of DVD-RW, in dvd+rw-mediainfo
 *   captures); the "legacy lead-out" is at 2,298,496 (the figure cdrecord prints).
 * - DVD+R / DVD+RW 4.7 GB: 2,295,104 (dvd+rw-mediainfo of a blank DVD+RW: free blocks and
 *   format 26h; Wikipedia "DVD+R": 2,295,104 sectors).
 * - DVD+R DL 8.5 GB: 4,173,824 (Wikipedia "DVD recordable" capacity table).
 * - DVD-RAM 4.7 GB (ver. 2): formatted 2,236,704; READ FORMAT CAPACITIES lists 00h
 *   2,236,704 and 2,295,072, 01h 2,226,976 and 2,217,248 (dvd+rw-mediainfo capture).
 * - BD-R 25 GB: 12,219,392 unformatted / SRM without spares; READ FORMAT CAPACITIES 00h
 *   11,826,176, 32h 11,826,176 / 5,796,864 / 12,088,320 (dvd+rw-mediainfo of a blank BD-R).
 * - BD-RE 25 GB: 12,219,392 without spares (format 31h); with spares the inner spare area
 *   is 256 MB (131,072 blocks) and the outer one 0 to 1 GB (Andy Polyakov's Blu-ray notes),
 *   default 512 MB (Pioneer BDR-203 Command Reference 4.3.1.1.2: 4096 + 8192 clusters):
 *   default 11,826,176, maximum spare 11,564,032, minimum spare 12,088,320.
 *
 * Write speeds are kB/s with 1x CD = 176.4, 1x DVD = 1385, 1x BD = 4495 (libburn's units;
 * the BD list is Pioneer BDR-203 Table 27). The drive buffer is Pioneer BDR-203 4.16's
 * READ BUFFER CAPACITY "Length of Buffer": CD 126800h, DVD 118000h, BD 180000h bytes.
 *
 * @module
 */

/** Names accepted by `media=` in a virtual drive spec. */
export const MEDIA_NAMES = [
  "cd-r",
  "cd-rw",
  "dvd-r",
  "dvd-rw",
  "dvd-rw-ro",
  "dvd+r",
  "dvd+r-dl",
  "dvd+rw",
  "dvd-ram",
  "bd-r",
  "bd-re",
  "cd-rom",
  "dvd-rom",
  "bd-rom",
  "none",
] as const;

/** One of {@linkcode MEDIA_NAMES}. */
export type MediaName = typeof MEDIA_NAMES[number];

/** Media family. */
export type MediaClass = "cd" | "dvd" | "bd";

/**
 * How the medium records: `rom` pressed, `sequential` write-once or sequential rewritable
 * (NWA rule), `overwrite` random-access after formatting.
 */
export type RecordingKind = "rom" | "sequential" | "overwrite";

/** A format the drive offers in READ FORMAT CAPACITIES (MMC-5 6.24.3.2). */
export interface FormatOffer {
  /** Format type (FORMAT UNIT byte 8 bits 7..2). */
  readonly type: number;
  /** Sub-type (BD) or 0. */
  readonly subtype: number;
  /** Number of blocks the format gives. */
  readonly blocks: number;
  /** Type dependent parameter (block length 800h, packet size 10h, ...). */
  readonly param: number;
}

/** Everything the model needs to know about one medium. */
export interface MediaSpec {
  /** Spec name. */
  readonly name: Exclude<MediaName, "none">;
  /** Human name for messages. */
  readonly title: string;
  /** Family. */
  readonly mediaClass: MediaClass;
  /** MMC profile when the blank medium is loaded (MMC-5 Table 82). */
  readonly profile: number;
  /** Recording model of the blank medium. */
  readonly kind: RecordingKind;
  /** BLANK or re-FORMAT can erase it. */
  readonly erasable: boolean;
  /**
   * User-data blocks: free blocks of the blank disc's first track (sequential media) or the
   * default formatted size (overwritable media). For pressed media: taken from the image.
   */
  readonly capacity: number;
  /** Blocks of the unformatted medium (READ FORMAT CAPACITIES current/maximum). */
  readonly unformatted: number;
  /** Formats offered, first the default one. */
  readonly formats: readonly FormatOffer[];
  /** CD: ATIP lead-in start LBA; DVD-R/-RW: legacy lead-out LBA; else 0. */
  readonly leadIn: number;
  /** CD: ATIP last possible lead-out start LBA; else the capacity. */
  readonly leadOut: number;
  /** ECC block / packet in blocks (CD 1, DVD 16, BD 32): alignment of track ends. */
  readonly blocking: number;
  /** Write speeds the medium allows, kB/s, fastest first (empty for pressed media). */
  readonly writeSpeeds: readonly number[];
  /** Nominal read speed, kB/s. */
  readonly readSpeed: number;
  /** Drive buffer size while this medium is loaded (READ BUFFER CAPACITY), bytes. */
  readonly bufferBytes: number;
  /** DVD book type for READ DISC STRUCTURE 00h (ECMA-267/-349/-338...), BD/CD: 0. */
  readonly bookType: number;
  /** Layers. */
  readonly layers: number;
}

const CD_X = 176.4;
const DVD_X = 1385;
const BD_X = 4495;
const speeds = (unit: number, xs: number[]) => xs.map((x) => Math.round(x * unit));

const CD_BUFFER = 0x126800;
const DVD_BUFFER = 0x118000;
const BD_BUFFER = 0x180000;

/** CD 80 min ATIP: lead-in 97:26:66 (mmc.md 3.5 example) and lead-out 79:59:74. */
const CD_LEAD_IN = (97 * 60 + 26) * 75 + 66 - 450150;
/** 79:59:74 as an LBA (MSF - 150). */
const CD_LEAD_OUT = (79 * 60 + 59) * 75 + 74 - 150;

const BD_RAW = 12_219_392;
const BD_DEFAULT_SPARE = 11_826_176;

type Entry =
  & Omit<MediaSpec, "name" | "mediaClass" | "blocking" | "bufferBytes" | "layers">
  & Partial<Pick<MediaSpec, "layers">>;

function cd(e: Omit<Entry, "formats" | "bookType" | "unformatted">): Omit<MediaSpec, "name"> {
  return {
    ...e,
    unformatted: e.capacity,
    formats: [],
    bookType: 0,
    layers: 1,
    mediaClass: "cd",
    blocking: 1,
    bufferBytes: CD_BUFFER,
  };
}
function dvd(e: Entry): Omit<MediaSpec, "name"> {
  return { layers: 1, ...e, mediaClass: "dvd", blocking: 16, bufferBytes: DVD_BUFFER };
}
function bd(e: Entry): Omit<MediaSpec, "name"> {
  return { layers: 1, ...e, mediaClass: "bd", blocking: 32, bufferBytes: BD_BUFFER };
}
const f = (type: number, blocks: number, param: number): FormatOffer => ({
  type,
  subtype: 0,
  blocks,
  param,
});
const rom = {
  kind: "rom",
  erasable: false,
  capacity: 0,
  unformatted: 0,
  formats: [],
  leadIn: 0,
  leadOut: 0,
  writeSpeeds: [],
} as const;
const DVD_MINUS = 2_297_888;
const DVD_MINUS_LEGACY_LEAD_OUT = 2_298_496;
const DVD_PLUS = 2_295_104;
const DVD_RW_FORMATS = [
  f(0x00, DVD_MINUS, 0x800),
  f(0x10, DVD_MINUS, 0x10),
  f(0x15, DVD_MINUS, 0x10),
];
const dvdRw = {
  erasable: true,
  capacity: DVD_MINUS,
  unformatted: DVD_MINUS,
  formats: DVD_RW_FORMATS,
  leadIn: DVD_MINUS_LEGACY_LEAD_OUT,
  leadOut: DVD_MINUS,
  writeSpeeds: speeds(DVD_X, [6, 4, 2]),
  readSpeed: Math.round(8 * DVD_X),
  bookType: 0x3,
};

const SPECS: Record<Exclude<MediaName, "none">, Omit<MediaSpec, "name">> = {
  "cd-r": cd({
    title: "CD-R 80 min",
    profile: 0x0009,
    kind: "sequential",
    erasable: false,
    capacity: CD_LEAD_OUT - 2,
    leadIn: CD_LEAD_IN,
    leadOut: CD_LEAD_OUT,
    writeSpeeds: speeds(CD_X, [48, 40, 32, 24, 16, 10, 4]),
    readSpeed: Math.round(48 * CD_X),
  }),
  "cd-rw": cd({
    title: "CD-RW 80 min",
    profile: 0x000a,
    kind: "sequential",
    erasable: true,
    capacity: CD_LEAD_OUT - 2,
    leadIn: (97 * 60 + 27) * 75 + 29 - 450150,
    leadOut: CD_LEAD_OUT,
    writeSpeeds: speeds(CD_X, [24, 16, 10, 4]),
    readSpeed: Math.round(40 * CD_X),
  }),
  "dvd-r": dvd({
    title: "DVD-R 4.7 GB",
    profile: 0x0011,
    kind: "sequential",
    erasable: false,
    capacity: DVD_MINUS,
    unformatted: DVD_MINUS,
    formats: [],
    leadIn: DVD_MINUS_LEGACY_LEAD_OUT,
    leadOut: DVD_MINUS,
    writeSpeeds: speeds(DVD_X, [16, 8, 4]),
    readSpeed: Math.round(16 * DVD_X),
    bookType: 0x2,
  }),
  "dvd-rw": dvd({
    ...dvdRw,
    title: "DVD-RW 4.7 GB (sequential)",
    profile: 0x0014,
    kind: "sequential",
  }),
  "dvd-rw-ro": dvd({
    ...dvdRw,
    title: "DVD-RW 4.7 GB (restricted overwrite)",
    profile: 0x0013,
    kind: "overwrite",
  }),
  "dvd+r": dvd({
    title: "DVD+R 4.7 GB",
    profile: 0x001b,
    kind: "sequential",
    erasable: false,
    capacity: DVD_PLUS,
    unformatted: DVD_PLUS,
    formats: [],
    leadIn: 0,
    leadOut: DVD_PLUS,
    writeSpeeds: speeds(DVD_X, [16, 8, 4]),
    readSpeed: Math.round(16 * DVD_X),
    bookType: 0xa,
  }),
  "dvd+r-dl": dvd({
    title: "DVD+R DL 8.5 GB",
    profile: 0x002b,
    kind: "sequential",
    erasable: false,
    capacity: 4_173_824,
    unformatted: 4_173_824,
    formats: [],
    leadIn: 0,
    leadOut: 4_173_824,
    writeSpeeds: speeds(DVD_X, [8, 4, 2.4]),
    readSpeed: Math.round(8 * DVD_X),
    bookType: 0xe,
    layers: 2,
  }),
  "dvd+rw": dvd({
    title: "DVD+RW 4.7 GB",
    profile: 0x001a,
    kind: "overwrite",
    erasable: true,
    capacity: DVD_PLUS,
    unformatted: DVD_PLUS,
    formats: [f(0x26, DVD_PLUS, 0)],
    leadIn: 0,
    leadOut: DVD_PLUS,
    writeSpeeds: speeds(DVD_X, [8, 4, 2.4]),
    readSpeed: Math.round(8 * DVD_X),
    bookType: 0x9,
  }),
  "dvd-ram": dvd({
    title: "DVD-RAM 4.7 GB",
    profile: 0x0012,
    kind: "overwrite",
    erasable: true,
    capacity: 2_236_704,
    unformatted: 2_236_704,
    formats: [
      f(0x00, 2_236_704, 0x800),
      f(0x00, 2_295_072, 0x800),
      f(0x01, 2_226_976, 0x800),
      f(0x01, 2_217_248, 0x800),
    ],
    leadIn: 0,
    leadOut: 2_236_704,
    writeSpeeds: speeds(DVD_X, [5, 3, 2]),
    readSpeed: Math.round(5 * DVD_X),
    bookType: 0x1,
  }),
  "bd-r": bd({
    title: "BD-R 25 GB",
    profile: 0x0041,
    kind: "sequential",
    erasable: false,
    capacity: BD_RAW,
    unformatted: BD_RAW,
    formats: [
      f(0x00, BD_DEFAULT_SPARE, 0x3000),
      f(0x32, BD_DEFAULT_SPARE, 0),
      f(0x32, 5_796_864, 0),
      f(0x32, 12_088_320, 0),
    ],
    leadIn: 0,
    leadOut: BD_RAW,
    writeSpeeds: speeds(BD_X, [8, 6, 4, 2]),
    readSpeed: Math.round(8 * BD_X),
    bookType: 0,
  }),
  "bd-re": bd({
    title: "BD-RE 25 GB",
    profile: 0x0043,
    kind: "overwrite",
    erasable: true,
    capacity: BD_DEFAULT_SPARE,
    unformatted: BD_RAW,
    formats: [
      f(0x00, BD_DEFAULT_SPARE, 0x3000),
      f(0x30, BD_DEFAULT_SPARE, 0),
      f(0x30, 11_564_032, 0),
      f(0x30, 12_088_320, 0),
      f(0x31, BD_RAW, 0x800),
    ],
    leadIn: 0,
    leadOut: BD_RAW,
    writeSpeeds: speeds(BD_X, [2]),
    readSpeed: Math.round(2 * BD_X),
    bookType: 0,
  }),
  "cd-rom": cd({ ...rom, title: "CD-ROM", profile: 0x0008, readSpeed: Math.round(48 * CD_X) }),
  "dvd-rom": dvd({
    ...rom,
    title: "DVD-ROM",
    profile: 0x0010,
    readSpeed: Math.round(16 * DVD_X),
    bookType: 0,
  }),
  "bd-rom": bd({
    ...rom,
    title: "BD-ROM",
    profile: 0x0040,
    readSpeed: Math.round(8 * BD_X),
    bookType: 0,
  }),
};

/**
 * Look up a medium.
 *
 * @param name A media name other than `none`.
 * @returns Its description.
 * @example
 * ```ts
 * import { mediaSpec } from "./media_catalogue.ts";
 * if (mediaSpec("bd-r").capacity !== 12_219_392) throw new Error();
 * ```
 */
export function mediaSpec(name: Exclude<MediaName, "none">): MediaSpec {
  return CATALOGUE.get(name)!;
}

const CATALOGUE = new Map(
  Object.entries(SPECS).map(([name, e]) => [name, { name, ...e } as MediaSpec]),
);

/**
 * Whether a string is a media name.
 *
 * @param name Text from a spec or sidecar.
 * @returns True for one of {@linkcode MEDIA_NAMES}.
 */
export function isMediaName(name: string): name is MediaName {
  return (MEDIA_NAMES as readonly string[]).includes(name);
}

/** Every profile the virtual drive supports (feature 0000h), highest first as drives list them. */
export const DRIVE_PROFILES: readonly number[] = [
  0x0043,
  0x0042,
  0x0041,
  0x0040,
  0x002b,
  0x001b,
  0x001a,
  0x0014,
  0x0013,
  0x0012,
  0x0011,
  0x0010,
  0x000a,
  0x0009,
  0x0008,
];
