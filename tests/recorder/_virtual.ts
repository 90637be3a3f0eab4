/**
 * Recorders on kiln's virtual drive for the recorder tests: a fresh temporary disc of a
 * given medium, opened through `openDrive` as a user would, in instant time (timeScale=0)
 * and with fast polling; plus a folder mastered with the media defaults IMAPI would use.
 */

import { openDrive } from "../../src/recorder/open_drive.ts";
import type { Recorder } from "../../src/recorder/recorder.ts";
import type { VirtualRecorder } from "../../ffi/virtual/virtual_recorder.ts";
import {
  addFromDisk,
  FileTree,
  type MasteredImage,
  masterImage,
  mediaDefaults,
} from "../../src/iso.ts";
import type { MediaClass } from "../../src/model/media_defaults.ts";

/** A recorder on a temporary virtual disc. */
export interface TempRecorder {
  recorder: Recorder;
  /** The disc's user-data file. */
  path: string;
  /** The spec it was opened with. */
  spec: string;
  /** The virtual drive (inspection, programmatic faults, power cycling). */
  virtual: VirtualRecorder;
  /** Close and reopen the same disc (state from the sidecar). */
  reopen(extra?: string): Promise<Recorder>;
  /** Close and remove the folder. */
  cleanup(): Promise<void>;
}

/**
 * Open a recorder on a fresh virtual disc.
 *
 * @param media `media=` value.
 * @param extra More spec keys ("senseOnWrite=3:2/04/08&quirks=nwa-150").
 * @param content What the user-data file holds first (the image of a pressed disc).
 * @returns The recorder.
 */
export async function tempRecorder(
  media: string,
  extra = "",
  content?: Uint8Array,
): Promise<TempRecorder> {
  const dir = await Deno.makeTempDir({ prefix: "kiln-rec-" });
  const path = `${dir}/disc.img`;
  if (content) await Deno.writeFile(path, content);
  const spec = `virtual:${path}?media=${media}&timeScale=0${extra ? `&${extra}` : ""}`;
  const t: TempRecorder = {
    recorder: await openDrive(spec, { pollIntervalMs: 2 }),
    path,
    spec,
    get virtual() {
      return t.recorder.drive.transport as VirtualRecorder;
    },
    async reopen(more = "") {
      await t.recorder.close();
      t.recorder = await openDrive(`virtual:${path}?timeScale=0${more ? `&${more}` : ""}`, {
        pollIntervalMs: 2,
      });
      return t.recorder;
    },
    async cleanup() {
      await t.recorder.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
  return t;
}

/**
 * Master a folder with the file systems kiln uses for a media class (mediaDefaults).
 *
 * @param folder The folder.
 * @param mediaClass cd, dvd or bd.
 * @param volumeId Label.
 * @returns The image.
 */
export async function masterFor(
  folder: string,
  mediaClass: MediaClass,
  volumeId = "KILNBURN",
): Promise<MasteredImage> {
  const tree = new FileTree();
  await addFromDisk(tree, folder);
  // Source times are kept: xorriso -compare_r compares them with the folder.
  return masterImage(tree, { ...mediaDefaults(mediaClass).options, volumeId });
}

/** Every medium kiln writes, with its class and whether it can be left appendable. */
export const MEDIA: readonly { media: string; mediaClass: MediaClass; appendable: boolean }[] = [
  { media: "cd-r", mediaClass: "cd", appendable: true },
  { media: "cd-rw", mediaClass: "cd", appendable: true },
  { media: "dvd-r", mediaClass: "dvd", appendable: true },
  { media: "dvd-rw", mediaClass: "dvd", appendable: true },
  { media: "dvd-rw-ro", mediaClass: "dvd", appendable: false },
  { media: "dvd+r", mediaClass: "dvd", appendable: true },
  { media: "dvd+r-dl", mediaClass: "dvd", appendable: true },
  { media: "dvd+rw", mediaClass: "dvd", appendable: false },
  { media: "dvd-ram", mediaClass: "dvd", appendable: false },
  { media: "bd-r", mediaClass: "bd", appendable: true },
  { media: "bd-re", mediaClass: "bd", appendable: false },
];
