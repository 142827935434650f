// What --mock fills into credential forms (issue 7 §2), and credentials from the environment and
// .env files (issue 11 §4): unit level, on forms shaped like the corpus plugins' ones.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemps, tempDir } from './run-cli.js';
import { fillForMock, isUrlField, mockUrlFor, substituteMockPlaceholder, MOCK_API_KEY } from '../../src/invoke/credentials/mock-fill.js';
import { splitTypePrefix } from '../../src/invoke/mock-server/type-prefix.js';
import { keysReadUnguarded } from '../../src/invoke/credentials/code-reads.js';
import { loadPlugin } from '../../src/plugin/load.js';
import { pluginInfo } from '../../src/invoke/plugin-info.js';
import { resolveTargets } from '../../src/invoke/targets.js';
import { CORPUS_DIR } from '../helpers/corpus.js';
import { resolveCredentials } from '../../src/invoke/credentials/index.js';
import { credentialsFromEnv, parseCredentialFlags, readCredentialsFile } from '../../src/invoke/credentials/sources.js';
import type { FormField, PluginInfo } from '../../src/invoke/plugin-info.js';
import type { Target } from '../../src/invoke/targets.js';
import { UsageError } from '../../src/cli/errors.js';

afterAll(removeTemps);

const field = (f: Partial<FormField> & { variable: string }): FormField => ({ label: f.variable, type: 'text-input', required: false, default: undefined, options: [], showOn: [], ...f });
const BASE = 'http://127.0.0.1:4100';

function info(providerForm: FormField[] | null, modelForm: FormField[] | null = null): PluginInfo {
  return { root: '/x', pluginName: 'x', entrypoint: 'main', provider: 'x', providerFile: 'provider/x.yaml', supportedTypes: ['llm', 'text-embedding'], predefinedMethod: !!providerForm, customizableMethod: !!modelForm, providerForm, modelForm, predefined: [] };
}
const provider = (type: Target['type'] = 'llm'): Target => ({ type, model: 'm', form: 'provider' });
const custom = (type: Target['type'] = 'llm'): Target => ({ type, model: 'my-model', form: 'model' });

describe('--mock fills every required credential', () => {
  it('fills the naming styles of the corpus: server_url, base_url, <vendor>_api_key, openai_api_base, model_uid', async () => {
    const form = [
      field({ variable: 'openai_api_key', type: 'secret-input', required: true }),
      field({ variable: 'server_url', required: true, placeholder: 'Enter the url of your OpenLLM, e.g. http://192.168.1.100:3333' }),
      field({ variable: 'base_url', required: true, placeholder: 'Base URL, e.g. https://api.jina.ai/v1' }),
      field({ variable: 'openai_api_base', required: true, label: 'API Base URL' }),
      field({ variable: 'model_uid', required: true, label: 'Model uid' }),
      field({ variable: 'mode', type: 'select', required: true, options: [{ value: 'chat', label: 'Chat' }, { value: 'completion', label: 'Completion' }] }),
      field({ variable: 'context_size', required: true }),
    ];
    const { values, filled, byType } = fillForMock(info(null, form), [custom()], {}, BASE);
    // A model form's URLs are per model type, under the type's prefix (the mock strips it).
    const typed = `${BASE}/mock-type=llm`;
    expect(byType.get('llm')).toEqual({ server_url: typed, base_url: `${typed}/v1`, openai_api_base: typed });
    expect(values).toMatchObject({
      openai_api_key: MOCK_API_KEY,
      model_uid: 'mock-model',
      mode: 'chat',
      context_size: '4096',
    });
    expect(filled.find((f) => f.variable === 'openai_api_key')).toMatchObject({ secret: true, why: 'dummy key' });
    // Nothing is left for the user to type.
    const resolved = await resolveCredentials(info(null, form), [custom()], values, { byType });
    expect(resolved.perTarget[0]).toMatchObject({ base_url: `${typed}/v1`, openai_api_key: MOCK_API_KEY });
  });

  it('replaces a required URL default in its shape, keeps other defaults, and lets an explicit value win', () => {
    const form = [
      field({ variable: 'api_endpoint_host', required: true, default: 'https://ark.cn-beijing.volces.com/api/v3' }),
      field({ variable: 'endpoint_url', required: true, default: 'https://api.longcat.chat/openai/v1' }),
      field({ variable: 'api_key', type: 'secret-input', required: true }),
      field({ variable: 'context_size', required: true, default: '8192' }),
      field({ variable: 'endpoint_id', required: true, label: 'Endpoint ID' }),
    ];
    const { values } = fillForMock(info(form), [provider()], { api_key: 'sk-mine' }, BASE);
    expect(values).toEqual({ api_endpoint_host: BASE, endpoint_url: `${BASE}/v1`, api_key: 'sk-mine', endpoint_id: 'mock-endpoint-id' });
    expect(fillForMock(info(form), [provider()], { endpoint_url: 'http://elsewhere:1/v1' }, BASE).values.endpoint_url).toBe('http://elsewhere:1/v1');
  });

  it('follows show_on: fields of the model type, and fields a filled select reveals', () => {
    const form = [
      field({ variable: 'auth', type: 'radio', required: true, options: [{ value: 'key', label: 'Key' }, { value: 'aad', label: 'AAD' }] }),
      field({ variable: 'azure_key', type: 'secret-input', required: true, showOn: [{ variable: 'auth', value: 'key' }] }),
      field({ variable: 'tenant', required: true, showOn: [{ variable: 'auth', value: 'aad' }] }),
      field({ variable: 'max_chunks', required: true, showOn: [{ variable: '__model_type', value: 'text-embedding' }] }),
    ];
    const { values } = fillForMock(info(null, form), [custom('llm'), custom('text-embedding')], {}, BASE);
    expect(values).toEqual({ auth: 'key', azure_key: MOCK_API_KEY, max_chunks: '1' });
  });

  it('judges URL fields by variable, label, placeholder and default, not by ids and names', () => {
    expect(isUrlField(field({ variable: 'anthropic_api_url' }))).toBe(true);
    expect(isUrlField(field({ variable: 'x', label: 'Server URL' }))).toBe(true);
    expect(isUrlField(field({ variable: 'x', placeholder: 'e.g. http://localhost:8000' }))).toBe(true);
    expect(isUrlField(field({ variable: 'endpoint_model_name', placeholder: 'endpoint model name, e.g. http://x' }))).toBe(false);
    expect(isUrlField(field({ variable: 'endpoint_id', label: 'Endpoint ID' }))).toBe(false);
    expect(isUrlField(field({ variable: 'context_size' }))).toBe(false);
    expect(mockUrlFor(field({ variable: 'proxy', placeholder: 'e.g. 127.0.0.1:7890' }), BASE)).toBe('127.0.0.1:4100');
    expect(mockUrlFor(field({ variable: 'u', placeholder: 'Base URL, e.g. https://api.openai.com/v1' }), BASE)).toBe(`${BASE}/v1`);
  });

  it("gives each model type its own server URL in a model form (a TEI server is an embedder or a reranker), which the mock strips", () => {
    const form = [field({ variable: 'server_url', required: true, placeholder: 'e.g. http://192.168.1.100:8080' }), field({ variable: 'proxy', required: true, placeholder: 'e.g. 127.0.0.1:7890' })];
    const { byType, values, filled } = fillForMock(info(null, form), [custom('text-embedding'), custom('rerank')], {}, BASE);
    expect(byType.get('text-embedding')).toEqual({ server_url: `${BASE}/mock-type=text-embedding` });
    expect(byType.get('rerank')).toEqual({ server_url: `${BASE}/mock-type=rerank` });
    // A host:port field has no path to carry the type; it is filled once.
    expect(values).toEqual({ proxy: '127.0.0.1:4100' });
    expect(filled.filter((f) => f.variable === 'server_url').map((f) => f.why)).toEqual(['mock URL for text-embedding', 'mock URL for rerank']);
    // A value the user gave wins for every type.
    expect(fillForMock(info(null, form), [custom('rerank')], { server_url: 'http://x:1' }, BASE).byType.get('rerank')).toBeUndefined();
    expect(splitTypePrefix('/mock-type=rerank/rerank')).toEqual({ type: 'rerank', rest: '/rerank' });
    expect(splitTypePrefix('/mock-type=rerank')).toEqual({ type: 'rerank', rest: '/' });
    expect(splitTypePrefix('/mock-type=nope/x')).toBeNull();
    expect(splitTypePrefix('/v1/rerank')).toBeNull();
  });

  it('fills an optional field the code indexes without a check (MiniMax\'s minimax_group_id), and no other optional field', () => {
    const form = [
      field({ variable: 'minimax_api_key', type: 'secret-input', required: true }),
      field({ variable: 'minimax_group_id', placeholder: 'Required only for legacy models' }),
      field({ variable: 'organization' }),
      field({ variable: 'endpoint_url', default: 'https://api.minimaxi.com' }),
    ];
    const { values, filled } = fillForMock(info(form), [provider('text-embedding')], {}, BASE, new Set(['minimax_group_id', 'minimax_api_key', 'endpoint_url']));
    expect(values).toEqual({ minimax_api_key: MOCK_API_KEY, minimax_group_id: 'mock-minimax-group-id' });
    expect(filled.find((f) => f.variable === 'minimax_group_id')!.why).toBe('dummy (read by the code)');
    // Without the code's reads it stays empty, as Dify would leave it.
    expect(fillForMock(info(form), [provider('text-embedding')], {}, BASE).values).toEqual({ minimax_api_key: MOCK_API_KEY });
  });

  it('reads which credentials the sources index unchecked (credentials["x"], not .get, not after "x" in credentials)', () => {
    const plugin = loadPlugin(join(CORPUS_DIR, 'minimax'));
    const keys = keysReadUnguarded(plugin);
    expect(keys.has('minimax_group_id')).toBe(true);
    expect(keys.has('minimax_api_key')).toBe(true);
  });

  it('names customizable models owner/name when the plugin says so (Replicate: "format: {user_name}/{model_name}")', () => {
    const replicate = pluginInfo(loadPlugin(join(CORPUS_DIR, 'replicate')));
    expect(replicate.ownerSlashName).toBe(true);
    expect(resolveTargets(replicate, undefined, { byType: {} }, true).map((t) => t.model)).toEqual(['mock/mock-llm', 'mock/mock-text-embedding']);
    const tei = pluginInfo(loadPlugin(join(CORPUS_DIR, 'huggingface_tei')));
    expect(tei.ownerSlashName).toBeUndefined();
    expect(resolveTargets(tei, undefined, { byType: {} }, true).map((t) => t.model)).toEqual(['mock-text-embedding', 'mock-rerank']);
  });

  // llmprovider (a third-party plugin) declares rerank and text-embedding but ships no model of
  // either, with predefined-model only: a default run invokes the rest and lists those as not run.
  it('leaves out of a default run a declared type that has no model at all, and refuses it when asked for', () => {
    const llmprovider: PluginInfo = {
      ...info([field({ variable: 'api_key', type: 'secret-input', required: true })]),
      supportedTypes: ['llm', 'rerank', 'tts'],
      predefined: [
        { type: 'llm', model: 'chat-1' },
        { type: 'tts', model: 'voice-1' },
      ] as PluginInfo['predefined'],
    };
    const unservable: { type: string; reason: string }[] = [];
    expect(resolveTargets(llmprovider, undefined, { byType: {} }, true, unservable).map((t) => `${t.type} ${t.model}`)).toEqual(['llm chat-1', 'tts voice-1']);
    expect(unservable).toEqual([{ type: 'rerank', reason: expect.stringContaining('declares rerank but has no rerank model') }]);
    expect(() => resolveTargets(llmprovider, ['rerank'], { byType: {} }, true, [])).toThrow(/has no predefined rerank model/);
    const nothing: PluginInfo = { ...llmprovider, predefined: [] };
    expect(() => resolveTargets(nothing, undefined, { byType: {} }, true, [])).toThrow(/has no model of any type it declares \(llm, rerank, tts\)/);
  });

  it('fills a service account key field with a usable key (base64 when asked), and a Google location with a Google region', () => {
    const form = [
      field({ variable: 'vertex_service_account_key', type: 'secret-input', label: 'Service Account Key (Leave blank if you use Application Default Credentials)', placeholder: 'Enter your Google Cloud Service Account Key in base64 format' }),
      field({ variable: 'vertex_location', required: true, label: 'Location', placeholder: 'Enter your Google Cloud Location' }),
      field({ variable: 'aws_region', required: true }),
    ];
    const { values, filled } = fillForMock(info(form), [provider()], {}, BASE);
    const key = JSON.parse(Buffer.from(String(values.vertex_service_account_key), 'base64').toString('utf8'));
    expect(key).toMatchObject({ type: 'service_account', token_uri: 'https://oauth2.googleapis.com/token', private_key: expect.stringMatching(/^-----BEGIN PRIVATE KEY-----/) });
    expect(filled.find((f) => f.variable === 'vertex_service_account_key')!.secret).toBe(true);
    expect(values.vertex_location).toBe('us-central1');
    expect(values.aws_region).toBe('us-east-1');
  });

  it('replaces {mock} in given values with the mock base URL', () => {
    expect(substituteMockPlaceholder({ endpoint_url: '{mock}/v1', api_key: 'k' }, BASE)).toEqual({ endpoint_url: `${BASE}/v1`, api_key: 'k' });
  });
});

describe('credentials from the environment', () => {
  it('reads -c key=env:NAME and says which variable is missing, never a value', () => {
    process.env.MP_TEST_KEY_A = 'sk-from-env';
    try {
      expect(parseCredentialFlags(['api_key=env:MP_TEST_KEY_A', 'x=plain'])).toEqual({ api_key: 'sk-from-env', x: 'plain' });
      expect(() => parseCredentialFlags(['api_key=env:MP_TEST_NOT_SET_9'])).toThrow(/MP_TEST_NOT_SET_9 is not set/);
    } finally {
      delete process.env.MP_TEST_KEY_A;
    }
  });

  it('reads MODEL_PLUGIN_CREDENTIAL_<VARIABLE> for the form variables (exact or upper case)', () => {
    const env = { MODEL_PLUGIN_CREDENTIAL_API_KEY: 'sk-1', MODEL_PLUGIN_CREDENTIAL_endpoint_url: 'http://h/v1', MODEL_PLUGIN_CREDENTIAL_OTHER: 'no' };
    expect(credentialsFromEnv(['api_key', 'endpoint_url', 'mode'], env)).toEqual({ api_key: 'sk-1', endpoint_url: 'http://h/v1' });
  });

  it('reads a .env-style --credentials file (export, quotes, comments, prefixed names, env:NAME)', () => {
    process.env.MP_TEST_KEY_B = 'sk-b';
    try {
      const dir = tempDir();
      const file = join(dir, 'creds.env');
      writeFileSync(file, '# my keys\nexport api_key=env:MP_TEST_KEY_B\nendpoint_url="http://127.0.0.1:9/v1"\nMODEL_PLUGIN_CREDENTIAL_MODE=chat\n');
      expect(readCredentialsFile(file)).toEqual({ api_key: 'sk-b', endpoint_url: 'http://127.0.0.1:9/v1', MODE: 'chat' });
      const plain = join(dir, 'creds');
      writeFileSync(plain, 'api_key=sk-c\nmode=chat\n'); // no extension: KEY=value lines are not YAML
      expect(readCredentialsFile(plain)).toEqual({ api_key: 'sk-c', mode: 'chat' });
      const yaml = join(dir, 'creds.yaml');
      writeFileSync(yaml, 'api_key: sk-d\n');
      expect(readCredentialsFile(yaml)).toEqual({ api_key: 'sk-d' });
    } finally {
      delete process.env.MP_TEST_KEY_B;
    }
  });

  it('is a usage error when an env: reference in a file is not set', () => {
    const file = join(tempDir(), '.env');
    writeFileSync(file, 'api_key=env:MP_TEST_NOT_SET_7\n');
    expect(() => readCredentialsFile(file)).toThrow(UsageError);
  });
});

describe('--mock fills selects whose options depend on the model type per type', () => {
  it("gives each type the first option Dify's UI offers it (Azure's base_model_name), and a given value still wins", async () => {
    const byType = (value: string, type: string) => ({ value, label: value, showOn: [{ variable: '__model_type', value: type }] });
    const form = [
      field({ variable: 'openai_api_key', type: 'secret-input', required: true }),
      field({ variable: 'base_model_name', type: 'select', required: true, options: [byType('gpt-5', 'llm'), byType('gpt-5-mini', 'llm'), byType('text-embedding-3-small', 'text-embedding'), byType('tts-1', 'tts')] }),
    ];
    const targets = [custom('llm'), custom('text-embedding'), custom('tts')];
    const { values, filled, byType: perType } = fillForMock(info(null, form), targets, {}, BASE);
    expect(values.base_model_name).toBeUndefined();
    expect(filled.filter((f) => f.variable === 'base_model_name').map((f) => `${f.value} (${f.why})`)).toEqual([
      'gpt-5 (first llm option)',
      'text-embedding-3-small (first text-embedding option)',
      'tts-1 (first tts option)',
    ]);
    const resolved = await resolveCredentials(info(null, form), targets, values, { byType: perType });
    expect(resolved.perTarget.map((c) => c.base_model_name)).toEqual(['gpt-5', 'text-embedding-3-small', 'tts-1']);
    const given = fillForMock(info(null, form), targets, { base_model_name: 'gpt-5-mini' }, BASE);
    expect(given.byType.size).toBe(0);
    expect((await resolveCredentials(info(null, form), targets, given.values, { byType: given.byType })).perTarget.map((c) => c.base_model_name)).toEqual(['gpt-5-mini', 'gpt-5-mini', 'gpt-5-mini']);
  });
});
