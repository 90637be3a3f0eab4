/**
 * Drive specs of the form `virtual:PATH?media=NAME&key=value...` (recorder_api.md "Drive
 * specs"). Values are URL-decoded; PATH is everything between `virtual:` and the first `?`.
 *
 * | Key | Value | Meaning |
 * |---|---|---|
 * | `media` | a name of {@linkcode MEDIA_NAMES} | the disc to create when PATH has no sidecar yet; afterwards it must agree with the sidecar (or be left out) |
 * | `speed` | `Nx` or kB/s | the drive's fastest write speed (the medium's list is cut there) |
 * | `timeScale` | number ≥ 0 | model time per real time: 1 real time (default), 0 instant |
 * | `buffer` | bytes, or with `k`/`m` (KiB/MiB) | drive buffer size (default per medium, Pioneer BDR-203) |
 * | `vendor`, `product`, `revision` | ASCII, ≤ 8 / 16 / 4 characters | INQUIRY identity |
 * | `wp` | `1`/`0` | the medium is write protected (kept in the sidecar) |
 * | `quirks` | comma list of {@linkcode QUIRKS} names | drive quirks of mmc.md section 6 |
 * | `senseOnWrite`, `notReady`, `mediumError`, `powerLoss` | see `fault_plan.ts` | fault injection |
 *
 * @module
 */

import { InvalidInputError } from "../../src/model/errors.ts";
import { type DriveIdentity, isQuirkName, type QuirkName, QUIRKS } from "./drive_config.ts";
import { type FaultSpec, noFaults, parseFaultKey } from "./fault_plan.ts";
import { isMediaName, MEDIA_NAMES, type MediaName } from "./media_catalogue.ts";

/** A write speed as given: a multiple of the medium's 1x, or kB/s. */
export type SpeedSetting = { readonly x: number } | { readonly kBps: number };

/** A parsed virtual drive spec. */
export interface VirtualSpec {
  /** The user-data file (absent for `virtual:` alone: the caller picks a default). */
  path: string | undefined;
  /** `media=`. */
  media?: MediaName;
  /** `speed=`. */
  speed?: SpeedSetting;
  /** `timeScale=`. */
  timeScale?: number;
  /** `buffer=` in bytes. */
  bufferBytes?: number;
  /** `vendor=`, `product=`, `revision=`. */
  identity: Partial<DriveIdentity>;
  /** `wp=`. */
  writeProtected?: boolean;
  /** `quirks=`. */
  quirks: QuirkName[];
  /** Fault keys. */
  faults: FaultSpec;
}

const FAULT_KEYS = ["senseOnWrite", "notReady", "mediumError", "powerLoss"];
const KEYS = [
  "media",
  "speed",
  "timeScale",
  "buffer",
  "vendor",
  "product",
  "revision",
  "wp",
  "quirks",
  ...FAULT_KEYS,
];

function fail(spec: string, why: string): never {
  throw new InvalidInputError(`Cannot use drive spec ${JSON.stringify(spec)}: ${why}`);
}

/**
 * Whether a drive spec names the virtual recorder.
 *
 * @param spec A drive spec.
 * @returns True for `virtual:...`.
 */
export function isVirtualSpec(spec: string): boolean {
  return spec.startsWith("virtual:");
}

/**
 * Parse a virtual drive spec.
 *
 * @param spec `virtual:PATH?media=NAME&...`.
 * @returns The parsed spec.
 * @throws {InvalidInputError} For a spec that is not `virtual:`, an unknown key or media
 *   name, a repeated key, or a bad value; the message names it and lists what is allowed.
 * @example
 * ```ts
 * import { parseVirtualSpec } from "./virtual_spec.ts";
 * const s = parseVirtualSpec("virtual:/tmp/disc.iso?media=bd-r&timeScale=0");
 * if (s.path !== "/tmp/disc.iso" || s.media !== "bd-r" || s.timeScale !== 0) throw new Error();
 * ```
 */
export function parseVirtualSpec(spec: string): VirtualSpec {
  if (!isVirtualSpec(spec)) fail(spec, 'a virtual drive spec starts with "virtual:"');
  const rest = spec.slice("virtual:".length);
  const q = rest.indexOf("?");
  const rawPath = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? "" : rest.slice(q + 1);
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch (cause) {
      throw new InvalidInputError(
        `Cannot use drive spec ${JSON.stringify(spec)}: bad %-escape in ${JSON.stringify(s)}`,
        { cause },
      );
    }
  };
  const out: VirtualSpec = {
    path: rawPath === "" ? undefined : decode(rawPath),
    identity: {},
    quirks: [],
    faults: noFaults(),
  };
  const seen = new Set<string>();
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decode(part.slice(eq + 1));
    if (!KEYS.includes(key)) {
      fail(spec, `unknown key ${JSON.stringify(key)} (keys: ${KEYS.join(", ")})`);
    }
    if (seen.has(key)) fail(spec, `key ${JSON.stringify(key)} is given twice`);
    seen.add(key);
    if (value === "") fail(spec, `key ${JSON.stringify(key)} has no value`);
    applyKey(spec, out, key, value);
  }
  return out;
}

function applyKey(spec: string, out: VirtualSpec, key: string, value: string): void {
  const bad: (why: string) => never = (why) =>
    fail(spec, `${key}=${JSON.stringify(value)}: ${why}`);
  switch (key) {
    case "media":
      if (!isMediaName(value)) bad(`unknown media (one of ${MEDIA_NAMES.join(", ")})`);
      out.media = value;
      return;
    case "speed": {
      const m = /^(\d+(?:\.\d+)?)(x?)$/i.exec(value);
      if (!m || Number(m[1]) <= 0) bad("use a multiple like 8x or kB/s like 5540");
      out.speed = m[2] ? { x: Number(m[1]) } : { kBps: Number(m[1]) };
      return;
    }
    case "timeScale": {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) bad("use a number ≥ 0 (1 real time, 0 instant)");
      out.timeScale = n;
      return;
    }
    case "buffer": {
      const m = /^(\d+)([km]?)$/i.exec(value);
      const n = m ? Number(m[1]) * ({ "": 1, k: 1024, m: 1 << 20 }[m[2]!.toLowerCase()] ?? 1) : NaN;
      if (!(n >= 65536 && n <= 1 << 30)) bad("use 64k to 1024m bytes");
      out.bufferBytes = n;
      return;
    }
    case "vendor":
    case "product":
    case "revision": {
      const max = { vendor: 8, product: 16, revision: 4 }[key];
      if (value.length > max || !/^[\x20-\x7e]+$/.test(value)) {
        bad(`use at most ${max} printable ASCII characters`);
      }
      out.identity[key] = value;
      return;
    }
    case "wp":
      if (!["0", "1", "true", "false"].includes(value)) bad("use 1 or 0");
      out.writeProtected = value === "1" || value === "true";
      return;
    case "quirks":
      for (const q of value.split(",")) {
        if (!isQuirkName(q)) {
          bad(`unknown quirk ${JSON.stringify(q)} (quirks: ${Object.keys(QUIRKS).join(", ")})`);
        }
        out.quirks.push(q);
      }
      return;
    default:
      parseFaultKey(out.faults, key, value);
  }
}
