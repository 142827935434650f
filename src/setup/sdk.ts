// The dify_plugin the plugin declares (requirements.txt or pyproject.toml) and the one that got
// installed. Installing from a stale lock, or on a Python too old for current releases, yields an
// SDK older than the plugin asks for; the Marketplace refuses anything below 0.9.0 (MK45).
import { compareVersions, parseVersion, type Version } from './runner-version.js';

export const MARKETPLACE_MIN_SDK = '0.9.0';

export interface DeclaredSdk {
  /** The file it is declared in (relative to the plugin root). */
  file: string;
  line: number;
  column: number;
  /** The requirement as written, e.g. "dify_plugin>=0.9.0". */
  requirement: string;
  /** The lower bound it sets (>=, ==, ~=, ===, >), if any. */
  minimum?: string;
}

const NAME = /dify[-_.]plugin(?=\s*(?:\[[^\]]*\])?\s*(?:[<>=!~]|["';,]|$))/gim;

/** Finds the dify_plugin requirement in a dependency file's text (first one that is not a comment). */
export function declaredSdk(file: string, text: string): DeclaredSdk | undefined {
  for (const m of text.matchAll(NAME)) {
    const start = m.index ?? 0;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const before = text.slice(lineStart, start);
    if (before.includes('#')) continue; // commented out
    const lineEnd = text.indexOf('\n', start);
    const rest = text.slice(start, lineEnd === -1 ? undefined : lineEnd);
    const requirement = rest.split(/["';#]/)[0].trim();
    const minimum = /(?:===|==|~=|>=|>)\s*([0-9][0-9A-Za-z.+-]*)/.exec(requirement.slice(m[0].length))?.[1];
    const line = text.slice(0, start).split('\n').length;
    return { file, line, column: start - lineStart + 1, requirement, minimum };
  }
  return undefined;
}

export function below(installed: string, minimum: string): boolean {
  const a = parseVersion(installed);
  const b = parseVersion(minimum);
  return Boolean(a && b && compareVersions(a as Version, b as Version) < 0);
}

/**
 * Run in the new .venv: reports the Python and the installed dify_plugin, then imports it, as the
 * daemon's warm-up does (`python -c "import dify_plugin"`). The import also proves that the
 * installed set works together, and leaves the bytecode that makes the plugin's start faster.
 */
export const WARM_UP = [
  'import sys, json, importlib.metadata as m',
  'try:',
  '    v = m.version("dify_plugin")',
  'except m.PackageNotFoundError:',
  '    v = None',
  'print(json.dumps({"python": sys.version.split()[0], "sdk": v}), flush=True)',
  'if v:',
  '    import dify_plugin',
].join('\n');
