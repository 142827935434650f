// The README is the user's manual: its rule table and its commands must match the code.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RULES } from '../src/validate/rules/index.js';
import { MARKETPLACE_RULES } from '../src/validate/rules/marketplace/index.js';
import { ruleAnchor } from '../src/validate/rule-docs.js';

const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8'));

describe('README', () => {
  it('lists every rule with its anchor, name, severity and description (node scripts/rules-table.mjs)', () => {
    for (const r of RULES) {
      expect(readme).toContain(`| <a id="${ruleAnchor(r.id)}"></a>${r.id} | \`${r.name}\` | ${r.severity} | ${r.description.replace(/\|/g, '\\|')} |`);
    }
    // And nothing else: a removed rule's row goes too.
    expect(readme.match(/^\| <a id="rule-(?!mk)/gm)).toHaveLength(RULES.length);
  });

  it('lists every marketplace rule (node scripts/rules-table.mjs --marketplace)', () => {
    for (const r of MARKETPLACE_RULES) {
      expect(readme).toContain(`| <a id="${ruleAnchor(r.id)}"></a>${r.id} | \`${r.name}\` | ${r.severity} | ${r.description.replace(/\|/g, '\\|')} |`);
    }
  });

  it('starts with the two fresh-machine commands, and they exist', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1];
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm ci && npm test');
    expect(pkg.scripts.demo).toBeDefined();
    expect(pkg.scripts.test).toBeDefined();
  });

  it('CI runs exactly the README test command', () => {
    const ci = readFileSync(resolve(import.meta.dirname, '../.ci/run'), 'utf8');
    expect(ci).toMatch(/npm ci\b/);
    expect(ci).toMatch(/npm test\b/);
  });
});
