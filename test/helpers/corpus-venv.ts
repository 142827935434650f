// Virtualenvs for e2e runs of corpus plugins that need packages beyond dify_plugin: built once
// under <repo>/.cache/corpus-venvs/<name> and reused (a ready-marker is written last). Each sees the
// shared SDK venv's packages through a .pth file, so only the plugin's extra packages are installed
// (from PyPI, with pip). A lock directory keeps parallel test files from building the same venv.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../invoke/run-cli.js';
import { testPythons } from './python.js';

const ROOT = join(REPO, '.cache', 'corpus-venvs');

/** The SDK venv with dify_plugin >= 0.9 (what the official plugins need). */
export function sdkPython(): string {
  const found = testPythons().find((p) => Number(p.sdkVersion.split('.')[0]) > 0 || Number(p.sdkVersion.split('.')[1]) >= 9);
  if (!found) throw new Error('no venv with dify_plugin >= 0.9 (Python 3.12) under .cache/python; run node scripts/setup-python.mjs');
  return found.python;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The interpreter of a venv holding `packages` on top of the SDK venv. */
export function corpusVenv(name: string, packages: string[]): string {
  const dir = join(ROOT, name);
  const python = join(dir, 'bin', 'python');
  const marker = join(dir, '.model-plugin-ready.json');
  const want = JSON.stringify(packages);
  const ready = () => existsSync(marker) && readFileSync(marker, 'utf8') === want;
  if (ready()) return python;
  mkdirSync(ROOT, { recursive: true });
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (ready()) return python;
      sleep(500);
    }
  }
  try {
    if (ready()) return python;
    rmSync(dir, { recursive: true, force: true });
    const sdk = sdkPython();
    const info = JSON.parse(execFileSync(sdk, ['-c', 'import sys, json, site; print(json.dumps([sys._base_executable, site.getsitepackages()[0], f"python{sys.version_info[0]}.{sys.version_info[1]}"]))'], { encoding: 'utf8' }));
    const [base, sdkSite, pyDir] = info as [string, string, string];
    execFileSync(base, ['-m', 'venv', dir], { stdio: 'ignore' });
    writeFileSync(join(dir, 'lib', pyDir, 'site-packages', '_model_plugin_sdk.pth'), `${sdkSite}\n`);
    execFileSync(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-q', ...packages], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 900_000 });
    writeFileSync(marker, want);
    return python;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
