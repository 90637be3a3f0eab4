/**
 * In the guest: burn the image kiln mastered to tgt's MMC recorders (blank DVD+R discs behind
 * QEMU's iSCSI `scsi-generic` devices) with kiln's own `burn(recorder, image, { verify:
 * "full" })`: the first recorder (by device path) left appendable, the second closed. Each
 * burn is reported with its result, its progress actions and the commands it sent (from the
 * trace); then the media state the Recorder reads afterwards, and a second burn, which must be
 * refused. The host then reads the backing files with the image readers.
 */

import {
  burn,
  type BurnAction,
  type DriveInfo,
  type ImageFile,
  openDrive,
} from "../../src/burn.ts";
import { CommandLog } from "./command_log.ts";
import { describeError, emit, step } from "./guest_steps.ts";

/**
 * Burn and report.
 *
 * @param drives What listDrives() showed.
 * @param image The image file.
 */
export async function burnToRecorders(drives: DriveInfo[], image: ImageFile): Promise<void> {
  const recorders = drives.filter((d) => d.vendor === "IET").sort((a, b) =>
    a.spec < b.spec ? -1 : 1
  );
  emit("recorders", { drives: recorders });
  for (const [i, drive] of recorders.entries()) {
    const close = i === 1;
    const name = `rec${i + 1}`;
    const log = new CommandLog();
    let recorder;
    try {
      recorder = await openDrive(drive.spec, { trace: log.trace });
    } catch (err) {
      emit(`${name}Open`, { ok: false, ...describeError(err) });
      continue;
    }
    try {
      emit(`${name}Open`, { ok: true, identity: recorder.identity, close });
      await step(`${name}Before`, async () => ({
        profiles: await recorder.profiles(),
        state: await recorder.mediaState(),
      }));
      await step(`${name}Burn`, async () => {
        const from = log.length;
        const actions: BurnAction[] = [];
        const result = await burn(recorder, image, {
          close,
          verify: "full",
          onProgress: (p) => {
            if (actions.at(-1) !== p.action) actions.push(p.action);
          },
        });
        return { result, actions, commands: log.tally(from) };
      });
      await step(`${name}After`, async () => ({ state: await recorder.mediaState() }));
      await step(`${name}BurnAgain`, async () => {
        const from = log.length;
        try {
          return { result: await burn(recorder, image) };
        } catch (err) {
          return { ...describeError(err), writes: log.count("WRITE(10)", from) };
        }
      });
    } finally {
      await recorder.close();
    }
  }
}
