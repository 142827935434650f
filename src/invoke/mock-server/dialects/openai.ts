// OpenAI and every OpenAI-compatible server (vLLM, LocalAI, LiteLLM, Lemonade's /api/v1, the
// SDK's OAICompat* classes): chat/completions, completions, the Responses API, embeddings,
// audio, moderations, models. Errors are `{"error": {message, type, param, code}}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, bodyModel, HttpError } from '../dialect.js';
import { optionalBool, optionalInt, requireString, sendJson } from '../http.js';
import { shortId } from '../deterministic.js';
import { CREATED, generate, partsText } from '../text.js';
import { handleEmbeddings } from './openai-embeddings.js';
import { handleSpeech, handleTranscription, transcriptionModel } from './openai-audio.js';
import { handleModerations } from './openai-moderations.js';
import { handleResponses } from './openai-responses.js';
import { MOCK_MODELS } from '../models.js';

const routes: Route[] = [
  { method: 'POST', path: /\/chat\/completions$/, model: bodyModel(), handle: (c) => completion('chat', c) },
  { method: 'POST', path: /\/completions$/, model: bodyModel(), handle: (c) => completion('completion', c) },
  { method: 'POST', path: /\/responses$/, model: bodyModel(), handle: handleResponses },
  { method: 'POST', path: /\/embeddings$/, model: bodyModel(), handle: handleEmbeddings },
  { method: 'POST', path: /\/audio\/speech$/, model: bodyModel(), handle: handleSpeech },
  { method: 'POST', path: /\/audio\/transcriptions$/, model: transcriptionModel, handle: (c) => handleTranscription(c, 'transcribe') },
  { method: 'POST', path: /\/audio\/translations$/, model: transcriptionModel, handle: (c) => handleTranscription(c, 'translate') },
  { method: 'POST', path: /\/moderations$/, model: bodyModel(), handle: handleModerations },
  { method: 'GET', path: /\/models$/, handle: listModels },
  { method: 'GET', path: /\/models\/([^/]+)$/, model: (c) => decodeURIComponent(c.params[0]), handle: getModel },
];

export const openai: Dialect = {
  name: 'openai',
  title: 'OpenAI and OpenAI-compatible servers',
  hosts: ['api.openai.com', /\.openai\.azure\.com$/],
  providers: ['openai', 'azure_openai', 'openai_api_compatible'],
  keyRequired: true,
  key: (c) => bearer(c) ?? (c.req.headers['api-key'] as string | undefined),
  routes,
  error: openaiError,
  missingKey:
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.",
};

export function openaiError(kind: ErrorKind, message: string, extra: { model?: string; param?: string | null }): VendorError {
  const e = (status: number, msg: string, type: string, code: string | null, headers?: Record<string, string>): VendorError => ({
    status,
    body: { error: { message: msg, type, param: extra.param ?? null, code } },
    reason: msg,
    headers,
  });
  switch (kind) {
    case 'auth':
      return message
        ? e(401, message, 'invalid_request_error', null)
        : e(401, 'Incorrect API key provided: sk-mo***ock. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key');
    case 'rate-limit':
      return e(429, message || `Rate limit reached for ${extra.model ?? 'requests'} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`, 'requests', 'rate_limit_exceeded', {
        'retry-after-ms': '20',
      });
    case 'server-error':
      return e(500, message || 'The server had an error while processing your request. Sorry about that!', 'server_error', null);
    case 'model-not-found':
      return e(404, message || `The model \`${extra.model ?? 'unknown'}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
    case 'not-found':
      return e(404, message, 'invalid_request_error', null);
    default:
      return e(400, message, 'invalid_request_error', null);
  }
}

function listModels(c: Ctx): void {
  const ids = c.settings.models ? [...c.settings.models] : MOCK_MODELS;
  sendJson(c.res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'model-plugin-mock' })) });
}

function getModel(c: Ctx): void {
  sendJson(c.res, 200, { id: decodeURIComponent(c.params[0]), object: 'model', created: CREATED, owned_by: 'model-plugin-mock' });
}

type Mode = 'chat' | 'completion';

function completion(mode: Mode, c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const stream = optionalBool(body, 'stream') ?? false;
  const maxTokens = optionalInt(body, 'max_completion_tokens', 1, 1_000_000) ?? optionalInt(body, 'max_tokens', 1, 1_000_000);
  const promptText = mode === 'chat' ? chatPromptText(body) : completionPromptText(body);
  const g = generate(promptText, maxTokens);
  const usage = { prompt_tokens: g.promptTokens, completion_tokens: g.completionTokens, total_tokens: g.promptTokens + g.completionTokens };
  const id = shortId(mode === 'chat' ? 'chatcmpl' : 'cmpl', `${model}\n${promptText}`);
  const res = c.res;

  if (!stream) {
    const choice =
      mode === 'chat'
        ? { index: 0, message: { role: 'assistant', content: g.text, refusal: null }, logprobs: null, finish_reason: g.finish }
        : { index: 0, text: g.text, logprobs: null, finish_reason: g.finish };
    sendJson(res, 200, { id, object: mode === 'chat' ? 'chat.completion' : 'text_completion', created: CREATED, model, choices: [choice], usage });
    return;
  }

  // Usage comes at the end of a stream only when asked for, as OpenAI does.
  const options = body.stream_options;
  const includeUsage = Boolean(options && typeof options === 'object' && (options as Record<string, unknown>).include_usage === true);
  const object = mode === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
  const send = (piece: Record<string, unknown>) => res.write(`data: ${JSON.stringify(includeUsage ? { ...piece, usage: piece.usage ?? null } : piece)}\n\n`);
  g.pieces.forEach((p, i) => {
    const choice =
      mode === 'chat'
        ? { index: 0, delta: i === 0 ? { role: 'assistant', content: p } : { content: p }, logprobs: null, finish_reason: null }
        : { index: 0, text: p, logprobs: null, finish_reason: null };
    send({ id, object, created: CREATED, model, choices: [choice] });
  });
  const last = mode === 'chat' ? { index: 0, delta: {}, logprobs: null, finish_reason: g.finish } : { index: 0, text: '', logprobs: null, finish_reason: g.finish };
  send({ id, object, created: CREATED, model, choices: [last] });
  if (includeUsage) send({ id, object, created: CREATED, model, choices: [], usage });
  res.end('data: [DONE]\n\n');
}

/** Checks the message list and returns the last user text (what the reply echoes). */
function chatPromptText(body: Record<string, unknown>): string {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new HttpError(400, '"messages" is required and must be a non-empty array', 'messages');
  }
  let lastUser = '';
  messages.forEach((m, i) => {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) {
      throw new HttpError(400, `"messages[${i}]" must be an object with "role" and "content"`, `messages[${i}]`);
    }
    const msg = m as Record<string, unknown>;
    // The SDK sends `{}` for a tool message in its default no_call mode; name it precisely.
    if (typeof msg.role !== 'string') {
      throw new HttpError(400, `"messages[${i}].role" is required (got ${JSON.stringify(m)})`, `messages[${i}].role`);
    }
    if (msg.content !== null && msg.content !== undefined && typeof msg.content !== 'string' && !Array.isArray(msg.content)) {
      throw new HttpError(400, `"messages[${i}].content" must be a string, an array of parts or null`, `messages[${i}].content`);
    }
    if (msg.role === 'user') lastUser = partsText(msg.content);
  });
  return lastUser;
}

function completionPromptText(body: Record<string, unknown>): string {
  const prompt = body.prompt;
  if (typeof prompt === 'string') return prompt;
  if (Array.isArray(prompt) && prompt.every((p) => typeof p === 'string')) return prompt.join('\n');
  throw new HttpError(400, '"prompt" is required and must be a string', 'prompt');
}
