// `uv lock` after scaffolding a pyproject.toml project, as every official plugin ships a
// uv.lock (Dify then installs with `uv sync --frozen`, and `dify plugin package` exports the
// requirements from it). Optional: without uv the plugin is still complete, and says so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** $UV_PATH (as Dify's packager honours it), else `uv` on PATH. */
export function findUv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.UV_PATH && existsSync(env.UV_PATH)) return env.UV_PATH;
  const exe = process.platform === 'win32' ? 'uv.exe' : 'uv';
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, exe))) return join(dir, exe);
  }
  return undefined;
}

/** Hang guard only: resolving the SDK's dependencies from PyPI normally takes seconds. */
const LOCK_TIMEOUT_MS = 10 * 60_000;

/** Runs `uv lock` in the plugin folder; returns the line that tells what happened. */
export function lockWithUv(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const uv = findUv(env);
  if (!uv) {
    return 'uv.lock: not written, uv was not found (install it: https://docs.astral.sh/uv/, or `pip install uv`; then run `uv lock`). `model-plugin setup` also writes it.';
  }
  const r = spawnSync(uv, ['lock', '--quiet'], { cwd: root, env, encoding: 'utf8', timeout: LOCK_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status === 0 && existsSync(join(root, 'uv.lock'))) return `uv.lock: written by \`${uv} lock\`.`;
  const reason = (r.error?.message ?? r.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? `exit ${r.status}`;
  return `uv.lock: not written, \`uv lock\` failed (${reason}). Run \`uv lock\` in the plugin folder once that is fixed.`;
}
