// The Python interpreters tests run the real dify_plugin SDK with: the virtualenvs that
// scripts/setup-python.mjs (npm test's pretest) creates under <repo>/.cache/python/ (see
// scripts/pythons.mjs). A venv is listed only when its ready-marker exists.
// @ts-expect-error -- plain ESM module without type declarations
import { readyPythons, PYTHON_CACHE_DIR } from '../../scripts/pythons.mjs';

export interface TestPython {
  /** Absolute path of the venv interpreter. */
  python: string;
  /** The installed dify_plugin version, e.g. "0.10.2". */
  sdkVersion: string;
}

/** Ready venv interpreters, newest Python first. Throws (never returns []) so no test silently skips. */
export function testPythons(): TestPython[] {
  const found = readyPythons() as TestPython[];
  if (found.length === 0) {
    throw new Error(
      `No Python virtualenv with dify_plugin under ${PYTHON_CACHE_DIR}. Run \`node scripts/setup-python.mjs\` (npm test does it in pretest).`,
    );
  }
  return found;
}
