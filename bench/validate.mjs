// Benchmarks of `model-plugin validate` (issue 2):
//  1. one typical plugin (~30 YAML files) against `node -e 0`: target <= 2.5x;
//  2. all corpus plugins in one command against a one-thread parseDocument loop over the same files:
//     target < 1.0x (aim 0.35x).
// Each figure is measured interleaved with its baseline. X8's results are cached between runs
// (python/syntax-cache.ts): the "first run" rows turn the cache off (MODEL_PLUGIN_NO_CACHE=1), as
// a first validate of a plugin, or CI on a fresh machine, sees it.
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeCorpus } from './corpus.mjs';
import { interleavedMs, report } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/model-plugin.js');
const node = process.execPath;

const corpus = materializeCorpus();
try {
  console.log(`# validate benchmarks (${cpus().length} cores, node ${process.version})`);
  const typical = resolve(corpus, 'perfxcloud'); // 31 YAML files, 8 .py files (100 kB)
  const cold = { ...process.env, MODEL_PLUGIN_NO_CACHE: '1' };
  const [nodeBare, one, oneStylish, oneCold] = interleavedMs(
    [
      { cmd: node, args: ['-e', '0'] },
      { cmd: node, args: [bin, 'validate', typical, '--format', 'json'] },
      { cmd: node, args: [bin, 'validate', typical] },
      { cmd: node, args: [bin, 'validate', typical, '--format', 'json'], env: cold },
    ],
    { runs: 11 },
  );
  report('validate one plugin (perfxcloud, 31 YAML), json', one, 'node -e 0', nodeBare, 2.5);
  report('validate one plugin, default stylish output', oneStylish, 'node -e 0', nodeBare, 2.5);
  report('validate one plugin, json, first run (no cache)', oneCold, 'node -e 0', nodeBare, 2.5);

  const [loop, all, allCold] = interleavedMs(
    [
      { cmd: node, args: [resolve(here, 'parse-loop.mjs'), corpus] },
      { cmd: node, args: [bin, 'validate', corpus, '--format', 'json'] },
      { cmd: node, args: [bin, 'validate', corpus, '--format', 'json'], env: cold },
    ],
    { runs: 5 },
  );
  report('validate all 50 corpus plugins (1227 YAML)', all, 'parseDocument loop', loop, 1.0);
  report('validate all 50, first run (no cache)', allCold, 'parseDocument loop', loop, 1.0);
} finally {
  rmSync(corpus, { recursive: true, force: true });
}

