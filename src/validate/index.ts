// Public API of the validator: discover plugins under paths, validate each, count.
import { discoverPluginRoots } from '../plugin/discover.js';
import { countBySeverity, type PluginResult, type ValidationResult } from './diagnostic.js';
import type { ValidateOptions } from './pipeline.js';
import { validateRoots } from './parallel.js';
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';

export type { Diagnostic, PluginResult, ValidationResult, Severity } from './diagnostic.js';
export type { ValidateOptions } from './pipeline.js';

export interface ValidatePluginsOptions extends ValidateOptions {
  cwd?: string;
}

/** Validates every plugin found under `paths` (default: the current folder). Throws UsageError for a bad path. */
export async function validatePlugins(paths: string[], options: ValidatePluginsOptions = {}): Promise<ValidationResult> {
  const cwd = options.cwd ?? process.cwd();
  const packages = paths.filter((p) => isPackagePath(resolve(cwd, p)));
  const folders = paths.filter((p) => !packages.includes(p));
  const roots = folders.length > 0 || packages.length === 0 ? discoverPluginRoots(folders, options.cwd) : [];
  // Real paths, as the loader's plugin roots are: a configuration above a root is found by prefix.
  const passedPaths = options.passedPaths ?? (folders.length > 0 ? folders : ['.']).map((p) => realOrResolved(resolve(cwd, p)));
  const plugins: PluginResult[] = await validateRoots(roots, { ...options, passedPaths });
  for (const p of packages) plugins.push(await validatePackage(resolve(cwd, p), options));
  return { plugins, ...countBySeverity(plugins) };
}

/** A file given to validate that is a package: named .difypkg, or any zip (MK6 then says to rename it). */
export function isPackagePath(abs: string): boolean {
  try {
    if (!statSync(abs).isFile()) return false;
  } catch {
    return false;
  }
  return basename(abs).endsWith('.difypkg') || (basename(abs) !== 'manifest.yaml' && looksLikeZip(abs));
}

/** A zip's first bytes: a local file header, or the end record of an empty archive. */
export function looksLikeZip(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    return head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || head.equals(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function validatePackage(file: string, options: ValidateOptions): Promise<PluginResult> {
  // Loaded only for a package: the zip reader is not needed to validate folders.
  const { openPackage, archiveOnlyResult } = await import('./package-input.js');
  const opened = openPackage(file, { marketplace: options.marketplace });
  try {
    if (!opened.root) return archiveOnlyResult(file, opened.diagnostics);
    // A configuration beside the package does not apply to what is inside: only the package's own.
    const [inner] = await validateRoots([opened.root], { ...options, passedPaths: [] });
    const named = inner!.diagnostics.map((d) => (d.message.includes(opened.root!) ? { ...d, message: d.message.split(opened.root!).join(file) } : d));
    return { root: file, name: inner!.name, diagnostics: [...opened.diagnostics, ...named] };
  } finally {
    opened.dispose();
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
