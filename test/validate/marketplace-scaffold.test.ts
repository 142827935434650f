// A fresh scaffold: plain validate is clean; --marketplace reports exactly the scaffold's placeholders
// (both icons, PRIVACY.md) when create got what the Marketplace requires (--repo, --contact), and
// otherwise those two fields and the README's source link too. `meta.minimum_dify_version` is
// always written (MK25). The git configuration is an empty one of the test's own, so the defaults
// (contact from user.email) do not depend on the machine.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CREATE = resolve(import.meta.dirname, '../../bin/create-model-plugin.js');
const BIN = resolve(import.meta.dirname, '../../bin/model-plugin.js');

const home = mkdtempSync(join(tmpdir(), 'mp-scaffold-home-'));
writeFileSync(join(home, 'gitconfig'), '');
const env = { ...process.env, NO_COLOR: '1', HOME: home, GIT_CONFIG_GLOBAL: join(home, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1' };

interface Finding {
  ruleId: string;
  file: string;
  line: number;
  message: string;
}

function json(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--format', 'json'], { encoding: 'utf8', env });
  return { status: r.status, result: JSON.parse(r.stdout) as { plugins: { diagnostics: Finding[] }[]; errorCount: number; warningCount: number } };
}

function scaffold(extra: string[]) {
  const dir = join(mkdtempSync(join(tmpdir(), 'mp-scaffold-')), 'acme');
  const created = spawnSync(process.execPath, [CREATE, dir, '-y', '--author', 'acme', '--no-lock', ...extra], { encoding: 'utf8', env });
  return { dir, created };
}

const ids = (findings: Finding[]) => findings.map((d) => d.ruleId).sort();

describe('validate --marketplace on a scaffold created with --repo and --contact', () => {
  const { dir, created } = scaffold(['--repo', 'https://github.com/acme/acme-dify', '--contact', 'dev@acme.example']);

  it('plain validate: 0 errors, 0 warnings', () => {
    expect(created.status, created.stderr).toBe(0);
    const r = json(['validate', dir]);
    expect(r.status).toBe(0);
    expect([r.result.errorCount, r.result.warningCount]).toEqual([0, 0]);
  });

  it('--marketplace: exactly the placeholder icons and PRIVACY.md', () => {
    const r = json(['validate', dir, '--marketplace']);
    expect(r.status).toBe(1);
    const found = r.result.plugins[0].diagnostics;
    expect(ids(found)).toEqual(['MK32', 'MK34', 'MK34']);
    expect(found.every((d) => /placeholder/.test(d.message))).toBe(true);
  });

  it('writes repo, contact, the README source link and the minimum Dify version', () => {
    const manifest = readFileSync(join(dir, 'manifest.yaml'), 'utf8');
    expect(manifest).toMatch(/^repo: "https:\/\/github.com\/acme\/acme-dify"$/m);
    expect(manifest).toMatch(/^contact: "dev@acme.example"$/m);
    expect(manifest).toMatch(/^ {2}minimum_dify_version: "\d+\.\d+\.\d+"$/m);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('https://github.com/acme/acme-dify');
  });

  it('"Before publishing" names only the placeholders', () => {
    expect(created.stdout).toMatch(/Before publishing to the Marketplace/);
    expect(created.stdout).toMatch(/placeholder icons _assets\/icon.svg and _assets\/icon-dark.svg/);
    expect(created.stdout).toMatch(/PRIVACY.md/);
    expect(created.stdout).not.toMatch(/--repo|--contact/);
  });
});

describe('validate --marketplace on a scaffold created without them (no git identity, no git remote)', () => {
  const { dir, created } = scaffold([]);

  it('--marketplace: the placeholders, the missing repo and contact, and the README source link', () => {
    expect(created.status, created.stderr).toBe(0);
    const r = json(['validate', dir, '--marketplace']);
    const found = r.result.plugins[0].diagnostics;
    expect(ids(found)).toEqual(['MK24', 'MK24', 'MK32', 'MK34', 'MK34', 'MK37']);
    expect(found.filter((d) => d.ruleId === 'MK24').map((d) => /missing required field: (\w+)/.exec(d.message)?.[1]).sort()).toEqual(['contact', 'repo']);
  });

  it('the "Before publishing" lines say how to add them', () => {
    expect(created.stdout).toMatch(/add `repo: https:\/\/github.com\/<owner>\/<repo>` to manifest.yaml and that link to README.md \(or create with --repo\)/);
    expect(created.stdout).toMatch(/add `contact: <your e-mail>` to manifest.yaml \(or create with --contact\)/);
  });
});
