// The 50 official plugins are what Dify runs today: with every rule on, none may get an error.
// The corpus carries no Python sources (materialised as empty files), so the rules that read
// Python (X2 provider class, X3 abstract methods, X7 model classes) are the only ones left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPluginNames, materializeCorpus } from '../helpers/corpus.js';
import { RULES } from '../../src/validate/rules/index.js';
import { validatePlugin } from '../../src/validate/pipeline.js';

const PYTHON_RULES = new Set(['X2', 'X3', 'X7']);
const names = corpusPluginNames();
let dir = '';

beforeAll(() => {
  dir = materializeCorpus(names);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('official plugin corpus, every rule but the Python ones', () => {
  const rules = new Set(RULES.map((r) => r.id).filter((id) => !PYTHON_RULES.has(id)));

  it('has 50 plugins', () => {
    expect(names).toHaveLength(50);
  });

  it.each(names)('%s has no errors', (name) => {
    const { result } = validatePlugin(join(dir, name), { rules });
    const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.ruleId} ${d.file}:${d.line} ${d.message}`);
    expect(errors).toEqual([]);
    expect(result.name).toEqual(expect.any(String));
  });
});
