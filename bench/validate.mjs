// Benchmarks of `model-plugin validate` (issue 2):
//  1. one typical plugin (~30 YAML files) against `node -e 0`: target <= 2.5x;
//  2. all corpus plugins in one command against a one-thread parseDocument loop over the same files:
//     target < 1.0x (aim 0.35x).
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeCorpus } from './corpus.mjs';
import { wallMs, report } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/model-plugin.js');
const node = process.execPath;

const corpus = materializeCorpus();
try {
  console.log(`# validate benchmarks (${cpus().length} cores, node ${process.version})`);
  const nodeBare = wallMs(node, ['-e', '0'], { runs: 11 });
  const typical = resolve(corpus, 'perfxcloud'); // 31 YAML files
  const one = wallMs(node, [bin, 'validate', typical, '--format', 'json'], { runs: 11 });
  report('validate one plugin (perfxcloud, 31 YAML), json', one, 'node -e 0', nodeBare, 2.5);
  const oneStylish = wallMs(node, [bin, 'validate', typical], { runs: 11 });
  report('validate one plugin, default stylish output', oneStylish, 'node -e 0', nodeBare, 2.5);

  const loop = wallMs(node, [resolve(here, 'parse-loop.mjs'), corpus], { runs: 5 });
  const all = wallMs(node, [bin, 'validate', corpus, '--format', 'json'], { runs: 5 });
  report('validate all 50 corpus plugins (1227 YAML)', all, 'parseDocument loop', loop, 1.0);
} finally {
  rmSync(corpus, { recursive: true, force: true });
}

