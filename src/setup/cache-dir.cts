// The tool cache's folder, in CommonJS so that the bin shims' code-cache loader (cli/code-cache.cts)
// can use it before any ES module loads; paths.ts re-exports it for everything else.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The cache of model-plugin: $MODEL_PLUGIN_CACHE_DIR, else $XDG_CACHE_HOME/model-plugin, else ~/.cache/model-plugin. */
export function toolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MODEL_PLUGIN_CACHE_DIR) return resolve(env.MODEL_PLUGIN_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(xdg, 'model-plugin');
}

/** MODEL_PLUGIN_NO_CACHE=1 turns every cache of the tool off. */
export function cachesOff(env: NodeJS.ProcessEnv = process.env): boolean {
  const off = env.MODEL_PLUGIN_NO_CACHE;
  return Boolean(off && off !== '0');
}
