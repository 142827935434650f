// The mock upstream over real HTTP: the shapes the SDK's OAICompat* classes read (protocol
// reference §11), determinism, and helpful 4xx answers for malformed requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/invoke/mock-server/server.js';
import { wavInfo, sineWav } from '../../src/invoke/audio.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer();
});
afterAll(async () => {
  await server.close();
});

const KEY = { Authorization: 'Bearer sk-test' };
async function post(path: string, body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...KEY, ...headers }, body: typeof body === 'string' || body instanceof FormData ? (body as string) : JSON.stringify(body) });
  return res;
}

describe('mock server', () => {
  it('listens on 127.0.0.1 only, on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('streams chat completions as SSE pieces separated by a blank line, with usage (when asked) and [DONE]', async () => {
    const res = await post('/chat/completions', { model: 'm', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Say hi' }] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const pieces = text.split('\n\n').filter(Boolean);
    expect(pieces.at(-1)).toBe('data: [DONE]');
    const chunks = pieces.slice(0, -1).map((p) => {
      expect(p.startsWith('data: ')).toBe(true);
      return JSON.parse(p.slice(6));
    });
    const content = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(content).toContain('Say hi');
    expect(chunks.filter((c) => c.choices[0]?.finish_reason === 'stop')).toHaveLength(1);
    expect(chunks.at(-1).choices).toEqual([]);
    const usage = chunks.at(-1).usage;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
  });

  it('answers the credential check of the LLM class (non-stream, object chat.completion)', async () => {
    const res = await post('/chat/completions', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'ping' }] });
    const body = await res.json();
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0].message.content.split(' ').length).toBeLessThanOrEqual(5);
    expect(body.choices[0].finish_reason).toBe('length');
  });

  it('serves completion mode with text pieces', async () => {
    const res = await post('/completions', { model: 'm', prompt: 'ping' });
    const body = await res.json();
    expect(body.object).toBe('text_completion');
    expect(body.choices[0].text).toContain('ping');
  });

  it('returns deterministic, unit-length embeddings of a fixed dimension, one per input in order', async () => {
    const a = await (await post('/embeddings', { model: 'e', input: ['one', 'two'], encoding_format: 'float' })).json();
    const b = await (await post('/embeddings', { model: 'e', input: ['two'] })).json();
    expect(a.data).toHaveLength(2);
    expect(a.data[1].embedding).toEqual(b.data[0].embedding);
    expect(a.data[0].embedding).not.toEqual(a.data[1].embedding);
    for (const d of a.data) {
      expect(d.embedding).toHaveLength(256);
      const norm = Math.sqrt(d.embedding.reduce((s: number, x: number) => s + x * x, 0));
      expect(norm).toBeCloseTo(1, 3);
    }
    expect(a.usage.total_tokens).toBeGreaterThan(0);
    const dims = await (await post('/embeddings', { model: 'e', input: 'x', dimensions: 8 })).json();
    expect(dims.data[0].embedding).toHaveLength(8);
  });

  it('reranks by relevance with distinct scores and honours top_n', async () => {
    const docs = ['Berlin is the capital of Germany.', 'Paris is the capital of France.', 'Bananas are yellow.'];
    const body = await (await post('/rerank', { model: 'r', query: 'capital of France', documents: docs, return_documents: true })).json();
    expect(body.results.map((r: { index: number }) => r.index)[0]).toBe(1);
    const scores = body.results.map((r: { relevance_score: number }) => r.relevance_score);
    expect(new Set(scores).size).toBe(3);
    expect(body.results[0].document.text).toBe(docs[1]);
    const top = await (await post('/rerank', { model: 'r', query: 'capital of France', documents: docs, top_n: 1 })).json();
    expect(top.results).toHaveLength(1);
  });

  it('speaks: WAV audio is a valid WAV file, MP3 starts with a frame header', async () => {
    const wav = Buffer.from(await (await post('/audio/speech', { model: 't', input: 'Hello there', voice: 'alloy', response_format: 'wav' })).arrayBuffer());
    expect(wavInfo(wav)?.seconds).toBeGreaterThan(0.3);
    const mp3res = await post('/audio/speech', { model: 't', input: 'Hello there', voice: 'alloy' });
    expect(mp3res.headers.get('content-type')).toBe('audio/mpeg');
    const mp3 = Buffer.from(await mp3res.arrayBuffer());
    expect(mp3.subarray(0, 3).toString('latin1')).toBe('ID3');
    expect(mp3[10]).toBe(0xff);
    expect(mp3[11] & 0xe0).toBe(0xe0);
  });

  it('transcribes a multipart upload and describes the audio it got', async () => {
    const form = new FormData();
    form.append('model', 's');
    form.append('file', new Blob([sineWav(1)]), 'tmp.wav');
    const res = await fetch(`${server.url}/audio/transcriptions`, { method: 'POST', headers: KEY, body: form });
    expect(res.status).toBe(200);
    expect((await res.json()).text).toMatch(/1\.00 s of 16000 Hz WAV audio/);
  });

  it('moderates: flags texts with a flagged word only', async () => {
    const body = await (await post('/moderations', { input: ['I will kill the process', 'a nice day'] })).json();
    expect(body.results.map((r: { flagged: boolean }) => r.flagged)).toEqual([true, false]);
  });

  it('accepts paths without the /v1 prefix (rerank joins with a path operator)', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/embeddings`, { method: 'POST', headers: KEY, body: JSON.stringify({ model: 'e', input: 'x' }) });
    expect(res.status).toBe(200);
  });

  it('gives helpful 4xx errors in the OpenAI error shape', async () => {
    const cases: [string, unknown, number, RegExp][] = [
      ['/chat/completions', '{not json', 400, /not valid JSON/],
      ['/chat/completions', { model: 'm', messages: [] }, 400, /"messages" is required/],
      ['/chat/completions', { model: 'm', messages: [{}] }, 400, /messages\[0\]\.role/],
      ['/embeddings', { model: 'e' }, 400, /'\$\.input' is invalid/],
      ['/rerank', { model: 'r', query: 'q', documents: [] }, 400, /"documents"/],
      ['/audio/speech', { model: 't', input: 'x', voice: 'alloy', response_format: 'ogg' }, 400, /Invalid value: "ogg"/],
    ];
    for (const [path, body, status, message] of cases) {
      const res = await post(path, body);
      expect(res.status, path).toBe(status);
      const json = await res.json();
      expect(json.error.message).toMatch(message);
      expect(json.error.type).toBe('invalid_request_error');
    }
    const nope = await post('/nope', {});
    expect(nope.status).toBe(404);
    expect((await nope.json()).error.message).toBe('model-plugin mock: no dialect serves POST /v1/nope');
    const get = await fetch(`${server.url}/chat/completions`, { headers: KEY });
    expect(get.status).toBe(404);
  });

  it('refuses a multipart upload without a file', async () => {
    const form = new FormData();
    form.append('model', 's');
    const res = await fetch(`${server.url}/audio/transcriptions`, { method: 'POST', headers: KEY, body: form });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/Missing required parameter: 'file'/);
  });

  it('lists models', async () => {
    const body = await (await fetch(`${server.url}/models`, { headers: KEY })).json();
    expect(body.data.length).toBeGreaterThan(0);
  });

  it('stops listening when closed', async () => {
    const other = await startMockServer();
    await other.close();
    await expect(fetch(`${other.url}/models`)).rejects.toThrow();
  });
});
