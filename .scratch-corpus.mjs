import { validatePlugin } from './dist/validate/pipeline.js';
import { RULES } from './dist/validate/rules/index.js';
import { readdirSync, mkdtempSync, cpSync, readFileSync, existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
const mine = new Set(RULES.filter(r => /^(M|I|P|D)\d+$/.test(r.id)).map(r => r.id));
const src = '/work/shared/corpus/dify-official-models';
const dest = mkdtempSync(join(tmpdir(), 'scratch-corpus-'));
const counts = {};
let out = [];
for (const name of readdirSync(src)) {
  const d = join(dest, name);
  cpSync(join(src, name), d, { recursive: true });
  for (const rel of readFileSync(join(src, name, 'FILES.txt'), 'utf8').split('\n').map(l=>l.trim()).filter(Boolean)) {
    const t = join(d, rel); if (existsSync(t)) continue; mkdirSync(dirname(t), {recursive:true}); writeFileSync(t, '');
  }
  const r = validatePlugin(d, { rules: mine }).result;
  for (const x of r.diagnostics) { const k = `${x.ruleId} ${x.severity}`; counts[k] = (counts[k]??0)+1; out.push(`${name}/${x.file}:${x.line}:${x.column} ${x.severity} ${x.ruleId} ${x.message}`); }
}
rmSync(dest, {recursive:true, force:true});
console.log(counts);
const filt = process.argv[2];
for (const l of out) if (!filt || l.includes(filt)) console.log(l);
