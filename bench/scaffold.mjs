// Wall time of a non-interactive scaffold (all six model types) against `node -e 0`, the floor
// any Node CLI pays. Prints the median of several runs; the aim is at most 3x the floor.
// `--no-lock`: `uv lock` (when uv is there) resolves against PyPI, a network step outside the
// scaffold's own cost. Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = 9;
const cli = fileURLToPath(new URL('../bin/create-model-plugin.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bench-scaffold-'));

function time(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

try {
  const floor = [];
  const scaffold = [];
  const both = [];
  const types = 'llm,text-embedding,rerank,tts,speech2text,moderation';
  for (let i = 0; i < RUNS; i++) {
    floor.push(time(['-e', '0']));
    scaffold.push(time([cli, join(work, `p${i}`), '--yes', '--no-lock', '--types', types]));
    both.push(time([cli, join(work, `b${i}`), '--yes', '--no-lock', '--configurate', 'both', '--types', types]));
  }
  const f = median(floor);
  const s = median(scaffold);
  const b = median(both);
  console.log(`scaffold (create-model-plugin --yes, 6 types): median ${s.toFixed(1)} ms over ${RUNS} runs`);
  console.log(`scaffold (same, --configurate both):           median ${b.toFixed(1)} ms`);
  console.log(`node -e 0:                                    median ${f.toFixed(1)} ms`);
  console.log(`ratio: ${(s / f).toFixed(2)}x, with --configurate both ${(b / f).toFixed(2)}x (aim: at most 3x)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
