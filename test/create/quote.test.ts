// User-typed text must reach YAML, TOML and Python unchanged whatever it contains. Checked
// with the parsers that matter: `yaml` (1.2 and 1.1 schemas) here, and PyYAML (what the SDK
// uses), tomllib and Python's own literal parser in the real test interpreter.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { modelFileStem, pythonClassStem, pythonString, tomlString, yamlString } from '../../src/create/quote.js';
import { testPythons } from '../helpers/python.js';

const allControls = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('');
const c1 = Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)).join('');

const HOSTILE = [
  'Acme: "x" {{y}} #z',
  'line one\nline two\n',
  '\ttab, "double", \'single\', back\\slash',
  allControls,
  c1,
  'line\u2028separator\u2029paragraph\u0085next',
  '\ufeffbom \ufffe\uffff',
  'é ü 中文 😀 \u{10ffff}',
  '- [a]: {b}, *alias &anchor !tag %directive @at `tick` | > ?',
  'yes',
  'no',
  'null',
  '~',
  '0x1F',
  '1e3',
  '.inf',
  '3.12',
  '',
  ' leading and trailing ',
  '---',
  '...',
  '#comment',
  '{{y}}',
  "'''",
  '"""',
];

describe('yamlString', () => {
  it.each(HOSTILE.map((s) => [JSON.stringify(s), s]))('round-trips %s through yaml 1.2 and 1.1', (_, value) => {
    const doc = `key: ${yamlString(value)}\n`;
    expect(parse(doc)).toEqual({ key: value });
    expect(parse(doc, { version: '1.1' })).toEqual({ key: value });
  });

  it('writes one line, so a value can never start a new key', () => {
    for (const value of HOSTILE) expect(yamlString(value)).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
  });
});

describe('in the real Python interpreter', () => {
  const [{ python }] = testPythons();

  function py(script: string, input: unknown): unknown {
    const r = spawnSync(python, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  }

  it('PyYAML (the SDK parser) reads every yamlString back', () => {
    const doc = HOSTILE.map((v, i) => `k${i}: ${yamlString(v)}`).join('\n') + '\n';
    const loaded = py('import sys, json, yaml; print(json.dumps(yaml.safe_load(json.load(sys.stdin))))', doc) as Record<string, string>;
    HOSTILE.forEach((v, i) => expect(loaded[`k${i}`]).toBe(v));
  });

  it('Python reads every pythonString back as the same str', () => {
    const src = HOSTILE.map(pythonString);
    const loaded = py('import sys, json, ast; print(json.dumps([ast.literal_eval(s) for s in json.load(sys.stdin)]))', src);
    expect(loaded).toEqual(HOSTILE);
    for (const s of src) expect(s).toMatch(/^"[\x20-\x7e]*"$/); // ASCII only: the file's encoding never matters
  });

  it('tomllib reads every tomlString back', () => {
    const doc = HOSTILE.map((v, i) => `k${i} = ${tomlString(v)}`).join('\n') + '\n';
    const loaded = py('import sys, json, tomllib; print(json.dumps(tomllib.loads(json.load(sys.stdin))))', doc) as Record<string, string>;
    HOSTILE.forEach((v, i) => expect(loaded[`k${i}`]).toBe(v));
  });

  it('class stems are identifiers for names Python would choke on', () => {
    const names = ['my-plugin', '3d-ai', '_', '__init__', '-x-', 'a--b__c', '0', 'none', 'class'];
    const stems = names.map(pythonClassStem);
    expect(stems.slice(0, 3)).toEqual(['MyPlugin', 'P3dAi', 'Plugin']);
    const ok = py(
      'import sys, json, keyword; print(json.dumps([s.isidentifier() and not keyword.iskeyword(s + "Provider") for s in json.load(sys.stdin)]))',
      stems,
    );
    expect(ok).toEqual(stems.map(() => true));
  });
});

describe('modelFileStem', () => {
  it('keeps a safe file name and never collides with _position.yaml or hides the file', () => {
    expect(modelFileStem('gpt-4o-mini')).toBe('gpt-4o-mini');
    expect(modelFileStem('org/model:7b @x')).toBe('org-model-7b-x');
    expect(modelFileStem('_position')).toBe('position');
    expect(modelFileStem('.hidden')).toBe('hidden');
    expect(modelFileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(modelFileStem('中文')).toBe('model');
    expect(modelFileStem('x'.repeat(300)).length).toBeLessThanOrEqual(100);
  });
});
