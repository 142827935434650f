// The uv the package tests run (`uv export`, as Dify's packager does): $UV_PATH, uv on PATH, or one
// installed from PyPI into <repo>/.cache/uv with the test venv's pip (once; later runs reuse it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { testPythons } from './python.js';

const REPO = resolve(import.meta.dirname, '../..');
const UV_VERSION = '0.13.9';
const CACHED = join(REPO, '.cache', 'uv', 'bin', process.platform === 'win32' ? 'uv.exe' : 'uv');

function works(uv: string): boolean {
  return spawnSync(uv, ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Absolute path of a working uv; throws (never skips) when none can be had. */
export function testUv(): string {
  if (process.env.UV_PATH && works(process.env.UV_PATH)) return process.env.UV_PATH;
  const onPath = spawnSync('uv', ['--version']);
  if (onPath.status === 0) return 'uv';
  if (existsSync(CACHED) && works(CACHED)) return CACHED;
  const python = testPythons()[0].python;
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', join(REPO, '.cache', 'uv'), `uv==${UV_VERSION}`], { stdio: 'inherit', timeout: 600_000 });
  if (!works(CACHED)) throw new Error(`uv ${UV_VERSION} could not be installed into ${CACHED}`);
  return CACHED;
}
