/**
 * The shape every MMC command file shares: a CDB field table plus the command's name,
 * opcode, CDB length, data direction and default timeout, and the generic CDB codec built
 * from the table. `build` writes the fields given (the rest stay 0, as reserved bits must);
 * `parse` is the drive side: it checks the opcode and length, refuses reserved bits that are
 * set (naming byte and bit, which the virtual recorder turns into 5/24/00 with a field
 * pointer) and returns every field.
 *
 * @module
 */

import {
  type FieldTable,
  type FieldValues,
  readFields,
  writeFields,
} from "../records/field_table.ts";
import { MmcDataError } from "./errors.ts";
import type { DataDirection } from "./transport.ts";

/** The fields of a CDB table, without the opcode (which the command fixes). */
export type CdbFields<T extends FieldTable> = Omit<FieldValues<T>, "opcode">;

/** What a command file declares. */
export interface CommandSpec<T extends FieldTable> {
  /** The command's name as messages print it, e.g. "WRITE(10)". */
  readonly name: string;
  /** Operation code. */
  readonly opcode: number;
  /** CDB length in bytes (group 0: 6, groups 1-2: 10, group 5: 12). */
  readonly cdbLength: 6 | 10 | 12 | 16;
  /** Direction of the data phase when there is one. */
  readonly direction: DataDirection;
  /** The clause that defines the command. */
  readonly clause: string;
  /** The CDB field table; must have an `opcode` field at byte 0. */
  readonly cdb: T;
  /** Default timeout (reference/mmc.md 3.1); may depend on the fields (Immed). */
  readonly timeoutMs: number | ((fields: CdbFields<T>) => number);
}

/** A command: its spec plus the CDB codec. */
export interface MmcCommand<T extends FieldTable> extends CommandSpec<T> {
  /**
   * Build a CDB.
   *
   * @param fields Field values; absent fields are 0.
   * @returns The CDB bytes.
   */
  build(fields: Partial<CdbFields<T>>): Uint8Array;
  /**
   * Parse a CDB (the drive side).
   *
   * @param cdb The CDB bytes.
   * @returns Every field.
   * @throws {MmcDataError} Wrong opcode, too short, or a reserved bit set.
   */
  parse(cdb: Uint8Array): CdbFields<T>;
  /**
   * The timeout to use for a CDB with these fields.
   *
   * @param fields The fields (as `parse` returns them).
   * @returns Milliseconds.
   */
  timeout(fields: CdbFields<T>): number;
}

/** The default timeout of commands without their own (libburn's 30 s). */
export const defaultTimeoutMs = 30_000;

function usedBits(table: FieldTable, length: number): Uint8Array {
  const mask = new Uint8Array(length);
  for (const f of Object.values(table)) {
    if (f.bits === undefined && f.type !== "bool") {
      for (let i = 0; i < f.size; i++) mask[f.offset + i] = 0xff;
      continue;
    }
    const [hi, lo] = f.bits ?? [f.size * 8 - 1, 0];
    for (let b = lo; b <= hi; b++) {
      const byte = f.offset + f.size - 1 - Math.floor(b / 8);
      mask[byte] = mask[byte]! | (1 << (b % 8));
    }
  }
  return mask;
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, "0");
}

/**
 * Define a command from its spec.
 *
 * @param spec Name, opcode, CDB length, direction, clause, CDB table, timeout.
 * @returns The command with its codec.
 * @example
 * ```ts
 * import { defineCommand } from "./command.ts";
 * const tur = defineCommand({
 *   name: "TEST UNIT READY", opcode: 0, cdbLength: 6, direction: "none", clause: "SPC-4",
 *   cdb: { opcode: { offset: 0, size: 1, type: "u8", clause: "SPC-4" } } as const,
 *   timeoutMs: 30_000,
 * });
 * if (tur.build({}).length !== 6) throw new Error();
 * ```
 */
export function defineCommand<T extends FieldTable>(spec: CommandSpec<T>): MmcCommand<T> {
  const mask = usedBits(spec.cdb, spec.cdbLength);
  const fail = (message: string, offset: number, bit?: number): never => {
    throw new MmcDataError(`Cannot parse ${spec.name} CDB: ${message}`, {
      commandName: spec.name,
      part: "cdb",
      offset,
      ...(bit === undefined ? {} : { bit }),
    });
  };
  return {
    ...spec,
    build(fields) {
      const cdb = new Uint8Array(spec.cdbLength);
      writeFields(cdb, 0, spec.cdb, { ...fields, opcode: spec.opcode });
      return cdb;
    },
    parse(cdb) {
      if (cdb.length < spec.cdbLength) {
        fail(`${cdb.length} bytes, the CDB has ${spec.cdbLength}`, cdb.length);
      }
      if (cdb[0] !== spec.opcode) {
        fail(`operation code ${hex2(cdb[0]!)}h is not ${hex2(spec.opcode)}h`, 0);
      }
      for (let i = 0; i < spec.cdbLength; i++) {
        const stray = cdb[i]! & ~mask[i]!;
        if (stray) {
          const bit = 31 - Math.clz32(stray);
          fail(`reserved bit ${bit} of byte ${i} is set`, i, bit);
        }
      }
      const { opcode: _, ...fields } = readFields(cdb, 0, spec.cdb);
      return fields as CdbFields<T>;
    },
    timeout(fields) {
      return typeof spec.timeoutMs === "number" ? spec.timeoutMs : spec.timeoutMs(fields);
    },
  };
}
