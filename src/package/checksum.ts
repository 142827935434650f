// The plugin identity checksum (`author/name:version@<checksum>`), reference §4.7 and
// dify-plugin-daemon decoder/checksum.go: for every entry, sha256(path) ‖ sha256(content), the
// entries sorted byte-wise by path; the checksum is the hex sha256 of that concatenation.
import { createHash } from 'node:crypto';
import { compareBytewise } from '../plugin/package-files.js';

export interface ChecksumEntry {
  path: string;
  data: Uint8Array;
}

function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

export function pluginChecksum(entries: readonly ChecksumEntry[]): string {
  const sorted = [...entries].sort((a, b) => compareBytewise(a.path, b.path));
  const outer = createHash('sha256');
  for (const e of sorted) {
    outer.update(sha256(Buffer.from(e.path, 'utf8')));
    outer.update(sha256(e.data));
  }
  return outer.digest('hex');
}
