// Runs the installer's commands (uv, pip, python) and keeps what they print for the error message.
// No shell: arguments are passed as they are. The output a user sees is passed through redact()
// first, since an index URL in an error may carry a password.
import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  spawnError?: NodeJS.ErrnoException;
}

export interface ExecOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Called with each line of output (for --verbose). */
  onLine?: (line: string) => void;
  /** Hang guard only: installs of big plugins on a slow link take minutes. */
  timeoutMs?: number;
}

const KEEP = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;

export function run(cmd: string, args: string[], options: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let spawnError: NodeJS.ErrnoException | undefined;
    const keep = (buf: string, chunk: string) => (buf.length + chunk.length > KEEP ? (buf + chunk).slice(-KEEP) : buf + chunk);
    const lines = (chunk: string) => {
      if (options.onLine) for (const l of chunk.split('\n')) if (l.trim()) options.onLine(redact(l.trimEnd()));
    };
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout = keep(stdout, c);
      lines(c);
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr = keep(stderr, c);
      lines(c);
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.on('error', (err) => {
      spawnError = err;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, spawnError });
    });
  });
}

/** Hides credentials in URLs (`https://user:secret@host` → `https://user:***@host`) and token-like query values. */
export function redact(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, '$1***@')
    .replace(/([?&](?:token|key|api_key|password|secret)=)[^&\s]+/gi, '$1***');
}

/** The last meaningful lines of a failed command's output, for the error message. */
export function tail(result: ExecResult, lines = 15): string {
  const text = redact(`${result.stderr}\n${result.stdout}`.trim());
  const all = text.split('\n').filter((l) => l.trim());
  return all.slice(-lines).map((l) => `    ${l}`).join('\n');
}
