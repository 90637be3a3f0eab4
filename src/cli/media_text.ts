/**
 * Media states and disc listings as the CLI prints them, and as JSON.
 *
 * @module
 */

import type { DiscListing } from "../recorder/disc_listing.ts";
import { ImapiMediaState, type MediaState } from "../recorder/media_state.ts";
import { describeState } from "../recorder/recorder_errors.ts";
import { formatBytes } from "./progress_bar.ts";

/**
 * The IMAPI2 flag names of a state (`IMAPI_FORMAT2_DATA_MEDIA_STATE_…`).
 *
 * @param flags The flag bits.
 * @returns Names such as "BLANK", "APPENDABLE".
 */
export function imapiFlagNames(flags: number): string[] {
  const names: Record<keyof typeof ImapiMediaState, string> = {
    overwriteOnly: "OVERWRITE_ONLY",
    blank: "BLANK",
    appendable: "APPENDABLE",
    damaged: "DAMAGED",
    eraseRequired: "ERASE_REQUIRED",
    nonEmptySession: "NON_EMPTY_SESSION",
    writeProtected: "WRITE_PROTECTED",
    finalized: "FINALIZED",
    unsupportedMedia: "UNSUPPORTED_MEDIA",
  };
  return (Object.keys(names) as (keyof typeof ImapiMediaState)[])
    .filter((k) => flags & ImapiMediaState[k])
    .map((k) => names[k]);
}

/**
 * Lines describing a media state.
 *
 * @param state The state.
 * @returns Text lines.
 */
export function mediaLines(state: MediaState): string[] {
  const lines = [`Disc: ${describeState(state)}`];
  if (state.status === "no-media") return lines;
  if (state.totalSectors > 0) {
    lines.push(
      `Space: ${state.freeSectors} of ${state.totalSectors} sectors free (${
        formatBytes(state.freeSectors * 2048)
      } of ${formatBytes(state.totalSectors * 2048)})`,
    );
  }
  if (state.tracks.length > 0) {
    lines.push(
      `Tracks: ${
        state.tracks.map((t) =>
          `${t.number} (session ${t.session}, LBA ${t.start}, ${t.sectors} sectors${
            t.open ? ", open" : ""
          })`
        )
          .join("; ")
      }`,
    );
  }
  if (state.format) lines.push(`Format: ${state.format}`);
  lines.push(
    `Writable: ${state.writable ? "yes" : `no, ${state.notWritableReason}`}` +
      (state.erasable ? " (erasable)" : ""),
  );
  lines.push(
    `IMAPI media state: 0x${state.imapiState.toString(16).padStart(4, "0")} (${
      imapiFlagNames(state.imapiState).join(" | ") || "UNKNOWN"
    })`,
  );
  return lines;
}

/**
 * Lines listing a disc's files.
 *
 * @param listing The listing.
 * @param max Most entries to print.
 * @returns Text lines.
 */
export function listingLines(listing: DiscListing, max = 200): string[] {
  const files = listing.entries.filter((e) => e.kind === "file").length;
  const dirs = listing.entries.length - files;
  const lines = [
    `On the disc: volume ${JSON.stringify(listing.volumeId)}, ${files} files, ${dirs} folders (${
      listing.view === "joliet" ? "Joliet" : "ISO 9660"
    } view, read back through the drive)`,
  ];
  const sorted = [...listing.entries].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0
  );
  for (const e of sorted.slice(0, max)) {
    lines.push(e.kind === "directory" ? `  ${e.path}/` : `  ${e.path}  ${formatBytes(e.size)}`);
  }
  if (sorted.length > max) lines.push(`  ... and ${sorted.length - max} more`);
  return lines;
}
