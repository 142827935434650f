// requirements.txt generated with `uv export`, exactly when and as Dify's packager does it
// (reference §4.4; dify-plugin-daemon packager.go since 26a67104): python runner, no
// requirements.txt on disk, pyproject.toml and uv.lock on disk.
import { spawnSync } from 'node:child_process';
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
  if (r.error) throw new UvError(`could not run ${uv} (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}). ${UV_MISSING_HELP}`);
  if (r.status !== 0) {
    const stderr = r.stderr.toString('utf8').trim();
    throw new UvError(`\`uv ${UV_EXPORT_ARGS.join(' ')}\` failed (exit ${r.status ?? r.signal}): ${stderr}\nDify's packager fails the same way. Fix pyproject.toml/uv.lock (e.g. \`uv lock\`), or commit a requirements.txt.`);
  }
  return r.stdout;
}
