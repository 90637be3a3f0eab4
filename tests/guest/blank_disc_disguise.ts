/**
 * In the guest: a transport wrapper that presents the pressed disc in QEMU's read-only drive
 * as a blank DVD+R, so that kiln's `burn()` gets past its own checks (which refuse a pressed
 * disc before any WRITE) and sends WRITE(10) to a drive that refuses it: QEMU's `scsi-cd`
 * over a read-only image answers 7/27/00, its `ide-cd` 5/20/00. This is how a drive behaves
 * whose disc reads as writable but whose writes are refused (a write-protected cartridge, a
 * drive that cannot write that medium); it lets the guest show how kiln's write engine takes
 * a real kernel's refusal.
 *
 * Three answers are replaced, built with kiln's MMC field tables (the drive side of the same
 * descriptions the MMC layer decodes): GET CONFIGURATION's current profile (001Bh, the rest
 * of the drive's reply kept), READ DISC INFORMATION (a blank disc, one empty session) and
 * READ TRACK INFORMATION (track 1 blank, NWA 0, the free blocks of a 4.7 GB DVD+R). Every
 * other command, WRITE(10) included, goes to the real drive unchanged.
 */

import { configurationHeaderTable } from "../../src/mmc/commands/get_configuration.ts";
import { buildReadDiscInformationResponse } from "../../src/mmc/commands/read_disc_information.ts";
import { buildReadTrackInformationResponse } from "../../src/mmc/commands/read_track_information.ts";
import type { ScsiRequest, ScsiResult, Transport } from "../../src/mmc/transport.ts";
import { writeFields } from "../../src/records/field_table.ts";

const GET_CONFIGURATION = 0x46;
const READ_DISC_INFORMATION = 0x51;
const READ_TRACK_INFORMATION = 0x52;
const DVD_PLUS_R = 0x001b;
const DVD_PLUS_R_BLOCKS = 2_295_104;

function reply(request: ScsiRequest, bytes: Uint8Array): ScsiResult {
  const data = request.data ?? new Uint8Array(0);
  const n = Math.min(data.length, bytes.length);
  data.fill(0);
  data.set(bytes.subarray(0, n));
  return { status: 0, sense: new Uint8Array(0), residual: data.length - n };
}

/** The wrapper. */
export class BlankDiscDisguise implements Transport {
  readonly name: string;
  readonly #inner: Transport;

  /**
   * Wrap a transport.
   *
   * @param inner The OS transport to the read-only drive.
   */
  constructor(inner: Transport) {
    this.#inner = inner;
    this.name = inner.name;
  }

  /**
   * Answer the three media queries as a blank DVD+R would; send everything else on.
   *
   * @param request The command.
   * @returns The (possibly replaced) result.
   */
  async execute(request: ScsiRequest): Promise<ScsiResult> {
    switch (request.cdb[0]) {
      case READ_DISC_INFORMATION:
        return reply(
          request,
          buildReadDiscInformationResponse({
            discStatus: 0,
            lastSessionState: 0,
            erasable: false,
            sessions: 1,
            firstTrackInLastSession: 1,
            lastTrackInLastSession: 1,
            lastPossibleLeadOut: DVD_PLUS_R_BLOCKS,
          }),
        );
      case READ_TRACK_INFORMATION:
        return reply(
          request,
          buildReadTrackInformationResponse({
            track: 1,
            session: 1,
            trackMode: 7,
            blank: true,
            dataMode: 1,
            nwaValid: true,
            trackStart: 0,
            nextWritableAddress: 0,
            freeBlocks: DVD_PLUS_R_BLOCKS,
            fixedPacketSize: 16,
            trackSize: DVD_PLUS_R_BLOCKS,
          }),
        );
      case GET_CONFIGURATION: {
        const result = await this.#inner.execute(request);
        if (result.status === 0 && request.data && request.data.length >= 8) {
          writeFields(request.data, 0, configurationHeaderTable, { currentProfile: DVD_PLUS_R });
        }
        return result;
      }
      default:
        return await this.#inner.execute(request);
    }
  }

  /** Close the real transport. */
  close(): Promise<void> {
    return this.#inner.close();
  }
}
