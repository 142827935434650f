// One test per provider rule (P1-P10, P13, P18): a minimal plugin that breaks the rule gives
// exactly that rule at the expected file and line; the fixed plugin gives nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_FILES, makePlugin, removePlugin } from '../helpers/fixture.js';
import { brief, diagnosticsOf } from '../helpers/validate.js';

const PROVIDER_PATH = 'provider/acme.yaml';
const PROVIDER = BASE_FILES[PROVIDER_PATH];
const roots: string[] = [];
afterAll(() => roots.forEach(removePlugin));

function plugin(text: string, files: Record<string, string> = {}): string {
  const root = makePlugin({ files: { [PROVIDER_PATH]: text, ...files } });
  roots.push(root);
  return root;
}

/** The provider with the first line matching `from` replaced by `to` (several lines allowed, '' deletes). */
function edit(from: RegExp, to: string, text = PROVIDER): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => from.test(l));
  if (i < 0) throw new Error(`no line matches ${from}`);
  lines.splice(i, 1, ...(to === '' ? [] : to.split('\n')));
  return lines.join('\n');
}

/** Replaces the block that starts at the line matching `from` and runs until the next top-level key. */
function replaceBlock(from: RegExp, to: string, text = PROVIDER): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => from.test(l));
  if (i < 0) throw new Error(`no line matches ${from}`);
  let j = i + 1;
  while (j < lines.length && (lines[j].startsWith(' ') || lines[j] === '')) j++;
  lines.splice(i, j - i, ...(to === '' ? [] : to.split('\n')));
  return lines.join('\n');
}

function lineOf(text: string, needle: string, nth = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].includes(needle) && ++seen === nth) return i + 1;
  }
  throw new Error(`"${needle}" #${nth} not found`);
}

const at = (rule: string, text: string, needle: string, nth = 1) => `${rule} ${PROVIDER_PATH}:${lineOf(text, needle, nth)}`;
const only = (root: string, rule: string) => diagnosticsOf(root, [rule]);

const ALL = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P13', 'P18', 'I1', 'I2', 'I3'];

describe('the fixture', () => {
  it('has no provider diagnostics', () => {
    expect(diagnosticsOf(plugin(PROVIDER), ALL).map(brief)).toEqual([]);
  });
});

describe('P1 provider', () => {
  it('an empty name is refused', () => {
    const text = edit(/^provider:/, 'provider: ""');
    expect(only(plugin(text), 'P1').map(brief)).toEqual([at('P1', text, 'provider: ""')]);
  });
  it('more than 127 characters do not fit the daemon table', () => {
    const text = edit(/^provider:/, `provider: ${'a'.repeat(128)}`);
    const ds = only(plugin(text), 'P1');
    expect(ds.map(brief)).toEqual([at('P1', text, 'provider: aaa')]);
    expect(ds[0].message).toContain('127');
  });
});

describe('P2 label, description, background', () => {
  it('a missing label is reported at the top', () => {
    const text = replaceBlock(/^label:/, '');
    const ds = only(plugin(text), 'P2');
    expect(ds.map(brief)).toEqual([`P2 ${PROVIDER_PATH}:1`]);
    expect(ds[0].message).toContain('label is required');
  });
  it('an unquoted number as background must be quoted', () => {
    const text = edit(/^background:/, 'background: 123');
    const ds = only(plugin(text), 'P2');
    expect(ds.map(brief)).toEqual([at('P2', text, 'background: 123')]);
    expect(ds[0].message).toContain('Quote it: background: "123"');
  });
  it('an unquoted #colour (a YAML comment, so null) is a warning that says to quote it, not an error', () => {
    const text = edit(/^background:/, 'background: #E5E7EB');
    const ds = only(plugin(text), 'P2');
    expect(ds.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${at('P2', text, 'background: #E5E7EB')} warning`]);
    expect(ds[0].message).toContain('Quote the colour: background: "#E5E7EB"');
  });
});

describe('P3 supported_model_types', () => {
  it('the underscore spelling gets the hyphen one suggested', () => {
    const text = edit(/^ {2}- llm$/, '  - text_embedding');
    const ds = only(plugin(text), 'P3');
    expect(ds.map(brief)).toEqual([at('P3', text, '- text_embedding')]);
    expect(ds[0].message).toContain('did you mean "text-embedding"?');
  });
  it('multimodal-embedding is refused by the SDK', () => {
    const text = edit(/^ {2}- llm$/, '  - llm\n  - multimodal-embedding');
    const ds = only(plugin(text), 'P3');
    expect(ds.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${at('P3', text, 'multimodal-embedding')} error`]);
    expect(ds[0].message).toContain('features: [vision]');
  });
  it('text2img is a warning', () => {
    const text = edit(/^ {2}- llm$/, '  - llm\n  - text2img');
    const ds = only(plugin(text), 'P3');
    expect(ds.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${at('P3', text, 'text2img')} warning`]);
  });
  it('a plain string is not a list', () => {
    const text = replaceBlock(/^supported_model_types:/, 'supported_model_types: llm');
    expect(only(plugin(text), 'P3').map(brief)).toEqual([at('P3', text, 'supported_model_types')]);
  });
});

describe('P4 configurate_methods', () => {
  it('an empty list is a warning', () => {
    const text = replaceBlock(/^configurate_methods:/, 'configurate_methods: []');
    const ds = only(plugin(text), 'P4');
    expect(ds.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${at('P4', text, 'configurate_methods')} warning`]);
  });
  it('an unknown method is an error with the right spelling', () => {
    const text = edit(/- predefined-model/, '  - predefined');
    const ds = only(plugin(text), 'P4');
    expect(ds.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${at('P4', text, '- predefined')} error`]);
    expect(ds[0].message).toContain('predefined-model');
  });
});

describe('P5 icons', () => {
  it('an icon value is a file name in _assets/', () => {
    const text = edit(/^ {2}en_US: icon.svg$/, '  en_US: ./_assets/icon.svg');
    const ds = only(plugin(text), 'P5');
    expect(ds.map(brief)).toEqual([at('P5', text, './_assets/icon.svg')]);
    expect(ds[0].message).toContain('relative to _assets/');
  });
  it('a plain string icon is an I18nObject shape error (I1)', () => {
    const text = replaceBlock(/^icon_small:/, 'icon_small: icon.svg');
    expect(diagnosticsOf(plugin(text), ['I1', 'P5']).map(brief)).toEqual([at('I1', text, 'icon_small: icon.svg')]);
  });
});

describe('P6 help', () => {
  it('help needs a url', () => {
    const text = replaceBlock(/^help:/, 'help:\n  title:\n    en_US: Get your API key');
    const ds = only(plugin(text), 'P6');
    expect(ds.map(brief)).toEqual([at('P6', text, 'help:')]);
    expect(ds[0].message).toContain('url is required in help');
  });
});

describe('P7 provider_credential_schema', () => {
  it('needs credential_form_schemas', () => {
    const text = replaceBlock(/^provider_credential_schema:/, 'provider_credential_schema: {}');
    expect(only(plugin(text), 'P7').map(brief)).toEqual([at('P7', text, 'provider_credential_schema')]);
  });
  it('more than 32 fields is a warning (remote debugging refuses it)', () => {
    const fields = Array.from({ length: 33 }, (_, i) => `    - variable: v${i}\n      label:\n        en_US: V${i}\n      type: text-input\n      required: false`).join('\n');
    const text = replaceBlock(/^provider_credential_schema:/, `provider_credential_schema:\n  credential_form_schemas:\n${fields}`);
    const ds = only(plugin(text), 'P7');
    expect(ds.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${at('P7', text, '- variable: v0')} warning`]);
    expect(ds[0].message).toContain('remote debugging');
  });
});

describe('P8 model_credential_schema', () => {
  it('needs model.label', () => {
    const text = `${PROVIDER}model_credential_schema:\n  model:\n    placeholder:\n      en_US: Model name\n  credential_form_schemas: []\n`;
    const ds = only(plugin(text), 'P8');
    expect(ds.map(brief)).toEqual([at('P8', text, '  model:')]);
    expect(ds[0].message).toContain('label is required in model_credential_schema.model');
  });
});

describe('P9 credential form items', () => {
  it('a select with no options is a warning: nothing can be chosen', () => {
    const text = PROVIDER.replace('      type: secret-input\n', '      type: select\n');
    const ds = only(plugin(text), 'P9');
    expect(ds.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${at('P9', text, 'type: select')} warning`]);
    expect(ds[0].message).toContain('no options');
  });
  it('a near-miss type gets the right one', () => {
    const text = edit(/type: secret-input/, '      type: secret');
    const ds = only(plugin(text), 'P9');
    expect(ds.map(brief)).toEqual([at('P9', text, 'type: secret')]);
    expect(ds[0].message).toContain('did you mean "secret-input"?');
  });
  it('an unquoted numeric default must be quoted', () => {
    const text = edit(/default: "https/, '      default: 0.7');
    const ds = only(plugin(text), 'P9');
    expect(ds.map(brief)).toEqual([at('P9', text, 'default: 0.7')]);
    expect(ds[0].message).toContain('Quote it: default: "0.7"');
  });
  it('a quoted "true" for required is a daemon error; yes is a YAML 1.1 boolean both parsers accept', () => {
    const text = edit(/required: true/, '      required: "true"');
    const ds = only(plugin(text), 'P9');
    expect(ds.map(brief)).toEqual([at('P9', text, 'required: "true"')]);
    expect(ds[0].message).toContain('Remove the quotes: required: true');
    expect(only(plugin(edit(/required: true/, '      required: yes')), 'P9')).toEqual([]);
  });
  it('a YAML 1.1 boolean as a default is a boolean for the SDK: quote it', () => {
    const text = edit(/default: "https/, '      default: yes');
    expect(only(plugin(text), 'P9').map(brief)).toEqual([at('P9', text, 'default: yes')]);
  });
  it('a select option needs a non-empty string value and a label', () => {
    const text = edit(/type: text-input/, '      type: select\n      options:\n        - value: 1\n          label:\n            en_US: One\n        - label:\n            en_US: Two');
    const ds = only(plugin(text), 'P9');
    expect(ds.map(brief)).toEqual([at('P9', text, '- value: 1'), at('P9', text, '- label:')]);
    expect(ds[0].message).toContain('Quote it: value: "1"');
  });
  it('a missing variable is reported at the item', () => {
    const text = edit(/- variable: api_key/, '    - label:\n        en_US: Key', edit(/^ {6}label:$/, '', edit(/^ {8}en_US: API Key$/, '')));
    expect(only(plugin(text), 'P9').map(brief)).toEqual([at('P9', text, '- label:')]);
  });
});

describe('P10 explicit required', () => {
  it('a field without required is a warning at the field', () => {
    const text = edit(/required: true/, '');
    const ds = only(plugin(text), 'P10');
    expect(ds.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${at('P10', text, '- variable: api_key')} warning`]);
    expect(ds[0].message).toContain('defaults to false');
  });
});

describe('P13 models', () => {
  it('the seed form (a list of model files) gets the mapping that replaces it', () => {
    const text = replaceBlock(/^models:/, 'models:\n  - models/llm/acme-chat.yaml');
    const ds = only(plugin(text), 'P13');
    expect(ds.map(brief)).toEqual([at('P13', text, '- models/llm/acme-chat.yaml')]);
    expect(ds[0].severity).toBe('error');
    expect(ds[0].message).toContain('models should be a glob path list');
    expect(ds[0].message).toContain('models: {llm: {predefined: ["models/llm/*.yaml"]}}');
  });
  it('the key comes from the folder, or from the file when the folder is not a type key', () => {
    const text = replaceBlock(/^models:/, 'models:\n  - models/text-embedding/e.yaml\n  - models/other/r.yaml');
    const ds = only(plugin(text, { 'models/other/r.yaml': 'model: r\nmodel_type: rerank\nmodel_properties: {}\n' }), 'P13');
    expect(ds[0].message).toContain('models: {text_embedding: {predefined: ["models/text-embedding/*.yaml"]}, rerank: {predefined: ["models/other/*.yaml"]}}');
  });
  it('models: null crashes the SDK', () => {
    const text = replaceBlock(/^models:/, 'models:');
    const ds = only(plugin(text), 'P13');
    expect(ds.map(brief)).toEqual([at('P13', text, 'models:')]);
    expect(ds[0].message).toContain('Remove the key');
  });
  it('a hyphenated key is never loaded', () => {
    const text = edit(/^ {2}llm:$/, '  text-embedding:');
    const ds = only(plugin(text), 'P13');
    expect(ds.map(brief)).toEqual([at('P13', text, 'text-embedding:')]);
    expect(ds[0].message).toContain('did you mean "text_embedding"?');
  });
  it('an empty entry and a string predefined are refused', () => {
    const empty = replaceBlock(/^models:/, 'models:\n  llm:');
    expect(only(plugin(empty), 'P13').map(brief)).toEqual([at('P13', empty, 'llm:')]);
    const str = replaceBlock(/^models:/, 'models:\n  llm:\n    predefined: "models/llm/*.yaml"');
    const ds = only(plugin(str), 'P13');
    expect(ds.map(brief)).toEqual([at('P13', str, 'predefined:')]);
    expect(ds[0].message).toContain('character by character');
  });
});

describe('P18 keys a model provider ignores', () => {
  const seedCredentials = 'credentials_for_provider:\n  api_key:\n    type: secret-input\n    required: true\n    label:\n      en_US: API Key\n';
  it('credentials_for_provider without a credential schema is an error with the converted form', () => {
    const text = replaceBlock(/^provider_credential_schema:/, seedCredentials.trimEnd());
    const ds = only(plugin(text), 'P18');
    expect(ds.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${at('P18', text, 'credentials_for_provider')} error`]);
    expect(ds[0].message).toContain('no credential form');
    expect(ds[0].message).toContain('`- variable: api_key`');
    expect(ds[0].message).toContain(
      'provider_credential_schema: {credential_form_schemas: [{variable: api_key, label: {en_US: API Key}, type: secret-input, required: true}]}',
    );
  });
  it('next to a real credential schema it is a warning', () => {
    const text = `${PROVIDER}${seedCredentials}`;
    const ds = only(plugin(text), 'P18');
    expect(ds.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${at('P18', text, 'credentials_for_provider')} warning`]);
  });
  it('a top-level position is discarded', () => {
    const text = `${PROVIDER}position:\n  llm:\n    - acme-chat\n`;
    const ds = only(plugin(text), 'P18');
    expect(ds.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${at('P18', text, 'position:', 2)} warning`]);
    expect(ds[0].message).toContain('_position.yaml');
  });
  it('a misspelled key gets a suggestion', () => {
    const text = edit(/^\s+model_sources:$/, '    model_source:');
    const ds = only(plugin(text), 'P18');
    expect(ds.map(brief)).toEqual([at('P18', text, 'model_source:')]);
    expect(ds[0].message).toContain('did you mean "model_sources"?');
  });
});
