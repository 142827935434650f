// Finds a base Python for the plugin's .venv that satisfies meta.runner.version: PATH
// (`python3.12`, then `python3`/`python`), pyenv's versions folder (pyenv installs are not on
// PATH unless selected), then `uv python find`. Each candidate is run once to learn its real
// version and executable; the first that fits wins.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { homedir } from 'node:os';
import { compareVersions, parseVersion, type PythonWant, type Version } from './runner-version.js';

export interface FoundPython {
  /** The interpreter's own sys.executable (a pyenv shim resolves to the real binary). */
  executable: string;
  version: Version;
  versionText: string;
  /** How it was found, for the progress line ("python3.12 on PATH", "pyenv 3.12.1"). */
  via: string;
}

export interface Candidate {
  command: string;
  via: string;
}

/** What was looked at and what it turned out to be, for the "no Python" message. */
export interface Tried {
  via: string;
  version?: string;
}

const PROBE = 'import sys, json; print(json.dumps([sys.version.split()[0], sys.executable]))';

export function probe(command: string, env: NodeJS.ProcessEnv = process.env): Promise<{ versionText: string; executable: string } | undefined> {
  return new Promise((resolve) => {
    execFile(command, ['-I', '-S', '-c', PROBE], { timeout: 30_000, encoding: 'utf8', env }, (err, stdout) => {
      if (err) return resolve(undefined);
      try {
        const [versionText, executable] = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
        resolve(typeof versionText === 'string' && typeof executable === 'string' && executable ? { versionText, executable } : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}

/** An executable of this name on PATH, or undefined (no spawn needed to learn that it is absent). */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

function pyenvVersions(env: NodeJS.ProcessEnv): { version: Version; text: string; python: string }[] {
  const root = env.PYENV_ROOT || join(homedir(), '.pyenv');
  const dir = join(root, 'versions');
  if (!existsSync(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d+\.\d+\.\d+$/.test(n))
    .map((n) => ({ version: parseVersion(n)!, text: n, python: join(dir, n, 'bin', 'python3') }))
    .filter((v) => existsSync(v.python))
    .sort((a, b) => compareVersions(b.version, a.version));
}

/** Candidates in the order they are tried. */
export function candidates(want: PythonWant, env: NodeJS.ProcessEnv = process.env): Candidate[] {
  const list: Candidate[] = [];
  const pyenv = pyenvVersions(env);
  for (const minor of want.preferredMinors) {
    const named = onPath(`python${minor}`, env);
    if (named) list.push({ command: named, via: `python${minor} on PATH` });
    for (const v of pyenv) {
      if (v.text.startsWith(`${minor}.`) && want.accepts(v.version)) list.push({ command: v.python, via: `pyenv ${v.text}` });
    }
  }
  for (const name of ['python3', 'python']) {
    const found = onPath(name, env);
    if (found) list.push({ command: found, via: `${name} on PATH` });
  }
  return list;
}

/** The first candidate whose version the plugin accepts; `tried` says what was seen. */
export async function findPython(want: PythonWant, env: NodeJS.ProcessEnv = process.env): Promise<{ found?: FoundPython; tried: Tried[] }> {
  const tried: Tried[] = [];
  const seen = new Set<string>();
  for (const c of candidates(want, env)) {
    const info = await probe(c.command, env);
    if (!info) {
      tried.push({ via: c.via });
      continue;
    }
    if (seen.has(info.executable)) continue;
    seen.add(info.executable);
    tried.push({ via: c.via, version: info.versionText });
    const version = parseVersion(info.versionText);
    if (version && want.accepts(version)) return { found: { ...info, version, via: c.via }, tried };
  }
  return { tried };
}

/** Probes an interpreter the user named (--python). */
export async function explicitPython(command: string, env: NodeJS.ProcessEnv = process.env): Promise<FoundPython | undefined> {
  const info = await probe(command, env);
  const version = info && parseVersion(info.versionText);
  return info && version ? { ...info, version, via: '--python' } : undefined;
}
