// Baseline for the corpus benchmark: a plain one-thread loop of yaml's parseDocument over every
// YAML file under the given folder (what any YAML-based tool must at least do).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

let files = 0;
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.ya?ml$/.test(e.name)) {
      parseDocument(readFileSync(p, 'utf8'));
      files++;
    }
  }
}
walk(process.argv[2]);
if (process.argv[3] === '--count') console.log(files);
