// A fresh scaffold: plain validate is clean; --marketplace reports the scaffold's placeholders (both
// icons, PRIVACY.md) and otherwise only what a scaffold cannot know (repo, contact, the README's
// source link, the oldest Dify version it supports).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CREATE = resolve(import.meta.dirname, '../../bin/create-model-plugin.js');
const BIN = resolve(import.meta.dirname, '../../bin/model-plugin.js');

function json(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, '--format', 'json'], { encoding: 'utf8' });
  return { status: r.status, result: JSON.parse(r.stdout) as { plugins: { diagnostics: { ruleId: string; file: string; line: number; message: string }[] }[]; errorCount: number; warningCount: number } };
}

describe('validate --marketplace on a fresh scaffold', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'mp-scaffold-')), 'acme');
  const created = spawnSync(process.execPath, [CREATE, dir, '-y', '--author', 'acme'], { encoding: 'utf8' });

  it('plain validate: 0 errors, 0 warnings', () => {
    expect(created.status, created.stderr).toBe(0);
    const r = json(['validate', dir]);
    expect(r.status).toBe(0);
    expect([r.result.errorCount, r.result.warningCount]).toEqual([0, 0]);
  });

  it('--marketplace: the placeholder icons and PRIVACY.md, then only the fields a scaffold cannot know', () => {
    const r = json(['validate', dir, '--marketplace']);
    expect(r.status).toBe(1);
    const found = r.result.plugins[0].diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line}`);
    const placeholders = r.result.plugins[0].diagnostics.filter((d) => /placeholder/.test(d.message)).map((d) => d.ruleId);
    expect(placeholders.sort()).toEqual(['MK32', 'MK34', 'MK34']);
    const unknowable = found.filter((f) => !/^MK3[24] /.test(f)).map((f) => f.split(' ')[0]).sort();
    expect(unknowable).toEqual(['MK24', 'MK24', 'MK25', 'MK37']);
  });
});
