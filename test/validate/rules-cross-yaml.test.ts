// Cross-file rules between the provider YAML, the model YAML files and the position files:
// P11, P12, P14, P15, P19, X1, X4, X5, X6.
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_FILES } from '../helpers/fixture.js';
import { cleanup, diags, edit, found, lineOf, PROVIDER, tracked } from './rules-cross.helpers.js';

afterAll(cleanup);

const P = BASE_FILES[PROVIDER];
const POSITION = 'models/llm/_position.yaml';
const CHAT = 'models/llm/acme-chat.yaml';
const EMBED = 'models/llm/acme-embed.yaml';
const EMBED_YAML = 'model: acme-embed\nmodel_type: text-embedding\nmodel_properties:\n  context_size: 8192\n';

/** The fixture provider with a model_credential_schema (and customizable-model) before `models:`. */
function withModelForm(forms: string, base = P): string {
  const methods = edit(PROVIDER, '  - predefined-model\n', '  - predefined-model\n  - customizable-model\n', base);
  return edit(PROVIDER, 'models:\n  llm:', `model_credential_schema:\n  model:\n    label:\n      en_US: Model Name\n  credential_form_schemas:\n${forms}models:\n  llm:`, methods);
}

const MODE_FIELD = `    - variable: mode
      label:
        en_US: Mode
      type: select
      required: true
      options:
        - value: chat
          label:
            en_US: Chat
        - value: completion
          label:
            en_US: Completion
      show_on:
        - variable: __model_type
          value: llm
`;

describe('P11 show_on targets', () => {
  it('warns about an unknown variable, with a suggestion', () => {
    const provider = edit(PROVIDER, '      default: "https://api.example.com/v1"\n', '      default: "https://api.example.com/v1"\n      show_on:\n        - variable: api_keys\n          value: x\n');
    const root = tracked({ files: { [PROVIDER]: provider } });
    expect(found(root, 'P11')).toEqual([`P11 warning ${PROVIDER}:${lineOf(provider, 'variable: api_keys')}`]);
    expect(diags(root, 'P11')[0].message).toContain('Did you mean "api_key"?');
  });

  it('warns about __model_type values in the underscore spelling, unsupported types and non-types', () => {
    const forms =
      MODE_FIELD +
      `    - variable: dims
      label:
        en_US: Dimensions
      type: text-input
      required: false
      show_on:
        - variable: __model_type
          value: text_embedding
    - variable: voice
      label:
        en_US: Voice
      type: text-input
      required: false
      show_on:
        - variable: __model_type
          value: tts
    - variable: other
      label:
        en_US: Other
      type: text-input
      required: false
      show_on:
        - variable: __model_type
          value: chat
`;
    const provider = withModelForm(forms);
    const root = tracked({ files: { [PROVIDER]: provider } });
    expect(found(root, 'P11')).toEqual([
      `P11 warning ${PROVIDER}:${lineOf(provider, 'value: text_embedding')}`,
      `P11 warning ${PROVIDER}:${lineOf(provider, 'value: tts')}`,
      `P11 warning ${PROVIDER}:${lineOf(provider, 'value: chat', 'variable: other')}`,
    ]);
    expect(diags(root, 'P11').map((d) => d.message)).toEqual([
      expect.stringContaining('Write "text-embedding"'),
      expect.stringContaining('"tts" is not in supported_model_types'),
      expect.stringContaining('"chat" is not a model type'),
    ]);
  });

  it('warns when the expected value is not an option of the select it refers to, and about self-references', () => {
    const forms =
      MODE_FIELD +
      `    - variable: stream
      label:
        en_US: Stream
      type: text-input
      required: false
      show_on:
        - variable: mode
          value: chatt
    - variable: loop
      label:
        en_US: Loop
      type: text-input
      required: false
      show_on:
        - variable: loop
          value: x
`;
    const provider = withModelForm(forms);
    const root = tracked({ files: { [PROVIDER]: provider } });
    expect(found(root, 'P11')).toEqual([`P11 warning ${PROVIDER}:${lineOf(provider, 'value: chatt')}`, `P11 warning ${PROVIDER}:${lineOf(provider, '        - variable: loop')}`]);
    expect(diags(root, 'P11')[0].message).toContain('Did you mean "chat"?');
    expect(diags(root, 'P11')[1].message).toContain('refers to the field itself');
  });

  it('accepts conditions on sibling fields and __model_type with a supported hyphen type', () => {
    const forms =
      MODE_FIELD +
      `    - variable: stream
      label:
        en_US: Stream
      type: text-input
      required: false
      show_on:
        - variable: mode
          value: completion
`;
    expect(found(tracked({ files: { [PROVIDER]: withModelForm(forms) } }), 'P11')).toEqual([]);
  });
});

describe('P12 duplicate credential variables', () => {
  const field = (name: string, modelType?: string) =>
    `    - variable: ${name}\n      label:\n        en_US: ${name}\n      type: text-input\n      required: false\n` + (modelType ? `      show_on:\n        - variable: __model_type\n          value: ${modelType}\n` : '');

  it('warns at the second declaration when both can be shown', () => {
    const provider = edit(PROVIDER, '      default: "https://api.example.com/v1"\n', `      default: "https://api.example.com/v1"\n${field('api_key')}`);
    const root = tracked({ files: { [PROVIDER]: provider } });
    expect(found(root, 'P12')).toEqual([`P12 warning ${PROVIDER}:${lineOf(provider, '- variable: api_key', 'endpoint_url')}`]);
    expect(diags(root, 'P12')[0].message).toContain(`already declared by item 1 (line ${lineOf(provider, 'variable: api_key')})`);
  });

  it('accepts copies under mutually exclusive show_on conditions (the official pattern)', () => {
    const provider = withModelForm(field('context_size', 'llm') + field('context_size', 'text-embedding'), edit(PROVIDER, '  - llm\n', '  - llm\n  - text-embedding\n'));
    expect(found(tracked({ files: { [PROVIDER]: provider } }), 'P12')).toEqual([]);
    const clash = withModelForm(field('context_size', 'llm') + field('context_size'));
    expect(found(tracked({ files: { [PROVIDER]: clash } }), 'P12')).toHaveLength(1);
  });
});

describe('P14 glob patterns', () => {
  const withGlobs = (...patterns: string[]) => edit(PROVIDER, '      - "models/llm/*.yaml"\n', patterns.map((p) => `      - "${p}"\n`).join(''));

  it('is an error for "./", "..", bad syntax and non-YAML matches; a warning for "**" and no match', () => {
    const provider = withGlobs('./models/llm/*.yaml', 'models/../models/llm/*.yaml', 'models/llm/[', 'models/llm/*', 'models/**/*.yaml', 'models/tts/*.yaml');
    const root = tracked({ files: { [PROVIDER]: provider } });
    const line = (p: string) => lineOf(provider, `"${p}"`);
    expect(found(root, 'P14')).toEqual([
      `P14 error ${PROVIDER}:${line('./models/llm/*.yaml')}`,
      `P14 error ${PROVIDER}:${line('models/../models/llm/*.yaml')}`,
      `P14 error ${PROVIDER}:${line('models/llm/[')}`,
      `P14 error ${PROVIDER}:${line('models/llm/*')}`,
      `P14 warning ${PROVIDER}:${line('models/**/*.yaml')}`,
      `P14 warning ${PROVIDER}:${line('models/tts/*.yaml')}`,
    ]);
    const messages = diags(root, 'P14').map((d) => d.message);
    expect(messages[0]).toContain('Write "models/llm/*.yaml"');
    expect(messages[2]).toContain('syntax error in pattern');
    expect(messages[3]).toContain('also matches models/llm/llm.py');
    expect(messages[4]).toContain('"**"');
  });

  it('a pattern that matches nothing is only informational for a customizable provider', () => {
    const provider = edit(PROVIDER, '  - predefined-model\n', '  - predefined-model\n  - customizable-model\n', withGlobs('models/llm/*.yaml', 'models/tts/*.yaml'));
    expect(found(tracked({ files: { [PROVIDER]: provider } }), 'P14')).toEqual([`P14 info ${PROVIDER}:${lineOf(provider, 'models/tts/*.yaml')}`]);
    expect(found(tracked(), 'P14')).toEqual([]);
  });
});

describe('P15 position files', () => {
  it('is an error when the file named by models.<key>.position is missing', () => {
    const root = tracked({ remove: [POSITION] });
    expect(found(root, 'P15')).toEqual([`P15 error ${PROVIDER}:${lineOf(P, 'position:')}`]);
    expect(diags(root, 'P15')[0].message).toContain('`dify plugin package` and install fail');
  });

  it('is an error for a mapping, nested items, and numbers the SDK reads', () => {
    expect(found(tracked({ files: { [POSITION]: 'acme-chat: 1\n' } }), 'P15')).toEqual([`P15 error ${POSITION}:1`]);
    expect(found(tracked({ files: { [POSITION]: '- acme-chat\n- [a, b]\n- 42\n' } }), 'P15')).toEqual([`P15 error ${POSITION}:2`, `P15 error ${POSITION}:3`]);
  });

  it('numbers only the daemon reads are a warning (it converts them)', () => {
    const provider = edit(PROVIDER, '"models/llm/*.yaml"', '"models/llm/acme-*.yaml"');
    expect(found(tracked({ files: { [PROVIDER]: provider, [POSITION]: '- acme-chat\n- 42\n' } }), 'P15')).toEqual([`P15 warning ${POSITION}:2`]);
  });

  it("warns about regolo's malformed list: deeper-indented lines folded into one string", () => {
    const root = tracked({ files: { [POSITION]: '- acme-chat\n - other\n - third\n' } });
    expect(found(root, 'P15')).toEqual([`P15 warning ${POSITION}:1`]);
    expect(diags(root, 'P15')[0].message).toContain('folds them into one string');
    // X5 does not also call the folded string an unknown model name.
    expect(found(root, 'X5')).toEqual([]);
  });

  it('accepts an empty position file and the base plugin', () => {
    expect(found(tracked({ files: { [POSITION]: '' } }), 'P15')).toEqual([]);
    expect(found(tracked(), 'P15')).toEqual([]);
  });
});

describe('P19 configurate_methods companions', () => {
  it('warns when predefined-model has no provider_credential_schema or no model file', () => {
    const provider = edit(PROVIDER, /provider_credential_schema:[\s\S]*?(?=models:)/, '');
    expect(found(tracked({ files: { [PROVIDER]: provider } }), 'P19')).toEqual([`P19 warning ${PROVIDER}:${lineOf(provider, '- predefined-model')}`]);
    const noModels = tracked({ remove: [CHAT] });
    expect(found(noModels, 'P19')).toEqual([`P19 warning ${PROVIDER}:${lineOf(P, '- predefined-model')}`]);
    expect(diags(noModels, 'P19')[0].message).toContain('no model YAML file is reached');
  });

  it('warns when customizable-model has no model_credential_schema', () => {
    const provider = edit(PROVIDER, '  - predefined-model\n', '  - predefined-model\n  - customizable-model\n');
    expect(found(tracked({ files: { [PROVIDER]: provider } }), 'P19')).toEqual([`P19 warning ${PROVIDER}:${lineOf(provider, '- customizable-model')}`]);
    expect(found(tracked({ files: { [PROVIDER]: withModelForm(MODE_FIELD) } }), 'P19')).toEqual([]);
  });
});

describe('X1 model types are supported', () => {
  it('is an error at model_type when the type is not in supported_model_types', () => {
    const root = tracked({ files: { [EMBED]: EMBED_YAML } });
    expect(found(root, 'X1')).toEqual([`X1 error ${EMBED}:2`]);
    expect(diags(root, 'X1')[0].message).toContain('Add "text-embedding" to supported_model_types');
  });

  it('points out the underscore spelling in supported_model_types', () => {
    const provider = edit(PROVIDER, '  - llm\n', '  - llm\n  - text_embedding\n');
    const root = tracked({ files: { [PROVIDER]: provider, [EMBED]: EMBED_YAML } });
    expect(diags(root, 'X1')[0].message).toContain('supported_model_types lists "text_embedding": model-type values use the hyphen spelling, write "text-embedding"');
    const fixed = edit(PROVIDER, '  - llm\n', '  - llm\n  - text-embedding\n');
    expect(found(tracked({ files: { [PROVIDER]: fixed, [EMBED]: EMBED_YAML } }), 'X1')).toEqual([]);
  });
});

describe('X4 duplicate models', () => {
  it('warns at the second file declaring the same (model_type, model)', () => {
    const root = tracked({ files: { 'models/llm/copy.yaml': BASE_FILES[CHAT] } });
    expect(found(root, 'X4')).toEqual(['X4 warning models/llm/copy.yaml:1']);
    expect(diags(root, 'X4')[0].message).toContain(`also declared in ${CHAT} (line 1)`);
  });

  it('warns when overlapping globs load one file twice', () => {
    const provider = edit(PROVIDER, '      - "models/llm/*.yaml"\n', '      - "models/llm/*.yaml"\n      - "models/llm/acme-*.yaml"\n');
    const root = tracked({ files: { [PROVIDER]: provider } });
    expect(found(root, 'X4')).toEqual([`X4 warning ${CHAT}:1`]);
    expect(diags(root, 'X4')[0].message).toContain('matched by 2 predefined patterns');
    expect(found(tracked(), 'X4')).toEqual([]);
  });
});

describe('X5 position consistency', () => {
  it('warns when only the daemon (position key) or only the SDK (glob) reads the position file', () => {
    const keyOnly = edit(PROVIDER, '"models/llm/*.yaml"', '"models/llm/acme-*.yaml"');
    expect(found(tracked({ files: { [PROVIDER]: keyOnly } }), 'X5')).toEqual([`X5 warning ${PROVIDER}:${lineOf(keyOnly, 'position:')}`]);
    const globOnly = edit(PROVIDER, '    position: "models/llm/_position.yaml"\n', '');
    const root = tracked({ files: { [PROVIDER]: globOnly } });
    expect(found(root, 'X5')).toEqual([`X5 warning ${PROVIDER}:${lineOf(globOnly, '"models/llm/*.yaml"')}`]);
    expect(diags(root, 'X5')[0].message).toContain('Add `position: "models/llm/_position.yaml"` under models.llm');
  });

  it('warns about unknown, duplicate and file-name entries', () => {
    const root = tracked({ files: { [POSITION]: '- acme-chat\n- acme-chta\n- acme-chat\n', 'models/llm/fast.yaml': 'model: acme/fast\nmodel_type: llm\nmodel_properties:\n  mode: chat\n' } });
    expect(found(root, 'X5')).toEqual([`X5 warning ${POSITION}:2`, `X5 warning ${POSITION}:3`]);
    expect(diags(root, 'X5').map((d) => d.message)).toEqual([expect.stringContaining('Did you mean "acme-chat"?'), expect.stringContaining('listed twice')]);
    const stem = tracked({ files: { [POSITION]: '- acme-chat\n- fast\n', 'models/llm/fast.yaml': 'model: acme/fast\nmodel_type: llm\nmodel_properties:\n  mode: chat\n' } });
    expect(diags(stem, 'X5').map((d) => `${d.line} ${d.message}`)).toEqual([expect.stringMatching(/^2 .*"fast" is a file name.*named "acme\/fast"/)]);
    expect(found(tracked(), 'X5')).toEqual([]);
  });
});

describe('X6 mapping key matches model_type', () => {
  it('warns when a text-embedding file is globbed under models.llm (as aihubmix does)', () => {
    const provider = edit(PROVIDER, '  - llm\n', '  - llm\n  - text-embedding\n');
    const root = tracked({ files: { [PROVIDER]: provider, [EMBED]: EMBED_YAML } });
    expect(found(root, 'X6')).toEqual([`X6 warning ${EMBED}:2`]);
    expect(diags(root, 'X6')[0].message).toContain('Move it under models.text_embedding');
    const moved = edit(PROVIDER, 'extra:', '  text_embedding:\n    predefined:\n      - "models/text_embedding/*.yaml"\nextra:', provider);
    expect(found(tracked({ files: { [PROVIDER]: moved, 'models/text_embedding/acme-embed.yaml': EMBED_YAML } }), 'X6')).toEqual([]);
  });
});
