// Cohere v1 and v2: chat (v1 streams newline-delimited JSON, v2 typed SSE), generate, embed,
// rerank, tokenize/detokenize, models. Bearer key; errors are `{"message": …}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, bodyModel, HttpError, peekJson } from '../dialect.js';
import { optionalBool, optionalInt, requireString, sendJson } from '../http.js';
import { countTokens, embed, sha256, shortId } from '../deterministic.js';
import { generate, partsText, type Generation } from '../text.js';
import { rerankRequest, rerankTokens } from './rerank.js';
import { MOCK_MODELS } from '../models.js';

/** Paths other APIs share (models, rerank) are Cohere's for direct calls only when meant so. */
const mine = (c: Ctx) => c.byHost || c.settings.hint === 'cohere';
const V1 = String.raw`\/v1\/`;
const V2 = String.raw`\/v2\/`;
const routes: Route[] = [
  { method: 'POST', path: new RegExp(`${V1}chat$`), model: bodyModel(), handle: chatV1 },
  { method: 'POST', path: new RegExp(`${V1}generate$`), accepts: (c) => mine(c) || peekJson(c)?.llm_config === undefined, model: bodyModel(), handle: generateV1 },
  { method: 'POST', path: new RegExp(`${V1}embed$`), model: bodyModel(), handle: (c) => embedRoute(c, 1) },
  { method: 'POST', path: new RegExp(`${V2}embed$`), model: bodyModel(), handle: (c) => embedRoute(c, 2) },
  { method: 'POST', path: new RegExp(`(?:${V1}|${V2})rerank$`), accepts: mine, model: bodyModel(), handle: rerankRoute },
  { method: 'POST', path: new RegExp(`${V1}tokenize$`), model: bodyModel(), handle: tokenize },
  { method: 'POST', path: new RegExp(`${V1}detokenize$`), model: bodyModel(), handle: detokenize },
  { method: 'POST', path: new RegExp(`${V2}chat$`), model: bodyModel(), handle: chatV2 },
  { method: 'GET', path: new RegExp(`${V1}models$`), accepts: mine, handle: listModels },
  { method: 'GET', path: new RegExp(`${V1}models/([^/]+)$`), accepts: mine, model: (c) => decodeURIComponent(c.params[0]), handle: getModel },
];

export const cohere: Dialect = {
  name: 'cohere',
  title: 'Cohere API v1 and v2',
  hosts: ['api.cohere.com', 'api.cohere.ai'],
  providers: ['cohere'],
  keyRequired: true,
  key: bearer,
  missingKey: 'no api key supplied',
  routes,
  error: cohereError,
};

export function cohereError(kind: ErrorKind, message: string, extra: { model?: string }): VendorError {
  const e = (status: number, msg: string): VendorError => ({ status, body: { message: msg }, reason: msg });
  switch (kind) {
    case 'auth':
      return e(401, message || 'invalid api token');
    case 'rate-limit':
      return e(429, message || 'You are using a Trial key, which is limited to 10 API calls / minute. You can continue to use the Trial key for free or upgrade to a Production key with higher rate limits.');
    case 'server-error':
      return e(500, message || 'internal server error, this has been reported to our developers');
    case 'model-not-found':
      return e(404, message || `model '${extra.model ?? 'unknown'}' not found, make sure the correct model ID was used and that you have access to the model.`);
    case 'not-found':
      return e(404, message);
    default:
      return e(400, message);
  }
}

const meta = (input: number, output = 0) => ({ api_version: { version: '1' }, billed_units: { input_tokens: input, output_tokens: output } });
const FINISH = (g: Generation) => (g.finish === 'length' ? 'MAX_TOKENS' : 'COMPLETE');

/** Newline-delimited JSON events (v1 streams). */
function ndjson(c: Ctx, events: unknown[]): void {
  c.res.writeHead(200, { 'Content-Type': 'application/stream+json' });
  for (const ev of events) c.res.write(`${JSON.stringify(ev)}\n`);
  c.res.end();
}

function chatV1(c: Ctx): void {
  const body = c.json();
  const message = requireString(body, 'message');
  const stream = optionalBool(body, 'stream') ?? false;
  const g = generate(message, optionalInt(body, 'max_tokens', 1, 1_000_000));
  const id = shortId('chat', message);
  const response = {
    response_id: id,
    text: g.text,
    generation_id: `${id}-gen`,
    chat_history: [...(Array.isArray(body.chat_history) ? body.chat_history : []), { role: 'USER', message }, { role: 'CHATBOT', message: g.text }],
    finish_reason: FINISH(g),
    meta: { ...meta(g.promptTokens, g.completionTokens), tokens: { input_tokens: g.promptTokens, output_tokens: g.completionTokens } },
  };
  if (!stream) return sendJson(c.res, 200, response);
  ndjson(c, [
    { is_finished: false, event_type: 'stream-start', generation_id: response.generation_id },
    ...g.pieces.map((text) => ({ is_finished: false, event_type: 'text-generation', text })),
    { is_finished: true, event_type: 'stream-end', finish_reason: FINISH(g), response },
  ]);
}

function generateV1(c: Ctx): void {
  const body = c.json();
  const prompt = requireString(body, 'prompt');
  const stream = optionalBool(body, 'stream') ?? false;
  const g = generate(prompt, optionalInt(body, 'max_tokens', 1, 1_000_000));
  const id = shortId('gen', prompt);
  const response = { id, prompt, generations: [{ id: `${id}-0`, text: g.text, index: 0, finish_reason: FINISH(g) }], meta: meta(g.promptTokens, g.completionTokens) };
  if (!stream) return sendJson(c.res, 200, response);
  ndjson(c, [
    ...g.pieces.map((text) => ({ is_finished: false, event_type: 'text-generation', text, index: 0 })),
    { is_finished: true, event_type: 'stream-end', finish_reason: FINISH(g), response },
  ]);
}

function chatV2(c: Ctx): void {
  const body = c.json();
  requireString(body, 'model');
  const list = body.messages;
  if (!Array.isArray(list) || list.length === 0) throw new HttpError(400, 'invalid request: messages must not be empty');
  let last = '';
  for (const m of list as Record<string, unknown>[]) if (m?.role === 'user') last = partsText(m.content);
  const g = generate(last, optionalInt(body, 'max_tokens', 1, 1_000_000));
  const id = shortId('chat', last);
  const usage = { billed_units: { input_tokens: g.promptTokens, output_tokens: g.completionTokens }, tokens: { input_tokens: g.promptTokens, output_tokens: g.completionTokens } };
  if (!(optionalBool(body, 'stream') ?? false)) {
    return sendJson(c.res, 200, { id, finish_reason: FINISH(g), message: { role: 'assistant', content: [{ type: 'text', text: g.text }] }, usage });
  }
  const res = c.res;
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  send('message-start', { id, delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } });
  send('content-start', { index: 0, delta: { message: { content: { type: 'text', text: '' } } } });
  for (const text of g.pieces) send('content-delta', { index: 0, delta: { message: { content: { text } } } });
  send('content-end', { index: 0 });
  send('message-end', { delta: { finish_reason: FINISH(g), usage } });
  res.end('data: [DONE]\n\n');
}

function embedRoute(c: Ctx, version: 1 | 2): void {
  const body = c.json();
  if (version === 2) requireString(body, 'model');
  if (version === 2 && typeof body.input_type !== 'string') throw new HttpError(400, 'invalid request: input_type is required for v2/embed');
  const texts = body.texts;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) throw new HttpError(400, 'invalid request: texts must be a non-empty list of strings');
  if (texts.length > 96) throw new HttpError(400, `invalid request: texts must contain at most 96 items, got ${texts.length}`);
  const vectors = (texts as string[]).map((t) => embed(t, 1024));
  const tokens = (texts as string[]).reduce((s, t) => s + countTokens(t), 0);
  const types = Array.isArray(body.embedding_types) ? (body.embedding_types as string[]) : undefined;
  const byType = version === 2 || types !== undefined;
  sendJson(c.res, 200, {
    id: shortId('embed', (texts as string[]).join('\n')),
    texts,
    embeddings: byType ? Object.fromEntries((types ?? ['float']).map((t) => [t, vectors])) : vectors,
    meta: meta(tokens),
    response_type: byType ? 'embeddings_by_type' : 'embeddings_floats',
  });
}

function rerankRoute(c: Ctx): void {
  const { query, documents, ranked, returnDocuments } = rerankRequest(c.json());
  const results = ranked
    .map((r) => ({ ...(returnDocuments ? { document: { text: r.text } } : {}), index: r.index, relevance_score: r.score }));
  sendJson(c.res, 200, { id: shortId('rerank', query), results, meta: { api_version: { version: '1' }, billed_units: { search_units: 1 }, tokens: { input_tokens: rerankTokens(query, documents) } } });
}

function tokenize(c: Ctx): void {
  const body = c.json();
  const text = requireString(body, 'text');
  const strings = text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
  sendJson(c.res, 200, { tokens: strings.map((s) => sha256(s).readUInt16BE(0)), token_strings: strings, meta: { api_version: { version: '1' } } });
}

function detokenize(c: Ctx): void {
  const body = c.json();
  if (!Array.isArray(body.tokens)) throw new HttpError(400, 'invalid request: tokens must be a list of integers');
  sendJson(c.res, 200, { text: body.tokens.map((t) => `<${t}>`).join(''), meta: { api_version: { version: '1' } } });
}

function modelObject(name: string) {
  // No tokenizer_url: the SDK then tokenizes through the API instead of downloading a tokenizer.
  return { name, endpoints: ['chat', 'generate', 'embed', 'rerank'], finetuned: false, context_length: 4096, default_endpoints: [] };
}

function listModels(c: Ctx): void {
  const ids = c.settings.models ? [...c.settings.models] : MOCK_MODELS;
  sendJson(c.res, 200, { models: ids.map(modelObject) });
}

function getModel(c: Ctx): void {
  sendJson(c.res, 200, modelObject(decodeURIComponent(c.params[0])));
}
