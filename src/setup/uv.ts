// The uv that builds the environment: $UV_PATH (as the daemon and `dify plugin package` honour
// it), else `uv` on PATH, else the one setup installed before into its cache, else a fresh one from
// PyPI (`pip install uv` in a throw-away venv; the uv wheel carries a self-contained binary, which
// is copied into <cache>/bin). The copy is renamed into place, so concurrent setups never see half
// a binary.
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run, tail } from './exec.js';
import { onPath } from './find-python.js';
import { toolCacheDir, tildify } from './paths.js';

export interface Uv {
  path: string;
  version: string;
  /** Where it came from, for the progress line. */
  source: 'UV_PATH' | 'PATH' | 'cache' | 'installed';
}

export function cachedUvPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(toolCacheDir(env), 'bin', process.platform === 'win32' ? 'uv.exe' : 'uv');
}

async function uvVersion(path: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const r = await run(path, ['--version'], { cwd: process.cwd(), env, timeoutMs: 60_000 });
  if (r.code !== 0) return undefined;
  return /uv\s+(\S+)/.exec(r.stdout)?.[1] ?? r.stdout.trim();
}

/** A uv that is already there, or undefined. */
export async function findUv(env: NodeJS.ProcessEnv = process.env): Promise<Uv | undefined> {
  const given = env.UV_PATH;
  if (given) {
    const version = await uvVersion(given, env);
    if (version) return { path: given, version, source: 'UV_PATH' };
  }
  const fromPath = onPath(process.platform === 'win32' ? 'uv.exe' : 'uv', env);
  if (fromPath) {
    const version = await uvVersion(fromPath, env);
    if (version) return { path: fromPath, version, source: 'PATH' };
  }
  const cached = cachedUvPath(env);
  if (existsSync(cached)) {
    const version = await uvVersion(cached, env);
    if (version) return { path: cached, version, source: 'cache' };
  }
  return undefined;
}

export class UvInstallError extends Error {}

/** Installs uv from PyPI with `python` into the tool's cache. Throws UvInstallError with pip's reason. */
export async function installUv(python: string, env: NodeJS.ProcessEnv = process.env, onLine?: (l: string) => void): Promise<Uv> {
  const cache = toolCacheDir(env);
  const binDir = join(cache, 'bin');
  mkdirSync(binDir, { recursive: true });
  const work = mkdtempSync(join(cache, 'uv-install-'));
  try {
    const venv = join(work, 'venv');
    const made = await run(python, ['-m', 'venv', venv], { cwd: work, env, onLine });
    if (made.code !== 0) throw new UvInstallError(`${python} -m venv failed:\n${tail(made)}`);
    const py = process.platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
    const pip = await run(py, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', 'uv'], { cwd: work, env, onLine });
    if (pip.code !== 0) throw new UvInstallError(`pip install uv failed:\n${tail(pip)}`);
    const built = join(venv, process.platform === 'win32' ? 'Scripts' : 'bin', process.platform === 'win32' ? 'uv.exe' : 'uv');
    if (!existsSync(built)) throw new UvInstallError(`pip installed uv, but ${built} is missing`);
    const target = cachedUvPath(env);
    const tmp = `${target}.${process.pid}.tmp`;
    copyFileSync(built, tmp);
    chmodSync(tmp, 0o755);
    renameSync(tmp, target);
    const version = await uvVersion(target, env);
    if (!version) throw new UvInstallError(`the uv installed at ${tildify(target)} does not run`);
    return { path: target, version, source: 'installed' };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
