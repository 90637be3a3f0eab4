/**
 * Sending one CDB through a {@linkcode Transport}: the data phase's direction and buffer,
 * the timeout (the command's default from reference/mmc.md 3.1 unless given), the residual,
 * sense decoding, the error on CHECK CONDITION or another non-GOOD status, and an opt-in
 * hex trace of CDBs, data lengths and sense. It never retries and never sleeps: retry and
 * wait policy belongs to the recorder, which decides from `ScsiCommandError.category`.
 *
 * CHECK CONDITION with sense key 0 (NO SENSE) or 1 (RECOVERED ERROR) is success: the data
 * is returned and the condition reported to `onRecovered`.
 *
 * @module
 */

import { commandByOpcode, commandName } from "./command_set.ts";
import { defaultTimeoutMs } from "./command.ts";
import { describeSense, ScsiCommandError } from "./errors.ts";
import { decodeSense } from "./sense.ts";
import { type DataDirection, ScsiStatus, type Transport } from "./transport.ts";

/** Options of {@linkcode CommandRunner}. */
export interface CommandRunnerOptions {
  /** Receives one line per CDB sent and per result: hex CDB, data lengths, status, sense. */
  trace?: (line: string) => void;
  /** Receives a NO SENSE / RECOVERED ERROR condition that was treated as success. */
  onRecovered?: (condition: ScsiCommandError) => void;
}

/** How one command moves data, and its context. */
export interface SendOptions {
  /** Bytes to receive (data-in). */
  dataIn?: number;
  /** Bytes to send (data-out). */
  dataOut?: Uint8Array;
  /** Timeout in ms (default: the command's own, see `command_set.ts`). */
  timeoutMs?: number;
  /** The LBA the command addresses, for the error message. */
  lba?: number;
}

const statusNames: Readonly<Record<number, string>> = {
  [ScsiStatus.good]: "GOOD",
  [ScsiStatus.checkCondition]: "CHECK CONDITION",
  [ScsiStatus.busy]: "BUSY",
  [ScsiStatus.reservationConflict]: "RESERVATION CONFLICT",
  [ScsiStatus.taskSetFull]: "TASK SET FULL",
};

/**
 * Format bytes as hex pairs, at most `max` of them.
 *
 * @param bytes The bytes.
 * @param max How many to show.
 * @returns For example "2a 00 00 00 ...".
 */
export function hexBytes(bytes: Uint8Array, max = 32): string {
  const shown = [...bytes.subarray(0, max)].map((b) => b.toString(16).padStart(2, "0"));
  return shown.join(" ") + (bytes.length > max ? " ..." : "");
}

/**
 * The default timeout of a CDB: its command's (which may depend on Immed), or 30 s for an
 * unknown opcode or a CDB the command's table does not describe.
 *
 * @param cdb The CDB.
 * @returns Milliseconds.
 */
export function defaultTimeout(cdb: Uint8Array): number {
  const command = commandByOpcode(cdb[0] ?? 0);
  if (!command) return defaultTimeoutMs;
  try {
    return command.timeout(command.parse(cdb));
  } catch {
    return defaultTimeoutMs;
  }
}

/** Sends CDBs through a transport (see the module documentation). */
export class CommandRunner {
  /** The transport commands go through. */
  readonly transport: Transport;
  #trace: ((line: string) => void) | undefined;
  #onRecovered: ((condition: ScsiCommandError) => void) | undefined;

  /**
   * Create a runner.
   *
   * @param transport The transport.
   * @param options Trace and recovered-error callbacks.
   */
  constructor(transport: Transport, options: CommandRunnerOptions = {}) {
    this.transport = transport;
    this.#trace = options.trace;
    this.#onRecovered = options.onRecovered;
  }

  /**
   * Send one CDB.
   *
   * @param cdb The CDB.
   * @param options Data phase, timeout, LBA.
   * @returns The data-in bytes the drive returned (shortened by a reported residual), or
   *   an empty array.
   * @throws {ScsiCommandError} On CHECK CONDITION (except keys 0 and 1) or another
   *   non-GOOD status.
   * @throws {TransportError} When the transport could not complete the command.
   */
  async send(cdb: Uint8Array, options: SendOptions = {}): Promise<Uint8Array> {
    const name = commandName(cdb[0] ?? 0);
    const timeoutMs = options.timeoutMs ?? defaultTimeout(cdb);
    let direction: DataDirection = "none";
    let data: Uint8Array | undefined;
    if (options.dataIn) {
      direction = "in";
      data = new Uint8Array(options.dataIn);
    } else if (options.dataOut && options.dataOut.length > 0) {
      direction = "out";
      data = options.dataOut;
    }
    this.#trace?.(
      `> ${name} ${hexBytes(cdb)} | ${
        direction === "none" ? "no data" : `${direction} ${data!.length}`
      } | ${timeoutMs} ms`,
    );
    const result = await this.transport.execute({
      cdb,
      direction,
      ...(data ? { data } : {}),
      timeoutMs,
    });
    let received: Uint8Array = new Uint8Array(0);
    if (direction === "in") {
      const residual = result.residual > 0 && result.residual <= data!.length ? result.residual : 0;
      received = data!.subarray(0, data!.length - residual);
    }
    const status = statusNames[result.status] ?? `status ${result.status.toString(16)}h`;
    const sense = decodeSense(result.sense);
    if (this.#trace) {
      const parts = [`< ${status}`];
      if (direction === "in") parts.push(`in ${received.length}: ${hexBytes(received, 16)}`);
      if (result.sense.length) parts.push(`sense ${hexBytes(result.sense, 18)}`);
      if (sense) parts.push(describeSense(sense));
      this.#trace(parts.join(" | "));
    }
    if (result.status === ScsiStatus.good) return received;
    const error = new ScsiCommandError({
      commandName: name,
      cdb,
      status: result.status,
      sense,
      device: this.transport.name,
      lba: options.lba,
      rawSense: result.sense,
    });
    if (
      result.status === ScsiStatus.checkCondition && sense &&
      (sense.category === "none" || sense.category === "recovered")
    ) {
      this.#onRecovered?.(error);
      return received;
    }
    throw error;
  }
}
