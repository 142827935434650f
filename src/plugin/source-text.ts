// A plugin file's text for code frames under diagnostics. The file names come from the loader,
// which only reports files inside the plugin root; huge files get no frame.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MAX_FRAME_SOURCE_BYTES = 2 * 1024 * 1024;

export function readSourceText(root: string, file: string): string | undefined {
  try {
    const abs = join(root, file);
    if (statSync(abs).size > MAX_FRAME_SOURCE_BYTES) return undefined;
    return readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}
