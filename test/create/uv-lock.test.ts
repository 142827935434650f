// pyproject.toml is the default Python project, and like every official plugin it comes with a
// uv.lock: written by `uv lock` when uv is there ($UV_PATH or PATH), and said plainly when not.
// The uv is the real one from PyPI (`pip install uv` into a cached venv, once, under a hang
// guard); `uv lock` resolves the SDK against PyPI.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testPythons } from '../helpers/python.js';
import { CREATE_BIN, REPO, scratch } from './helpers.js';

const HANG_GUARD_MS = 30 * 60_000;

function runCreate(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CREATE_BIN, ...args], { cwd, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A PATH with node and git but no uv. */
function pathWithoutUv(): string {
  const dirs = [dirname(process.execPath)];
  try {
    dirs.push(dirname(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim()));
  } catch {
    // no git: the author default falls back to the OS user
  }
  return dirs.filter((d) => !existsSync(join(d, 'uv'))).join(':');
}

describe('uv.lock', () => {
  it('without uv: pyproject.toml, no uv.lock, and it says how to get one', async () => {
    const cwd = scratch();
    const env = { ...process.env, PATH: pathWithoutUv() };
    delete env.UV_PATH;
    const r = await runCreate(['p', '--yes', '--author', 'acme'], cwd, env);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(cwd, 'p', 'pyproject.toml'))).toBe(true);
    expect(existsSync(join(cwd, 'p', 'uv.lock'))).toBe(false);
    expect(r.stdout).toMatch(/uv\.lock: not written, uv was not found .*`uv lock`.*`model-plugin setup` also writes it/);
  });

  describe('with uv', () => {
    let uv = '';
    beforeAll(async () => {
      const cache = join(REPO, '.cache', 'uv-test');
      const venv = join(cache, 'venv');
      uv = join(venv, 'bin', 'uv');
      if (existsSync(uv)) return;
      mkdirSync(cache, { recursive: true });
      const base = execFileSync(testPythons()[0]!.python, ['-c', 'import sys; print(sys._base_executable)'], { encoding: 'utf8' }).trim();
      execFileSync(base, ['-m', 'venv', venv]);
      await new Promise<void>((resolve, reject) => {
        const pip = spawn(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', 'uv'], { stdio: 'inherit' });
        pip.on('error', reject);
        pip.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pip install uv failed (${code})`))));
      });
    }, HANG_GUARD_MS);

    it('writes uv.lock with `uv lock` and says so', async () => {
      const cwd = scratch();
      // uv finds Python 3.12 on the usual PATH (it must not try to download one).
      const r = await runCreate(['p', '--yes', '--author', 'acme'], cwd, { ...process.env, UV_PATH: uv });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/uv\.lock: written by `.*uv lock`/);
      const lock = readFileSync(join(cwd, 'p', 'uv.lock'), 'utf8');
      expect(lock).toMatch(/^name = "dify-plugin"$/m);
      expect(lock).toMatch(/requires-python = ">=3\.12"/);
    }, HANG_GUARD_MS);

    it('--no-lock leaves it out even with uv', async () => {
      const cwd = scratch();
      const r = await runCreate(['p', '--yes', '--author', 'acme', '--no-lock'], cwd, { ...process.env, UV_PATH: uv });
      expect(r.status, r.stderr).toBe(0);
      expect(existsSync(join(cwd, 'p', 'uv.lock'))).toBe(false);
      expect(r.stdout).toMatch(/uv\.lock: not written \(--no-lock\)/);
    });
  });
});
