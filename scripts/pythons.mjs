// The virtualenvs scripts/setup-python.mjs created under <repo>/.cache/python/ that are ready (their
// marker, written last, says which interpreter and which dify_plugin version), newest Python first.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON_CACHE_DIR = join(dirname(dirname(fileURLToPath(import.meta.url))), '.cache', 'python');
const MARKER = '.model-plugin-ready.json';

/** @returns {{python: string, sdkVersion: string}[]} */
export function readyPythons() {
  const found = [];
  if (!existsSync(PYTHON_CACHE_DIR)) return [];
  for (const name of readdirSync(PYTHON_CACHE_DIR)) {
    const m = /^py3\.(\d+)$/.exec(name);
    if (!m) continue;
    try {
      const marker = JSON.parse(readFileSync(join(PYTHON_CACHE_DIR, name, MARKER), 'utf8'));
      if (typeof marker.python === 'string' && existsSync(marker.python) && typeof marker.sdkVersion === 'string') {
        found.push({ python: marker.python, sdkVersion: marker.sdkVersion, minor: Number(m[1]) });
      }
    } catch {
      // no marker: a half-finished venv, not ready
    }
  }
  return found.sort((a, b) => b.minor - a.minor).map(({ python, sdkVersion }) => ({ python, sdkVersion }));
}
