/**
 * Where the structures before the file data go (see the sector map in `layout_plan.ts`):
 * the options alone decide, so the file data's first block is known before the tree is
 * planned (`early_data.ts` places files from it).
 *
 * @module
 */

import type { ResolvedMasterOptions } from "../model/master_options.ts";
import { FIRST_DESCRIPTOR_LBA } from "../records/ecma119.ts";
import { UDF_HEAD_BLOCKS, udfPartitionStart } from "./udf_plan.ts";

/** Sectors of the UDF volume recognition sequence: BEA01, NSR02/03, TEA01 (ECMA-167 2/8.3). */
const UDF_RECOGNITION_SECTORS = 3;

/** The blocks of the structures before the file data. */
export interface HeadLayout {
  /** The Joliet supplementary volume descriptor, if Joliet. */
  readonly jolietDescriptorLba: number | undefined;
  /** The volume descriptor set terminator (0 without ISO 9660). */
  readonly terminatorLba: number;
  /** The UDF volume recognition sequence (where it goes with UDF). */
  readonly vrsLba: number;
  /** The El Torito boot catalog, if the image boots. */
  readonly catalogLba: number | undefined;
  /** The first block of the file data: in the UDF partition after its first blocks. */
  readonly dataLba: number;
}

/**
 * The blocks before the file data: the primary volume descriptor at 16, the El Torito boot
 * record at 17 if the image boots, the Joliet descriptor, the terminator, the UDF
 * recognition sequence, the boot catalog. A UDF-only image starts its recognition sequence
 * at 16 (ECMA-167 2/8.3).
 *
 * @param options Resolved options.
 * @returns The blocks.
 */
export function headLayout(options: ResolvedMasterOptions): HeadLayout {
  const iso = options.iso9660;
  let lba = iso ? FIRST_DESCRIPTOR_LBA + 1 + (options.boot ? 1 : 0) : FIRST_DESCRIPTOR_LBA;
  const jolietDescriptorLba = iso && options.joliet ? lba++ : undefined;
  const terminatorLba = iso ? lba++ : 0;
  const vrsLba = lba;
  if (options.udf) lba += UDF_RECOGNITION_SECTORS;
  const catalogLba = options.boot ? lba++ : undefined;
  const dataLba = options.udf ? udfPartitionStart(options.udf) + UDF_HEAD_BLOCKS : lba;
  return { jolietDescriptorLba, terminatorLba, vrsLba, catalogLba, dataLba };
}
