/**
 * Recording, in IMAPI2's model: open a drive (an OS drive, or kiln's virtual recorder over
 * a file), read what is in it, burn a mastered image or an image file on any CD, DVD or BD
 * medium, erase rewritable discs, and verify by read-back. No FFI library is loaded until
 * an OS drive is opened or listed; virtual drives need only `--allow-read`/`--allow-write`.
 *
 * | IMAPI2 | kiln |
 * |---|---|
 * | `IDiscMaster2` enumeration | {@linkcode listDrives} |
 * | `IDiscRecorder2` (`InitializeDiscRecorder`, `EjectMedia`, `CloseTray`, `AcquireExclusiveAccess`) | {@linkcode openDrive}, {@linkcode Recorder} (`eject`, `load`, one operation at a time with the tray locked) |
 * | `IDiscFormat2Data::CurrentMediaStatus`, `NextWritableAddress`, `FreeSectorsOnMedia`, `TotalSectorsOnMedia`, `StartAddressOfPreviousSession` | `Recorder.mediaState()` ({@linkcode MediaState}, with the `IMAPI_FORMAT2_DATA_MEDIA_STATE` flags) |
 * | `SupportedWriteSpeeds`, `SetWriteSpeed` | `Recorder.writeSpeeds()`, `burn(..., { speed })` |
 * | `IDiscFormat2Data::Write`, `ForceMediaToBeClosed`, write-action events | {@linkcode burn} with `close`, `onProgress` ({@linkcode BurnProgress}), `signal` (`CancelWrite`) |
 * | `IDiscFormat2Erase` (`FullErase`) | {@linkcode erase} with `full` |
 * | `IBurnVerification` NONE / QUICK / FULL | `burn(..., { verify })`, {@linkcode verify} |
 *
 * @example Burn a folder to a virtual BD-R and verify it
 * ```ts ignore
 * import { addFromDisk, FileTree, masterImage } from "@kiln/kiln";
 * import { burn, mediaDefaults, openDrive } from "@kiln/kiln/burn";
 *
 * await using recorder = await openDrive("virtual:disc.img?media=bd-r");
 * const state = await recorder.mediaState();
 * const tree = new FileTree();
 * await addFromDisk(tree, "./photos");
 * const image = masterImage(tree, mediaDefaults(state.mediaClass ?? "bd").options);
 * const result = await burn(recorder, image, {
 *   verify: "full",
 *   onProgress: (p) => console.log(p.action, p.sectorsDone, p.totalSectors),
 * });
 * console.log(result.stateAfter.status); // "appendable"
 * ```
 *
 * @module
 */

export {
  DEFAULT_VIRTUAL_DRIVE,
  type DriveInfo,
  driveSpecKind,
  listDrives,
  type ListDrivesOptions,
  openDrive,
  type OpenDriveOptions,
} from "./recorder/open_drive.ts";
export {
  type DriveIdentity,
  type ProfileSummary,
  Recorder,
  type RecorderOptions,
} from "./recorder/recorder.ts";
export {
  classifyMedia,
  type DiscFacts,
  type FormatState,
  ImapiMediaState,
  type MediaFacts,
  type MediaState,
  type MediaStatus,
  type TrackFacts,
  type TrackSummary,
} from "./recorder/media_state.ts";
export {
  type MediaKind,
  mediaKind,
  type PhysicalMedia,
  WRITABLE_MEDIA,
  type WriteRecipe,
} from "./recorder/media_type.ts";
export { burn, type BurnOptions, type BurnResult, type BurnSource } from "./recorder/burn.ts";
export type { BurnAction, BurnProgress } from "./recorder/burn_progress.ts";
export {
  type BurnPlan,
  type CloseStep,
  type FormatNeed,
  planBurn,
  type PlanCapabilities,
  type PlanOptions,
  type WriteParameters,
} from "./recorder/burn_plan.ts";
export {
  erase,
  type EraseOptions,
  type EraseProgress,
  type EraseResult,
} from "./recorder/erase.ts";
export {
  verify,
  type VerifyLevel,
  type VerifyOptions,
  type VerifyProgress,
  type VerifyResult,
} from "./recorder/verify.ts";
export {
  BurnCancelledError,
  BurnError,
  type BurnStopInfo,
  describeState,
  NotEnoughSpaceError,
  UnsuitableMediaError,
  VerifyError,
} from "./recorder/recorder_errors.ts";
export {
  type ImageFile,
  isImageFile,
  openImageFile,
  type SectorImage,
} from "./recorder/image_file.ts";
export {
  type DiscEntry,
  type DiscListing,
  listDisc,
  type ListDiscOptions,
  type SectorReader,
} from "./recorder/disc_listing.ts";
export {
  type CommandKind,
  decideRetry,
  RETRY_LIMITS,
  type RetryAction,
  type RetryDecision,
  type RetryLimit,
} from "./recorder/retry_policy.ts";
export type { RetryRecord } from "./recorder/command_retry.ts";
export {
  ONE_X_KBPS,
  parseSpeed,
  type SpeedRequest,
  type WriteSpeed,
} from "./recorder/write_speeds.ts";
export { mediaDefaults } from "./model/media_defaults.ts";
export type { MediaClass, MediaDefaults } from "./model/media_defaults.ts";
