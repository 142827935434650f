// Which credentials the plugin's own code cannot do without: keys its provider and model sources
// index (`credentials["x"]`) without checking first. An optional field read that way (MiniMax's
// `minimax_group_id`) raises KeyError when left empty, so `--mock` fills it as if it were required.
// The same token-level reading as validate's X9 rule; sources are read, never run.
import type { LoadedPlugin } from '../../plugin/load.js';
import { getPath } from '../../plugin/load.js';
import { undeclaredReads } from '../../validate/rules/cross/credential-reads.js';

const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

export function keysReadUnguarded(plugin: LoadedPlugin): Set<string> {
  const provider = plugin.provider?.data;
  const sources = [getPath(provider, ['extra', 'python', 'provider_source']), getPath(provider, ['extra', 'python', 'model_sources'])].flat();
  const keys = new Set<string>();
  for (const file of sources) {
    if (typeof file !== 'string') continue;
    const text = plugin.fs.readText(file, MAX_SOURCE_BYTES);
    if (text === undefined || text.includes('\0')) continue;
    for (const read of undeclaredReads(text, new Set())) if (read.kind === 'subscript') keys.add(read.key);
  }
  return keys;
}
