// `npm run bench`: runs every benchmark script in this folder and prints their figures.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const skip = new Set(['run.mjs', 'lib.mjs', 'corpus.mjs', 'parse-loop.mjs']);
let failed = false;
for (const f of readdirSync(here).filter((f) => f.endsWith('.mjs') && !skip.has(f)).sort()) {
  if (only.length && !only.some((o) => f.includes(o))) continue;
  // Another job on the machine changes every figure: the load is printed with each script.
  console.log(`## ${f}  [load before: ${load()}]`);
  const r = spawnSync(process.execPath, [join(here, f)], { stdio: 'inherit' });
  console.log(`## ${f}  [load after: ${load()}]`);
  if (r.status !== 0) failed = true;
  console.log('');
}
process.exitCode = failed ? 1 : 0;
