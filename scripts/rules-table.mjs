#!/usr/bin/env node
// Prints the README's rule table from the rule registry (`npm run build` first):
//   node scripts/rules-table.mjs > /tmp/table.md
import { RULES } from '../dist/validate/rules/index.js';

console.log('| id | default severity | checks |');
console.log('| --- | --- | --- |');
for (const r of RULES) console.log(`| ${r.id} | ${r.severity} | ${r.description.replace(/\|/g, '\\|')} |`);
