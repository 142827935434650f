// What setup remembers about a .venv it built, to skip the work when nothing changed: a
// fingerprint of the dependency files and of the Python asked for, kept in a marker file inside
// .venv that is written last (a half-built .venv never looks up to date).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { daemonMarker, setupMarker, venvDir, venvPython } from './paths.js';

export type DependencyMode = 'pyproject' | 'requirements';
export const DEPENDENCY_FILES = ['pyproject.toml', 'uv.lock', 'requirements.txt'] as const;

export interface SetupRecord {
  fingerprint: string;
  python: { executable: string; version: string };
  installer: string;
  sdkVersion: string | null;
  finishedAt: string;
}

/** Which file the daemon installs from (setup_python_environment.go: pyproject.toml wins). */
export function dependencyMode(root: string): DependencyMode | undefined {
  if (existsSync(join(root, 'pyproject.toml'))) return 'pyproject';
  if (existsSync(join(root, 'requirements.txt'))) return 'requirements';
  return undefined;
}

/** Hash of the dependency files as they are now, and of the Python request (flag or runner version). */
export function fingerprint(root: string, mode: DependencyMode, pythonRequest: string): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ format: 1, mode, pythonRequest }));
  for (const name of DEPENDENCY_FILES) {
    const file = join(root, name);
    h.update(`\0${name}\0`);
    if (existsSync(file)) h.update(readFileSync(file));
    else h.update('\0missing');
  }
  return h.digest('hex');
}

export function readRecord(root: string): SetupRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(setupMarker(root), 'utf8'));
    return typeof r?.fingerprint === 'string' && typeof r?.python?.executable === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}

/** True when dify_plugin's metadata is in the venv (no Python started to learn it). */
export function venvHasSdk(root: string): boolean {
  const libs = process.platform === 'win32' ? [join(venvDir(root), 'Lib')] : listDirs(join(venvDir(root), 'lib')).map((d) => join(venvDir(root), 'lib', d));
  return libs.some((lib) => listDirs(join(lib, 'site-packages')).some((d) => /^dify_plugin-[^-]+\.dist-info$/i.test(d)));
}

function listDirs(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The recorded setup, when the .venv still matches it; undefined when work is needed. */
export function upToDate(root: string, print: string): SetupRecord | undefined {
  const record = readRecord(root);
  if (!record || record.fingerprint !== print) return undefined;
  if (!existsSync(venvPython(root)) || !existsSync(record.python.executable)) return undefined;
  if (!venvHasSdk(root)) return undefined;
  return record;
}

/** Removes the marker first thing, so an interrupted setup is redone next time. */
export function forgetRecord(root: string): void {
  rmSync(setupMarker(root), { force: true });
}

export function writeRecord(root: string, record: SetupRecord): void {
  writeAtomic(daemonMarker(root), `{"timestamp":${Math.floor(Date.now() / 1000)}}`);
  writeAtomic(setupMarker(root), JSON.stringify(record, null, 2) + '\n');
}

function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** pyvenv.cfg of an existing .venv: its Python version and home, or undefined when it is not a venv. */
export function readPyvenvCfg(root: string): { version?: string; home?: string; uv?: string } | undefined {
  let text: string;
  try {
    text = readFileSync(join(venvDir(root), 'pyvenv.cfg'), 'utf8');
  } catch {
    return undefined;
  }
  const get = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(.+?)\\s*$`, 'm').exec(text)?.[1];
  return { version: get('version_info') ?? get('version'), home: get('home'), uv: get('uv') };
}
