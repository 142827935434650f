// Y rules: one broken plugin per rule with the exact id, file and line; the fixed file is clean.
import { describe, expect, it } from 'vitest';
import { makePlugin, BASE_FILES } from '../helpers/fixture.js';
import { diagnosticsOf, brief } from '../helpers/validate.js';
import { dialectDivergence } from '../../src/validate/rules/yaml/dialect.js';

const MODEL = 'models/llm/acme-chat.yaml';
const base = BASE_FILES[MODEL];

function only(rule: string, files: Record<string, string | Buffer>) {
  return diagnosticsOf(makePlugin({ files }), [rule]).map(brief);
}

describe('Y rules', () => {
  it('Y1 duplicate keys, at the second key', () => {
    expect(only('Y1', { [MODEL]: base.replace('model_type: llm\n', 'model_type: llm\nmodel_type: llm\n') })).toEqual([`Y1 ${MODEL}:5`]);
    expect(only('Y1', { [MODEL]: base })).toEqual([]);
  });

  it('Y2 syntax errors, at the cause (where an unclosed bracket opens, not where the parser gave up); tabs as indentation too', () => {
    expect(only('Y2', { [MODEL]: base.replace('  mode: chat\n', '  mode: [chat\n') })).toEqual([`Y2 ${MODEL}:8`]);
    const tabbed = only('Y2', { 'manifest.yaml': BASE_FILES['manifest.yaml'].replace('  memory: 268435456', '\tmemory: 268435456') });
    expect(tabbed[0]).toMatch(/^Y2 manifest\.yaml:11/);
  });

  it('Y3 binary content and Y4 size cap', () => {
    expect(only('Y3', { [MODEL]: Buffer.from([0, 1, 2, 3]) })).toEqual([`Y3 ${MODEL}:1`]);
    expect(only('Y4', { [MODEL]: base + '#'.repeat(3 * 1024 * 1024) + '\n' })).toEqual([`Y4 ${MODEL}:1`]);
  });

  it('Y5 alias bombs and absurd nesting', () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (const [n, p] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd']]) bomb += `${n}: &${n} [*${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}, *${p}]\n`;
    expect(only('Y5', { [MODEL]: base + bomb })).toEqual([`Y5 ${MODEL}:1`]);
    expect(only('Y5', { [MODEL]: base + `x: ${'['.repeat(300)}${']'.repeat(300)}\n` })).toEqual([`Y5 ${MODEL}:1`]);
    expect(only('Y5', { [MODEL]: base + `x: ${'['.repeat(50)}${']'.repeat(50)}\n` })).toEqual([]);
  });

  it('Y6 byte order mark (info: both parsers skip it and the file is still read)', () => {
    const d = diagnosticsOf(makePlugin({ files: { [MODEL]: '\ufeff' + base } }), ['Y6', 'Y2']);
    expect(d.map(brief)).toEqual([`Y6 ${MODEL}:1`]);
    expect(d[0].severity).toBe('info');
  });

  it('Y7 scalars YAML 1.1 and 1.2 read differently, at the scalar', () => {
    const d = diagnosticsOf(makePlugin({ files: { [MODEL]: base.replace('deprecated', 'x') + 'x_flag: on\nx_code: 010\n' } }), ['Y7']);
    expect(d.map(brief)).toEqual([`Y7 ${MODEL}:23`, `Y7 ${MODEL}:24`]);
    expect(d[0]).toMatchObject({ column: 9, severity: 'warning' });
    expect(only('Y7', { [MODEL]: base + 'x_flag: "on"\nx_code: "010"\n' })).toEqual([]);
  });

  it('Y7 classifies each divergence', () => {
    expect(dialectDivergence('yes', undefined)).toMatch(/boolean true for the SDK/);
    expect(dialectDivergence('Off', undefined)).toMatch(/boolean false/);
    expect(dialectDivergence('010', undefined)).toMatch(/octal number 8 .* but 10/);
    expect(dialectDivergence('1:20', undefined)).toMatch(/base-60/);
    expect(dialectDivergence('1_000', undefined)).toMatch(/underscores/);
    expect(dialectDivergence('1e3', undefined)).toMatch(/string "1e3" for the SDK/);
    expect(dialectDivergence('3.10', 'version')).toMatch(/number 3.1, not the version "3.10"/);
    for (const same of ['true', 'false', 'null', '10', '0', '1.5', '3.10', 'chat', 'y', 'n', '0x1F']) {
      expect(dialectDivergence(same, 'name')).toBeUndefined();
    }
  });
});
