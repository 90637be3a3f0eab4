/**
 * Setting the drive up for a burn (IMAPI2's "initializing hardware" and "calibrating
 * power"; mmc.md §4 steps 5–6): the write speed (SET CD SPEED on CD; SET STREAMING on DVD
 * and BD, falling back to SET CD SPEED as growisofs does), the Write Parameters page 05h
 * for the media that take one (based on the drive's own page, so its page length is kept),
 * RESERVE TRACK for DVD-R DAO, and SEND OPC on DVD-R/-RW discs without an OPC table.
 *
 * Speed problems are warnings: the drive then writes at its own default speed.
 *
 * @module
 */

import { MmcDataError, ScsiCommandError } from "../mmc/errors.ts";
import {
  buildWriteParametersPage,
  type WriteParameters as PageFields,
} from "../mmc/write_parameters_page.ts";
import type { BurnPlan } from "./burn_plan.ts";
import type { MediaState } from "./media_state.ts";
import type { Recorder } from "./recorder.ts";
import { chooseWriteSpeed, ONE_X_KBPS, parseSpeed, type SpeedRequest } from "./write_speeds.ts";

/** The speed a burn runs at. */
export interface SpeedChoice {
  /** kB/s asked for (the drive may round down); undefined when the drive's default is kept. */
  readonly kBps: number | undefined;
  /** What was asked. */
  readonly requested: SpeedRequest;
  /** Why the drive's default speed is used, when it is. */
  readonly warning: string | undefined;
}

/**
 * Choose and set the write speed.
 *
 * @param recorder The recorder.
 * @param state The media state.
 * @param plan The plan (which speed command).
 * @param request "max", a multiple or kB/s.
 * @returns The speed in effect.
 * @throws {InvalidInputError} For a request that is not a speed.
 */
export async function applySpeed(
  recorder: Recorder,
  state: MediaState,
  plan: BurnPlan,
  request: SpeedRequest = "max",
): Promise<SpeedChoice> {
  const media = state.mediaClass ?? "cd";
  const wanted = parseSpeed(request, media);
  const supported = await recorder.writeSpeeds().catch(() => []);
  const chosen = chooseWriteSpeed(supported, wanted);
  const drive = recorder.drive;
  const kBps = chosen === "max" ? undefined : chosen;
  const cdSpeed = () =>
    drive.setCdSpeed({
      readSpeed: 0xffff,
      // kB/s as 1000 bytes; a few more so rounding in the drive does not drop a step (LB-cook).
      writeSpeed: kBps === undefined ? 0xffff : Math.min(0xfffe, Math.ceil(kBps) + 3),
    });
  try {
    if (plan.speedCommand === "set-cd-speed") {
      await cdSpeed();
    } else {
      if (kBps === undefined) return { kBps, requested: request, warning: undefined };
      try {
        await drive.setStreaming({
          startLba: 0,
          endLba: Math.max(0, state.totalSectors - 1),
          readSize: Math.ceil(kBps),
          writeSize: Math.ceil(kBps),
          readTime: 1000,
          writeTime: 1000,
        });
      } catch (err) {
        if (!(err instanceof ScsiCommandError)) throw err;
        await cdSpeed();
      }
    }
  } catch (err) {
    if (!(err instanceof ScsiCommandError)) throw err;
    return {
      kBps: undefined,
      requested: request,
      warning: `the drive refused the write speed (${err.message}); it writes at its own speed`,
    };
  }
  return { kBps, requested: request, warning: undefined };
}

/** The nominal rate for estimates: the chosen speed, or 4x of the medium. */
export function nominalKBps(speed: SpeedChoice, state: MediaState): number {
  return speed.kBps ?? ONE_X_KBPS[state.mediaClass ?? "cd"] * 4;
}

/**
 * Send mode page 05h with the plan's write parameters (nothing for media without one).
 *
 * @param recorder The recorder.
 * @param plan The plan.
 * @param multiSession Override of the multi-session field (cancellation keeps discs appendable).
 * @throws {ScsiCommandError} When the drive refuses the page.
 */
export async function sendWriteParameters(
  recorder: Recorder,
  plan: BurnPlan,
  multiSession?: number,
): Promise<void> {
  const wp = plan.writeParameters;
  if (!wp) return;
  let current: Partial<PageFields> = {};
  try {
    current = (await recorder.drive.readWriteParameters()).fields;
  } catch (err) {
    if (!(err instanceof ScsiCommandError) && !(err instanceof MmcDataError)) {
      throw err;
    }
  }
  const page = buildWriteParametersPage({
    ...(current.pageLength ? { pageLength: current.pageLength } : {}),
    bufe: wp.bufe,
    linkSizeValid: wp.linkSize !== undefined,
    testWrite: false,
    writeType: wp.writeType,
    multiSession: multiSession ?? wp.multiSession,
    fixedPacket: wp.fixedPacket,
    copy: false,
    trackMode: wp.trackMode,
    dataBlockType: wp.dataBlockType,
    linkSize: wp.linkSize ?? 0,
    hostApplicationCode: 0,
    sessionFormat: 0,
    packetSize: wp.packetSize,
    audioPauseLength: wp.audioPause,
  });
  await recorder.drive.modeSelect10(page);
}

/**
 * SEND OPC INFORMATION (DoOpc) on DVD-R/-RW when the disc has no OPC table, as growisofs
 * does. Errors other than medium and hardware errors are ignored (drives answer 5/20,
 * 5/27, 5/2C, 5/30 here, mmc.md §3.15).
 *
 * @param recorder The recorder.
 * @param plan The plan.
 * @returns A warning when calibration was refused, else undefined.
 * @throws {ScsiCommandError} For a medium or hardware error.
 */
export async function calibrate(recorder: Recorder, plan: BurnPlan): Promise<string | undefined> {
  if (plan.recipe !== "dvd-minus") return undefined;
  const info = await recorder.drive.readDiscInformation().catch(() => undefined);
  if (!info || info.opcTables.length > 0) return undefined;
  try {
    await recorder.drive.sendOpcInformation();
    return undefined;
  } catch (err) {
    if (!(err instanceof ScsiCommandError)) throw err;
    if (err.category === "medium-error" || err.category === "hardware-error") throw err;
    return `power calibration was refused (${err.message})`;
  }
}
