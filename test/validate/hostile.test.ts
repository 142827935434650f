// Hostile inputs: each must give a clear diagnostic through the real CLI, exit 1, and never a crash,
// a hang or a stack trace. (Speed is measured by `npm run bench`, not here; the generous timeout
// only turns a hang into a failure.)
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makePlugin } from '../helpers/fixture.js';

const BIN = resolve(import.meta.dirname, '../../bin/model-plugin.js');

function validateJson(root: string) {
  const r = spawnSync(process.execPath, [BIN, 'validate', root, '--format', 'json'], { encoding: 'utf8', timeout: 30_000 });
  expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
  expect(r.stderr).not.toMatch(/internal error/);
  return { status: r.status, json: JSON.parse(r.stdout) as { plugins: { diagnostics: { ruleId: string; file: string; line: number; severity: string; message: string }[] }[] } };
}

function aliasBomb(): string {
  let s = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let prev = 'a';
  for (const n of 'bcdefghij') {
    s += `${n}: &${n} [${Array(9).fill('*' + prev).join(',')}]\n`;
    prev = n;
  }
  return `model: bomb\nmodel_type: llm\nmodel_properties:\n  mode: chat\n${s}`;
}

describe('hostile inputs', () => {
  it('an alias bomb is Y5 at the file, not expanded', () => {
    const root = makePlugin({ files: { 'models/llm/bomb.yaml': aliasBomb() } });
    const { status, json } = validateJson(root);
    expect(status).toBe(1);
    const d = json.plugins[0].diagnostics.find((x) => x.ruleId === 'Y5');
    expect(d).toMatchObject({ file: 'models/llm/bomb.yaml', severity: 'error' });
    expect(d!.message).toMatch(/alias/);
  });

  it('a 20 MB YAML file is Y4 and is not parsed', () => {
    const line = 'x'.repeat(99) + '\n';
    const root = makePlugin({ files: { 'models/llm/huge.yaml': `model: huge\n# ${line.repeat(200_000)}` } });
    const { status, json } = validateJson(root);
    expect(status).toBe(1);
    expect(json.plugins[0].diagnostics.find((x) => x.ruleId === 'Y4')).toMatchObject({ file: 'models/llm/huge.yaml', line: 1 });
  });

  it('10,000-deep flow nesting is Y5', () => {
    const root = makePlugin({ files: { 'models/llm/deep.yaml': `model: deep\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` } });
    const { status, json } = validateJson(root);
    expect(status).toBe(1);
    expect(json.plugins[0].diagnostics.find((x) => x.ruleId === 'Y5')).toMatchObject({ file: 'models/llm/deep.yaml' });
  });

  it('10,000-deep block nesting is Y5', () => {
    // Nested block sequences on one line ("- - - … x"): block nesting without a 50 MB file.
    const deep = `${'- '.repeat(10_000)}x\n`;
    const root = makePlugin({ files: { 'models/llm/deep.yaml': deep } });
    const { status, json } = validateJson(root);
    expect(status).toBe(1);
    expect(json.plugins[0].diagnostics.find((x) => x.ruleId === 'Y5')).toMatchObject({ file: 'models/llm/deep.yaml' });
  });

  it('a binary file named .yaml is Y3', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]);
    const root = makePlugin({ files: { 'models/llm/image.yaml': bytes } });
    const { status, json } = validateJson(root);
    expect(status).toBe(1);
    expect(json.plugins[0].diagnostics.find((x) => x.ruleId === 'Y3')).toMatchObject({ file: 'models/llm/image.yaml', line: 1 });
  });

  it('invalid UTF-8 is Y3', () => {
    const root = makePlugin({ files: { 'models/llm/latin1.yaml': Buffer.from('model: caf\xe9\n', 'latin1') } });
    const { json } = validateJson(root);
    expect(json.plugins[0].diagnostics.find((x) => x.ruleId === 'Y3')?.message).toMatch(/UTF-8/);
  });

  it('a provider path symlinked to /etc/passwd is refused and never read', () => {
    const root = makePlugin();
    symlinkSync('/etc/passwd', join(root, 'provider/passwd.yaml'));
    writeFileSync(join(root, 'manifest.yaml'), readBase(root).replace('provider/acme.yaml', 'provider/passwd.yaml'));
    const { status, json } = validateJson(root);
    expect(status).toBe(1);
    const all = JSON.stringify(json);
    expect(all).not.toMatch(/root:x:0:0/); // nothing of the file leaks into the output
    const d = json.plugins[0].diagnostics.find((x) => x.file === 'manifest.yaml' && /outside/.test(x.message));
    expect(d).toBeDefined();
    expect(d!.severity).toBe('error');
  });

  it('a path ../../x in plugins.models is refused', () => {
    const root = makePlugin();
    writeFileSync(join(root, 'manifest.yaml'), readBase(root).replace('provider/acme.yaml', '../../x'));
    const { status, json } = validateJson(root);
    expect(status).toBe(1);
    const d = json.plugins[0].diagnostics.find((x) => x.file === 'manifest.yaml' && x.severity === 'error' && /\.\./.test(x.message));
    expect(d).toBeDefined();
  });

  it('an unreadable maze of folders does not hang discovery', () => {
    const root = makePlugin();
    let dir = join(root, 'deep');
    for (let i = 0; i < 200; i++) dir = join(dir, 'd');
    mkdirSync(dir, { recursive: true });
    symlinkSync(root, join(dir, 'loop'));
    const { json } = validateJson(root);
    expect(json.plugins).toHaveLength(1);
  });
});

import { readFileSync } from 'node:fs';
function readBase(root: string): string {
  return readFileSync(join(root, 'manifest.yaml'), 'utf8');
}

describe('an unreadable manifest', () => {
  it('a manifest.yaml symlinked outside the root is an error, and is not read', () => {
    const root = makePlugin({ remove: ['manifest.yaml'] });
    symlinkSync('/etc/passwd', join(root, 'manifest.yaml'));
    const { status, json } = validateJson(root);
    expect(status).toBe(1);
    expect(json.plugins[0].diagnostics.find((x) => x.file === 'manifest.yaml' && x.ruleId === 'F7')).toMatchObject({ severity: 'error', line: 1 });
    expect(JSON.stringify(json)).not.toMatch(/root:x:0:0/);
  });
});
