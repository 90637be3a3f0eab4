/**
 * The feature codes of GET CONFIGURATION, their names, and a field table for each feature
 * with data a burner reads (MMC-5 5.3). Offsets are from the descriptor start, so byte 4 is
 * the first after the 4-byte header. Parsing and building are in `features.ts`.
 *
 * @module
 */

import type { FieldTable } from "../records/field_table.ts";

/** Feature codes (MMC-5 5.3). */
export const FeatureCode = {
  profileList: 0x0000,
  core: 0x0001,
  morphing: 0x0002,
  removableMedium: 0x0003,
  randomReadable: 0x0010,
  multiRead: 0x001d,
  cdRead: 0x001e,
  dvdRead: 0x001f,
  randomWritable: 0x0020,
  incrementalStreamingWritable: 0x0021,
  formattable: 0x0023,
  hardwareDefectManagement: 0x0024,
  writeOnce: 0x0025,
  restrictedOverwrite: 0x0026,
  dvdPlusRw: 0x002a,
  dvdPlusR: 0x002b,
  cdTrackAtOnce: 0x002d,
  cdMastering: 0x002e,
  dvdMinusRWrite: 0x002f,
  layerJumpRecording: 0x0033,
  bdrPseudoOverwrite: 0x0038,
  dvdPlusRwDl: 0x003a,
  dvdPlusRDl: 0x003b,
  bdRead: 0x0040,
  bdWrite: 0x0041,
  powerManagement: 0x0100,
  realTimeStreaming: 0x0107,
  driveSerialNumber: 0x0108,
} as const;

/** Field tables of the features with data a burner reads, by feature code. */
export const featureTables = {
  [FeatureCode.core]: {
    physicalInterface: {
      offset: 4,
      size: 4,
      type: "u32be",
      clause: "MMC-5 5.3 0001h Physical Interface Standard",
    },
    inq2: { offset: 8, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.3 0001h INQ2" },
    dbe: { offset: 8, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 0001h DBE" },
  },
  [FeatureCode.morphing]: {
    ocEvent: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.3 0002h OCEvent" },
    async: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 0002h Async" },
  },
  [FeatureCode.removableMedium]: {
    loadingMechanism: { offset: 4, size: 1, type: "u8", bits: [7, 5], clause: "MMC-5 5.3 0003h" },
    load: { offset: 4, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 5.3 0003h Load" },
    eject: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 5.3 0003h Eject" },
    preventJumper: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 5.3 0003h" },
    dbml: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.3 0003h DBML" },
    lock: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 0003h Lock" },
  },
  [FeatureCode.randomReadable]: {
    blockSize: { offset: 4, size: 4, type: "u32be", clause: "MMC-5 5.3 0010h Logical Block Size" },
    blocking: { offset: 8, size: 2, type: "u16be", clause: "MMC-5 5.3 0010h Blocking" },
    pp: { offset: 10, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 0010h PP" },
  },
  [FeatureCode.randomWritable]: {
    lastLba: {
      offset: 4,
      size: 4,
      type: "u32be",
      clause: "MMC-5 5.3 0020h Last Logical Block Address",
    },
    blockSize: { offset: 8, size: 4, type: "u32be", clause: "MMC-5 5.3 0020h Logical Block Size" },
    blocking: { offset: 12, size: 2, type: "u16be", clause: "MMC-5 5.3 0020h Blocking" },
    pp: { offset: 14, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 0020h PP" },
  },
  [FeatureCode.incrementalStreamingWritable]: {
    dataBlockTypes: { offset: 4, size: 2, type: "u16be", clause: "MMC-5 5.3 0021h" },
    trio: { offset: 6, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 5.3 0021h TRIO" },
    arsv: { offset: 6, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.3 0021h ARSV" },
    buf: { offset: 6, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 0021h BUF" },
    linkSizeCount: {
      offset: 7,
      size: 1,
      type: "u8",
      clause: "MMC-5 5.3 0021h Number of Link Sizes",
    },
  },
  [FeatureCode.formattable]: {
    reNoSa: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 5.3 0023h RENoSA" },
    expand: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 5.3 0023h Expand" },
    qCert: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.3 0023h QCert" },
    cert: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 0023h Cert" },
    rrm: { offset: 8, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 0023h RRM" },
  },
  [FeatureCode.hardwareDefectManagement]: {
    ssa: { offset: 4, size: 1, type: "bool", bits: [7, 7], clause: "MMC-5 5.3 0024h SSA" },
  },
  [FeatureCode.writeOnce]: {
    blockSize: { offset: 4, size: 4, type: "u32be", clause: "MMC-5 5.3 0025h Logical Block Size" },
    blocking: { offset: 8, size: 2, type: "u16be", clause: "MMC-5 5.3 0025h Blocking" },
    pp: { offset: 10, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 0025h PP" },
  },
  [FeatureCode.dvdPlusRw]: {
    write: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 002Ah Write" },
    quickStart: { offset: 5, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.3 002Ah" },
    closeOnly: { offset: 5, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 002Ah" },
  },
  [FeatureCode.dvdPlusR]: {
    write: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 002Bh Write" },
  },
  [FeatureCode.cdTrackAtOnce]: {
    buf: { offset: 4, size: 1, type: "bool", bits: [6, 6], clause: "MMC-5 5.3 002Dh BUF" },
    rwRaw: { offset: 4, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 5.3 002Dh R-W Raw" },
    rwPack: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 5.3 002Dh R-W Pack" },
    testWrite: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 5.3 002Dh" },
    cdRw: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.3 002Dh CD-RW" },
    rwSubcode: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 002Dh" },
    dataTypes: { offset: 6, size: 2, type: "u16be", clause: "MMC-5 5.3 002Dh Data Type Supported" },
  },
  [FeatureCode.cdMastering]: {
    buf: { offset: 4, size: 1, type: "bool", bits: [6, 6], clause: "MMC-5 5.3 002Eh BUF" },
    sao: { offset: 4, size: 1, type: "bool", bits: [5, 5], clause: "MMC-5 5.3 002Eh SAO" },
    rawMs: { offset: 4, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 5.3 002Eh Raw MS" },
    raw: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 5.3 002Eh Raw" },
    testWrite: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 5.3 002Eh" },
    cdRw: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.3 002Eh CD-RW" },
    rw: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 002Eh R-W" },
    maxCueSheetLength: { offset: 5, size: 3, type: "u24be", clause: "MMC-5 5.3 002Eh" },
  },
  [FeatureCode.dvdMinusRWrite]: {
    buf: { offset: 4, size: 1, type: "bool", bits: [6, 6], clause: "MMC-5 5.3 002Fh BUF" },
    rdl: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 5.3 002Fh RDL" },
    testWrite: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 5.3 002Fh" },
    dvdRw: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.3 002Fh DVD-RW SL" },
  },
  [FeatureCode.dvdPlusRwDl]: {
    write: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 003Ah Write" },
    quickStart: { offset: 5, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.3 003Ah" },
    closeOnly: { offset: 5, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 003Ah" },
  },
  [FeatureCode.dvdPlusRDl]: {
    write: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 003Bh Write" },
  },
  [FeatureCode.bdRead]: {
    bdReClass0: { offset: 8, size: 2, type: "u16be", clause: "MMC-5 5.3 0040h BD-RE Class 0" },
    bdReClass1: { offset: 10, size: 2, type: "u16be", clause: "MMC-5 5.3 0040h" },
    bdReClass2: { offset: 12, size: 2, type: "u16be", clause: "MMC-5 5.3 0040h" },
    bdReClass3: { offset: 14, size: 2, type: "u16be", clause: "MMC-5 5.3 0040h" },
    bdRClass0: { offset: 16, size: 2, type: "u16be", clause: "MMC-5 5.3 0040h BD-R Class 0" },
    bdRClass1: { offset: 18, size: 2, type: "u16be", clause: "MMC-5 5.3 0040h" },
    bdRClass2: { offset: 20, size: 2, type: "u16be", clause: "MMC-5 5.3 0040h" },
    bdRClass3: { offset: 22, size: 2, type: "u16be", clause: "MMC-5 5.3 0040h" },
    bdRomClass0: { offset: 24, size: 2, type: "u16be", clause: "MMC-5 5.3 0040h BD-ROM Class 0" },
    bdRomClass1: { offset: 26, size: 2, type: "u16be", clause: "MMC-5 5.3 0040h" },
    bdRomClass2: { offset: 28, size: 2, type: "u16be", clause: "MMC-5 5.3 0040h" },
    bdRomClass3: { offset: 30, size: 2, type: "u16be", clause: "MMC-5 5.3 0040h" },
  },
  [FeatureCode.bdWrite]: {
    svnr: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 0041h SVNR" },
    bdReClass0: { offset: 8, size: 2, type: "u16be", clause: "MMC-5 5.3 0041h BD-RE Class 0" },
    bdReClass1: { offset: 10, size: 2, type: "u16be", clause: "MMC-5 5.3 0041h" },
    bdReClass2: { offset: 12, size: 2, type: "u16be", clause: "MMC-5 5.3 0041h" },
    bdReClass3: { offset: 14, size: 2, type: "u16be", clause: "MMC-5 5.3 0041h" },
    bdRClass0: { offset: 16, size: 2, type: "u16be", clause: "MMC-5 5.3 0041h BD-R Class 0" },
    bdRClass1: { offset: 18, size: 2, type: "u16be", clause: "MMC-5 5.3 0041h" },
    bdRClass2: { offset: 20, size: 2, type: "u16be", clause: "MMC-5 5.3 0041h" },
    bdRClass3: { offset: 22, size: 2, type: "u16be", clause: "MMC-5 5.3 0041h" },
  },
  [FeatureCode.realTimeStreaming]: {
    rbcb: { offset: 4, size: 1, type: "bool", bits: [4, 4], clause: "MMC-5 5.3 0107h RBCB" },
    scs: { offset: 4, size: 1, type: "bool", bits: [3, 3], clause: "MMC-5 5.3 0107h SCS" },
    mp2a: { offset: 4, size: 1, type: "bool", bits: [2, 2], clause: "MMC-5 5.3 0107h MP2A" },
    wspd: { offset: 4, size: 1, type: "bool", bits: [1, 1], clause: "MMC-5 5.3 0107h WSPD" },
    sw: { offset: 4, size: 1, type: "bool", bits: [0, 0], clause: "MMC-5 5.3 0107h SW" },
  },
} as const satisfies Readonly<Record<number, FieldTable>>;

/** Names of the feature codes kiln knows. */
export const featureNames: Readonly<Record<number, string>> = {
  0x0000: "Profile List",
  0x0001: "Core",
  0x0002: "Morphing",
  0x0003: "Removable Medium",
  0x0010: "Random Readable",
  0x001d: "Multi-Read",
  0x001e: "CD Read",
  0x001f: "DVD Read",
  0x0020: "Random Writable",
  0x0021: "Incremental Streaming Writable",
  0x0023: "Formattable",
  0x0024: "Hardware Defect Management",
  0x0025: "Write Once",
  0x0026: "Restricted Overwrite",
  0x002a: "DVD+RW",
  0x002b: "DVD+R",
  0x002d: "CD Track at Once",
  0x002e: "CD Mastering",
  0x002f: "DVD-R/-RW Write",
  0x0033: "Layer Jump Recording",
  0x0038: "BD-R Pseudo-Overwrite",
  0x003a: "DVD+RW Dual Layer",
  0x003b: "DVD+R Dual Layer",
  0x0040: "BD Read",
  0x0041: "BD Write",
  0x0100: "Power Management",
  0x0107: "Real Time Streaming",
  0x0108: "Drive Serial Number",
};
