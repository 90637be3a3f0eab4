/**
 * The sidecar next to a virtual disc's data file (`PATH.kiln-disc.json`): the disc state,
 * the tray, and the drive settings chosen when the disc was created, as JSON. It is written
 * atomically (a temporary file in the same folder, then a rename), so a crash leaves either
 * the old or the new state.
 *
 * @module
 */

import { dirname } from "node:path";
import { InvalidInputError } from "../../src/model/errors.ts";
import type { DiscState } from "./disc_state.ts";
import type { DriveIdentity } from "./drive_config.ts";
import { isMediaName } from "./media_catalogue.ts";

/** What the sidecar holds. */
export interface SidecarData {
  /** Format marker. */
  kind: "kiln-virtual-disc";
  /** Format version. */
  version: 1;
  /** The disc, or null when the tray is empty. */
  disc: DiscState | null;
  /** Tray position. */
  tray: "open" | "closed";
  /** Drive settings kept with the disc. */
  drive: {
    identity: DriveIdentity;
    maxWriteSpeed?: number;
    bufferBytes?: number;
    quirks: string[];
  };
}

/**
 * The sidecar path of a data file.
 *
 * @param path The data file.
 * @returns `path + ".kiln-disc.json"`.
 */
export function sidecarPath(path: string): string {
  return `${path}.kiln-disc.json`;
}

function invalid(path: string, why: string, cause?: unknown): never {
  throw new InvalidInputError(
    `Cannot read virtual disc state ${JSON.stringify(sidecarPath(path))}: ${why}`,
    cause === undefined ? { path: sidecarPath(path) } : { path: sidecarPath(path), cause },
  );
}

function checkDisc(path: string, d: unknown): DiscState | null {
  if (d === null) return null;
  const disc = d as Partial<DiscState>;
  if (typeof d !== "object" || !isMediaName(String(disc.media)) || String(disc.media) === "none") {
    invalid(path, `unknown media ${JSON.stringify(disc?.media)}`);
  }
  const numbers = ["profile", "capacity", "nextStart", "written"] as const;
  for (const k of numbers) {
    if (typeof disc[k] !== "number") invalid(path, `field disc.${k} is not a number`);
  }
  if (
    !Array.isArray(disc.sessions) || !Array.isArray(disc.tracks) || typeof disc.format !== "object"
  ) {
    invalid(path, "sessions, tracks or format are missing");
  }
  for (const t of disc.tracks) {
    if (
      typeof t.start !== "number" || typeof t.recorded !== "number" || typeof t.number !== "number"
    ) {
      invalid(path, "a track lacks start, recorded or number");
    }
  }
  return disc as DiscState;
}

/**
 * Read a sidecar.
 *
 * @param path The data file.
 * @returns The sidecar, or undefined when there is none.
 * @throws {InvalidInputError} When it is not a kiln virtual disc state.
 */
export async function readSidecar(path: string): Promise<SidecarData | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(sidecarPath(path));
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) return undefined;
    invalid(path, (cause as Error).message, cause);
  }
  let data: Partial<SidecarData>;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    invalid(path, "it is not JSON", cause);
  }
  if (data.kind !== "kiln-virtual-disc") invalid(path, "it is not a kiln virtual disc state");
  if (data.version !== 1) invalid(path, `version ${data.version} is not supported (1)`);
  if (data.tray !== "open" && data.tray !== "closed") invalid(path, "the tray state is missing");
  const drive = data.drive;
  if (!drive || typeof drive.identity?.vendor !== "string" || !Array.isArray(drive.quirks)) {
    invalid(path, "the drive settings are missing");
  }
  return { ...data, disc: checkDisc(path, data.disc) } as SidecarData;
}

/**
 * Write a sidecar atomically.
 *
 * @param path The data file.
 * @param data The state.
 */
export async function writeSidecar(path: string, data: SidecarData): Promise<void> {
  const target = sidecarPath(path);
  const tmp = await Deno.makeTempFile({
    dir: dirname(target),
    prefix: ".kiln-disc-",
    suffix: ".tmp",
  });
  try {
    await Deno.writeTextFile(tmp, JSON.stringify(data, null, 1) + "\n");
    await Deno.rename(tmp, target);
  } catch (cause) {
    await Deno.remove(tmp).catch(() => {});
    throw cause;
  }
}
