/**
 * kiln's virtual recorder: a software MMC drive over a file, used as a {@linkcode Transport}
 * wherever a real burner would be. It behaves like a drive, not like a mock: it answers raw
 * CDBs, keeps disc, track and session state, enforces the next writable address, closes
 * tracks and sessions per medium, blanks and formats, paces writes through a drive buffer at
 * the selected speed, keeps long operations busy with progress, raises unit attentions, and
 * can be made to fail in the ways real drives fail (reference/mmc.md sections 3, 4 and 6).
 *
 * The file PATH holds exactly the disc's user data from LBA 0 (2048-byte blocks), so
 * `xorriso -indev PATH`, 7-Zip and pycdlib read a written disc as an image; the state lives
 * next to it in `PATH.kiln-disc.json` (written atomically). CD-DA blocks go to
 * `PATH.kiln-audio`.
 *
 * ## Drive spec: `virtual:PATH?media=NAME&key=value...`
 *
 * | Key | Value |
 * |---|---|
 * | `media` | `cd-r`, `cd-rw`, `dvd-r`, `dvd-rw`, `dvd-rw-ro`, `dvd+r`, `dvd+r-dl`, `dvd+rw`, `dvd-ram`, `bd-r`, `bd-re`, `cd-rom`, `dvd-rom`, `bd-rom` (pressed: PATH is the image), `none` (empty tray). Needed the first time; afterwards it must agree with the sidecar or be left out. |
 * | `speed` | the drive's fastest write speed, `Nx` or kB/s |
 * | `timeScale` | model time per real time: `1` (default) real time, `0.01` a hundred times faster, `0` instant (a long operation still answers busy once) |
 * | `buffer` | drive buffer bytes (`k`/`m` suffixes), default per medium |
 * | `vendor`, `product`, `revision` | INQUIRY identity (default KILN / Virtual BD-RW / 1.00) |
 * | `wp` | `1`: the medium is write protected (kept with the disc; `wp=0` lifts it) |
 * | `quirks` | comma list, see below |
 * | `senseOnWrite` | `N:K/ASC/ASCQ[,...]`: the Nth WRITE ends with that sense, nothing recorded |
 * | `notReady` | `COUNT[@N][:K/ASC/ASCQ]`: COUNT medium commands answer NOT READY (default 2/04/01) after loading, or from the Nth WRITE |
 * | `mediumError` | `LBA[-LBA][,...]`: WRITE records up to the bad block and ends with 3/0C/00; READ ends with 3/11/00 |
 * | `powerLoss` | `N[:BLOCKS]`: power fails during the Nth WRITE after BLOCKS blocks (default half): buffered data is lost, the track is left damaged, later commands throw a TransportError until `powerCycle()` |
 *
 * ## Quirks (`quirks=`, mmc.md section 6)
 *
 * `nwa-150` (#1), `damage-writable` (#2), `rti-full-5-24` (#4), `buffer-bogus` (#5),
 * `long-write-sense` (#6), `immed-fall-through` and `immed-ignored` (#7),
 * `progress-request-sense` and `progress-none` (#8), `busy-04-00` (#9), `no-perf`,
 * `perf-fails` and `page2a-zero` (#10), `streaming-range` (#12), `page05-strict` (#15),
 * `cd-close-track-error` (#17), `dl-finalize-101` and `pow-close-5-24` (#18),
 * `no-auto-format` (#22), `sense-descriptor` (#30), `sao-appendable` (#32), and
 * `close-shows-rom` (tgt's MMC device: a closed write-once disc turns into a DVD-ROM). See
 * {@linkcode QUIRKS} for one line each.
 *
 * ## Choices where drives differ
 *
 * - Reading sequential media past the last recorded block: 5/21/00 (as a real drive did
 *   reading past a DVD+R's end, and as tgt does); an unrecorded block below it (padding,
 *   link or run-out blocks, a border): 8/00/00 BLANK CHECK; formatted overwritable media read
 *   zeros where nothing was written.
 * - Writing a closed disc: 5/21/02 (there is no next writable address); a pressed disc
 *   5/30/05; write-protected media 7/27/00; past the free blocks of a track 5/63/00.
 * - A WRITE that does not fit the buffer waits for it to drain (Pioneer BDR-203 4.22).
 *
 * @example Write and read back a block on a virtual BD-R
 * ```ts ignore
 * import { VirtualRecorder } from "./mod.ts";
 * const drive = await VirtualRecorder.open("virtual:/tmp/disc.iso?media=bd-r&timeScale=0");
 * const write = new Uint8Array([0x2a, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
 * await drive.execute({ cdb: new Uint8Array(6), direction: "none", timeoutMs: 1000 }); // 6/29/00
 * const r = await drive.execute({ cdb: write, direction: "out", data: new Uint8Array(2048), timeoutMs: 1000 });
 * if (r.status !== 0) throw new Error("write failed");
 * await drive.close();
 * ```
 *
 * @module
 */

export type { DataDirection, ScsiRequest, ScsiResult, Transport } from "../../src/mmc/transport.ts";
export { VirtualRecorder } from "./virtual_recorder.ts";
export type { VirtualDiscStateSnapshot } from "./virtual_recorder.ts";
export type { VirtualRecorderOptions } from "./open_drive.ts";
export { isVirtualSpec, parseVirtualSpec } from "./virtual_spec.ts";
export type { SpeedSetting, VirtualSpec } from "./virtual_spec.ts";
export { isMediaName, MEDIA_NAMES, mediaSpec } from "./media_catalogue.ts";
export type {
  FormatOffer,
  MediaClass,
  MediaName,
  MediaSpec,
  RecordingKind,
} from "./media_catalogue.ts";
export { QUIRKS } from "./drive_config.ts";
export type { DriveIdentity, QuirkName } from "./drive_config.ts";
export { FaultPlan } from "./fault_plan.ts";
export type { FaultSpec, NotReadyFault, PowerLossFault, WriteSenseFault } from "./fault_plan.ts";
export { SENSE } from "./sense_error.ts";
export type { SenseCode, SenseName } from "./sense_error.ts";
export type { Clock } from "./timing_model.ts";
export type {
  CueLayout,
  DiscState,
  FormatStatus,
  SessionRecord,
  TrackRecord,
  TrackWriteType,
} from "./disc_state.ts";
