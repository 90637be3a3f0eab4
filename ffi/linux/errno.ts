/**
 * Linux errno values a drive transport or a file copy meets, with their names and glibc's messages.
 * The numbers are the kernel's `asm-generic/errno-base.h` and `asm-generic/errno.h`,
 * which x86_64 and aarch64 both use.
 *
 * @module
 */

/** errno numbers by name. */
export const Errno = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  EMFILE: 24,
  ENOTTY: 25,
  EFBIG: 27,
  ENOSPC: 28,
  EROFS: 30,
  EDOM: 33,
  ENOSYS: 38,
  ELOOP: 40,
  EMSGSIZE: 90,
  EOPNOTSUPP: 95,
  ETIMEDOUT: 110,
  EDQUOT: 122,
  ENOMEDIUM: 123,
  EMEDIUMTYPE: 124,
} as const;

/** An errno name kiln knows. */
export type ErrnoName = keyof typeof Errno;

const MESSAGES: Readonly<Record<ErrnoName, string>> = {
  EPERM: "operation not permitted",
  ENOENT: "no such file or directory",
  EINTR: "interrupted system call",
  EIO: "input/output error",
  ENXIO: "no such device or address",
  EBADF: "bad file descriptor",
  EAGAIN: "resource temporarily unavailable",
  ENOMEM: "cannot allocate memory",
  EACCES: "permission denied",
  EFAULT: "bad address",
  EBUSY: "device or resource busy",
  EXDEV: "invalid cross-device link",
  ENODEV: "no such device",
  ENOTDIR: "not a directory",
  EISDIR: "is a directory",
  EINVAL: "invalid argument",
  EMFILE: "too many open files",
  ENOTTY: "inappropriate ioctl for device",
  EFBIG: "file too large",
  ENOSPC: "no space left on device",
  EROFS: "read-only file system",
  EDOM: "numerical argument out of domain",
  ENOSYS: "function not implemented",
  ELOOP: "too many levels of symbolic links",
  EMSGSIZE: "message too long",
  EOPNOTSUPP: "operation not supported",
  ETIMEDOUT: "connection timed out",
  EDQUOT: "disk quota exceeded",
  ENOMEDIUM: "no medium found",
  EMEDIUMTYPE: "wrong medium type",
};

const BY_NUMBER = new Map<number, ErrnoName>(
  Object.entries(Errno).map(([name, n]) => [n, name as ErrnoName]),
);

/**
 * The name of an errno value.
 *
 * @param errno The value.
 * @returns Its name ("EACCES"), or "errno N" for a value kiln does not know.
 * @example
 * ```ts
 * import { errnoName } from "./errno.ts";
 * if (errnoName(16) !== "EBUSY" || errnoName(999) !== "errno 999") throw new Error();
 * ```
 */
export function errnoName(errno: number): string {
  return BY_NUMBER.get(errno) ?? `errno ${errno}`;
}

/**
 * The message of an errno value, as glibc's `strerror` words it (lower case).
 *
 * @param errno The value.
 * @returns The message, or "unknown error N".
 * @example
 * ```ts
 * import { errnoMessage } from "./errno.ts";
 * if (errnoMessage(13) !== "permission denied") throw new Error();
 * ```
 */
export function errnoMessage(errno: number): string {
  const name = BY_NUMBER.get(errno);
  return name ? MESSAGES[name] : `unknown error ${errno}`;
}
