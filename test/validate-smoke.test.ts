import { describe, expect, it } from 'vitest';
import { makePlugin } from './helpers/fixture.js';
import { diagnosticsOf, brief } from './helpers/validate.js';

describe('fixture', () => {
  it('the minimal plugin has no diagnostics', () => {
    expect(diagnosticsOf(makePlugin()).map(brief)).toEqual([]);
  });
  it('a duplicate key is Y1 at the duplicate', () => {
    const root = makePlugin({ files: { 'models/llm/acme-chat.yaml': 'model: a\nmodel: b\nmodel_type: llm\nmodel_properties:\n  mode: chat\n' } });
    expect(diagnosticsOf(root, ['Y1']).map(brief)).toEqual(['Y1 models/llm/acme-chat.yaml:2']);
  });
});
