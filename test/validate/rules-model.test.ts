// One test per model-file rule (D1-D13): a minimal plugin that breaks the rule gives exactly that
// rule at the expected file and line; the fixed plugin gives nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_FILES, makePlugin, removePlugin } from '../helpers/fixture.js';
import { brief, diagnosticsOf } from '../helpers/validate.js';

const MODEL_PATH = 'models/llm/acme-chat.yaml';
const MODEL = BASE_FILES[MODEL_PATH];
const roots: string[] = [];
afterAll(() => roots.forEach(removePlugin));

function plugin(text: string, path = MODEL_PATH): string {
  const root = makePlugin({ files: { [path]: text } });
  roots.push(root);
  return root;
}

function edit(from: RegExp, to: string, text = MODEL): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => from.test(l));
  if (i < 0) throw new Error(`no line matches ${from}`);
  lines.splice(i, 1, ...(to === '' ? [] : to.split('\n')));
  return lines.join('\n');
}

function lineOf(text: string, needle: string, nth = 1): number {
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i].includes(needle) && ++seen === nth) return i + 1;
  throw new Error(`"${needle}" #${nth} not found`);
}

const at = (rule: string, text: string, needle: string, path = MODEL_PATH) => `${rule} ${path}:${lineOf(text, needle)}`;
const only = (root: string, rule: string) => diagnosticsOf(root, [rule]);
const withSeverity = (ds: ReturnType<typeof only>) => ds.map((d) => `${brief(d)} ${d.severity}`);

const ALL = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8', 'D9', 'D10', 'D11', 'D12', 'D13', 'I3'];

describe('the fixture', () => {
  it('has no model diagnostics', () => {
    expect(diagnosticsOf(plugin(MODEL), ALL).map(brief)).toEqual([]);
  });
});

describe('D1 model file is a mapping', () => {
  it('an empty file makes the SDK fail', () => {
    const ds = only(plugin(''), 'D1');
    expect(ds.map(brief)).toEqual([`D1 ${MODEL_PATH}:1`]);
    expect(ds[0].message).toContain('Error loading model entity');
  });
  it('a list is not a model', () => {
    expect(only(plugin('- model: a\n'), 'D1').map(brief)).toEqual([`D1 ${MODEL_PATH}:1`]);
  });
});

describe('D2 model and model_type', () => {
  it('text_embedding is the key spelling, not the model type', () => {
    const text = edit(/^model_type:/, 'model_type: text_embedding');
    const ds = only(plugin(text), 'D2');
    expect(ds.map(brief)).toEqual([at('D2', text, 'model_type:')]);
    expect(ds[0].message).toBe(
      'model_type "text_embedding" is not a valid model type; did you mean "text-embedding"? The underscore form is only for mapping keys and folder names. Model types use hyphens: llm, text-embedding, rerank, speech2text, tts, moderation.',
    );
  });
  it('a numeric model name must be quoted; a missing one is reported', () => {
    const num = edit(/^model:/, 'model: 4');
    const ds = only(plugin(num), 'D2');
    expect(ds.map(brief)).toEqual([at('D2', num, 'model: 4')]);
    expect(ds[0].message).toContain('Quote it: model: "4"');
    const missing = edit(/^model:/, '');
    expect(only(plugin(missing), 'D2').map(brief)).toEqual([`D2 ${MODEL_PATH}:1`]);
  });
});

describe('D3 labels', () => {
  it('a label without en_US makes the SDK fail; no label at all is fine', () => {
    const text = edit(/^ {2}en_US: Acme Chat$/, '  zh_Hans: 聊天');
    expect(only(plugin(text), 'D3').map(brief)).toEqual([at('D3', text, 'label:')]);
    expect(only(plugin(edit(/^label:$/, '', edit(/^ {2}en_US: Acme Chat$/, ''))), 'D3')).toEqual([]);
  });
  it('a parameter rule label without en_US is reported too; an empty en_US is accepted in model files', () => {
    const text = edit(/^ {2}- name: temperature$/, '  - name: temperature\n    label:\n      zh_Hans: 温度');
    expect(only(plugin(text), 'D3').map(brief)).toEqual([at('D3', text, '    label:')]);
    expect(only(plugin(edit(/^ {2}en_US: Acme Chat$/, '  en_US: ""')), 'D3')).toEqual([]);
  });
});

describe('D4 features', () => {
  it('an unknown feature gets the hyphen spelling', () => {
    const text = edit(/- agent-thought/, '  - agent_thought');
    const ds = only(plugin(text), 'D4');
    expect(ds.map(brief)).toEqual([at('D4', text, 'agent_thought')]);
    expect(ds[0].message).toContain('did you mean "agent-thought"?');
  });
});

describe('D5 fetch_from', () => {
  it('customizable-model in a file is a warning; an unknown value an error', () => {
    const custom = `${MODEL}fetch_from: customizable-model\n`;
    expect(withSeverity(only(plugin(custom), 'D5'))).toEqual([`${at('D5', custom, 'fetch_from')} warning`]);
    const bad = `${MODEL}fetch_from: remote\n`;
    expect(withSeverity(only(plugin(bad), 'D5'))).toEqual([`${at('D5', bad, 'fetch_from')} error`]);
  });
});

describe('D6 model_properties', () => {
  it('is required', () => {
    const text = edit(/^model_properties:$/, '', edit(/^ {2}mode: chat$/, '', edit(/^ {2}context_size: 8192$/, '')));
    const ds = only(plugin(text), 'D6');
    expect(ds.map(brief)).toEqual([`D6 ${MODEL_PATH}:1`]);
    expect(ds[0].message).toContain('model_properties is required');
  });
  it('an unknown key is an error at the key, with what to do instead', () => {
    const text = edit(/^ {2}context_size: 8192$/, '  context_size: 8192\n  max_tokens: 4096');
    const ds = only(plugin(text), 'D6');
    expect(withSeverity(ds)).toEqual([`${at('D6', text, 'max_tokens: 4096')} error`]);
    expect(ds[0].column).toBe(3);
    expect(ds[0].message).toContain('parameter_rules');
  });
});

describe('D7 LLM properties', () => {
  it('a wrong mode is an error with a suggestion', () => {
    const text = edit(/^ {2}mode: chat$/, '  mode: chatt');
    const ds = only(plugin(text), 'D7');
    expect(withSeverity(ds)).toEqual([`${at('D7', text, 'mode: chatt')} error`]);
    expect(ds[0].message).toContain('did you mean "chat"?');
  });
  it('a missing context_size is a warning at model_properties', () => {
    const text = edit(/^ {2}context_size: 8192$/, '');
    const ds = only(plugin(text), 'D7');
    expect(withSeverity(ds)).toEqual([`${at('D7', text, 'model_properties:')} warning`]);
    expect(ds[0].message).toContain('context_size is not set');
  });
  it('mode is not checked on other model types', () => {
    const text = 'model: e\nmodel_type: text-embedding\nmodel_properties:\n  mode: whatever\n  context_size: 512\n  max_chunks: 8\n';
    expect(only(plugin(text, 'models/llm/e.yaml'), 'D7')).toEqual([]);
  });
});

describe('D8 recommended properties', () => {
  it('a text-embedding model without max_chunks', () => {
    const path = 'models/llm/embed.yaml';
    const text = 'model: e\nmodel_type: text-embedding\nmodel_properties:\n  context_size: 512\n';
    const ds = only(plugin(text, path), 'D8');
    // The SDK falls back to one text per request: harmless, so info.
    expect(withSeverity(ds)).toEqual([`${at('D8', text, 'model_properties:', path)} info`]);
    expect(ds[0].message).toContain('max_chunks');
    expect(only(plugin(`${text}  max_chunks: 16\n`, path), 'D8')).toEqual([]);
  });
  it('a TTS default_voice that is no voice mode, and a quoted count', () => {
    const path = 'models/llm/tts.yaml';
    const text =
      'model: t\nmodel_type: tts\nmodel_properties:\n  default_voice: bob\n  voices:\n    - mode: alice\n      name: Alice\n      language: [en-US]\n  word_limit: "3500"\n  audio_type: mp3\n  max_workers: 5\n';
    const ds = only(plugin(text, path), 'D8');
    expect(ds.map(brief)).toEqual([at('D8', text, 'default_voice', path), at('D8', text, 'word_limit', path)]);
    expect(ds[0].message).toContain('alice');
  });
});

describe('D9 parameter rules', () => {
  it('an unknown template is refused by the daemon', () => {
    const text = edit(/use_template: temperature/, '    use_template: temprature');
    const ds = only(plugin(text), 'D9');
    expect(ds.map(brief)).toEqual([at('D9', text, 'temprature')]);
    expect(ds[0].message).toContain('did you mean "temperature"?');
    expect(ds[0].message).toContain('not found');
  });
  it('a rule without template needs a type', () => {
    const text = edit(/use_template: temperature/, '');
    const ds = only(plugin(text), 'D9');
    expect(ds.map(brief)).toEqual([at('D9', text, '- name: temperature')]);
    expect(ds[0].message).toContain('type is required');
  });
  it('quoted numbers and booleans are daemon errors', () => {
    const text = edit(/^ {4}min: 1$/, '    min: "1"\n    required: "false"');
    const ds = only(plugin(text), 'D9');
    expect(ds.map(brief)).toEqual([at('D9', text, 'min: "1"'), at('D9', text, 'required: "false"')]);
    expect(ds[0].message).toContain('Remove the quotes: min: 1');
    expect(ds[1].message).toContain('Remove the quotes: required: false');
  });
});

describe('D10 parameter-rule consistency', () => {
  it('min greater than max', () => {
    const text = edit(/^ {4}min: 1$/, '    min: 5000', edit(/^ {4}default: 512$/, ''));
    const ds = only(plugin(text), 'D10');
    expect(withSeverity(ds)).toEqual([`${at('D10', text, 'min: 5000')} warning`]);
  });
  it('a required rule whose default is above its max is an error: Dify sends the default and the SDK refuses it', () => {
    const text = edit(/^ {4}default: 512$/, '    default: 9000\n    required: true');
    const ds = only(plugin(text), 'D10');
    expect(withSeverity(ds)).toEqual([`${at('D10', text, 'default: 9000')} error`]);
    expect(ds[0].message).toContain('refuses it at every invocation');
  });
  it('a default out of range or of the wrong type', () => {
    const high = edit(/^ {4}default: 512$/, '    default: 9000');
    expect(only(plugin(high), 'D10').map(brief)).toEqual([at('D10', high, 'default: 9000')]);
    const typed = edit(/^ {4}default: 512$/, '    default: 0.5');
    const ds = only(plugin(typed), 'D10');
    expect(ds.map(brief)).toEqual([at('D10', typed, 'default: 0.5')]);
    expect(ds[0].message).toContain('whole number');
  });
  it('default: null under a template differs between the parsers', () => {
    const text = edit(/use_template: temperature/, '    use_template: temperature\n    default: null');
    const ds = only(plugin(text), 'D10');
    expect(ds.map(brief)).toEqual([at('D10', text, 'default: null')]);
    expect(ds[0].message).toContain('remote debugging keeps null');
  });
  it('duplicate names and a default outside the options', () => {
    const text = `${MODEL.replace(/pricing:[\s\S]*$/, '')}  - name: temperature\n    type: float\n  - name: format\n    type: string\n    options: [json, text]\n    default: xml\n`;
    const ds = only(plugin(text), 'D10');
    // The second "temperature" is the duplicate.
    expect(ds.map(brief)).toEqual([`D10 ${MODEL_PATH}:${lineOf(text, '- name: temperature', 2)}`, at('D10', text, 'default: xml')]);
    expect(ds[0].message).toContain('declared twice');
    expect(ds[1].message).toContain('json, text');
  });
});

describe('D11 pricing', () => {
  it('currency is required; decimals must parse', () => {
    const text = edit(/currency: USD/, '', edit(/input: "0.001"/, '  input: "0,001"'));
    const ds = only(plugin(text), 'D11');
    expect(ds.map(brief)).toEqual([at('D11', text, 'pricing:'), at('D11', text, 'input:')].sort());
    expect(ds.find((d) => d.message.includes('0,001'))?.message).toContain('decimals');
  });
});

describe('D12 deprecated', () => {
  it('a quoted boolean is refused by the daemon', () => {
    const text = `${MODEL}deprecated: "true"\n`;
    const ds = only(plugin(text), 'D12');
    expect(ds.map(brief)).toEqual([at('D12', text, 'deprecated')]);
    expect(only(plugin(`${MODEL}deprecated: true\n`), 'D12')).toEqual([]);
  });
});

describe('D13 ignored keys', () => {
  it('unknown keys in the model, a rule and pricing are info at the key (both parsers ignore them); a near miss is a warning', () => {
    const text = edit(/currency: USD/, '  currency: USD\n  cached: "0.0001"', `${MODEL}icon: icon.svg\n`).replace('    use_template: temperature\n', '    use_template: temperature\n    show_on: x\n');
    const ds = only(plugin(text), 'D13');
    expect(withSeverity(ds)).toEqual(
      [`${at('D13', text, 'show_on')} info`, `${at('D13', text, 'cached')} info`, `${at('D13', text, 'icon: icon.svg')} info`],
    );
    const typo = `${MODEL}deprecatd: true\n`;
    expect(withSeverity(only(plugin(typo), 'D13'))).toEqual([`${at('D13', typo, 'deprecatd')} warning`]);
  });
});
