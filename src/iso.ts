/**
 * Mastering without anything that loads FFI: build ISO 9660 + Joliet + Rock Ridge images
 * from folders, bytes or streams, and write them atomically. Needs only
 * `--allow-read`/`--allow-write` (and `--allow-env` to honour `SOURCE_DATE_EPOCH`).
 *
 * @example Master a folder into an image file
 * ```ts ignore
 * import { addFromDisk, FileTree, masterImage, writeImageFile } from "@kiln/kiln/iso";
 * const tree = new FileTree();
 * await addFromDisk(tree, "./photos");
 * const image = masterImage(tree, { volumeId: "PHOTOS" });
 * await writeImageFile(image, "photos.iso");
 * ```
 *
 * @module
 */

export { FileTree } from "./model/file_tree.ts";
export { DirectoryChildren } from "./model/directory_children.ts";
export type { ChildBlock, NamedEntry } from "./model/directory_children.ts";
export type {
  AddFileOptions,
  DirectoryEntry,
  FileEntry,
  FileSource,
  NodeMeta,
  SymlinkEntry,
  TreeEntry,
} from "./model/file_tree.ts";
export { resolveMasterOptions, sourceDateEpoch } from "./model/master_options.ts";
export type {
  FileOrderInfo,
  IsoLevel,
  MasterOptions,
  ResolvedMasterOptions,
  UdfRevision,
} from "./model/master_options.ts";
export { ImageWriteError, InternalError, InvalidInputError } from "./model/errors.ts";
export { resolveBootOptions } from "./model/boot_options.ts";
export { assertFitsMedia, mediaDefaults } from "./model/media_defaults.ts";
export type { MediaClass, MediaDefaults } from "./model/media_defaults.ts";
export type {
  BootEmulation,
  BootEntryOptions,
  BootOptions,
  BootPlatform,
  ResolvedBootEntry,
  ResolvedBootOptions,
} from "./model/boot_options.ts";
export type { KilnErrorOptions } from "./model/errors.ts";
export type { JolietAdaptation } from "./model/joliet_names.ts";
export { addFromDisk, assertOutsideSources } from "./source/add_from_disk.ts";
export type { AddFromDiskOptions, AddFromDiskSummary } from "./source/add_from_disk.ts";
export { masterImage } from "./image/master_image.ts";
export type { ImageEntry, ImageReport, MasteredImage } from "./image/master_image.ts";
export type { ImageProgress, ImageStreamOptions } from "./stream/image_stream.ts";
export { writeImageFile } from "./stream/write_image_file.ts";
export type { StreamableImage, WriteImageFileOptions } from "./stream/write_image_file.ts";
export { writeTreeImageFile } from "./image/write_tree_image_file.ts";
export type { TreeImageFile, WriteTreeImageFileOptions } from "./image/write_tree_image_file.ts";
export type { ImageSink } from "./stream/image_sink.ts";
export { PlacedFileError, placedFilesOf } from "./stream/data_area.ts";
export type {
  DataAreaJob,
  DataAreaWriter,
  PlacedFile,
  PlacedFileFailure,
  PlacedFiles,
} from "./stream/data_area.ts";
export type { DataAreaWindow } from "./stream/data_area_window.ts";
