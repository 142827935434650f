// Pre-releases the resolver picked that the plugin never asked for. Dify's daemon installs with
// `--prerelease=allow` (and so does setup), so without a lock an open bound such as httpx>=0.28
// takes httpx 1.0.dev6, whose API differs: shisa-ai's plugin, rebuilt without its uv.lock, failed
// with "module 'httpx' has no attribute 'get'". Read from the venv's *.dist-info names.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DependencyMode } from './state.js';

const PRE = /(?:a|b|rc|c|\.?dev|alpha|beta|pre|preview)\d*$/i;

export interface Prerelease {
  name: string;
  version: string;
}

/** Installed pre-releases whose package the dependency file does not pin to a pre-release itself. */
export function unaskedPrereleases(root: string, mode: DependencyMode): Prerelease[] {
  const lib = join(root, '.venv', 'lib');
  if (!existsSync(lib)) return [];
  const file = join(root, mode === 'pyproject' ? 'pyproject.toml' : 'requirements.txt');
  const deps = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const out: Prerelease[] = [];
  for (const py of readdirSync(lib)) {
    const site = join(lib, py, 'site-packages');
    if (!existsSync(site)) continue;
    for (const entry of readdirSync(site)) {
      const m = /^(.+)-([^-]+)\.dist-info$/.exec(entry);
      if (!m || !PRE.test(m[2])) continue;
      const name = m[1];
      if (askedFor(deps, name)) continue;
      out.push({ name: name.replace(/_/g, '-'), version: m[2] });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** A line of the dependency file naming the package with a pre-release version (`dify_plugin~=0.0.1b72`). */
function askedFor(deps: string, name: string): boolean {
  const want = normal(name);
  return deps.split('\n').some((line) => {
    const m = /^\s*"?([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    return !!m && normal(m[1]) === want && /\d(?:a|b|rc|\.?dev)\d/i.test(line);
  });
}

function normal(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
