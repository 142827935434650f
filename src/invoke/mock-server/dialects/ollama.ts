// Ollama's native API: /api/chat and /api/generate (newline-delimited JSON, streaming by
// default), /api/embed, /api/embeddings, /api/show, /api/tags, /api/version. No key (a local
// server); errors are `{"error": "…"}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, bodyModel, HttpError } from '../dialect.js';
import { optionalBool, requireString, sendJson } from '../http.js';
import { countTokens, embed, sha256 } from '../deterministic.js';
import { generate, partsText } from '../text.js';
import { MOCK_MODELS } from '../models.js';

const CREATED_AT = '2025-01-01T00:00:00Z';
const model = (c: Ctx) => bodyModel('model')(c) ?? bodyModel('name')(c);
const routes: Route[] = [
  { method: 'POST', path: /\/api\/chat$/, model, handle: (c) => chat(c, 'chat') },
  { method: 'POST', path: /\/api\/generate$/, model, handle: (c) => chat(c, 'generate') },
  { method: 'POST', path: /\/api\/embed$/, model, handle: embedRoute },
  { method: 'POST', path: /\/api\/embeddings$/, model, handle: embeddingsLegacy },
  { method: 'POST', path: /\/api\/show$/, model, handle: show },
  { method: 'GET', path: /\/api\/tags$/, public: true, handle: tags },
  { method: 'GET', path: /\/api\/ps$/, public: true, handle: tags },
  { method: 'GET', path: /\/api\/version$/, public: true, handle: (c) => sendJson(c.res, 200, { version: '0.6.0' }) },
];

export const ollama: Dialect = {
  name: 'ollama',
  title: 'Ollama native API',
  hosts: ['ollama.com', 'registry.ollama.ai'],
  providers: ['ollama'],
  keyRequired: false,
  key: bearer,
  routes,
  error: ollamaError,
};

export function ollamaError(kind: ErrorKind, message: string, extra: { model?: string }): VendorError {
  const e = (status: number, msg: string): VendorError => ({ status, body: { error: msg }, reason: msg });
  switch (kind) {
    case 'auth':
      return e(401, message || 'unauthorized');
    case 'rate-limit':
      return e(429, message || 'too many requests: server busy, please try again');
    case 'server-error':
      return e(500, message || 'llama runner process has terminated: exit status 2');
    case 'model-not-found':
      return e(404, message || `model "${extra.model ?? 'unknown'}" not found, try pulling it first`);
    case 'not-found':
      return e(404, message || '404 page not found');
    default:
      return e(400, message);
  }
}

function timings(promptTokens: number, evalTokens: number) {
  return { total_duration: 123456789, load_duration: 1234567, prompt_eval_count: promptTokens, prompt_eval_duration: 2345678, eval_count: evalTokens, eval_duration: 34567890 };
}

function chat(c: Ctx, kind: 'chat' | 'generate'): void {
  const body = c.json();
  const name = requireString(body, 'model');
  let prompt: string;
  if (kind === 'chat') {
    const messages = body.messages;
    if (!Array.isArray(messages)) throw new HttpError(400, 'messages is required');
    prompt = '';
    messages.forEach((m) => {
      if (!m || typeof m !== 'object' || typeof (m as Record<string, unknown>).role !== 'string') throw new HttpError(400, 'invalid message format: role is required');
      if ((m as Record<string, unknown>).role === 'user') prompt = partsText((m as Record<string, unknown>).content);
    });
  } else {
    prompt = typeof body.prompt === 'string' ? body.prompt : '';
  }
  const options = (body.options ?? {}) as Record<string, unknown>;
  const g = generate(prompt, typeof options.num_predict === 'number' && options.num_predict > 0 ? options.num_predict : undefined);
  const stream = optionalBool(body, 'stream') ?? true; // Ollama streams unless told not to
  const done = g.finish === 'length' ? 'length' : 'stop';
  const piece = (text: string) => (kind === 'chat' ? { message: { role: 'assistant', content: text } } : { response: text });
  const last = { model: name, created_at: CREATED_AT, ...piece(stream ? '' : g.text), done: true, done_reason: done, ...timings(g.promptTokens, g.completionTokens) };
  if (!stream) return sendJson(c.res, 200, kind === 'generate' ? { ...last, context: [1, 2, 3] } : last);
  c.res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  for (const p of g.pieces) c.res.write(`${JSON.stringify({ model: name, created_at: CREATED_AT, ...piece(p), done: false })}\n`);
  c.res.end(`${JSON.stringify(last)}\n`);
}

function embedRoute(c: Ctx): void {
  const body = c.json();
  const name = requireString(body, 'model');
  const input = body.input;
  const texts = typeof input === 'string' ? [input] : Array.isArray(input) && input.every((t) => typeof t === 'string') ? (input as string[]) : undefined;
  if (!texts) throw new HttpError(400, 'invalid input type');
  const tokens = texts.reduce((s, t) => s + countTokens(t), 0);
  sendJson(c.res, 200, { model: name, embeddings: texts.map((t) => embed(t, 768)), total_duration: 12345678, load_duration: 1234567, prompt_eval_count: tokens });
}

function embeddingsLegacy(c: Ctx): void {
  const body = c.json();
  requireString(body, 'model');
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  sendJson(c.res, 200, { embedding: prompt ? embed(prompt, 768) : [] });
}

function show(c: Ctx): void {
  const body = c.json();
  const name = (typeof body.model === 'string' && body.model) || (typeof body.name === 'string' && body.name) || '';
  if (!name) throw new HttpError(400, 'model is required');
  const embedding = /embed/i.test(name);
  sendJson(c.res, 200, {
    license: '',
    modelfile: `# Modelfile generated by "ollama show"\nFROM ${name}\n`,
    parameters: 'stop "<|eot_id|>"',
    template: '{{ .Prompt }}',
    details: { parent_model: '', format: 'gguf', family: embedding ? 'bert' : 'llama', families: [embedding ? 'bert' : 'llama'], parameter_size: embedding ? '137M' : '8.0B', quantization_level: 'Q4_0' },
    model_info: embedding
      ? { 'general.architecture': 'bert', 'bert.context_length': 2048, 'bert.embedding_length': 768 }
      : { 'general.architecture': 'llama', 'llama.context_length': 8192, 'llama.embedding_length': 4096 },
    capabilities: embedding ? ['embedding'] : ['completion', 'tools'],
    modified_at: CREATED_AT,
  });
}

function tags(c: Ctx): void {
  const ids = c.settings.models ? [...c.settings.models] : MOCK_MODELS;
  sendJson(c.res, 200, {
    models: ids.map((id) => ({ name: id, model: id, modified_at: CREATED_AT, size: 4_661_224_676, digest: sha256(id).toString('hex'), details: { format: 'gguf', family: 'llama', parameter_size: '8.0B', quantization_level: 'Q4_0' } })),
  });
}
