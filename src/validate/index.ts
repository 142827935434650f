// Public API of the validator: discover plugins under paths, validate each, count.
import { discoverPluginRoots } from '../plugin/discover.js';
import { countBySeverity, type PluginResult, type ValidationResult } from './diagnostic.js';
import type { ValidateOptions } from './pipeline.js';
import { validateRoots } from './parallel.js';

export type { Diagnostic, PluginResult, ValidationResult, Severity } from './diagnostic.js';
export type { ValidateOptions } from './pipeline.js';

export interface ValidatePluginsOptions extends ValidateOptions {
  cwd?: string;
}

/** Validates every plugin found under `paths` (default: the current folder). Throws UsageError for a bad path. */
export async function validatePlugins(paths: string[], options: ValidatePluginsOptions = {}): Promise<ValidationResult> {
  const roots = discoverPluginRoots(paths, options.cwd);
  const plugins: PluginResult[] = await validateRoots(roots, options);
  return { plugins, ...countBySeverity(plugins) };
}
