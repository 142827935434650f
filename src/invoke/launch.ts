// Starting the plugin as Dify's daemon does (protocol reference §1): `python -m <entrypoint>` in the
// plugin root, INSTALL_METHOD=local, plus an offline tokenizer cache.
import { UsageError } from '../cli/errors.js';
import { choosePython } from './python.js';
import type { PluginInfo } from './plugin-info.js';
import { PluginProcess } from './runtime/process.js';
import { seedTiktokenCache } from './tiktoken-cache.js';
import { REMOVED_ENV, type HermeticProxy } from './hermetic/proxy.js';

export interface LaunchSettings {
  pythonFlag: string | undefined;
  startupTimeoutMs: number;
  /** Under --mock: the proxy every request of the plugin goes through. */
  hermetic?: HermeticProxy;
  onOutput?: (source: 'log' | 'stdout' | 'stderr', text: string) => void;
}

/** A dotted Python module name; anything else in meta.runner.entrypoint is not something to run. */
const MODULE = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

export function spawnPlugin(info: PluginInfo, settings: LaunchSettings): PluginProcess {
  return launchPlugin({ root: info.root, entrypoint: info.entrypoint, python: choosePython(info.root, settings.pythonFlag).python }, settings);
}

/** Starts `python -m <entrypoint>` in `root` as Dify does (early-launch.ts calls it before the plugin is read). */
export function launchPlugin(where: { root: string; entrypoint: string; python: string }, settings: Omit<LaunchSettings, 'pythonFlag'>): PluginProcess {
  if (!MODULE.test(where.entrypoint)) {
    throw new UsageError(`manifest.yaml: meta.runner.entrypoint "${where.entrypoint}" is not a Python module name (Dify runs python -m <entrypoint>); use "main".`);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    INSTALL_METHOD: 'local', // beats a developer .env that says remote (protocol reference §1.2)
    TIKTOKEN_CACHE_DIR: seedTiktokenCache(process.env.TIKTOKEN_CACHE_DIR), // offline tokenizers (§1.4)
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1', // leave no __pycache__ in the user's plugin
    ...settings.hermetic?.env, // every request to the proxy, every TLS host trusted through the run's CA
  };
  if (settings.hermetic) for (const name of REMOVED_ENV) delete env[name];
  return PluginProcess.spawn({
    python: where.python,
    entrypoint: where.entrypoint,
    root: where.root,
    env,
    startupTimeoutMs: settings.startupTimeoutMs,
    onOutput: settings.onOutput,
  });
}
