/**
 * Ask the drive what is in it: the commands of the write preamble (mmc.md §4 steps 3–4)
 * whose answers {@linkcode classifyMedia} turns into a media state. TEST UNIT READY (is a
 * disc there; wait briefly while it becomes ready), GET CONFIGURATION (current profile),
 * READ DISC INFORMATION, READ TRACK INFORMATION of every track of the disc, READ CAPACITY,
 * and READ FORMAT CAPACITIES on overwritable media. Tracks are read on read-only profiles
 * too, where many drives (QEMU's among them) refuse READ TRACK INFORMATION. A command a
 * drive does not answer (READ CAPACITY on a blank disc, READ TRACK INFORMATION on a full
 * one, mmc.md §6 knob 4) leaves its fact out instead of failing the query.
 *
 * @module
 */

import type { MmcDrive } from "../mmc/drive.ts";
import { ScsiCommandError } from "../mmc/errors.ts";
import type { Configuration } from "../mmc/commands/get_configuration.ts";
import type { DiscFacts, MediaFacts, TrackFacts } from "./media_state.ts";
import { mediaKind } from "./media_type.ts";
import { waitForUnit } from "./wait_for_unit.ts";
import { RetriesExhaustedError, withRetry } from "./command_retry.ts";

/** Tracks read at most (a CD holds 99, a DVD+R 153 sessions of one track). */
const MAX_TRACKS = 160;

/** What {@linkcode readMediaFacts} returns. */
export interface MediaQuery {
  /** The decoded answers. */
  readonly facts: MediaFacts;
  /** GET CONFIGURATION (all features), for capability checks. */
  readonly configuration: Configuration | undefined;
}

/**
 * One query under the retry policy (a Pioneer that "fell through" a wait answers the next
 * command with 2/04/07; a reset leaves a unit attention), and `undefined` when the drive
 * does not answer it at all.
 */
async function optional<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await withRetry(fn, { kind: "other", budget: { remaining: 40 } });
  } catch (err) {
    if (err instanceof ScsiCommandError || err instanceof RetriesExhaustedError) return undefined;
    throw err;
  }
}

/**
 * Is a disc in the drive? TEST UNIT READY; "no medium" is an answer, not an error; a drive
 * becoming ready (or reporting a unit attention after a disc change) is waited for.
 *
 * @param drive The drive.
 * @param pollIntervalMs Poll interval while waiting.
 * @returns True when a disc is loaded and ready.
 * @throws {ScsiCommandError} For anything else the drive reports.
 */
export async function discPresent(drive: MmcDrive, pollIntervalMs = 500): Promise<boolean> {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      await drive.testUnitReady();
      return true;
    } catch (err) {
      if (!(err instanceof ScsiCommandError)) throw err;
      switch (err.category) {
        case "no-medium":
          return false;
        case "unit-attention":
          continue; // delivered once after a media change or reset: ask again
        case "becoming-ready":
        case "not-ready-retry":
        case "long-write-in-progress":
          try {
            await waitForUnit(drive, {
              what: "the drive to become ready",
              timeoutMs: 60_000,
              intervalMs: pollIntervalMs,
            });
          } catch (wait) {
            if (wait instanceof ScsiCommandError && wait.category === "no-medium") return false;
            throw wait;
          }
          return true;
        case "start-required":
          await drive.startStopUnit({ start: true });
          continue;
        default:
          throw err;
      }
    }
  }
  return true;
}

/**
 * Read the facts about the disc in the drive.
 *
 * @param drive The drive.
 * @param pollIntervalMs Poll interval while the drive becomes ready.
 * @returns Facts and the configuration.
 * @throws {ScsiCommandError} When the drive fails a command every drive must answer.
 */
export async function readMediaFacts(drive: MmcDrive, pollIntervalMs = 500): Promise<MediaQuery> {
  const present = await discPresent(drive, pollIntervalMs);
  const configuration = await optional(() => drive.getConfiguration());
  const profile = present ? configuration?.currentProfile ?? 0 : 0;
  if (!present) {
    return {
      facts: { present: false, profile: 0, tracks: [], writeProtected: false },
      configuration,
    };
  }
  const info = await optional(() => drive.readDiscInformation());
  const disc: DiscFacts | undefined = info && {
    erasable: info.erasable,
    discStatus: info.discStatus,
    lastSessionState: info.lastSessionState,
    sessions: info.sessions,
    firstTrack: info.firstTrack,
    lastTrackInLastSession: info.lastTrackInLastSession,
    bgFormatStatus: info.bgFormatStatus,
    lastPossibleLeadOut: info.lastPossibleLeadOut,
  };
  const kind = mediaKind(profile);
  const tracks: TrackFacts[] = [];
  // Read-only profiles too: a reader drive (or tgt, once closed) shows a burned disc as a
  // CD-ROM or DVD-ROM, and verification needs its recorded extent.
  if (disc) {
    const first = Math.max(1, disc.firstTrack);
    const last = Math.min(disc.lastTrackInLastSession, first + MAX_TRACKS - 1);
    for (let n = first; n <= last; n++) {
      const t = await optional(() => drive.readTrackInformation(n));
      if (!t) continue;
      tracks.push({
        number: t.track,
        session: t.session,
        start: t.trackStart,
        size: t.trackSize,
        free: t.freeBlocks,
        nwa: t.nwaValid ? t.nextWritableAddress : undefined,
        blank: t.blank,
        damage: t.damage,
        reserved: t.reserved,
      });
    }
  }
  const cap = await optional(() => drive.readCapacity());
  const formats = kind.overwritable || profile === 0x41
    ? await optional(() => drive.readFormatCapacities())
    : undefined;
  const pow = configuration?.features.find((f) => f.code === 0x0038);
  return {
    facts: {
      present: true,
      profile,
      ...(disc ? { disc } : {}),
      tracks,
      // A blank disc reports last LBA 0 (or fails): no recorded capacity.
      ...(cap ? { capacity: cap.lastLba > 0 ? cap.lastLba + 1 : 0 } : {}),
      ...(formats?.current
        ? {
          formatCapacity: { blocks: formats.current.blocks, type: formats.current.descriptorType },
        }
        : {}),
      writeProtected: false,
      powFormatted: pow?.current === true,
    },
    configuration,
  };
}
