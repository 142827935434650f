// Anthropic Messages API: POST /v1/messages (typed SSE events when streaming), count_tokens and
// models. Key in `x-api-key` (or a Bearer token); errors are
// `{"type": "error", "error": {"type", "message"}}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, bodyModel, header, HttpError } from '../dialect.js';
import { optionalBool, optionalInt, requireString, sendJson } from '../http.js';
import { countTokens, shortId } from '../deterministic.js';
import { generate, partsText } from '../text.js';
import { MOCK_MODELS } from '../models.js';

const routes: Route[] = [
  { method: 'POST', path: /\/v1\/messages$/, model: bodyModel(), handle: (c) => messages(c) },
  { method: 'POST', path: /\/v1\/messages\/count_tokens$/, model: bodyModel(), handle: countTokensRoute },
  { method: 'GET', path: /\/v1\/models$/, accepts: (c) => c.byHost || header(c, 'anthropic-version') !== undefined, handle: listModels },
  { method: 'GET', path: /\/v1\/models\/([^/]+)$/, accepts: (c) => c.byHost || header(c, 'anthropic-version') !== undefined, model: (c) => decodeURIComponent(c.params[0]), handle: getModel },
];

export const anthropic: Dialect = {
  name: 'anthropic',
  title: 'Anthropic Messages API',
  hosts: ['api.anthropic.com'],
  providers: ['anthropic'],
  keyRequired: true,
  key: (c) => header(c, 'x-api-key') ?? bearer(c),
  missingKey: 'x-api-key header is required',
  routes,
  error: anthropicError,
};

export function anthropicError(kind: ErrorKind, message: string, extra: { model?: string }): VendorError {
  const e = (status: number, type: string, msg: string, headers?: Record<string, string>): VendorError => ({
    status,
    body: { type: 'error', error: { type, message: msg }, request_id: 'req_mock' },
    reason: msg,
    headers: { 'request-id': 'req_mock', ...headers },
  });
  switch (kind) {
    case 'auth':
      return e(401, 'authentication_error', message || 'invalid x-api-key');
    case 'rate-limit':
      return e(429, 'rate_limit_error', message || 'Number of request tokens has exceeded your per-minute rate limit', { 'retry-after-ms': '20' });
    case 'server-error':
      return e(500, 'api_error', message || 'Internal server error');
    case 'model-not-found':
      return e(404, 'not_found_error', message || `model: ${extra.model ?? 'unknown'}`);
    case 'not-found':
      return e(404, 'not_found_error', message);
    default:
      return e(400, 'invalid_request_error', message);
  }
}

function promptOf(body: Record<string, unknown>): string {
  const list = body.messages;
  if (!Array.isArray(list) || list.length === 0) throw new HttpError(400, 'messages: Field required');
  let last = '';
  list.forEach((m, i) => {
    if (!m || typeof m !== 'object') throw new HttpError(400, `messages.${i}: Input should be a valid dictionary`);
    const msg = m as Record<string, unknown>;
    if (msg.role !== 'user' && msg.role !== 'assistant') throw new HttpError(400, `messages.${i}.role: Input should be 'user' or 'assistant'`);
    if (msg.content === undefined) throw new HttpError(400, `messages.${i}.content: Field required`);
    if (msg.role === 'user') last = partsText(msg.content);
  });
  return last;
}

function systemText(body: Record<string, unknown>): string {
  return typeof body.system === 'string' ? body.system : partsText(body.system);
}

/**
 * Messages API. On Vertex AI (rawPredict, streamRawPredict) the model is in the URL and the body
 * names `anthropic_version: vertex-2023-10-16` instead of a model.
 */
export function messages(c: Ctx, vertexModel?: string): void {
  const body = c.json();
  if (vertexModel !== undefined && body.anthropic_version !== 'vertex-2023-10-16') throw new HttpError(400, 'anthropic_version: Input should be \'vertex-2023-10-16\'');
  const model = vertexModel ?? requireString(body, 'model');
  const maxTokens = optionalInt(body, 'max_tokens', 1, 1_000_000);
  if (maxTokens === undefined) throw new HttpError(400, 'max_tokens: Field required');
  const stream = optionalBool(body, 'stream') ?? false;
  const prompt = promptOf(body);
  const g = generate(prompt, maxTokens);
  const inputTokens = g.promptTokens + countTokens(systemText(body));
  const id = shortId('msg', `${model}\n${prompt}`).replace('-', '_');
  const stopReason = g.finish === 'length' ? 'max_tokens' : 'end_turn';
  const message = (content: unknown[], outputTokens: number, stop: string | null) => ({
    id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage: { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: outputTokens },
  });
  if (!stream) {
    sendJson(c.res, 200, message([{ type: 'text', text: g.text }], g.completionTokens, stopReason));
    return;
  }
  const res = c.res;
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
  const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  send('message_start', { message: message([], 1, null) });
  send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  send('ping', {});
  for (const text of g.pieces) send('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
  send('content_block_stop', { index: 0 });
  send('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: g.completionTokens } });
  send('message_stop', {});
  res.end();
}

function countTokensRoute(c: Ctx): void {
  const body = c.json();
  requireString(body, 'model');
  const prompt = promptOf(body);
  sendJson(c.res, 200, { input_tokens: Math.max(1, countTokens(prompt) + countTokens(systemText(body))) });
}

function modelObject(id: string) {
  return { type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' };
}

function listModels(c: Ctx): void {
  const ids = c.settings.models ? [...c.settings.models] : MOCK_MODELS;
  sendJson(c.res, 200, { data: ids.map(modelObject), has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null });
}

function getModel(c: Ctx): void {
  sendJson(c.res, 200, modelObject(decodeURIComponent(c.params[0])));
}
