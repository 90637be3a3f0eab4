/**
 * A drive the operating system knows, as drive listing reports it.
 *
 * @module
 */

/** One optical drive found by the OS backend. */
export interface OsDrive {
  /** What to open: `/dev/sr0` on Linux, `\\.\E:` on Windows. */
  readonly path: string;
  /** Linux: the drive's sg node (`/dev/sg0`), when the sg driver is bound. */
  readonly sgPath?: string;
  /** Vendor identification (INQUIRY bytes 8–15, trimmed), when the OS reports it. */
  readonly vendor?: string;
  /** Product identification (INQUIRY bytes 16–31, trimmed), when the OS reports it. */
  readonly model?: string;
  /** Product revision (INQUIRY bytes 32–35, trimmed), when the OS reports it. */
  readonly revision?: string;
  /** Linux: the SCSI address host:channel:target:lun ("0:0:0:0"). */
  readonly scsiAddress?: string;
}
