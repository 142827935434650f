// Runs the built CLI (dist/, built by npm test's pretest) as a user would, and scaffolds plugins
// with the real scaffolder.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const BIN = join(REPO, 'bin', 'model-plugin.js');
const CREATE = join(REPO, 'bin', 'create-model-plugin.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

const temps: string[] = [];

/** A new temp folder, removed by removeTemps(). */
export function tempDir(prefix = 'mp-invoke-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function removeTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Scaffolds a plugin with the real `create-model-plugin` into a new temp folder. */
export async function scaffold(base: 'openai-compatible' | 'blank', types: string[], name = 'acme'): Promise<string> {
  const dir = join(tempDir(), name);
  // requirements.txt: these fixtures were written for it (pyproject.toml, the default, has its own cases).
  const child = spawn(process.execPath, [CREATE, dir, '--yes', '--name', name, '--types', types.join(','), '--base', base, '--python-project', 'requirements'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`create-model-plugin failed (${code}): ${err}`);
  return dir;
}

/** A copy of a scaffolded plugin, to break one thing in. */
export function copyPlugin(dir: string): string {
  const copy = join(tempDir(), 'plugin');
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** True when the process is gone (or a zombie: dead, only waiting to be reaped by init). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
