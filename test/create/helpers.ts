// Shared by the scaffolder tests: run the real CLIs (bin/ → dist/), scratch folders, a
// byte-level snapshot of a folder, and a pseudo-terminal for the interactive path.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll } from 'vitest';

export const REPO = resolve(import.meta.dirname, '../..');
export const CREATE_BIN = join(REPO, 'bin/create-model-plugin.js');
export const MODEL_PLUGIN_BIN = join(REPO, 'bin/model-plugin.js');
export const ALL_TYPES = ['llm', 'text-embedding', 'rerank', 'tts', 'speech2text', 'moderation'] as const;

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a bin with stdin not a terminal (as in CI and these tests). */
export function run(bin: string, args: string[], cwd?: string): RunResult {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const create = (args: string[], cwd?: string) => run(CREATE_BIN, args, cwd);
export const modelPlugin = (args: string[], cwd?: string) => run(MODEL_PLUGIN_BIN, args, cwd);

const scratchDirs: string[] = [];
afterAll(() => {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder, removed when the test file is done. */
export function scratch(prefix = 'create-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}

/** Scaffolds a plugin non-interactively and fails loudly if that did not work. */
export function scaffold(dir: string, args: string[] = []): string {
  const r = create([dir, '--yes', '--author', 'acme', ...args]);
  if (r.status !== 0) throw new Error(`create-model-plugin ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return dir;
}

export interface ValidateOutput {
  plugins: { root: string; name: string; diagnostics: { ruleId: string; severity: string; message: string; file: string; line: number; column: number }[] }[];
  errorCount: number;
  warningCount: number;
}

export function validateJson(dir: string): { status: number | null; output: ValidateOutput; stderr: string } {
  const r = modelPlugin(['validate', dir, '--format', 'json']);
  let output: ValidateOutput;
  try {
    output = JSON.parse(r.stdout);
  } catch {
    throw new Error(`validate did not print JSON (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, output, stderr: r.stderr };
}

/** Every problem, one per line, so a failing assertion shows what the validator said. */
export function problems(output: ValidateOutput): string[] {
  return output.plugins.flatMap((p) => p.diagnostics.map((d) => `${d.severity} ${d.ruleId} ${d.file}:${d.line}:${d.column} ${d.message}`));
}

/**
 * Path → bytes, mode and mtime of everything under `dir` (symlinks by their target). Folder
 * times change whenever a file inside is created and removed again, so they are compared only
 * when `folderTimes` is true.
 */
export function snapshot(dir: string, folderTimes = true): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = lstatSync(path);
      const rel = relative(dir, path);
      if (stat.isSymbolicLink()) out[rel] = `link ${readlinkSync(path)}`;
      else if (stat.isDirectory()) {
        out[rel + '/'] = folderTimes ? `dir ${stat.mode} ${stat.mtimeMs}` : `dir ${stat.mode}`;
        walk(path);
      } else out[rel] = `file ${stat.mode} ${stat.mtimeMs} ${readFileSync(path).toString('base64')}`;
    }
  };
  walk(dir);
  return out;
}

/** Relative paths of the files under `dir`, sorted. */
export function fileList(dir: string): string[] {
  return Object.keys(snapshot(dir))
    .filter((p) => !p.endsWith('/'))
    .sort();
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * A command in a pseudo-terminal (util-linux `script`), so stdin is a TTY and the prompts run.
 * Keys are sent as a user would type them; `waitFor` reads the screen text.
 */
export class Terminal {
  private readonly proc: ChildProcessWithoutNullStreams;
  private screen = '';
  private readonly closed: Promise<number | null>;

  constructor(command: string, cwd: string) {
    const env = { ...process.env, TERM: 'xterm' };
    delete env.NO_COLOR;
    this.proc = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (d: Buffer) => {
      this.screen += d.toString('utf8');
    });
    this.closed = new Promise((resolve) => this.proc.on('close', (code) => resolve(code)));
  }

  text(): string {
    return this.screen.replace(ANSI, '');
  }

  async waitFor(pattern: RegExp, seconds = 30): Promise<void> {
    const deadline = Date.now() + seconds * 1000;
    while (!pattern.test(this.text())) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} on the terminal; it shows:\n${this.text()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  type(keys: string): void {
    this.proc.stdin.write(keys);
  }

  /** The command's exit status (`script -e` passes it through). */
  exit(): Promise<number | null> {
    return this.closed;
  }

  kill(): void {
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
  }
}
