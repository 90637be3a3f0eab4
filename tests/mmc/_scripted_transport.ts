/**
 * A scripted Transport for MmcDrive's framing tests: each step names the CDB it expects
 * (hex), the data phase, and the reply (status, data-in bytes, sense, residual) or an error
 * to throw. Not a drive model: kiln's virtual recorder is that.
 */

import { hex } from "../_helpers/assert.ts";
import type { ScsiRequest, ScsiResult, Transport } from "../../src/mmc/transport.ts";

/** One expected command and its answer. */
export interface Step {
  /** The CDB, as hex pairs. */
  cdb: string;
  /** Expected direction (default: "in" when data comes back, else "none"). */
  direction?: "none" | "in" | "out";
  /** Expected data-in allocation or data-out length. */
  length?: number;
  /** Status (default GOOD). */
  status?: number;
  /** Data-in bytes the "drive" returns (copied into the request buffer). */
  data?: Uint8Array;
  /** Sense bytes. */
  sense?: Uint8Array;
  /** Residual to report. */
  residual?: number;
  /** Throw this instead of answering. */
  error?: Error;
}

/** A transport that plays a script and records the requests. */
export class ScriptedTransport implements Transport {
  readonly name: string;
  readonly requests: ScsiRequest[] = [];
  #steps: Step[];
  closed = false;

  constructor(name: string, steps: Step[]) {
    this.name = name;
    this.#steps = [...steps];
  }

  execute(request: ScsiRequest): Promise<ScsiResult> {
    this.requests.push({ ...request, cdb: request.cdb.slice() });
    const step = this.#steps.shift();
    if (!step) return Promise.reject(new Error(`unexpected command ${hex(request.cdb)}`));
    if (hex(request.cdb) !== step.cdb) {
      return Promise.reject(new Error(`expected CDB ${step.cdb}, got ${hex(request.cdb)}`));
    }
    const direction = step.direction ?? (step.data ? "in" : "none");
    if (request.direction !== direction) {
      return Promise.reject(
        new Error(`${step.cdb}: expected direction ${direction}, got ${request.direction}`),
      );
    }
    if (step.length !== undefined && request.data?.length !== step.length) {
      return Promise.reject(
        new Error(`${step.cdb}: expected ${step.length} data bytes, got ${request.data?.length}`),
      );
    }
    if (step.error) return Promise.reject(step.error);
    if (step.data && request.data) {
      request.data.set(step.data.subarray(0, request.data.length));
    }
    return Promise.resolve({
      status: step.status ?? 0,
      sense: step.sense ?? new Uint8Array(0),
      residual: step.residual ?? 0,
    });
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Throw when script steps were not used. */
  assertDone(): void {
    if (this.#steps.length) {
      throw new Error(`${this.#steps.length} steps left: ${this.#steps[0]!.cdb}`);
    }
  }
}
