// Credential forms as Dify applies them (show_on, defaults, required), the sources (file, -c), and
// the redaction that keeps secret-input values out of every output.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemps, tempDir } from './run-cli.js';
import { fillForm } from '../../src/invoke/credentials/form.js';
import { resolveCredentials } from '../../src/invoke/credentials/index.js';
import { parseCredentialFlags, readCredentialsFile } from '../../src/invoke/credentials/sources.js';
import { Redactor, MASK } from '../../src/invoke/credentials/redact.js';
import type { FormField, PluginInfo } from '../../src/invoke/plugin-info.js';
import type { Target } from '../../src/invoke/targets.js';
import { UsageError } from '../../src/cli/errors.js';

const field = (f: Partial<FormField> & { variable: string }): FormField => ({
  label: f.variable,
  type: 'text-input',
  required: false,
  default: undefined,
  options: [],
  showOn: [],
  ...f,
});

const modelForm: FormField[] = [
  field({ variable: 'api_key', type: 'secret-input', required: true }),
  field({ variable: 'endpoint_url', required: true }),
  field({ variable: 'mode', type: 'select', default: 'chat', showOn: [{ variable: '__model_type', value: 'llm' }] }),
  field({ variable: 'context_size', required: true, default: '4096', showOn: [{ variable: '__model_type', value: 'llm' }] }),
  field({ variable: 'max_chunks', required: true, showOn: [{ variable: '__model_type', value: 'text-embedding' }] }),
  field({ variable: 'region', required: true, showOn: [{ variable: 'mode', value: 'completion' }] }),
];

function info(form: FormField[] | null, providerForm: FormField[] | null = null): PluginInfo {
  return {
    root: '/x',
    pluginName: 'x',
    entrypoint: 'main',
    provider: 'x',
    providerFile: 'provider/x.yaml',
    supportedTypes: ['llm', 'text-embedding'],
    predefinedMethod: providerForm !== null,
    customizableMethod: form !== null,
    providerForm,
    modelForm: form,
    predefined: [],
  };
}

afterAll(removeTemps);

describe('credential forms', () => {
  it('fills defaults of shown fields only, by __model_type', () => {
    const llm = fillForm(modelForm, { api_key: 'k', endpoint_url: 'u' }, 'llm');
    expect(llm.credentials).toEqual({ api_key: 'k', endpoint_url: 'u', mode: 'chat', context_size: '4096' });
    expect(llm.missing).toEqual([]);
    const emb = fillForm(modelForm, { api_key: 'k', endpoint_url: 'u' }, 'text-embedding');
    expect(emb.credentials.mode).toBeUndefined();
    expect(emb.missing.map((f) => f.variable)).toEqual(['max_chunks']);
  });

  it('evaluates show_on against other values, including ones given by the user', () => {
    const r = fillForm(modelForm, { api_key: 'k', endpoint_url: 'u', mode: 'completion' }, 'llm');
    expect(r.missing.map((f) => f.variable)).toEqual(['region']);
  });

  it('treats an empty string as missing', () => {
    expect(fillForm(modelForm, { api_key: '', endpoint_url: 'u' }, 'llm').missing.map((f) => f.variable)).toEqual(['api_key']);
  });

  it('refuses a missing required value without a terminal, naming the variable and the form', async () => {
    const targets: Target[] = [{ type: 'llm', model: 'm', form: 'model' }];
    const err = await resolveCredentials(info(modelForm), targets, { endpoint_url: 'u' }).catch((e) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/"api_key" \(api_key, secret-input\)/);
    expect(err.message).toMatch(/model_credential_schema in provider\/x\.yaml/);
    expect(err.message).toMatch(/-c api_key=<value>/);
  });

  it('asks for each missing value once and applies the answer to every target', async () => {
    const asked: string[] = [];
    const targets: Target[] = [
      { type: 'llm', model: 'a', form: 'model' },
      { type: 'text-embedding', model: 'b', form: 'model' },
    ];
    const r = await resolveCredentials(info(modelForm), targets, { endpoint_url: 'u' }, {
      prompt: async (f) => {
        asked.push(f.variable);
        return f.variable === 'api_key' ? 'sk-typed-secret' : '1';
      },
    });
    expect(asked).toEqual(['api_key', 'max_chunks']);
    expect(r.perTarget[0].api_key).toBe('sk-typed-secret');
    expect(r.perTarget[1].max_chunks).toBe('1');
    expect(r.provider).toBeUndefined();
    expect(r.redactor.redact('key=sk-typed-secret')).toBe(`key=${MASK}`);
  });

  it('uses the provider form for predefined targets', async () => {
    const providerForm = [field({ variable: 'token', type: 'secret-input', required: true })];
    const r = await resolveCredentials(info(null, providerForm), [{ type: 'llm', model: 'p', form: 'provider' }], { token: 'tok-12345' });
    expect(r.provider).toEqual({ token: 'tok-12345' });
    expect(r.redactor.redact('Bearer tok-12345')).toBe(`Bearer ${MASK}`);
  });
});

describe('credential sources', () => {
  const dir = tempDir();

  it('reads JSON and YAML files; numbers become strings as Dify sends them', () => {
    writeFileSync(join(dir, 'c.json'), '{"api_key": "k", "context_size": 4096, "extra_headers": {"X-A": "1"}}');
    expect(readCredentialsFile(join(dir, 'c.json'))).toEqual({ api_key: 'k', context_size: '4096', extra_headers: { 'X-A': '1' } });
    writeFileSync(join(dir, 'c.yaml'), 'api_key: k\nmode: chat\nempty: null\n');
    expect(readCredentialsFile(join(dir, 'c.yaml'))).toEqual({ api_key: 'k', mode: 'chat' });
  });

  it('reports bad files with the position and the fix', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'api_key: k\n  bad: [\n');
    expect(() => readCredentialsFile(join(dir, 'bad.yaml'))).toThrow(/bad\.yaml:\d+:\d+: --credentials file is not valid YAML/);
    writeFileSync(join(dir, 'list.json'), '["a"]');
    expect(() => readCredentialsFile(join(dir, 'list.json'))).toThrow(/must hold a mapping/);
    expect(() => readCredentialsFile(join(dir, 'none.json'))).toThrow(/file not found/);
  });

  it('parses -c key=value, keeping "=" inside values, and never echoes a malformed argument', () => {
    expect(parseCredentialFlags(['api_key=a=b', 'x='])).toEqual({ api_key: 'a=b', x: '' });
    const err = (() => {
      try {
        parseCredentialFlags(['sk-secret-without-key']);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(UsageError);
    expect(err!.message).not.toContain('sk-secret');
  });
});

describe('redaction', () => {
  it('masks every occurrence, longest secret first, inside nested values', () => {
    const r = new Redactor();
    r.add('abcd');
    r.add('abcdefgh');
    r.add('xy'); // too short to mask meaningfully
    expect(r.redact('abcdefgh abcd xy')).toBe(`${MASK} ${MASK} xy`);
    expect(r.redactValue({ a: ['abcd', 1], b: { c: 'zabcdz' } })).toEqual({ a: [MASK, 1], b: { c: `z${MASK}z` } });
  });
});
