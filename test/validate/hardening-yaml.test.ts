// Issue 12 §3-§5 through the validator: `**` parses only YAML files, a large mapping's duplicate-key
// check is linear, pathological and malformed globs are findings, not hangs or crashes. The
// timeouts only turn a hang into a failure (the quadratic check took minutes on these inputs).
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, diags, edit, tracked, PROVIDER } from './rules-cross.helpers.js';
import { validatePlugin } from '../../src/validate/pipeline.js';
import { parseYamlText } from '../../src/plugin/yaml-file.js';

afterAll(cleanup);

const withGlob = (glob: string) => edit(PROVIDER, '"models/llm/*.yaml"', JSON.stringify(glob));

describe('`**` reaches only YAML files for parsing', () => {
  it('a non-YAML file that a `**` glob matches is P14, and is not parsed as YAML', () => {
    const root = tracked({
      files: {
        [PROVIDER]: withGlob('**'),
        // Not YAML at all: parsing it would give Y2 syntax errors at the JSON/Python file.
        'models/llm/tokenizer.json': `{"a": [1, 2,\n  "b": }\n`,
      },
    });
    const all = validatePlugin(root).result.diagnostics;
    expect(all.filter((d) => d.ruleId.startsWith('Y') && d.file && !/\.ya?ml$/.test(d.file))).toEqual([]);
    expect(all.filter((d) => d.ruleId === 'P14' && d.severity === 'error')).toEqual([
      expect.objectContaining({ file: PROVIDER, message: expect.stringMatching(/also matches .* and \d+ more; both Dify components parse every matched file/) }),
    ]);
  });
});

describe('large mappings', () => {
  it('100,000 keys with a duplicate at the end: Y1 at the second key', () => {
    // The anchor sends the file to the full parser, whose own check compared every pair of keys.
    const keys = Array.from({ length: 100_000 }, (_, i) => `  k${i}: 1\n`).join('');
    const file = parseYamlText('big.yaml', `extra: &x\n${keys}  k7: again\n`);
    expect(file.problems).toEqual([expect.objectContaining({ kind: 'duplicate-key', position: expect.objectContaining({ line: 100_002, column: 3 }) })]);
  }, 90_000);
});

describe('globs', () => {
  it('a reversed class [z-a] is no crash (a valid Go pattern that matches nothing)', () => {
    const root = tracked({ files: { [PROVIDER]: withGlob('models/llm/[z-a]*.yaml') } });
    const p14 = diags(root, 'P14');
    expect(p14).toEqual([expect.objectContaining({ message: expect.stringMatching(/matches no file/) })]);
  });

  it('a backtracking bomb finishes, matching nothing', () => {
    const root = tracked({ files: { [PROVIDER]: withGlob(`models/llm/${'*a'.repeat(16)}*b`), [`models/llm/${'a'.repeat(40)}`]: 'x' } });
    expect(diags(root, 'P14')).toEqual([expect.objectContaining({ message: expect.stringMatching(/matches no file/) })]);
  }, 60_000);

  it('a pattern over the length cap is P14 and is not matched', () => {
    const root = tracked({ files: { [PROVIDER]: withGlob(`models/llm/${'*'.repeat(2000)}.yaml`) } });
    expect(diags(root, 'P14')).toEqual([expect.objectContaining({ message: expect.stringMatching(/longer than 1024 characters/) })]);
  });
});

describe('aliases (found by the fuzz test)', () => {
  it('5,000 aliases to the mapping that contains them: Y5, not minutes in the alias accounting', () => {
    const body = Array.from({ length: 5000 }, (_, i) => `  k${i}: *x\n`).join('');
    const file = parseYamlText('self.yaml', `extra: &x\n${body}`);
    expect(file.ok).toBe(false);
    expect(file.problems).toEqual([expect.objectContaining({ kind: 'alias-bomb', message: expect.stringMatching(/recursive structure/) })]);
  }, 60_000);

  it('thousands of aliases: Y5', () => {
    const body = Array.from({ length: 3000 }, (_, i) => `  k${i}: *x\n`).join('');
    const file = parseYamlText('many.yaml', `a: &x [1]\nextra:\n${body}`);
    expect(file.problems).toEqual([expect.objectContaining({ kind: 'alias-bomb' })]);
  }, 60_000);
});

describe('a cascade of syntax errors (found by the fuzz test)', () => {
  it('reports one syntax error at its cause, instead of 60,000 findings', () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `  k${i}: *x\n`).join('');
    const file = parseYamlText('cascade.yaml', `- a\n\nextra: &x\n${body}`);
    expect(file.ok).toBe(false);
    expect(file.problems).toEqual([expect.objectContaining({ kind: 'syntax' })]);
  }, 60_000);
});
