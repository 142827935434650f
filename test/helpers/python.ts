// The Python interpreters tests run the real dify_plugin SDK with: the virtualenvs that
// scripts/setup-python.mjs (npm test's pretest) creates under <repo>/.cache/python/. A venv is
// listed only when its ready-marker exists, i.e. the SDK was installed completely.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const cacheDir = join(repo, '.cache', 'python');
const MARKER = '.model-plugin-ready.json';

export interface TestPython {
  /** Absolute path of the venv interpreter. */
  python: string;
  /** The installed dify_plugin version, e.g. "0.10.2". */
  sdkVersion: string;
}

/** Ready venv interpreters, newest Python first. Throws (never returns []) so no test silently skips. */
export function testPythons(): TestPython[] {
  const found: (TestPython & { minor: number })[] = [];
  if (existsSync(cacheDir)) {
    for (const name of readdirSync(cacheDir)) {
      const m = /^py3\.(\d+)$/.exec(name);
      if (!m) continue;
      try {
        const marker = JSON.parse(readFileSync(join(cacheDir, name, MARKER), 'utf8'));
        if (typeof marker.python === 'string' && existsSync(marker.python) && typeof marker.sdkVersion === 'string') {
          found.push({ python: marker.python, sdkVersion: marker.sdkVersion, minor: Number(m[1]) });
        }
      } catch {
        // no marker: a half-finished venv, not ready
      }
    }
  }
  if (found.length === 0) {
    throw new Error(
      `No Python virtualenv with dify_plugin under ${cacheDir}. Run \`node scripts/setup-python.mjs\` (npm test does it in pretest).`,
    );
  }
  return found.sort((a, b) => b.minor - a.minor).map(({ python, sdkVersion }) => ({ python, sdkVersion }));
}
