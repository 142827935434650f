// The .difypkg zip container, written by hand, the entries compressed by fflate's deflate.
//
// Why not a zip library: `dify plugin package` (Go archive/zip, Writer.Create) writes zero DOS
// date/time fields, "version made by" 20 on host 0 and zero external attributes (no Unix
// permissions), which is what makes its output reproducible (reference §4.5). yazl, fflate's zip,
// archiver/zip-stream and jszip all derive the DOS date from a JS Date (month and day are >= 1, so
// the fields can never be zero) and stamp Unix permissions/host; none can produce those bytes.
// The container is ~100 lines of fixed-layout headers; the compression is not hand-written:
// fflate's pure-JS deflate gives the same bytes on every machine and Node version (Node's bundled
// zlib may pick CPU-specific code paths).
//
// Layout, entry by entry as Go writes it: local header (CRC and sizes zero, flag bit 3) + deflate
// data + data descriptor (with signature); then the central directory and the end record, no
// comment, no extra fields, no ZIP64 (the size limits keep us far below 4 GiB).
import { crc32 } from 'node:zlib';
import { createRequire } from 'node:module';
import { deflateEntry } from './deflate-cache.js';

const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const VERSION_20 = 20;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const DEFLATE = 8;
const STORE = 0;

export interface ZipInput {
  name: string;
  data: Uint8Array;
  /** `data` already deflated (deflate-cache.ts), else it is deflated here. */
  compressed?: Uint8Array;
}

/** Go's archive/zip sets the UTF-8 flag when a name needs it (non-ASCII, control, `\`, `~`). */
function needsUtf8Flag(name: string): boolean {
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c > 0x7d || c === 0x5c) return true;
  }
  return false;
}

/** Writes the entries in the order given (the caller sorts them). */
export function writeZip(entries: readonly ZipInput[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const flags = FLAG_DESCRIPTOR | (needsUtf8Flag(e.name) ? FLAG_UTF8 : 0);
    const compressed = e.compressed ?? deflateEntry(e.data);
    const crc = crc32(e.data) >>> 0;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(VERSION_20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(DEFLATE, 8);
    // 10..25: time, date, CRC, sizes: zero (time/date always; the rest are in the descriptor).
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DESCRIPTOR, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(compressed.length, 8);
    descriptor.writeUInt32LE(e.data.length, 12);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL, 0);
    header.writeUInt16LE(VERSION_20, 4); // made by: version 2.0, host 0 (MS-DOS)
    header.writeUInt16LE(VERSION_20, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(DEFLATE, 10);
    // 12..15: DOS time and date, zero.
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(e.data.length, 24);
    header.writeUInt16LE(name.length, 28);
    // 30..41: extra, comment length, disk, internal and external attributes: zero.
    header.writeUInt32LE(offset, 42);
    central.push(header, name);

    chunks.push(local, name, Buffer.from(compressed.buffer, compressed.byteOffset, compressed.length), descriptor);
    offset += local.length + name.length + compressed.length + descriptor.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

export interface ZipEntryRead {
  name: string;
  data: Buffer;
  /** A name ending in `/`: a folder entry (MK5: the daemon's checksum fails on it). */
  isDirectory: boolean;
  externalAttributes: number;
  dosTime: number;
  dosDate: number;
}

export interface ZipRead {
  entries: ZipEntryRead[];
  comment: string;
}

export class ZipFormatError extends Error {}

/** Reads a zip (store/deflate, as Go's archive/zip reads them) from its central directory. */
export function readZip(buf: Buffer, maxTotal = 1024 * 1024 * 1024): ZipRead {
  const endAt = findEnd(buf);
  const count = buf.readUInt16LE(endAt + 10);
  const cdOffset = buf.readUInt32LE(endAt + 16);
  const commentLength = buf.readUInt16LE(endAt + 20);
  const comment = buf.subarray(endAt + 22, endAt + 22 + commentLength).toString('utf8');
  const entries: ZipEntryRead[] = [];
  let p = cdOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError('the central directory is damaged');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const dosTime = buf.readUInt16LE(p + 12);
    const dosDate = buf.readUInt16LE(p + 14);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const entryComment = buf.readUInt16LE(p + 32);
    const externalAttributes = buf.readUInt32LE(p + 38);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLength).toString(flags & FLAG_UTF8 ? 'utf8' : 'latin1');
    p += 46 + nameLength + extraLength + entryComment;
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) throw new ZipFormatError(`the local header of ${name} is damaged`);
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const raw = buf.subarray(dataStart, dataStart + compressedSize);
    total += size;
    if (total > maxTotal) throw new ZipFormatError(`the entries unpack to more than ${maxTotal} bytes`);
    let data: Buffer;
    if (method === STORE) data = Buffer.from(raw);
    else if (method === DEFLATE) {
      const out = fflate().inflateSync(raw, { out: new Uint8Array(size) });
      data = Buffer.from(out.buffer, out.byteOffset, out.length);
    } else throw new ZipFormatError(`${name} uses compression method ${method}; Dify reads only store and deflate`);
    if (data.length !== size || (crc32(data) >>> 0) !== crc) {
      throw new ZipFormatError(`${name}: its data does not match its size or CRC`);
    }
    entries.push({ name, data, isDirectory: name.endsWith('/'), externalAttributes, dosTime, dosDate });
  }
  return { entries, comment };
}

function findEnd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === END) return i;
  throw new ZipFormatError('not a zip file (no end-of-central-directory record)');
}

/** fflate, loaded when an entry is first inflated: packaging from the deflate cache never needs it. */
function fflate(): typeof import('fflate') {
  return createRequire(import.meta.url)('fflate') as typeof import('fflate');
}
