// Issue 10 §1: one finding per problem, at its cause. A fresh scaffold broken the way a new user
// breaks it (a mis-indented provider line, an unclosed quote, a syntax error in a model file, a
// misspelled required key) gives exactly one diagnostic, at the place to edit; nothing cascades.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, scratch } from '../create/helpers.js';
import { validatePlugin } from '../../src/validate/pipeline.js';
import type { Diagnostic } from '../../src/validate/diagnostic.js';

let base = '';

beforeAll(() => {
  const dir = scratch('one-finding-');
  base = join(dir, 'base');
  const r = create([base, '--name', 'acme', '--author', 'me', '--types', 'llm,text-embedding', '--yes']);
  expect(r.status, r.stderr).toBe(0);
  expect(findings(base)).toEqual([]);
}, 120_000);

/** A copy of the scaffold with `file` edited (the edit must change something). */
function broken(file: string, change: (text: string) => string): string {
  const root = join(scratch('one-finding-'), 'plugin');
  cpSync(base, root, { recursive: true });
  const before = readFileSync(join(root, file), 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(join(root, file), after);
  return root;
}

/** Warnings and errors, as the default output shows them. */
function findings(root: string): Diagnostic[] {
  return validatePlugin(root).result.diagnostics.filter((d) => d.severity !== 'info');
}

const brief = (d: Diagnostic) => `${d.severity} ${d.ruleId} ${d.file}:${d.line}:${d.column}`;
const lineOf = (root: string, file: string, needle: string) => readFileSync(join(root, file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('one finding per problem, at its cause', () => {
  it('a mis-indented provider line: one error at that line, with the indentation expected; no unreached-model warnings', () => {
    const root = broken('provider/acme.yaml', (t) => t.replace('configurate_methods:\n  - predefined-model\n', 'configurate_methods:\n  - predefined-model\n   extra: x\n'));
    const line = lineOf(root, 'provider/acme.yaml', '   extra: x');
    const ds = findings(root);
    expect(ds.map(brief)).toEqual([`error Y2 provider/acme.yaml:${line}:1`]);
    expect(ds[0].message).toContain(`line ${line} is indented 3 spaces`);
    expect(ds[0].message).toMatch(/Indent it with 2 spaces or 0 spaces/);
  });

  it('an unclosed quote: one error where the quote opens', () => {
    const root = broken('provider/acme.yaml', (t) => t.replace('en_US: "Acme models for Dify."', 'en_US: "Acme models for Dify.'));
    const line = lineOf(root, 'provider/acme.yaml', '"Acme models for Dify.');
    const ds = findings(root);
    expect(ds.map(brief)).toEqual([`error Y2 provider/acme.yaml:${line}:10`]);
    expect(ds[0].message).toContain('never closed');
  });

  it('an unclosed bracket in a model file: one error where it opens, and no position-list warning about the model', () => {
    const root = broken('models/llm/example-chat.yaml', (t) => t.replace('model_type: llm', 'model_type: [llm'));
    const line = lineOf(root, 'models/llm/example-chat.yaml', 'model_type: [llm');
    const ds = findings(root);
    expect(ds.map(brief)).toEqual([`error Y2 models/llm/example-chat.yaml:${line}:13`]);
    expect(ds[0].message).toContain('"[" that opens here is never closed');
  });

  it('a syntax error in a model file is an error even when the provider file is broken too (its globs are unknown)', () => {
    const root = broken('models/llm/example-chat.yaml', (t) => t.replace('model_type: llm', 'model_type: [llm'));
    const provider = join(root, 'provider/acme.yaml');
    writeFileSync(provider, readFileSync(provider, 'utf8').replace('en_US: "Acme models for Dify."', 'en_US: "Acme models for Dify.'));
    expect(findings(root).map((d) => `${d.severity} ${d.ruleId} ${d.file}`)).toEqual(['error Y2 models/llm/example-chat.yaml', 'error Y2 provider/acme.yaml']);
  });

  it('a misspelled required key: one error at the typo naming the key it should be', () => {
    const root = broken('provider/acme.yaml', (t) => t.replace('provider: "acme"', 'proivder: "acme"'));
    const ds = findings(root);
    expect(ds.map(brief)).toEqual([`error P1 provider/acme.yaml:${lineOf(root, 'provider/acme.yaml', 'proivder')}:1`]);
    expect(ds[0].message).toContain('`proivder` is not a key; did you mean `provider` (required)?');
  });

  it('a broken manifest: one error, nothing about the provider or the models it could not name', () => {
    const root = broken('manifest.yaml', (t) => t.replace(/\nplugins:\n/, '\nplugins:\n  - oops: [\n'));
    const ds = findings(root);
    expect(ds.map((d) => `${d.severity} ${d.ruleId} ${d.file}`)).toEqual(['error Y2 manifest.yaml']);
  });
});
