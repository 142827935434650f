// Cold-start YAML parsing, as the one-shot CLI does it: every measurement is a fresh node process
// that imports yaml, reads the YAML files of a folder and parses each one with
//   (a) yaml's parseDocument, or
//   (b) fastParse (src/plugin/fast-yaml.ts, from dist/), falling back to parseDocument.
// Both use the options the validator uses (a LineCounter, uniqueKeys). Prints median wall times of
// the whole process, and the median time spent parsing inside it. Needs `npx tsc -p .` first.
//   node bench/yaml-parse.mjs            run the benchmark
//   node bench/yaml-parse.mjs --child <none|yaml|fast> <dir>   one measurement (internal)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const FAST_YAML = resolve(here, '../dist/plugin/fast-yaml.js');

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();

async function child(mode, dir) {
  const t0 = performance.now();
  const { LineCounter, parseDocument } = await import('yaml');
  const fast = mode === 'fast' ? (await import(FAST_YAML)).fastParse : undefined;
  const t1 = performance.now();
  const texts = yamlFiles(dir).map((f) => readFileSync(f, 'utf8'));
  const t2 = performance.now();
  let fallbacks = 0;
  if (mode !== 'none') {
    for (const text of texts) {
      const lineCounter = new LineCounter();
      let doc = fast?.(text, { lineCounter });
      if (!doc) {
        if (fast) fallbacks++;
        doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
      }
      if (doc.errors.length) throw new Error('unexpected YAML error in the corpus');
    }
  }
  const t3 = performance.now();
  console.log(JSON.stringify({ files: texts.length, fallbacks, importMs: t1 - t0, readMs: t2 - t1, parseMs: t3 - t2 }));
}

function yamlFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

function runChild(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return { wall, ...(args[0] === '-e' ? {} : JSON.parse(r.stdout)) };
}

function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

async function main() {
  if (!existsSync(FAST_YAML)) {
    console.error(`${FAST_YAML} is missing: build first (npx tsc -p .).`);
    process.exit(2);
  }
  const { CORPUS_DIR } = await import('./corpus.mjs');
  const sets = [
    { label: 'perfxcloud', dir: join(CORPUS_DIR, 'perfxcloud'), runs: 15 },
    { label: 'whole corpus', dir: CORPUS_DIR, runs: 7 },
  ];
  console.log(`# cold YAML parsing: parseDocument vs fastParse (${cpus().length} cores, node ${process.version}; fresh process per run, medians)`);
  const bare = [];
  for (let i = 0; i < 11; i++) bare.push(runChild(['-e', '0']).wall);
  console.log(`node -e 0: ${median(bare).toFixed(1)} ms`);

  for (const set of sets) {
    const modes = ['none', 'yaml', 'fast'];
    const res = Object.fromEntries(modes.map((m) => [m, []]));
    // Interleaved rounds, after one warm-up round (file cache), so that load drifts hit all modes alike.
    for (let i = 0; i <= set.runs; i++) {
      for (const m of modes) {
        const r = runChild([fileURLToPath(import.meta.url), '--child', m, set.dir]);
        if (i > 0) res[m].push(r);
      }
    }
    const stat = (m, k) => median(res[m].map((r) => r[k]));
    const { files, fallbacks } = res.fast[0];
    console.log(`\n${set.label}: ${files} YAML files, fastParse fell back on ${fallbacks}`);
    const row = (label, m) =>
      console.log(`  ${label.padEnd(40)} wall ${stat(m, 'wall').toFixed(1).padStart(7)} ms   parsing ${m === 'none' ? '      -' : stat(m, 'parseMs').toFixed(1).padStart(7) + ' ms'}`);
    row('import yaml + read files, no parsing', 'none');
    row('(a) parseDocument', 'yaml');
    row('(b) fastParse, fallback parseDocument', 'fast');
    const speedup = stat('yaml', 'parseMs') / stat('fast', 'parseMs');
    const wallGain = (stat('yaml', 'wall') - stat('none', 'wall')) / Math.max(0.1, stat('fast', 'wall') - stat('none', 'wall'));
    console.log(`  parsing speed-up: ${speedup.toFixed(1)}x in-process, ${wallGain.toFixed(1)}x on the wall-time cost above the no-parse run`);
  }
}
