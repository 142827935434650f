#!/usr/bin/env node
// Creates the Python virtualenvs the tests run the real `dify_plugin` SDK in (no stand-in for the
// SDK anywhere): one venv per available interpreter among Python 3.12 and `python3`, under
// <repo>/.cache/python/, each with the newest `dify-plugin` from PyPI that this Python supports.
//
// Idempotent and quick when already set up: a venv counts as ready only when its marker file
// (written last) exists and its interpreter still runs. A half-finished venv (no marker) is removed
// and rebuilt. At least one interpreter must succeed, else this exits 1 and says why.
//
// Usage: node scripts/setup-python.mjs [--refresh]   (--refresh rebuilds every venv)
// Env:   MODEL_PLUGIN_PYTHONS=/path/a,/path/b  overrides the interpreters that are tried;
//        MODEL_PLUGIN_PYTHON_CACHE=<dir>        overrides where the venvs go (the tests of this script).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const cacheDir = process.env.MODEL_PLUGIN_PYTHON_CACHE || join(repo, '.cache', 'python');
const MARKER = '.model-plugin-ready.json';
const refresh = process.argv.includes('--refresh');

/** Interpreters to try, most wanted first. Each is a command or an absolute path. */
function candidates() {
  if (process.env.MODEL_PLUGIN_PYTHONS) {
    return process.env.MODEL_PLUGIN_PYTHONS.split(',').map((s) => s.trim()).filter(Boolean);
  }
  const list = ['python3.12'];
  // pyenv installs are not on PATH unless selected; look for them directly.
  const pyenvRoot = process.env.PYENV_ROOT || join(process.env.HOME || '/root', '.pyenv');
  const versions = join(pyenvRoot, 'versions');
  if (existsSync(versions)) {
    const v312 = readdirSync(versions)
      .filter((v) => /^3\.12\.\d+$/.test(v))
      .sort((a, b) => Number(b.split('.')[2]) - Number(a.split('.')[2]));
    for (const v of v312) list.push(join(versions, v, 'bin', 'python3'));
  }
  list.push('python3');
  return list;
}

/** Runs an interpreter to learn its version and real executable; undefined if it cannot run. */
function probe(python) {
  const r = spawnSync(python, ['-c', 'import sys, json; print(json.dumps([sys.version.split()[0], sys.executable]))'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status !== 0 || !r.stdout) return undefined;
  try {
    const [version, executable] = JSON.parse(r.stdout.trim());
    return { version, executable };
  } catch {
    return undefined;
  }
}

function venvPython(dir) {
  return process.platform === 'win32' ? join(dir, 'Scripts', 'python.exe') : join(dir, 'bin', 'python');
}

function readMarker(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, MARKER), 'utf8'));
  } catch {
    return undefined;
  }
}

function log(msg) {
  process.stderr.write(`setup-python: ${msg}\n`);
}

function setUp(python, info) {
  const minor = info.version.split('.').slice(0, 2).join('.');
  const dir = join(cacheDir, `py${minor}`);
  const marker = readMarker(dir);
  if (!refresh && marker && existsSync(venvPython(dir)) && probe(venvPython(dir))?.version === info.version) {
    log(`Python ${info.version}: ready (dify-plugin ${marker.sdkVersion}) in ${dir}`);
    return { dir, ...marker };
  }
  // No marker means a previous run stopped half-way (or never ran): start from scratch.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  log(`Python ${info.version} (${info.executable}): creating venv in ${dir}`);
  execFileSync(info.executable, ['-m', 'venv', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  const py = venvPython(dir);
  log(`Python ${info.version}: pip install dify-plugin (newest release this Python supports)`);
  execFileSync(py, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', '--upgrade', 'dify-plugin'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const sdkVersion = execFileSync(
    py,
    ['-c', "import importlib.metadata as m, dify_plugin; print(m.version('dify_plugin'))"],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  ).trim();
  const record = { python: py, pythonVersion: info.version, sdkVersion, base: info.executable };
  // Marker last, atomically: its presence means the venv is complete.
  const tmp = join(dir, `${MARKER}.tmp`);
  writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n');
  renameSync(tmp, join(dir, MARKER));
  log(`Python ${info.version}: ready (dify-plugin ${sdkVersion})`);
  return { dir, ...record };
}

function main() {
  const seen = new Set();
  const ready = [];
  const failures = [];
  for (const candidate of candidates()) {
    const info = probe(candidate);
    if (!info) continue;
    const minor = info.version.split('.').slice(0, 2).join('.');
    if (seen.has(minor)) continue; // one venv per minor version
    seen.add(minor);
    try {
      ready.push(setUp(candidate, info));
    } catch (err) {
      failures.push(`Python ${info.version} (${info.executable}): ${err.message.split('\n')[0]}`);
      log(`Python ${info.version}: FAILED: ${err.message.split('\n')[0]}`);
    }
  }
  if (ready.length === 0) {
    log('no Python virtualenv with dify-plugin could be set up; the invoke tests need one.');
    if (failures.length) for (const f of failures) log(`  ${f}`);
    else log('  no interpreter found: install Python 3.12 (or newer) and make `python3` or `python3.12` runnable.');
    log('  PyPI must be reachable (pip install dify-plugin), or set MODEL_PLUGIN_PYTHONS to interpreters to use.');
    process.exit(1);
  }
}

main();
