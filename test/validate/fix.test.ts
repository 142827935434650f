// `validate --fix`: each certain fix, RuleTester-style: the broken input, the exact output, the
// comments and layout around it kept, and the fixed file validating clean of the fixed rule.
import { describe, expect, it } from 'vitest';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_FILES, makePlugin } from '../helpers/fixture.js';
import { diagnosticsOf } from '../helpers/validate.js';
import { fixPlugins } from '../../src/validate/fix/run.js';
import { validatePlugins } from '../../src/validate/index.js';
import { planFixes } from '../../src/validate/fix/apply.js';

const PROVIDER = BASE_FILES['provider/acme.yaml'];

async function fix(root: string, dryRun = false) {
  return fixPlugins(() => validatePlugins([root]), { dryRun, cwdRelative: (_root, file) => file });
}

const read = (root: string, rel: string) => readFileSync(join(root, rel), 'utf8');

interface Case {
  name: string;
  rule: string;
  files: Record<string, string>;
  /** The file the fix edits, and its whole text after the fix. */
  file: string;
  output: string;
}

const MODELS_BLOCK = 'models:\n  llm:\n    predefined:\n      - "models/llm/*.yaml"\n    position: "models/llm/_position.yaml"\n';

const CASES: Case[] = [
  {
    name: 'P13: the seed form `models` list becomes the mapping, position included',
    rule: 'P13',
    files: { 'provider/acme.yaml': PROVIDER.replace(MODELS_BLOCK, '# the models we ship\nmodels:\n  - models/llm/acme-chat.yaml # chat\n') },
    file: 'provider/acme.yaml',
    output: PROVIDER.replace(MODELS_BLOCK, '# the models we ship\nmodels:\n  llm:\n    predefined:\n      - models/llm/*.yaml\n    position: models/llm/_position.yaml\n'),
  },
  {
    name: 'P18: credentials_for_provider becomes provider_credential_schema',
    rule: 'P18',
    files: {
      'provider/acme.yaml': PROVIDER.replace(
        /provider_credential_schema:\n(?: {2,}.*\n)+/,
        'credentials_for_provider: # from the seed doc\n  api_key:\n    type: secret-input\n    required: true\n    label:\n      en_US: API Key\n',
      ),
    },
    file: 'provider/acme.yaml',
    output: PROVIDER.replace(
      /provider_credential_schema:\n(?: {2,}.*\n)+/,
      'provider_credential_schema:\n  credential_form_schemas:\n    - variable: api_key\n      label:\n        en_US: API Key\n      type: secret-input\n      required: true\n',
    ),
  },
  {
    name: 'P3: text_embedding in supported_model_types gets the hyphen spelling',
    rule: 'P3',
    files: { 'provider/acme.yaml': PROVIDER.replace('supported_model_types:\n  - llm\n', 'supported_model_types:\n  - llm\n  - text_embedding # embeddings too\n') },
    file: 'provider/acme.yaml',
    output: PROVIDER.replace('supported_model_types:\n  - llm\n', 'supported_model_types:\n  - llm\n  - text-embedding # embeddings too\n'),
  },
  {
    name: 'P13: a text-embedding key in models gets the underscore spelling',
    rule: 'P13',
    files: { 'provider/acme.yaml': PROVIDER.replace(MODELS_BLOCK, MODELS_BLOCK + '  "text-embedding":\n    predefined:\n      - "models/text_embedding/*.yaml"\n') },
    file: 'provider/acme.yaml',
    output: PROVIDER.replace(MODELS_BLOCK, MODELS_BLOCK + '  "text_embedding":\n    predefined:\n      - "models/text_embedding/*.yaml"\n'),
  },
  {
    name: 'D2: model_type text_embedding gets the hyphen spelling, quotes kept',
    rule: 'D2',
    files: { 'models/llm/acme-chat.yaml': BASE_FILES['models/llm/acme-chat.yaml'].replace('model_type: llm', "model_type: 'text_embedding'") },
    file: 'models/llm/acme-chat.yaml',
    output: BASE_FILES['models/llm/acme-chat.yaml'].replace('model_type: llm', "model_type: 'text-embedding'"),
  },
  {
    name: 'X5: a position entry that is a file name becomes the model name',
    rule: 'X5',
    files: { 'models/llm/_position.yaml': '# display order\n- acme-chat.yaml\n' },
    file: 'models/llm/_position.yaml',
    output: '# display order\n- acme-chat\n',
  },
  {
    name: 'X5: a position entry naming a file whose model is named otherwise becomes that name',
    rule: 'X5',
    files: {
      'models/llm/acme-chat.yaml': BASE_FILES['models/llm/acme-chat.yaml'].replace('model: acme-chat', 'model: acme-chat-2025'),
      'models/llm/_position.yaml': '- "acme-chat"\n',
    },
    file: 'models/llm/_position.yaml',
    output: '- "acme-chat-2025"\n',
  },
  {
    name: "P10: a credential field without required gets the daemon's default, at its indentation",
    rule: 'P10',
    // Without a default (a field with one needs no `required:`, so P10 is silent there).
    files: { 'provider/acme.yaml': PROVIDER.replace('      type: text-input\n      required: false\n      default: "https://api.example.com/v1"\n', '      type: text-input # free text\n') },
    file: 'provider/acme.yaml',
    output: PROVIDER.replace('      type: text-input\n      required: false\n      default: "https://api.example.com/v1"\n', '      type: text-input # free text\n      required: false\n'),
  },
  {
    name: 'P18: a tool-provider key Dify ignores is removed with its lines',
    rule: 'P18',
    files: { 'provider/acme.yaml': PROVIDER.replace('help:\n', 'identity:\n  name: acme # tool key\n  author: acme\nhelp:\n') },
    file: 'provider/acme.yaml',
    output: PROVIDER,
  },
];

describe('validate --fix', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const root = makePlugin({ files: c.files });
      const before = diagnosticsOf(root).filter((d) => d.ruleId === c.rule);
      expect(before.length, 'the broken input has a finding').toBeGreaterThan(0);
      expect(before.some((d) => d.fix)).toBe(true);

      const outcome = await fix(root);
      expect(read(root, c.file)).toBe(c.output);
      expect(outcome.report.some((line) => line.includes(` ${c.rule} `))).toBe(true);
      // Re-validated: the fixed rule has nothing left to say about the file.
      expect(diagnosticsOf(root).filter((d) => d.ruleId === c.rule && d.file === c.file)).toEqual([]);
      expect(outcome.result.plugins[0].diagnostics.filter((d) => d.ruleId === c.rule && d.file === c.file)).toEqual([]);
    });
  }

  it('Y6: drops a byte order mark and nothing else', async () => {
    const manifest = BASE_FILES['manifest.yaml'];
    const root = makePlugin({ files: { 'manifest.yaml': '\uFEFF' + manifest } });
    expect(diagnosticsOf(root).map((d) => d.ruleId)).toContain('Y6');
    await fix(root);
    expect(readFileSync(join(root, 'manifest.yaml'))).toEqual(Buffer.from(manifest, 'utf8'));
    expect(diagnosticsOf(root).map((d) => d.ruleId)).not.toContain('Y6');
  });

  it('applies several fixes in one file, and fixes uncovered by a first fix in a later pass', async () => {
    const root = makePlugin({
      files: {
        'provider/acme.yaml': '\uFEFF' + PROVIDER.replace('supported_model_types:\n  - llm\n', 'supported_model_types:\n  - llm\n  - text_embedding\n').replace(MODELS_BLOCK, 'models:\n  - models/llm/acme-chat.yaml\n'),
        'models/llm/acme-chat.yaml': BASE_FILES['models/llm/acme-chat.yaml'].replace('model: acme-chat', 'model: acme-chat-2025'),
        'models/llm/_position.yaml': '- acme-chat\n',
      },
    });
    const outcome = await fix(root);
    // The position entry is only checked once the models mapping (fixed in pass 1) reaches the files.
    expect(outcome.report.map((l) => l.split(/\s+/)[2])).toEqual(['Y6', 'P3', 'P13', 'X5']);
    expect(read(root, 'models/llm/_position.yaml')).toBe('- acme-chat-2025\n');
    const left = diagnosticsOf(root).map((d) => d.ruleId);
    for (const id of ['Y6', 'P3', 'P13', 'X5']) expect(left).not.toContain(id);
  });

  it('leaves what is not certain: inline model declarations, a credential key next to a real schema', async () => {
    const inline = makePlugin({ files: { 'provider/acme.yaml': PROVIDER.replace(MODELS_BLOCK, 'models:\n  - model: acme-chat\n    model_type: llm\n') } });
    expect(diagnosticsOf(inline).find((d) => d.ruleId === 'P13')?.fix).toBeUndefined();
    const both = makePlugin({ files: { 'provider/acme.yaml': PROVIDER + 'credentials_for_provider:\n  api_key:\n    type: secret-input\n' } });
    expect(diagnosticsOf(both).find((d) => d.ruleId === 'P18')?.fix).toBeUndefined();
    const position = makePlugin({ files: { 'provider/acme.yaml': PROVIDER + 'position:\n  llm:\n    - acme-chat\n' } });
    expect(diagnosticsOf(position).find((d) => d.ruleId === 'P18')?.fix).toBeUndefined();
  });

  it('--fix-dry-run returns the diff and what would change, and writes nothing', async () => {
    const text = PROVIDER.replace('supported_model_types:\n  - llm\n', 'supported_model_types:\n  - llm\n  - text_embedding\n');
    const root = makePlugin({ files: { 'provider/acme.yaml': text } });
    const outcome = await fix(root, true);
    expect(read(root, 'provider/acme.yaml')).toBe(text);
    expect(outcome.diff).toContain('--- a/provider/acme.yaml\n+++ b/provider/acme.yaml\n');
    expect(outcome.diff).toContain('\n-  - text_embedding\n+  - text-embedding\n');
    expect(outcome.report).toEqual([expect.stringMatching(/^would fix {2}provider\/acme\.yaml:\d+ {2}P3 {2}"text_embedding" → "text-embedding"$/)]);
    // The findings the fix would remove are not in the result.
    expect(outcome.result.plugins[0].diagnostics.map((d) => d.ruleId)).not.toContain('P3');
  });

  it('never touches a file outside the plugin root, whatever a fix names', () => {
    const root = makePlugin();
    const outside = join(root, '..', 'outside.yaml');
    writeFileSync(outside, 'a: 1\n');
    symlinkSync(outside, join(root, 'link.yaml'));
    const forged = (file: string) => ({
      ruleId: 'P3', severity: 'error' as const, message: 'x', file, line: 1, column: 1,
      fix: { file, description: 'x', edits: [{ start: 0, end: 1, text: 'b' }] },
    });
    expect(planFixes(root, [forged('../outside.yaml'), forged('link.yaml'), forged('/etc/hostname')])).toEqual([]);
    expect(readFileSync(outside, 'utf8')).toBe('a: 1\n');
  });

  it('skips a fix made against text that has changed since', () => {
    const text = PROVIDER.replace('supported_model_types:\n  - llm\n', 'supported_model_types:\n  - llm\n  - text_embedding\n');
    const root = makePlugin({ files: { 'provider/acme.yaml': text } });
    const found = diagnosticsOf(root);
    writeFileSync(join(root, 'provider/acme.yaml'), '# edited meanwhile\n' + text);
    expect(planFixes(root, found)).toEqual([]);
  });
});
