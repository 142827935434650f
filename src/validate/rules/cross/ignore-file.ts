// The packager's ignore file as the rules see it: which file applies to a loaded plugin. Parsing and
// matching live in src/plugin/ignore.ts, shared with `model-plugin package`.
import type { LoadedPlugin } from '../../../plugin/load.js';
import { IGNORE_FILES, parseIgnore, type IgnoreFile } from '../../../plugin/ignore.js';

export { parseIgnore, excludedBy, type IgnoreFile, type IgnorePattern } from '../../../plugin/ignore.js';

const cache = new WeakMap<LoadedPlugin, IgnoreFile | null>();

export function ignoreFileOf(plugin: LoadedPlugin): IgnoreFile | undefined {
  if (cache.has(plugin)) return cache.get(plugin) ?? undefined;
  let result: IgnoreFile | null = null;
  for (const name of IGNORE_FILES) {
    const status = plugin.fs.resolve(name).status;
    // The daemon falls back to .gitignore when reading .difyignore fails (missing, or a folder).
    if (status !== 'file' && status !== 'outside') continue;
    // The daemon stops at the first ignore file it can read; one we cannot read counts as empty.
    const text = status === 'file' ? plugin.fs.readText(name, 1024 * 1024) ?? '' : '';
    result = { file: name, patterns: parseIgnore(text) };
    break;
  }
  cache.set(plugin, result);
  return result ?? undefined;
}
