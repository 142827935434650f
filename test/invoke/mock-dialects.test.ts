// Each dialect of the mock upstream over real HTTP: routing by upstream host (the x-mock-upstream
// header the CLI's proxy adds) and by path, the vendor's answer shapes, keys, the model
// allow-list, error shapes, faults, and byte-for-byte repeatable answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer, type RequestLogEntry } from '../../src/invoke/mock-server/server.js';
import { SPEECH_FORMATS } from '../../src/invoke/mock-server/audio-formats.js';
import { FAULT_KINDS } from '../../src/invoke/mock-server/faults.js';
import { encode } from '@msgpack/msgpack';
import { FISH_VOICE_ID } from '../../src/invoke/mock-server/dialects/fishaudio.js';
import { SHISA_VOICE_ID } from '../../src/invoke/mock-server/dialects/shisa.js';
import { sineWav } from '../../src/invoke/audio.js';
import { crc32 } from '../../src/invoke/mock-server/dialects/bedrock.js';

let server: MockServer;
const log: RequestLogEntry[] = [];
beforeAll(async () => {
  server = await startMockServer({ onRequest: (e) => log.push(e), models: ['m', 'gpt-4o', 'claude-x', 'gemini-2.0-flash', 'command-r', 'llama3', 'ens', 'qwen-plus', 'jina-embeddings-v3', 'text-embedding-ada-002', 'nomic-embed-text-v1.5'] });
});
afterAll(async () => {
  await server.close();
});

type Opts = { host?: string; headers?: Record<string, string>; method?: string; /** another mock server than the file's */ origin?: string };
async function call(path: string, body?: unknown, o: Opts = {}) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(o.host ? { 'x-mock-upstream': o.host } : {}), ...o.headers };
  const res = await fetch(`${o.origin ?? server.origin}${path}`, { method: o.method ?? (body === undefined ? 'GET' : 'POST'), headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, type: res.headers.get('content-type') ?? '', headers: res.headers };
}
const bearer = { Authorization: 'Bearer sk-test' };

describe('routing', () => {
  it('routes by the upstream host, and logs host, dialect, served, status (no headers)', async () => {
    log.length = 0;
    const r = await call('/v1/messages', { model: 'claude-x', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }, { host: 'https://api.anthropic.com', headers: { 'x-api-key': 'sk-secret-key' } });
    expect(r.status).toBe(200);
    expect(r.json.type).toBe('message');
    expect(log.at(-1)).toMatchObject({ method: 'POST', host: 'api.anthropic.com', path: '/v1/messages', dialect: 'anthropic', served: true, status: 200 });
    expect(JSON.stringify(log)).not.toContain('sk-secret-key');
  });

  it('answers a request no dialect serves with a 404 naming method, host and path, marked unserved', async () => {
    log.length = 0;
    const r = await call('/v2/foo', {}, { host: 'https://api.example.com' });
    expect(r.status).toBe(404);
    expect(r.json.error.message).toBe('model-plugin mock: no dialect serves POST api.example.com/v2/foo');
    expect(log.at(-1)).toMatchObject({ host: 'api.example.com', dialect: null, served: false, status: 404 });
  });

  it('sends an unknown host with an OpenAI-compatible path to the openai dialect', async () => {
    const r = await call('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { host: 'https://api.deepseek.com', headers: bearer });
    expect(r.status).toBe(200);
    expect(r.json.object).toBe('chat.completion');
  });

  it('gives an unknown cloud host the OpenAI-compatible answers, never a vendor dialect matched only by path (Jina, Anthropic)', async () => {
    const emb = await call('/v1/embeddings', { model: 'm', input: ['a', 'b'] }, { host: 'https://api.cometapi.com', headers: bearer });
    expect(emb.status).toBe(200);
    expect(emb.json.object).toBe('list');
    expect(log.at(-1)).toMatchObject({ host: 'api.cometapi.com', dialect: 'openai' });
    const bad = await call('/v1/embeddings', { model: 'm', input: [{ foo: 1 }] }, { host: 'https://open.bigmodel.cn', headers: bearer });
    expect(bad.status).toBe(400);
    expect(bad.json.error.type).toBe('invalid_request_error'); // OpenAI's shape, not Jina's {"detail"}
    const models = await call('/v1/models', undefined, { host: 'https://api.example.org', headers: bearer });
    expect(models.json.object).toBe('list');
    expect(log.at(-1)).toMatchObject({ dialect: 'openai' });
  });

  it('routes direct calls by path shape', async () => {
    expect((await call('/api/chat', { model: 'llama3', stream: false, messages: [{ role: 'user', content: 'hi' }] })).json.message.role).toBe('assistant');
    expect((await call('/v2/models/ens/generate', { text_input: 'hi', max_tokens: 5 })).json.text_output).toBeTruthy();
    expect((await call('/embed', { inputs: ['a', 'b'] })).json).toHaveLength(2);
    expect((await call('/info')).json.model_type).toHaveProperty('embedding');
    expect((await call('/reranker/info')).json.model_type).toHaveProperty('reranker');
    expect((await call('/api/v1/health')).json.status).toBe('ok');
    expect((await call('/v1/generate', { prompt: 'hi', llm_config: {}, stop: [] })).json.outputs[0].text).toContain('hi');
  });
});

describe('faithful by default', () => {
  it('refuses a missing key with 401 in the vendor shape', async () => {
    const oa = await call('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(oa.status).toBe(401);
    expect(oa.json.error.message).toMatch(/You didn't provide an API key/);
    const an = await call('/v1/messages', { model: 'claude-x', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, { host: 'https://api.anthropic.com' });
    expect(an.status).toBe(401);
    expect(an.json).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const empty = await call('/v1/embeddings', { model: 'm', input: 'x' }, { headers: { Authorization: 'Bearer ' } });
    expect(empty.status).toBe(401);
  });

  it('refuses an unknown model with the vendor\'s "model not found"', async () => {
    const oa = await call('/v1/chat/completions', { model: 'gpt-4oo', messages: [{ role: 'user', content: 'x' }] }, { headers: bearer });
    expect(oa.status).toBe(404);
    expect(oa.json.error).toMatchObject({ code: 'model_not_found', message: 'The model `gpt-4oo` does not exist or you do not have access to it.' });
    const ol = await call('/api/chat', { model: 'nope', messages: [] });
    expect(ol).toMatchObject({ status: 404, json: { error: 'model "nope" not found, try pulling it first' } });
    const ge = await call('/v1beta/models/gemini-nope:generateContent', { contents: [{ parts: [{ text: 'x' }] }] }, { host: 'https://generativelanguage.googleapis.com', headers: { 'x-goog-api-key': 'k' } });
    expect(ge.status).toBe(404);
    expect(ge.json.error.status).toBe('NOT_FOUND');
  });

  it('sends streaming usage only when stream_options.include_usage asks for it', async () => {
    const body = { model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] };
    const without = await call('/v1/chat/completions', body, { headers: bearer });
    expect(without.text).not.toContain('"usage"');
    const withUsage = await call('/v1/chat/completions', { ...body, stream_options: { include_usage: true } }, { headers: bearer });
    const pieces = withUsage.text.split('\n\n').filter((p) => p.startsWith('data: {')).map((p) => JSON.parse(p.slice(6)));
    expect(pieces.at(-1).usage.total_tokens).toBeGreaterThan(0);
    expect(pieces.slice(0, -1).every((p) => p.usage === null)).toBe(true);
  });

  it('produces every OpenAI speech format with real container bytes', async () => {
    const magic: Record<string, (b: Buffer) => boolean> = {
      mp3: (b) => b.subarray(0, 3).toString('latin1') === 'ID3' && b[10] === 0xff,
      opus: (b) => b.subarray(0, 4).toString('latin1') === 'OggS' && b.includes(Buffer.from('OpusHead')),
      aac: (b) => b[0] === 0xff && (b[1] & 0xf6) === 0xf0,
      flac: (b) => b.subarray(0, 4).toString('latin1') === 'fLaC',
      wav: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WAVE',
      pcm: (b) => b.length > 1000 && b.length % 2 === 0,
    };
    expect(Object.keys(SPEECH_FORMATS).sort()).toEqual(Object.keys(magic).sort());
    for (const format of Object.keys(magic)) {
      const res = await fetch(`${server.origin}/v1/audio/speech`, { method: 'POST', headers: bearer, body: JSON.stringify({ model: 'm', input: 'Hello', voice: 'alloy', response_format: format }) });
      expect(res.status, format).toBe(200);
      expect(magic[format](Buffer.from(await res.arrayBuffer())), format).toBe(true);
    }
  });

  it('takes only OpenAI\'s voices and the plugin\'s when told them', async () => {
    const s = await startMockServer({ voices: ['af_sky'] });
    try {
      const speak = (voice: string) => fetch(`${s.origin}/v1/audio/speech`, { method: 'POST', headers: bearer, body: JSON.stringify({ model: 'm', input: 'x', voice }) });
      expect((await speak('alloy')).status).toBe(200);
      expect((await speak('af_sky')).status).toBe(200);
      const bad = await speak('nobody');
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toMatchObject({ param: 'voice', message: expect.stringMatching(/^Invalid value: 'nobody'\. Supported values are: 'alloy', .*'af_sky'\.$/) });
    } finally {
      await s.close();
    }
  });

  it('honours dimensions only where the model supports it', async () => {
    const ok = await call('/v1/embeddings', { model: 'm', input: 'x', dimensions: 8 }, { headers: bearer });
    expect(ok.json.data[0].embedding).toHaveLength(8);
    const ada = await call('/v1/embeddings', { model: 'text-embedding-ada-002', input: 'x', dimensions: 8 }, { headers: bearer });
    expect(ada.status).toBe(400);
    expect(ada.json.error.message).toBe('This model does not support specifying dimensions.');
  });

  it('accepts token-array inputs in OpenAI embeddings and object inputs only in Jina\'s', async () => {
    expect((await call('/v1/embeddings', { model: 'm', input: [[1, 2, 3], [4, 5]] }, { headers: bearer })).json.data).toHaveLength(2);
    const jina = await call('/v1/embeddings', { model: 'jina-embeddings-v3', input: [{ text: 'a' }, 'b'] }, { host: 'https://api.jina.ai', headers: bearer });
    expect(jina.json.data).toHaveLength(2);
    const oa = await call('/v1/embeddings', { model: 'm', input: [{ foo: 'a' }] }, { host: 'https://api.openai.com', headers: bearer });
    expect(oa.status).toBe(400);
  });

  it('answers transcriptions in text, srt, vtt and verbose_json', async () => {
    const upload = async (format: string) => {
      const form = new FormData();
      form.append('model', 'm');
      form.append('file', new Blob([Buffer.alloc(100, 1)]), 'a.mp3');
      form.append('response_format', format);
      const res = await fetch(`${server.origin}/v1/audio/transcriptions`, { method: 'POST', headers: bearer, body: form });
      return { status: res.status, text: await res.text() };
    };
    expect((await upload('text')).text).toMatch(/^Mock transcription/);
    expect((await upload('srt')).text).toMatch(/^1\n00:00:00,000 --> 00:00:01,000\nMock/);
    expect((await upload('vtt')).text).toMatch(/^WEBVTT\n\n00:00:00\.000 --> /);
    expect(JSON.parse((await upload('verbose_json')).text)).toMatchObject({ task: 'transcribe', segments: [{ id: 0 }] });
  });
});

describe('dialect shapes', () => {
  it('OpenAI Responses API, plain and streamed as typed events', async () => {
    const plain = await call('/v1/responses', { model: 'm', input: 'Say hi' }, { headers: bearer });
    expect(plain.json).toMatchObject({ object: 'response', status: 'completed', output: [{ type: 'message', content: [{ type: 'output_text' }] }] });
    expect(plain.json.usage.total_tokens).toBe(plain.json.usage.input_tokens + plain.json.usage.output_tokens);
    const streamed = await call('/v1/responses', { model: 'm', input: [{ role: 'user', content: 'Say hi' }], stream: true }, { headers: bearer });
    const events = [...streamed.text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    expect(events[0]).toBe('response.created');
    expect(events.at(-1)).toBe('response.completed');
    expect(events).toContain('response.output_text.delta');
  });

  // kurokobo's openai_llm_reranker ranks documents with Structured Outputs and parses output_text:
  // a permutation of enum ids, or one {id, score} object per id.
  it('OpenAI Responses API with text.format json_schema answers a JSON instance of the schema', async () => {
    const ids = { type: 'integer', enum: [0, 1, 2] };
    const format = (schema: object) => ({ format: { type: 'json_schema', name: 'r', strict: true, schema } });
    const ranking = await call('/v1/responses', { model: 'm', input: 'rank', text: format({ type: 'object', properties: { ranking: { type: 'array', items: ids } }, required: ['ranking'], additionalProperties: false }) }, { headers: bearer });
    expect(ranking.status).toBe(200);
    expect(ranking.json.text.format).toMatchObject({ type: 'json_schema', name: 'r' });
    expect(JSON.parse(ranking.json.output[0].content[0].text)).toEqual({ ranking: [0, 1, 2] });
    const scored = { type: 'object', properties: { results: { type: 'array', items: { type: 'object', properties: { id: ids, score: { type: 'number', enum: [0.0, 0.5, 1.0] }, why: { type: 'string' } } } } } };
    const streamed = await call('/v1/responses', { model: 'm', input: 'score', stream: true, text: format(scored) }, { headers: bearer });
    const done = [...streamed.text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1])).find((e) => e.type === 'response.output_text.done');
    expect(JSON.parse(done.text)).toEqual({ results: [0, 1, 2].map((id) => ({ id, score: 0, why: 'mock' })) });
    const noSchema = await call('/v1/responses', { model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'r' } } }, { headers: bearer });
    expect(noSchema.status).toBe(400);
    expect(noSchema.text).toContain('text.format.schema');
  });

  // shisa-ai/dify-plugin-shisa-ai checks its key with the voice catalogue, speaks through /tts and
  // transcribes base64 audio; its chat models are OpenAI-compatible under /openai/v1.
  it('Shisa AI native speech endpoints on api.shisa.ai, and its OpenAI-compatible chat through', async () => {
    const h = { host: 'https://api.shisa.ai', headers: bearer };
    const voices = await call('/tts/voices', undefined, h);
    expect(voices.status).toBe(200);
    expect(voices.json[0]).toMatchObject({ id: SHISA_VOICE_ID, formats: expect.arrayContaining(['mp3']) });
    const speech = await fetch(`${server.origin}/tts`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-mock-upstream': 'https://api.shisa.ai', ...bearer }, body: JSON.stringify({ voice_id: SHISA_VOICE_ID, format: 'mp3', stream: false, text: 'こんにちは' }) });
    expect(speech.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await speech.arrayBuffer()).subarray(0, 3).toString()).toBe('ID3');
    expect((await call('/tts', { voice_id: 'nobody', text: 'x' }, h)).status).toBe(404);
    const asr = await call('/asr/srt/audio_llm', { audio: sineWav(0.2).toString('base64') }, h);
    expect(asr.json.text).toMatch(/^Mock transcription/);
    const noKey = await call('/tts/voices', undefined, { host: 'https://api.shisa.ai' });
    expect(noKey.status).toBe(401);
    expect(noKey.json).toHaveProperty('detail');
    const chat = await call('/openai/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, h);
    expect(chat.json.object).toBe('chat.completion');
  });

  it('Anthropic streams message events and counts tokens', async () => {
    const h = { host: 'https://api.anthropic.com', headers: { 'x-api-key': 'k' } };
    const s = await call('/v1/messages', { model: 'claude-x', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hello there' }] }, h);
    const events = [...s.text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    expect(events[0]).toBe('message_start');
    expect(events).toContain('content_block_delta');
    expect(events.at(-1)).toBe('message_stop');
    expect((await call('/v1/messages/count_tokens', { model: 'claude-x', messages: [{ role: 'user', content: 'a b c' }] }, h)).json.input_tokens).toBe(3);
    const noMax = await call('/v1/messages', { model: 'claude-x', messages: [{ role: 'user', content: 'x' }] }, h);
    expect(noMax.json.error).toMatchObject({ type: 'invalid_request_error', message: 'max_tokens: Field required' });
  });

  it('Gemini generateContent, SSE streamGenerateContent, embedContent, countTokens', async () => {
    const h = { host: 'https://generativelanguage.googleapis.com', headers: { 'x-goog-api-key': 'k' } };
    const body = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
    const g = await call('/v1beta/models/gemini-2.0-flash:generateContent', body, h);
    expect(g.json.candidates[0]).toMatchObject({ content: { role: 'model' }, finishReason: 'STOP' });
    const s = await call('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse', body, h);
    expect(s.text.split('\r\n\r\n').filter(Boolean).length).toBeGreaterThan(1);
    const e = await call('/v1beta/models/gemini-2.0-flash:embedContent', { content: { parts: [{ text: 'x' }] }, outputDimensionality: 16 }, h);
    expect(e.json.embedding.values).toHaveLength(16);
    expect((await call('/v1beta/models/gemini-2.0-flash:countTokens', body, h)).json.totalTokens).toBe(1);
    const noKey = await call('/v1beta/models/gemini-2.0-flash:generateContent', body, { host: h.host });
    expect(noKey.status).toBe(403);
    expect(noKey.json.error.status).toBe('PERMISSION_DENIED');
  });

  it('Cohere v1 chat streams newline-delimited events; v2 chat, embed, rerank, tokenize, models', async () => {
    const h = { host: 'https://api.cohere.com', headers: bearer };
    const s = await call('/v1/chat', { model: 'command-r', message: 'hi', stream: true }, h);
    const events = s.text.trim().split('\n').map((l) => JSON.parse(l).event_type);
    expect(events[0]).toBe('stream-start');
    expect(events.at(-1)).toBe('stream-end');
    expect((await call('/v2/chat', { model: 'command-r', messages: [{ role: 'user', content: 'hi' }] }, h)).json.message.content[0].type).toBe('text');
    expect((await call('/v1/embed', { model: 'command-r', texts: ['a'], input_type: 'search_document' }, h)).json.response_type).toBe('embeddings_floats');
    expect((await call('/v2/embed', { model: 'command-r', texts: ['a'], input_type: 'search_document', embedding_types: ['float'] }, h)).json.embeddings.float).toHaveLength(1);
    expect((await call('/v2/rerank', { model: 'command-r', query: 'capital of France', documents: ['Paris France capital', 'bananas'] }, h)).json.results[0].index).toBe(0);
    expect((await call('/v1/tokenize', { model: 'command-r', text: 'a b' }, h)).json.tokens).toHaveLength(2);
    expect((await call('/v1/models/command-r', undefined, h)).json.name).toBe('command-r');
    expect((await call('/v1/chat', { message: 'x' }, { host: h.host })).json).toEqual({ message: 'no api key supplied' });
  });

  it('Ollama streams newline-delimited JSON by default, embeds, shows', async () => {
    const s = await call('/api/generate', { model: 'llama3', prompt: 'hi' });
    const lines = s.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
    expect(lines.at(-1).eval_count).toBe(lines.length - 1);
    expect((await call('/api/embed', { model: 'llama3', input: ['a', 'b'] })).json.embeddings).toHaveLength(2);
    expect((await call('/api/embeddings', { model: 'llama3', prompt: 'a' })).json.embedding).toHaveLength(768);
    expect((await call('/api/show', { model: 'llama3' })).json.model_info['llama.context_length']).toBe(8192);
  });

  it('TEI rerank and tokenize; HF Inference API feature extraction', async () => {
    const r = await call('/rerank', { query: 'capital of France', texts: ['bananas', 'Paris is the capital of France'], return_text: true });
    expect(r.json[0]).toMatchObject({ index: 1, text: 'Paris is the capital of France' });
    expect((await call('/tokenize', { inputs: 'a b' })).json[0]).toHaveLength(4);
    const hf = await call('/models/m', { inputs: ['a', 'b'] }, { host: 'https://api-inference.huggingface.co', headers: bearer });
    expect(hf.json).toHaveLength(2);
  });

  it('DashScope native generation (with SSE), embeddings, rerank; compatible mode is OpenAI', async () => {
    const h = { host: 'https://dashscope.aliyuncs.com', headers: bearer };
    const g = await call('/api/v1/services/aigc/text-generation/generation', { model: 'qwen-plus', input: { messages: [{ role: 'user', content: 'hi' }] }, parameters: { result_format: 'message' } }, h);
    expect(g.json.output.choices[0].message.role).toBe('assistant');
    const s = await call('/api/v1/services/aigc/text-generation/generation', { model: 'qwen-plus', input: { prompt: 'hi' } }, { host: h.host, headers: { ...bearer, 'X-DashScope-SSE': 'enable' } });
    expect(s.text).toMatch(/^id:1\nevent:result\n:HTTP_STATUS\/200\ndata:\{/);
    expect((await call('/api/v1/services/embeddings/text-embedding/text-embedding', { model: 'qwen-plus', input: { texts: ['a'] } }, h)).json.output.embeddings[0].text_index).toBe(0);
    expect((await call('/api/v1/services/rerank/text-rerank/text-rerank', { model: 'qwen-plus', input: { query: 'q', documents: ['a', 'b'] } }, h)).json.output.results).toHaveLength(2);
    expect((await call('/compatible-mode/v1/chat/completions', { model: 'qwen-plus', messages: [{ role: 'user', content: 'x' }] }, h)).json.object).toBe('chat.completion');
    const bad = await call('/api/v1/services/aigc/text-generation/generation', { model: 'qwen-nope', input: { prompt: 'x' } }, h);
    expect(bad.json).toMatchObject({ code: 'InvalidParameter', message: 'Model not exist.' });
  });

  it('Jina rerank returns documents; Dify-style /rerank by default does not', async () => {
    const j = await call('/v1/rerank', { model: 'm', query: 'q', documents: ['a'] }, { host: 'https://api.jina.ai', headers: bearer });
    expect(j.json.results[0].document.text).toBe('a');
    const d = await call('/v1/rerank', { model: 'm', query: 'q', documents: ['a'] }, { headers: bearer });
    expect(d.json.results[0].document).toBeUndefined();
  });

  it('answers the same request with the same bytes', async () => {
    const body = { model: 'm', stream: true, messages: [{ role: 'user', content: 'repeat me' }] };
    const a = await call('/v1/chat/completions', body, { headers: bearer });
    const b = await call('/v1/chat/completions', body, { headers: bearer });
    expect(a.text).toBe(b.text);
    expect(a.text).toContain('repeat');
  });
});

describe('vendor dialects chosen by host', () => {
  it('Voyage rerank answers in "data" with documents as strings; Mixedbread reranking takes mixedbread-ai/<model>', async () => {
    const vo = await call('/v1/rerank', { model: 'm', query: 'cats', documents: ['dogs', 'cats purr'], top_k: 1, return_documents: true }, { host: 'https://api.voyageai.com', headers: bearer });
    expect(vo.json.data).toEqual([{ relevance_score: expect.any(Number), index: 1, document: 'cats purr' }]);
    const mb = await call('/v1/reranking', { model: 'mixedbread-ai/m', query: 'cats', input: ['dogs', 'cats purr'], return_input: true }, { host: 'https://api.mixedbread.com', headers: bearer });
    expect(mb.json.data[0]).toMatchObject({ index: 1, input: 'cats purr', object: 'rank_result' });
    const unknown = await call('/v1/reranking', { model: 'mixedbread-ai/nope', query: 'q', input: ['a'] }, { host: 'https://api.mixedbread.com', headers: bearer });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ detail: "Model 'nope' not found.", message: "Model 'nope' not found." });
  });

  it('Fish Audio: voice list, MessagePack TTS (real MP3 bytes) and ASR; errors are {status, message}', async () => {
    const h = { host: 'https://api.fish.audio', headers: bearer };
    const list = await call('/model?page_size=10&page_number=1&self=true', undefined, h);
    expect(list.json.items.map((m: any) => m._id)).toEqual([FISH_VOICE_ID]);
    const msgpack = (value: unknown, extra: Record<string, string> = {}) =>
      fetch(`${server.origin}/v1/tts`, { method: 'POST', headers: { 'x-mock-upstream': 'https://api.fish.audio', ...bearer, 'Content-Type': 'application/msgpack', model: 'm', ...extra }, body: Buffer.from(encode(value)) });
    const tts = await msgpack({ text: 'hello', format: 'mp3', reference_id: FISH_VOICE_ID });
    const audio = Buffer.from(await tts.arrayBuffer());
    expect(tts.status).toBe(200);
    expect(audio.subarray(0, 3).toString('latin1')).toBe('ID3');
    const wrongVoice = await msgpack({ text: 'hello', reference_id: 'alloy' });
    expect(wrongVoice.status).toBe(400);
    expect(await wrongVoice.json()).toEqual({ status: 400, message: 'Reference not found: alloy' });
    const asr = await fetch(`${server.origin}/v1/asr`, { method: 'POST', headers: { 'x-mock-upstream': 'https://api.fish.audio', ...bearer, 'Content-Type': 'application/msgpack' }, body: Buffer.from(encode({ audio: sineWav(1, 16000), ignore_timestamps: false })) });
    const text = await asr.json();
    expect(text).toMatchObject({ text: expect.stringMatching(/^Mock transcription of 1\.00 s of 16000 Hz WAV audio/), duration: 1000 });
    expect(text.segments).toHaveLength(1);
    const noKey = await call('/model', undefined, { host: 'https://api.fish.audio' });
    expect(noKey.status).toBe(401);
    expect(noKey.json).toEqual({ status: 401, message: 'Invalid API key' });
  });

  it('Nomic: a refresh token becomes a JWT access token; /v1/embedding/text checks task_type and honours dimensionality', async () => {
    const h = { host: 'https://api-atlas.nomic.ai' };
    const r = await call('/v1/user/token/refresh/some-refresh-token', undefined, h);
    const payload = JSON.parse(Buffer.from(r.json.access_token.split('.')[1], 'base64url').toString());
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
    const auth = { ...h, headers: { Authorization: `Bearer ${r.json.access_token}` } };
    const e = await call('/v1/embedding/text', { model: 'nomic-embed-text-v1.5', texts: ['a', 'b'], task_type: 'search_document', dimensionality: 64 }, auth);
    expect(e.json.embeddings.map((v: number[]) => v.length)).toEqual([64, 64]);
    expect(e.json.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
    expect((await call('/v1/embedding/text', { model: 'nomic-embed-text-v1.5', texts: ['a'], task_type: 'search' }, auth)).status).toBe(422);
    expect((await call('/v1/embedding/text', { model: 'nomic-embed-text-v1.5', texts: ['a'] }, h)).json).toEqual({ detail: 'Not authenticated' });
  });

  it('Tencent flash ASR: signed query and raw audio; errors are HTTP 200 with a code', async () => {
    const q = 'secretid=sid&timestamp=1&engine_type=16k_zh&voice_format=wav';
    const post = (headers: Record<string, string>) => fetch(`${server.origin}/asr/flash/v1/123?${q}`, { method: 'POST', headers: { 'x-mock-upstream': 'https://asr.cloud.tencent.com', ...headers }, body: sineWav(0.5, 16000) });
    const ok = await (await post({ Authorization: 'c2lnbmF0dXJl' })).json();
    expect(ok).toMatchObject({ code: 0, message: 'success', audio_duration: 500 });
    expect(ok.flash_result[0].text).toMatch(/^Mock transcription of 0\.50 s/);
    const unsigned = await post({});
    expect(unsigned.status).toBe(200);
    expect(await unsigned.json()).toMatchObject({ code: 4002 });
  });

  it('Gitee AI: the account probe, speech without a voice, multimodal rerank with 1-based indexes', async () => {
    const h = { host: 'https://ai.gitee.com', headers: bearer };
    expect((await call('/api/base/account/me', undefined, h)).status).toBe(200);
    expect((await call('/api/base/account/me', undefined, { host: 'https://ai.gitee.com' })).status).toBe(401);
    const speech = await fetch(`${server.origin}/v1/audio/speech`, { method: 'POST', headers: { 'x-mock-upstream': 'https://ai.gitee.com', ...bearer, 'Content-Type': 'application/json' }, body: JSON.stringify({ model: 'm', input: 'hi' }) });
    expect(speech.status).toBe(200);
    const rr = await call('/v1/rerank/multimodal', { model: 'm', query: { text: 'cats' }, documents: [{ text: 'dogs' }, { text: 'cats purr' }], return_documents: true }, h);
    expect(rr.json[0]).toMatchObject({ index: 2, document: { text: 'cats purr' } });
    // Elsewhere, speech keeps OpenAI's rule: voice is required.
    expect((await call('/v1/audio/speech', { model: 'm', input: 'hi' }, { host: 'https://api.openai.com', headers: bearer })).status).toBe(400);
  });

  it('Tencent Cloud API 3.0 (Hunyuan): the action in X-TC-Action, TC3 signature shape checked, errors as Response.Error with HTTP 200', async () => {
    const tc3 = `TC3-HMAC-SHA256 Credential=AKIDmock/2026-01-01/hunyuan/tc3_request, SignedHeaders=content-type;host, Signature=${'a'.repeat(64)}`;
    const post = async (action: string, body: unknown, auth?: string) => {
      const res = await fetch(`${server.origin}/`, { method: 'POST', headers: { 'x-mock-upstream': 'https://hunyuan.tencentcloudapi.com', 'Content-Type': 'application/json', 'X-TC-Action': action, 'X-TC-Version': '2023-09-01', ...(auth ? { Authorization: auth } : {}) }, body: JSON.stringify(body) });
      return { status: res.status, type: res.headers.get('content-type'), json: await res.json() };
    };
    const chat = await post('ChatCompletions', { Model: 'm', Messages: [{ Role: 'user', Content: 'hello there' }] }, tc3);
    expect(chat.type).toBe('application/json'); // the SDK reads errors only under exactly this type
    expect(chat.json.Response.Choices[0].Message).toMatchObject({ Role: 'assistant', Content: expect.stringContaining('hello') });
    expect(chat.json.Response.Usage.TotalTokens).toBeGreaterThan(0);
    const emb = await post('GetEmbedding', { InputList: ['a', 'b'] }, tc3);
    expect(emb.json.Response.Data.map((d: any) => d.Embedding.length)).toEqual([1024, 1024]);
    const noInput = await post('GetEmbedding', { Model: 'm', Inputs: ['a'] }, tc3); // hunyuan's takes Input/InputList
    expect([noInput.status, noInput.json.Response.Error.Code]).toEqual([200, 'InvalidParameter']);
    const lkeap = await fetch(`${server.origin}/`, { method: 'POST', headers: { 'x-mock-upstream': 'https://lkeap.tencentcloudapi.com', 'Content-Type': 'application/json', 'X-TC-Action': 'GetEmbedding', 'X-TC-Version': '2024-05-22', Authorization: tc3 }, body: JSON.stringify({ Model: 'm', Inputs: ['a', 'b'] }) });
    const lk = (await lkeap.json()).Response;
    expect([lk.Data.length, lk.Data[0].Embedding.length, lk.Usage.TotalTokens]).toEqual([2, 1024, 2]);
    const unsigned = await post('ChatCompletions', { Model: 'm', Messages: [{ Role: 'user', Content: 'x' }] }, 'Bearer sk-test');
    expect(unsigned.status).toBe(200);
    expect(unsigned.json.Response.Error.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('Qianfan v2 rerank returns each document as a plain string', async () => {
    const r = await call('/v2/rerank', { model: 'm', query: 'cats', documents: ['dogs', 'cats purr'], top_n: 1, return_documents: true }, { host: 'https://qianfan.baidubce.com', headers: bearer });
    expect(r.json.results).toEqual([{ document: 'cats purr', relevance_score: expect.any(Number), index: 1 }]);
  });

  it('compares model names without case (plugins spell minimax-m3 what the code sends as MiniMax-M3)', async () => {
    const r = await call('/v1/chat/completions', { model: 'GPT-4O', messages: [{ role: 'user', content: 'hi' }] }, { headers: bearer });
    expect(r.status).toBe(200);
  });
});

describe('dialects for issue 8 stragglers (replicate, minimax, hf-hub, upstage, per-type prefix)', () => {
  let s: MockServer;
  beforeAll(async () => {
    s = await startMockServer({ models: ['mock/mock-llm', 'mock/mock-text-embedding', 'embo-01', 'speech-02-hd', 'solar-embedding-1-large-passage'], voices: ['male-qn-qingse'] });
  });
  afterAll(async () => {
    await s.close();
  });
  const at = (host: string, path: string, body?: unknown, headers: Record<string, string> = bearer, method?: string) =>
    call(path, typeof body === 'string' ? JSON.stringify(body) : body, { origin: s.origin, host, headers, method });
  const REPLICATE = 'https://api.replicate.com';

  it('Replicate: a model\'s latest version with its input schema, a prediction that is "starting" until polled, `Prefer: wait` blocks', async () => {
    const m = await at(REPLICATE, '/v1/models/mock/mock-llm');
    expect(m.status).toBe(200);
    const version = m.json.latest_version;
    expect(version.id).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(version.openapi_schema.components.schemas.Input.properties)).toEqual(expect.arrayContaining(['prompt', 'temperature', 'top_p', 'top_k']));
    expect((await at(REPLICATE, `/v1/models/mock/mock-llm/versions/${version.id}`)).json.id).toBe(version.id);
    const created = await at(REPLICATE, '/v1/predictions', { version: version.id, input: { prompt: 'Hello there' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'starting', output: null, model: 'mock/mock-llm' });
    const polled = await at(REPLICATE, `/v1/predictions/${created.json.id}`);
    expect(polled.json.status).toBe('succeeded');
    expect(polled.json.output.join('')).toMatch(/You said: "Hello there"/);
    const emb = await at(REPLICATE, '/v1/models/mock/mock-text-embedding');
    const waited = await at(REPLICATE, '/v1/predictions', { version: `mock/mock-text-embedding:${emb.json.latest_version.id}`, input: { text: 'hi' } }, { ...bearer, Prefer: 'wait' });
    expect(waited.json.status).toBe('succeeded');
    expect(waited.json.output[0].embedding).toHaveLength(768);
  });

  it('Replicate: problem JSON errors (no token, unknown model, unknown version)', async () => {
    expect(await at(REPLICATE, '/v1/models/mock/mock-llm', undefined, {})).toMatchObject({ status: 401, json: { title: 'Unauthenticated', status: 401 } });
    expect((await at(REPLICATE, '/v1/models/someone/else')).json).toMatchObject({ status: 404, detail: 'Model someone/else not found.' });
    expect((await at(REPLICATE, '/v1/predictions', { version: 'f'.repeat(64), input: {} })).status).toBe(422);
  });

  it('MiniMax: native embeddings (?GroupId, texts, type) and streamed t2a_v2 with hex MP3 chunks, the last with extra_info', async () => {
    const e = await at('https://api.minimaxi.com', '/v1/embeddings?GroupId=g1', { model: 'embo-01', texts: ['a', 'b'], type: 'db' });
    expect(e.json.base_resp).toEqual({ status_code: 0, status_msg: 'success' });
    expect(e.json.vectors).toHaveLength(2);
    expect(e.json.vectors[0]).toHaveLength(1536);
    expect((await at('https://api.minimaxi.com', '/v1/embeddings', { model: 'embo-01', texts: ['a'], type: 'db' })).status).toBe(400);
    const t = await at('https://api.minimaxi.com', '/v1/t2a_v2?GroupId=g1', { model: 'speech-02-hd', text: 'Hello', stream: true, voice_setting: { voice_id: 'male-qn-qingse' }, audio_setting: { format: 'mp3' } });
    const events = t.text.split('\n').filter((l) => l.startsWith('data:')).map((l) => JSON.parse(l.slice(5)));
    const chunks = events.filter((ev) => !ev.extra_info).map((ev) => Buffer.from(ev.data.audio, 'hex'));
    const audio = Buffer.concat(chunks);
    expect(audio.subarray(0, 3).toString('latin1')).toBe('ID3');
    expect(events.at(-1).extra_info.audio_format).toBe('mp3');
    expect(Buffer.from(events.at(-1).data.audio, 'hex').equals(audio)).toBe(true);
    const badVoice = await at('https://api.minimaxi.com', '/v1/t2a_v2?GroupId=g1', { model: 'speech-02-hd', text: 'x', voice_setting: { voice_id: 'nobody' } });
    expect(badVoice.json.base_resp.status_code).toBe(2054);
    expect((await at('https://api.minimaxi.com', '/v1/t2a_v2?GroupId=g1', { model: 'speech-02-hd', text: 'x' }, {})).json.base_resp.status_code).toBe(1004);
  });

  it('Hugging Face Hub: HEAD and GET of a tokenizer.json with X-Repo-Commit, ETag and Content-Length; other files are EntryNotFound', async () => {
    const head = await at('https://huggingface.co', '/upstage/solar-1-mini-tokenizer/resolve/main/tokenizer.json', undefined, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('x-repo-commit')).toMatch(/^[0-9a-f]{40}$/);
    expect(head.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/);
    const get = await at('https://huggingface.co', '/upstage/solar-1-mini-tokenizer/resolve/main/tokenizer.json', undefined, {});
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(get.text));
    expect(get.json.model.type).toBe('WordLevel');
    const missing = await at('https://huggingface.co', '/upstage/solar-1-mini-tokenizer/resolve/main/model.safetensors', undefined, {});
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-error-code')).toBe('EntryNotFound');
    expect((await at('https://huggingface.co', '/api/models/upstage/solar-1-mini-tokenizer', undefined, {})).json.siblings).toContainEqual({ rfilename: 'tokenizer.json' });
  });

  it('Upstage: embeddings of token-string lists (what the official plugin sends) at api.upstage.ai only', async () => {
    const body = { model: 'solar-embedding-1-large-passage', input: [['▁Hello', ',', '▁world']] };
    const r = await at('https://api.upstage.ai', '/v1/solar/embeddings', body);
    expect(r.status).toBe(200);
    expect(r.json.data[0].embedding).toHaveLength(4096);
    expect((await at('https://api.openai.com', '/v1/embeddings', body)).status).toBe(400);
  });

  it('IMDSv2 and Bedrock: a session token, the role\'s credentials, SigV4 shape checked, ConverseStream as CRC-checked event-stream frames', async () => {
    const imds = 'http://169.254.169.254';
    expect((await at(imds, '/latest/meta-data/iam/security-credentials/', undefined, {})).status).toBe(401);
    const token = await at(imds, '/latest/api/token', undefined, { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' }, 'PUT');
    expect(token.status).toBe(200);
    const withToken = { 'X-aws-ec2-metadata-token': token.text };
    const role = (await at(imds, '/latest/meta-data/iam/security-credentials/', undefined, withToken)).text;
    const creds = (await at(imds, `/latest/meta-data/iam/security-credentials/${role}`, undefined, withToken)).json;
    expect(creds).toMatchObject({ Code: 'Success', Type: 'AWS-HMAC', AccessKeyId: expect.stringMatching(/^ASIA/) });
    expect(Date.parse(creds.Expiration)).toBeGreaterThan(Date.now() + 3600_000);

    const host = 'https://bedrock-runtime.us-east-1.amazonaws.com';
    const sig = { Authorization: `AWS4-HMAC-SHA256 Credential=${creds.AccessKeyId}/20261126/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${'a'.repeat(64)}` };
    const body = { messages: [{ role: 'user', content: [{ text: 'Hi there' }] }] };
    expect((await at(host, '/model/amazon.nova-pro-v1%3A0/converse', body, {})).status).toBe(403);
    expect((await at(host, '/model/amazon.nova-pro-v1%3A0/converse', body, { Authorization: 'AWS4-HMAC-SHA256 nonsense' })).status).toBe(403);
    const conv = await at(host, '/model/amazon.nova-pro-v1%3A0/converse', body, sig);
    expect(conv.json.output.message.content[0].text).toMatch(/You said: "Hi there"/);
    const res = await fetch(`${s.origin}/model/amazon.nova-pro-v1%3A0/converse-stream`, { method: 'POST', headers: { 'x-mock-upstream': host, ...sig }, body: JSON.stringify(body) });
    const buf = Buffer.from(await res.arrayBuffer());
    const events: [string, any][] = [];
    for (let at = 0; at < buf.length; ) {
      const total = buf.readUInt32BE(at);
      const headersLen = buf.readUInt32BE(at + 4);
      expect(buf.readUInt32BE(at + 8)).toBe(crc32(buf.subarray(at, at + 8)));
      expect(buf.readUInt32BE(at + total - 4)).toBe(crc32(buf.subarray(at, at + total - 4)));
      const headers = buf.subarray(at + 12, at + 12 + headersLen);
      const type = headers.subarray(headers.indexOf(':event-type') + 14, headers.indexOf(':event-type') + 14 + headers.readUInt16BE(headers.indexOf(':event-type') + 12)).toString();
      events.push([type, JSON.parse(buf.subarray(at + 12 + headersLen, at + total - 4).toString())]);
      at += total;
    }
    expect(events[0]).toEqual(['messageStart', { role: 'assistant' }]);
    expect(events.filter(([t]) => t === 'contentBlockDelta').map(([, p]) => p.delta.text).join('')).toMatch(/You said: "Hi there"/);
    expect(events.at(-1)![0]).toBe('metadata');
    const titan = await at(host, '/model/amazon.titan-embed-text-v2%3A0/invoke', { inputText: 'hello' }, sig);
    expect(titan.json.embedding).toHaveLength(1024);
    const rr = await at(host, `/model/${encodeURIComponent('arn:aws:bedrock:us-east-1::foundation-model/amazon.rerank-v1:0')}/invoke`, { query: 'cats', documents: ['dogs', 'cats purr'] }, sig);
    expect(rr.json.results[0]).toMatchObject({ index: 1 });
  });

  it('Google OAuth and Vertex AI: a service-account JWT gets an access token; Claude through streamRawPredict; :predict for embedding models', async () => {
    const jwt = [{ alg: 'RS256', typ: 'JWT' }, { iss: 'sa@p.iam.gserviceaccount.com', aud: 'https://oauth2.googleapis.com/token', scope: 'x' }, 'sig'].map((p) => Buffer.from(typeof p === 'string' ? p : JSON.stringify(p)).toString('base64url')).join('.');
    const form = (body: string) => fetch(`${s.origin}/token`, { method: 'POST', headers: { 'x-mock-upstream': 'https://oauth2.googleapis.com', 'Content-Type': 'application/x-www-form-urlencoded' }, body });
    const ok = await form(`grant_type=${encodeURIComponent('urn:ietf:params:oauth:grant-type:jwt-bearer')}&assertion=${jwt}`);
    expect(await ok.json()).toMatchObject({ access_token: expect.stringMatching(/^ya29\./), token_type: 'Bearer' });
    expect((await form('grant_type=password&username=x')).status).toBe(400);

    const vertex = 'https://us-central1-aiplatform.googleapis.com';
    const base = '/v1/projects/p/locations/us-central1/publishers';
    const t = await startMockServer({ models: ['claude-3-haiku@20240307', 'multimodalembedding@001', 'text-embedding-005'] });
    try {
      const post = (path: string, body: unknown) => fetch(`${t.origin}${path}`, { method: 'POST', headers: { 'x-mock-upstream': vertex, Authorization: 'Bearer ya29.x', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const claude = await post(`${base}/anthropic/models/claude-3-haiku@20240307:rawPredict`, { anthropic_version: 'vertex-2023-10-16', max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] });
      expect(((await claude.json()) as any).content[0].text).toMatch(/You said: "Hi"/);
      expect((await post(`${base}/anthropic/models/claude-3-haiku@20240307:rawPredict`, { max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }] })).status).toBe(400);
      const mm = (await (await post(`${base}/google/models/multimodalembedding@001:predict`, { instances: [{ text: 'a' }] })).json()) as any;
      expect(mm.predictions[0].textEmbedding).toHaveLength(1408);
      const te = (await (await post(`${base}/google/models/text-embedding-005:predict`, { instances: [{ content: 'a b' }], parameters: { outputDimensionality: 64 } })).json()) as any;
      expect(te.predictions[0].embeddings).toMatchObject({ values: expect.any(Array), statistics: { token_count: 2, truncated: false } });
      expect(te.predictions[0].embeddings.values).toHaveLength(64);
    } finally {
      await t.close();
    }
  });

  it('strips the /mock-type=<type> prefix --mock puts in model URLs, and logs the type', async () => {
    const entries: RequestLogEntry[] = [];
    const t = await startMockServer({ provider: 'huggingface_tei', onRequest: (e) => entries.push(e) });
    try {
      const info = async (path: string) => (await (await fetch(`${t.origin}${path}`)).json()) as { model_type: Record<string, unknown> };
      expect(Object.keys((await info('/mock-type=rerank/info')).model_type)).toEqual(['reranker']);
      expect(Object.keys((await info('/mock-type=text-embedding/info')).model_type)).toEqual(['embedding']);
      expect(entries.map((e) => [e.path, e.modelType])).toEqual([
        ['/info', 'rerank'],
        ['/info', 'text-embedding'],
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('faults', () => {
  it('answers every served request with the fault, in the dialect\'s shape', async () => {
    const expectations: Record<string, number> = { auth: 401, 'rate-limit': 429, 'server-error': 500, 'model-not-found': 404, malformed: 200 };
    for (const fault of FAULT_KINDS.filter((f) => f !== 'timeout')) {
      const s = await startMockServer({ fault });
      try {
        const res = await fetch(`${s.origin}/v1/messages`, { method: 'POST', headers: { 'x-mock-upstream': 'https://api.anthropic.com', 'x-api-key': 'k' }, body: '{}' });
        expect(res.status, fault).toBe(expectations[fault]);
        const text = await res.text();
        if (fault === 'malformed') expect(() => JSON.parse(text)).toThrow();
        else expect(JSON.parse(text).type, fault).toBe('error');
      } finally {
        await s.close();
      }
    }
  });

  it('timeout: holds the request, then closes the connection without an answer', async () => {
    const s = await startMockServer({ fault: 'timeout', faultHoldMs: 200 });
    try {
      await expect(fetch(`${s.origin}/v1/embeddings`, { method: 'POST', headers: bearer, body: '{}' })).rejects.toThrow();
    } finally {
      await s.close();
    }
  });
});
