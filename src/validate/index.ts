// Public API of the validator: discover plugins under paths, validate each, count.
import { discoverPluginRoots } from '../plugin/discover.js';
import { countBySeverity, type PluginResult, type ValidationResult } from './diagnostic.js';
import type { ValidateOptions } from './pipeline.js';
import { validateRoots } from './parallel.js';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

export type { Diagnostic, PluginResult, ValidationResult, Severity } from './diagnostic.js';
export type { ValidateOptions } from './pipeline.js';

export interface ValidatePluginsOptions extends ValidateOptions {
  cwd?: string;
}

/** Validates every plugin found under `paths` (default: the current folder). Throws UsageError for a bad path. */
export async function validatePlugins(paths: string[], options: ValidatePluginsOptions = {}): Promise<ValidationResult> {
  const roots = discoverPluginRoots(paths, options.cwd);
  // Real paths, as the loader's plugin roots are: a configuration above a root is found by prefix.
  const passedPaths = options.passedPaths ?? (paths.length > 0 ? paths : ['.']).map((p) => realOrResolved(resolve(options.cwd ?? process.cwd(), p)));
  const plugins: PluginResult[] = await validateRoots(roots, { ...options, passedPaths });
  return { plugins, ...countBySeverity(plugins) };
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
