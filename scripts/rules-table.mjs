#!/usr/bin/env node
// Prints the README's rule table from the rule registry (`npm run build` first):
//   node scripts/rules-table.mjs > /tmp/table.md
//   node scripts/rules-table.mjs --marketplace > /tmp/mk-table.md   (the `--marketplace` MK rules)
import { RULES } from '../dist/validate/rules/index.js';
import { MARKETPLACE_RULES } from '../dist/validate/rules/marketplace/index.js';
import { ruleAnchor } from '../dist/validate/rule-docs.js';

const list = process.argv.includes('--marketplace') ? MARKETPLACE_RULES : RULES;
// Each row carries the anchor SARIF helpUri and the stylish output link to (rule-docs.ts).
console.log('| id | name | default severity | checks |');
console.log('| --- | --- | --- | --- |');
for (const r of list) console.log(`| <a id="${ruleAnchor(r.id)}"></a>${r.id} | \`${r.name}\` | ${r.severity} | ${r.description.replace(/\|/g, '\\|')} |`);
