// The one way plugin files are read: only regular files, never more bytes than asked for. A FIFO
// would block open()/read() forever, a device such as /dev/zero reports st_size 0 and never ends,
// and a socket cannot be opened at all; an extracted tarball can contain any of them.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

export type ReadResult =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: 'missing' }
  | { ok: false; reason: 'too-large'; size: number }
  /** A FIFO, socket or device (or a folder): `what` names it, e.g. "a FIFO (named pipe)". */
  | { ok: false; reason: 'not-regular'; what: string }
  /** Permission denied or another I/O error; `message` says which. */
  | { ok: false; reason: 'unreadable'; message: string };

const CHUNK = 64 * 1024;

/**
 * Reads at most `maxBytes` of a regular file (following symlinks; callers resolve paths inside the
 * plugin root first). A file that holds more is refused as too large without reading the rest.
 */
export function readRegularFile(abs: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    const st = statSync(abs);
    if (!st.isFile()) return { ok: false, reason: 'not-regular', what: describeNonRegular(st) };
    if (st.size > maxBytes) return { ok: false, reason: 'too-large', size: st.size };
    // O_NONBLOCK: should the file be swapped for a FIFO after the stat, open() still returns at once.
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return failure(err);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'not-regular', what: describeNonRegular(st) };
    // Bounded by the bytes actually read, not by st_size (which may change or lie). One buffer of
    // the announced size plus one byte (to see the end in the same pass), grown only when the file
    // holds more: a fresh 64 KiB buffer per small file cost more than the read itself.
    let buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st.size + 1, 1), CHUNK * 16));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2 + CHUNK));
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      }
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { ok: false, reason: 'too-large', size: Math.max(total, st.size) };
    }
    return { ok: true, bytes: buf.subarray(0, total) };
  } catch (err) {
    return failure(err);
  } finally {
    closeSync(fd);
  }
}

/** "a FIFO (named pipe)", "a socket", "a character device", ... for a message. */
export function describeNonRegular(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a folder';
  return 'not a regular file';
}

function failure(err: unknown): ReadResult {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
  // open() of a socket fails with ENXIO.
  if (code === 'ENXIO') return { ok: false, reason: 'not-regular', what: 'a socket' };
  if (code === 'EISDIR') return { ok: false, reason: 'not-regular', what: 'a folder' };
  if (code === 'EACCES' || code === 'EPERM') return { ok: false, reason: 'unreadable', message: 'permission denied' };
  return { ok: false, reason: 'unreadable', message: code ?? (err as Error).message };
}

/** The message of a failed read, after the file's name: "is a FIFO (named pipe), not a regular file". */
export function readFailureText(r: Exclude<ReadResult, { ok: true }>): string {
  switch (r.reason) {
    case 'missing':
      return 'does not exist';
    case 'too-large':
      return `is too large (${r.size} bytes)`;
    case 'not-regular':
      return `is ${r.what}, not a regular file`;
    case 'unreadable':
      return `cannot be read (${r.message})`;
  }
}
