// Benchmark of `model-plugin setup` (issue 7) on a pyproject.toml + uv.lock plugin of the corpus
// (openai_api_compatible), with a warm uv cache, against the same uv commands typed by hand:
//   fresh .venv:  setup  vs  uv venv + uv sync --no-dev --prerelease=allow --frozen       (goal <= 1.2x)
//                 setup  vs  the daemon's whole sequence: uv venv + uv sync + import dify_plugin
//                 (setup does that warm-up import too: it proves the SDK imports and leaves the
//                 bytecode that makes every later `invoke` start faster)
//   unchanged:    setup (skips: nothing changed) vs uv sync on the ready .venv           (goal <= 1.2x)
// Needs `npm run build`; uses (and warms) the tool cache in <repo>/.cache/model-plugin.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializePlugin } from './corpus.mjs';
import { report } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const bin = join(repo, 'bin', 'model-plugin.js');
const RUNS = Number(process.env.BENCH_SETUP_RUNS || 3);
const env = { ...process.env, MODEL_PLUGIN_CACHE_DIR: process.env.MODEL_PLUGIN_CACHE_DIR || join(repo, '.cache', 'model-plugin'), NO_COLOR: '1' };
const uvCache = env.UV_CACHE_DIR || join(env.MODEL_PLUGIN_CACHE_DIR, 'uv-cache');
const uvEnv = { ...env, UV_CACHE_DIR: uvCache, UV_PYTHON_DOWNLOADS: 'never' };

function time(cmd, args, cwd, e = env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env: e, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.error}`);
  return { ms, stdout: r.stdout };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const work = mkdtempSync(join(tmpdir(), 'mp-bench-setup-'));
try {
  const dir = materializePlugin('openai_api_compatible', join(work, 'openai_api_compatible'));
  const venv = join(dir, '.venv');
  // Warm everything: uv (installed into the tool cache if missing), the packages in uv's cache.
  time(process.execPath, [bin, 'setup', '--dir', dir], repo);
  const record = JSON.parse(readFileSync(join(venv, 'model-plugin-setup.json'), 'utf8'));
  const python = record.python.executable;
  const onPath = spawnSync('sh', ['-c', 'command -v uv'], { encoding: 'utf8' }).stdout.trim();
  const uv = env.UV_PATH || onPath || join(env.MODEL_PLUGIN_CACHE_DIR, 'bin', 'uv');
  if (!existsSync(uv)) throw new Error(`no uv at ${uv}`);
  const sync = ['sync', '--no-dev', '--prerelease=allow', '--frozen'];
  const byHand = () => {
    rmSync(venv, { recursive: true, force: true });
    return time(uv, ['venv', '-q', '.venv', '--python', python], dir, uvEnv).ms + time(uv, ['-q', ...sync], dir, { ...uvEnv, VIRTUAL_ENV: venv }).ms;
  };
  const warmUpEnv = { ...env };
  delete warmUpEnv.PYTHONDONTWRITEBYTECODE;

  const setupFresh = [];
  const uvFresh = [];
  const daemonFresh = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(venv, { recursive: true, force: true });
    setupFresh.push(time(process.execPath, [bin, 'setup', '--dir', dir], repo).ms);
    uvFresh.push(byHand());
    daemonFresh.push(byHand() + time(join(venv, 'bin', 'python'), ['-c', 'import dify_plugin'], dir, warmUpEnv).ms);
  }

  // Unchanged: set up once more, then time the no-op of each.
  rmSync(venv, { recursive: true, force: true });
  time(process.execPath, [bin, 'setup', '--dir', dir], repo);
  const setupSame = [];
  const uvSame = [];
  for (let i = 0; i < Math.max(5, RUNS); i++) {
    setupSame.push(time(process.execPath, [bin, 'setup', '--dir', dir], repo).ms);
    uvSame.push(time(uv, ['-q', ...sync, '--python', python], dir, { ...uvEnv, VIRTUAL_ENV: venv }).ms);
  }

  console.log(`setup (openai_api_compatible, pyproject.toml + uv.lock, warm uv cache; median of ${RUNS}; uv ${time(uv, ['--version'], dir).stdout.trim()})`);
  report('setup, fresh .venv', median(setupFresh), 'uv venv + uv sync alone', median(uvFresh), 1.2);
  report('setup, fresh .venv', median(setupFresh), 'uv venv + uv sync + import (daemon)', median(daemonFresh), 1.2);
  report('setup, nothing changed (skips)', median(setupSame), 'uv sync on the ready .venv', median(uvSame), 1.2);
} finally {
  rmSync(work, { recursive: true, force: true });
}
