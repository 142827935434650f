// requirements.txt generated with `uv export`, exactly when and as Dify's packager does it
// (reference §4.4; dify-plugin-daemon packager.go since 26a67104): python runner, no
// requirements.txt on disk, pyproject.toml and uv.lock on disk.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cachedUvPath } from '../setup/uv.js';

export const UV_EXPORT_ARGS = ['export', '--frozen', '--format', 'requirements.txt', '--no-group', 'dev', '--no-emit-project', '--no-hashes', '--no-header', '--no-annotate'];

/** The daemon tests existence on the filesystem (an ignored requirements.txt still counts). */
function exists(root: string, name: string): boolean {
  try {
    lstatSync(join(root, name));
    return existsSync(join(root, name));
  } catch {
    return false;
  }
}

export function needsGeneratedRequirements(root: string, language: unknown): boolean {
  return language === 'python' && !exists(root, 'requirements.txt') && exists(root, 'pyproject.toml') && exists(root, 'uv.lock');
}

/**
 * uv as the daemon finds it: $UV_PATH, else `uv` on PATH; then the one `model-plugin setup`
 * installed into its cache (src/setup/uv.ts).
 */
export function findUv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.UV_PATH) return env.UV_PATH;
  const names = process.platform === 'win32' ? ['uv.exe', 'uv'] : ['uv'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const n of names) {
      const p = join(dir, n);
      try {
        if (statSync(p).isFile()) return p;
      } catch {
        /* not here */
      }
    }
  }
  const cached = cachedUvPath(env);
  return existsSync(cached) ? cached : undefined;
}

export class UvError extends Error {}

export const UV_MISSING_HELP =
  'pyproject.toml and uv.lock without requirements.txt: Dify\'s packager generates requirements.txt with `uv export`, and so does model-plugin, but uv was not found (looked at $UV_PATH, PATH and model-plugin\'s cache). ' +
  'Run `model-plugin setup` (it installs uv into its cache), or install uv (`pip install uv`), or set UV_PATH to it; or commit a requirements.txt made with `uv export --frozen --format requirements.txt --no-group dev --no-emit-project --no-hashes --no-header --no-annotate > requirements.txt`.';

export function uvExport(root: string, uv: string): Buffer {
  const r = spawnSync(uv, UV_EXPORT_ARGS, { cwd: root, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw uvRunError(uv, r.error);
  if (r.status !== 0) throw uvFailed(r.status ?? r.signal, r.stderr);
  return r.stdout;
}

export type UvExportOutcome = { ok: true; data: Buffer } | { ok: false; error: UvError };

/**
 * `uv export` started in the background (the same command as uvExport), so that it runs while the
 * plugin is validated; the caller uses the outcome only when the export turns out to be needed.
 */
export function uvExportAsync(root: string, uv: string): { outcome: Promise<UvExportOutcome>; cancel(): void } {
  let child: ReturnType<typeof spawn> | undefined;
  const outcome = new Promise<UvExportOutcome>((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let settled = false;
    const done = (o: UvExportOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const c = (child = spawn(uv, UV_EXPORT_ARGS, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }));
    const timer = setTimeout(() => c.kill('SIGTERM'), 300_000);
    c.stdout!.on('data', (b: Buffer) => {
      size += b.length;
      if (size > 64 * 1024 * 1024) c.kill('SIGTERM');
      else out.push(b);
    });
    c.stderr!.on('data', (b: Buffer) => err.push(b));
    c.on('error', (e) => done({ ok: false, error: uvRunError(uv, e) }));
    c.on('close', (code, signal) => {
      if (code === 0) done({ ok: true, data: Buffer.concat(out) });
      else done({ ok: false, error: uvFailed(code ?? signal, Buffer.concat(err)) });
    });
  });
  return {
    outcome,
    cancel() {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}

function uvRunError(uv: string, e: Error): UvError {
  return new UvError(`could not run ${uv} (${(e as NodeJS.ErrnoException).code ?? e.message}). ${UV_MISSING_HELP}`);
}

function uvFailed(status: number | string | null, stderr: Buffer): UvError {
  return new UvError(`\`uv ${UV_EXPORT_ARGS.join(' ')}\` failed (exit ${status}): ${stderr.toString('utf8').trim()}\nDify's packager fails the same way. Fix pyproject.toml/uv.lock (e.g. \`uv lock\`), or commit a requirements.txt.`);
}
