// A plugin file's text for code frames under diagnostics. The file names come from the loader,
// which only reports files inside the plugin root; huge files and special files get no frame.
import { join } from 'node:path';
import { readRegularFile } from './read-file.js';

const MAX_FRAME_SOURCE_BYTES = 2 * 1024 * 1024;

export function readSourceText(root: string, file: string): string | undefined {
  const r = readRegularFile(join(root, file), MAX_FRAME_SOURCE_BYTES);
  return r.ok ? r.bytes.toString('utf8') : undefined;
}
