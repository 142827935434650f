#!/usr/bin/env node
// Prints the README's rule table from the rule registry (`npm run build` first):
//   node scripts/rules-table.mjs > /tmp/table.md
//   node scripts/rules-table.mjs --marketplace > /tmp/mk-table.md   (the `--marketplace` rules)
import { RULES } from '../dist/validate/rules/index.js';
import { MARKETPLACE_RULES } from '../dist/validate/rules/marketplace/index.js';

const list = process.argv.includes('--marketplace') ? MARKETPLACE_RULES : RULES;
console.log('| id | default severity | checks |');
console.log('| --- | --- | --- |');
for (const r of list) console.log(`| ${r.id} | ${r.severity} | ${r.description.replace(/\|/g, '\\|')} |`);
