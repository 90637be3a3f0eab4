/**
 * Which drive a command uses: `--drive D`; else `$KILN_DRIVE`; else the machine's only
 * optical drive; else (no drive at all) kiln's default virtual drive, a DVD+RW whose data
 * goes to `kiln-disc.img` in the current folder. Several OS drives and no `--drive` is a
 * usage error listing them. When the OS drives cannot be listed (listing needs --allow-ffi:
 * kiln reads sysfs through libc), the default virtual drive is used and the reason is
 * returned for the command to print.
 *
 * @module
 */

import { DEFAULT_VIRTUAL_DRIVE, listDrives } from "../recorder/open_drive.ts";
import { UsageError } from "./usage_error.ts";

/** The drive to open, and why. */
export interface DriveChoice {
  /** The spec. */
  readonly spec: string;
  /** How it was chosen. */
  readonly source: "option" | "environment" | "only-drive" | "default-virtual";
  /** Why OS drives were not looked for, when listing them failed. */
  readonly listingError?: string;
}

function fromEnv(): string | undefined {
  try {
    return Deno.env.get("KILN_DRIVE") || undefined;
  } catch {
    return undefined; // no --allow-env: the variable is not consulted
  }
}

/**
 * Resolve the drive.
 *
 * @param option The `--drive` value.
 * @returns The spec and how it was chosen.
 * @throws {UsageError} When several OS drives are present and none was named.
 */
export async function chooseDrive(option: string | undefined): Promise<DriveChoice> {
  if (option) {
    return { spec: option === "virtual:" ? DEFAULT_VIRTUAL_DRIVE : option, source: "option" };
  }
  const env = fromEnv();
  if (env) return { spec: env, source: "environment" };
  let listingError: string | undefined;
  const os = (await listDrives().catch((err) => {
    listingError = err instanceof Error ? err.message : String(err);
    return [];
  })).filter((d) => d.kind === "os");
  if (os.length === 1) return { spec: os[0]!.spec, source: "only-drive" };
  if (os.length > 1) {
    throw new UsageError(
      `Several drives are present (${os.map((d) => d.spec).join(", ")}); choose one with --drive`,
    );
  }
  return {
    spec: DEFAULT_VIRTUAL_DRIVE,
    source: "default-virtual",
    ...(listingError ? { listingError } : {}),
  };
}
