#!/usr/bin/env node
// A larger fuzz run of `model-plugin validate` (issue 12), beyond the few hundred cases the test
// suite runs:   node scripts/fuzz.mjs --seed 7 --cases 10000 [--jobs 2] [--from 0] [--keep]
// Build first (npm run build). Prints one line per failing case (seed, index, what was mutated,
// what went wrong) and a summary; exits 1 when any case failed. --keep leaves failing cases on disk.
import { parseArgs } from 'node:util';
import { corpusPlugins, runFuzz, LIMITS } from './fuzz-lib.mjs';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    cases: { type: 'string', default: '1000' },
    from: { type: 'string', default: '0' },
    jobs: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const cases = Number(values.cases);
const plugins = corpusPlugins();
if (plugins.length === 0) {
  console.error('fuzz: the corpus (../shared/corpus/dify-official-models) is not there.');
  process.exit(2);
}
const started = Date.now();
let done = 0;
let failed = 0;
let maxCpu = 0;
let maxRss = 0;
const codes = { 0: 0, 1: 0 };
const results = await runFuzz({
  seed,
  cases,
  from: Number(values.from),
  jobs: Number(values.jobs),
  plugins,
  keepFailures: values.keep,
  onCase(r) {
    done++;
    if (r.code === 0 || r.code === 1) codes[r.code]++;
    if (r.usage) {
      maxCpu = Math.max(maxCpu, r.usage.cpu);
      maxRss = Math.max(maxRss, r.usage.rssMB);
    }
    if (r.usage && r.usage.cpu > LIMITS.cpuSeconds / 2 && !r.problems.length) console.log(`slow seed ${r.seed} case ${r.index}: CPU ${r.usage.cpu.toFixed(2)} s\n     ${r.description}`);
    if (r.problems.length) {
      failed++;
      console.log(`FAIL seed ${r.seed} case ${r.index}: ${r.problems.join(' | ')}\n     ${r.description}${r.kept ? `\n     kept at ${r.kept}` : ''}`);
    }
    if (done % 250 === 0) console.error(`… ${done}/${cases} cases, ${failed} failed (${Math.round((Date.now() - started) / 1000)} s)`);
  },
});
const cpus = results.filter((r) => r.usage).map((r) => r.usage.cpu).sort((a, b) => a - b);
const median = cpus.length ? cpus[Math.floor(cpus.length / 2)] : 0;
console.log(
  `seed ${seed}: ${results.length} cases, ${failed} failed; exit 0: ${codes[0]}, exit 1: ${codes[1]}; CPU median ${median.toFixed(2)} s, max ${maxCpu.toFixed(2)} s (limit ${LIMITS.cpuSeconds}); peak RSS max ${maxRss.toFixed(0)} MB (limit ${LIMITS.rssBytes / 1048576}); ${Math.round((Date.now() - started) / 1000)} s wall`,
);
process.exit(failed ? 1 : 0);
