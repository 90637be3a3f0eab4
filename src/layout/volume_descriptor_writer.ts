/**
 * Emit the volume descriptor set: the primary descriptor (ECMA-119 8.4), the Joliet
 * supplementary descriptor (8.5 with escape sequence `%/E`) and the terminator (8.3).
 *
 * @module
 */

import { type FieldTable, writeFields } from "../records/field_table.ts";
import {
  JOLIET_ESCAPE,
  jolietDescriptorTable,
  SECTOR_SIZE,
  terminatorTable,
  volumeDescriptorTable,
  VolumeDescriptorType,
} from "../records/ecma119.ts";
import type { ImagePlan, PathTablePlan } from "./layout_plan.ts";
import type { PlannedDirectory } from "./plan_tree.ts";
import { writeRootRecord } from "./directory_writer.ts";
import { bootRecord } from "../records/el_torito.ts";

function asciiId(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "_");
}

function descriptor(
  plan: ImagePlan,
  table: FieldTable,
  type: number,
  pathTable: PathTablePlan,
  root: PlannedDirectory,
  joliet: boolean,
): Uint8Array {
  const o = plan.options;
  const buf = new Uint8Array(SECTOR_SIZE);
  const text = joliet ? (s: string) => s : asciiId;
  writeFields(buf, 0, table, {
    type,
    standardId: "CD001",
    version: 1,
    systemId: text(o.systemId),
    volumeId: joliet ? o.volumeId.slice(0, 16) : asciiId(o.volumeId).toUpperCase(),
    volumeSpaceSize: plan.totalSectors,
    volumeSetSize: 1,
    volumeSequenceNumber: 1,
    logicalBlockSize: SECTOR_SIZE,
    pathTableSize: pathTable.size,
    typeLPathTable: pathTable.lLba,
    optionalTypeLPathTable: 0,
    typeMPathTable: pathTable.mLba,
    optionalTypeMPathTable: 0,
    volumeSetId: text(o.volumeSetId),
    publisherId: text(o.publisherId),
    preparerId: text(o.preparerId),
    applicationId: text(o.applicationId),
    copyrightFileId: "",
    abstractFileId: "",
    bibliographicFileId: "",
    creationTime: o.volumeTime,
    modificationTime: o.volumeTime,
    expirationTime: undefined,
    effectiveTime: o.volumeTime,
    fileStructureVersion: 1,
  });
  if (joliet) {
    const esc = new Uint8Array(32);
    esc.set(JOLIET_ESCAPE);
    writeFields(buf, 0, table, { escapeSequences: esc });
  }
  writeRootRecord(buf, 156, plan, root, joliet ? "joliet" : "iso");
  return buf;
}

/**
 * The volume descriptor set, from block 16 to the terminator.
 *
 * @param plan The image plan.
 * @returns The descriptor sectors.
 */
export function volumeDescriptorSet(plan: ImagePlan): Uint8Array {
  const count = plan.terminatorLba - 16 + 1;
  const out = new Uint8Array(count * SECTOR_SIZE);
  const root = plan.tree.root;
  out.set(
    descriptor(
      plan,
      volumeDescriptorTable,
      VolumeDescriptorType.primary,
      plan.isoPathTable,
      root,
      false,
    ),
    0,
  );
  if (plan.jolietDescriptorLba !== undefined && plan.jolietPathTable) {
    const svd = descriptor(
      plan,
      jolietDescriptorTable,
      VolumeDescriptorType.supplementary,
      plan.jolietPathTable,
      root,
      true,
    );
    out.set(svd, (plan.jolietDescriptorLba - 16) * SECTOR_SIZE);
  }
  if (plan.boot) {
    out.set(bootRecord(plan.boot.catalogLba), (plan.boot.recordLba - 16) * SECTOR_SIZE);
  }
  writeFields(out, (plan.terminatorLba - 16) * SECTOR_SIZE, terminatorTable, {
    type: VolumeDescriptorType.terminator,
    standardId: "CD001",
    version: 1,
  });
  return out;
}
