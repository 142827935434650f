// "Done when": for each of the six types alone, all six together in each way users get models
// (predefined, customizable, both), and both bases, the generated plugin validates with 0 errors and 0 warnings under `model-plugin validate`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_TYPES, problems, scaffold, scratch, validateJson } from './helpers.js';

const CASES: [types: string, base: string, configurate: string][] = [];
for (const base of ['openai-compatible', 'blank']) {
  for (const type of ALL_TYPES) CASES.push([type, base, 'predefined']);
  // Each type's model-form fields are in the all-six plugin; one type alone checks the form's common part.
  for (const configurate of ['predefined', 'customizable', 'both']) CASES.push([ALL_TYPES.join(','), base, configurate]);
  CASES.push(['rerank', base, 'customizable']);
}

describe('generated plugins validate clean', () => {
  it.each(CASES)('--types %s --base %s --configurate %s', (types, base, configurate) => {
    const root = scaffold(join(scratch(), 'acme'), ['--types', types, '--base', base, '--configurate', configurate]);
    const { status, output } = validateJson(root);
    expect(problems(output)).toEqual([]);
    expect(output.errorCount).toBe(0);
    expect(output.warningCount).toBe(0);
    expect(status).toBe(0);
  });

  it('with pyproject.toml, hostile answers and a name Python cannot use as is', () => {
    const root = scaffold(join(scratch(), 'p'), [
      '--name', '3d_-ai-',
      '--python-project', 'pyproject',
      '--label', 'Acme: "x" {{y}} #z',
      '--description', 'two\nlines \u2028 😀',
      '--types', ALL_TYPES.join(','),
      '--model', 'org/model:7b',
    ]);
    const { output } = validateJson(root);
    expect(problems(output)).toEqual([]);
    expect(output.errorCount + output.warningCount).toBe(0);
  });
});
