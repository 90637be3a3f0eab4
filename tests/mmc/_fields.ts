/** fast-check arbitraries for the fields of a field table (CDB round-trip properties). */

import fc from "fast-check";
import type { FieldSpec, FieldTable } from "../../src/records/field_table.ts";

/**
 * An arbitrary for one field's values.
 *
 * @param f The field.
 * @returns Values that fit it.
 */
export function fieldArbitrary(f: FieldSpec): fc.Arbitrary<unknown> {
  if (f.type === "bool") return fc.boolean();
  if (f.bits) return fc.integer({ min: 0, max: 2 ** (f.bits[0] - f.bits[1] + 1) - 1 });
  switch (f.type) {
    case "u8":
      return fc.integer({ min: 0, max: 255 });
    case "u16be":
      return fc.integer({ min: 0, max: 0xffff });
    case "u24be":
      return fc.integer({ min: 0, max: 0xffffff });
    case "u32be":
      return fc.integer({ min: 0, max: 2 ** 32 - 1 });
    case "i32be":
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case "bytes":
      return fc.uint8Array({ minLength: f.size, maxLength: f.size });
    case "chars":
      return fc.string({ minLength: f.size, maxLength: f.size, unit: "grapheme-ascii" });
    default:
      throw new Error(`no arbitrary for ${f.type}`);
  }
}

/**
 * An arbitrary for all fields of a table except the ones named.
 *
 * @param table The table.
 * @param except Field names to leave out (e.g. "opcode").
 * @returns Records of field values.
 */
export function recordArbitrary(
  table: FieldTable,
  except: readonly string[] = ["opcode"],
): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, f] of Object.entries(table)) {
    if (!except.includes(name)) model[name] = fieldArbitrary(f);
  }
  return fc.record(model).map((r) => ({ ...r }));
}
