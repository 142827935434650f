// Benchmark of `model-plugin package` (issue 9): a typical plugin (perfxcloud, 31 YAML) against
// `node -e 0`, target <= 3x. Two cases: with a committed requirements.txt, and as the corpus ships
// it (pyproject.toml + uv.lock, so requirements.txt comes from `uv export`) when uv can be found
// ($UV_PATH, PATH, or the tests' .cache/uv). The deflated files and the Python syntax results are
// cached between runs (package/deflate-cache.ts, python/syntax-cache.ts): the "first run" row turns
// the caches off (MODEL_PLUGIN_NO_CACHE=1), as a first package of a plugin sees it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializePlugin } from './corpus.mjs';
import { interleavedMs, report } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/model-plugin.js');
const node = process.execPath;
const work = mkdtempSync(join(tmpdir(), 'mp-bench-pkg-'));

function findUv() {
  if (process.env.UV_PATH) return process.env.UV_PATH;
  if (spawnSync('uv', ['--version']).status === 0) return 'uv';
  // The tests' copy, or the one `model-plugin setup` installed into the tool cache (bench/setup.mjs).
  for (const cached of [resolve(here, '../.cache/uv/bin/uv'), resolve(here, '../.cache/model-plugin/bin/uv')]) if (existsSync(cached)) return cached;
  return undefined;
}

try {
  console.log(`# package benchmarks (node ${process.version})`);
  const out = join(work, 'out.difypkg');

  const withReq = materializePlugin('perfxcloud', join(work, 'req', 'perfxcloud'));
  writeFileSync(join(withReq, 'requirements.txt'), 'dify_plugin>=0.9.0,<0.11.0\nopenai>=1.0,<2\n');
  const first = spawnSync(node, [bin, 'package', withReq, '-o', out, '--force'], { encoding: 'utf8' });
  if (first.status !== 0) throw new Error(`package failed:\n${first.stdout}\n${first.stderr}`);
  const cold = { ...process.env, MODEL_PLUGIN_NO_CACHE: '1' };
  const [nodeBare, req, reqCold] = interleavedMs(
    [
      { cmd: node, args: ['-e', '0'] },
      { cmd: node, args: [bin, 'package', withReq, '-o', out, '--force'] },
      { cmd: node, args: [bin, 'package', withReq, '-o', out, '--force'], env: cold },
    ],
    { runs: 11 },
  );
  report('package one plugin (perfxcloud), requirements.txt', req, 'node -e 0', nodeBare, 3);
  report('package, requirements.txt, first run (no cache)', reqCold, 'node -e 0', nodeBare, 3);

  const uv = findUv();
  if (!uv) {
    console.log('package with uv export: skipped (no uv: set UV_PATH or run the package tests once, which install it into .cache/uv)');
  } else {
    const withUv = materializePlugin('perfxcloud', join(work, 'uv', 'perfxcloud'));
    const env = { ...process.env, UV_PATH: uv };
    const [bare, ms] = interleavedMs([{ cmd: node, args: ['-e', '0'] }, { cmd: node, args: [bin, 'package', withUv, '-o', out, '--force'], env }], { runs: 11 });
    report('package one plugin (perfxcloud), uv export', ms, 'node -e 0', bare, 3);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
