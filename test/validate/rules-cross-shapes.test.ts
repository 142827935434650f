// Bad input is expected input: the cross-file rules meet misshapen YAML (the schema reports the
// shape) and must neither crash nor invent findings from values they do not understand.
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_FILES } from '../helpers/fixture.js';
import { diagnosticsOf } from '../helpers/validate.js';
import { cleanup, edit, MANIFEST, PROVIDER, tracked } from './rules-cross.helpers.js';

afterAll(cleanup);

const CROSS = ['P5', 'P11', 'P12', 'P14', 'P15', 'P16', 'P17', 'P19', 'X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7', 'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9'];

const PROVIDER_SHAPES: Record<string, string> = {
  'a list instead of a mapping': '- 1\n- 2\n',
  'a scalar': 'just text\n',
  'an empty file': '',
  'models as a list': edit(PROVIDER, /models:\n  llm:\n    predefined:\n      - "models\/llm\/\*.yaml"\n    position: "models\/llm\/_position.yaml"\n/, 'models:\n  - a\n'),
  'a null mapping key': edit(PROVIDER, /models:\n  llm:\n    predefined:\n      - "models\/llm\/\*.yaml"\n    position: "models\/llm\/_position.yaml"\n/, 'models:\n  llm:\n'),
  'predefined as a string, position as a list': edit(PROVIDER, /predefined:\n      - "models\/llm\/\*.yaml"\n    position: "models\/llm\/_position.yaml"/, 'predefined: "models/llm/*.yaml"\n    position: [a, b]'),
  'odd sources': edit(PROVIDER, /provider_source: provider\/acme.py\n    model_sources:\n      - "models\/llm\/llm.py"/, 'provider_source: 3\n    model_sources: "models/llm/llm.py"'),
  'odd forms': edit(PROVIDER, /credential_form_schemas:[\s\S]*?(?=models:)/, 'credential_form_schemas:\n    a: 1\nmodel_credential_schema:\n  credential_form_schemas:\n    - 7\n    - variable: 5\n      show_on: "x"\n      options: [1, {value: [x], show_on: [1, {variable: 2}]}]\n'),
  'odd types and methods': edit(PROVIDER, /supported_model_types:\n  - llm\nconfigurate_methods:\n  - predefined-model/, 'supported_model_types: llm\nconfigurate_methods: ~'),
  'odd icons': edit(PROVIDER, /icon_small:\n  en_US: icon.svg\nicon_large:\n  en_US: icon.svg/, 'icon_small: icon.svg\nicon_large:\n  en_US: 3\n  zh_Hans: [a]'),
};

const MANIFEST_SHAPES: Record<string, string> = {
  'plugins.models as a number': edit(MANIFEST, '  models:\n    - provider/acme.yaml', '  models: 5'),
  'meta as null, icon as a list, privacy as a number': edit(MANIFEST, 'icon: icon.svg', 'icon: [a]').replace(/meta:[\s\S]*?(?=created_at)/, 'meta: ~\n').replace('privacy: PRIVACY.md', 'privacy: 7'),
  'a list': '- a\n',
};

describe('misshapen files do not crash the cross-file rules', () => {
  it.each(Object.entries(PROVIDER_SHAPES))('provider YAML: %s', (_name, content) => {
    const root = tracked({ files: { [PROVIDER]: content } });
    expect(() => diagnosticsOf(root, CROSS)).not.toThrow();
  });

  it.each(Object.entries(MANIFEST_SHAPES))('manifest: %s', (_name, content) => {
    const root = tracked({ files: { [MANIFEST]: content } });
    expect(() => diagnosticsOf(root, CROSS)).not.toThrow();
  });

  it('model and position files that are empty, lists, binary or not UTF-8', () => {
    const root = tracked({
      files: {
        'models/llm/empty.yaml': '',
        'models/llm/list.yaml': '- model: x\n',
        'models/llm/num.yaml': 'model: 5\nmodel_type: 7\n',
        'models/llm/_position.yaml': Buffer.from([0, 1, 2, 0xff]),
        'models/llm/latin1.yaml': Buffer.from([0x6d, 0x3a, 0x20, 0xe9, 0x0a]),
      },
    });
    const found = diagnosticsOf(root, CROSS);
    // The binary position file is reported by the YAML rules, not read as a list here.
    expect(found.filter((d) => d.file === 'models/llm/_position.yaml' && d.ruleId === 'P15')).toEqual([]);
  });

  it('does not invent X1/X4/X6 findings for model files whose values are not strings', () => {
    const root = tracked({ files: { 'models/llm/num.yaml': 'model: 5\nmodel_type: 7\n', 'models/llm/num2.yaml': 'model: 5\nmodel_type: 7\n' } });
    expect(diagnosticsOf(root, ['X1', 'X4', 'X6'])).toEqual([]);
  });

  it('a provider YAML without the Python section leaves X2/X3/X7 quiet, not crashing', () => {
    const root = tracked({ files: { [PROVIDER]: edit(PROVIDER, /extra:[\s\S]*$/, '') } });
    expect(diagnosticsOf(root, ['X2', 'X3'])).toEqual([]);
    // With no model_sources the supported llm has no class: that is X7's finding.
    expect(diagnosticsOf(root, ['X7']).map((d) => `${d.ruleId} ${d.severity} ${d.file}`)).toEqual([`X7 error ${PROVIDER}`]);
    expect(BASE_FILES[PROVIDER]).toContain('extra:');
  });
});
