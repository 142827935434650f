// Health and info endpoints plugins probe before they call a model (Lemonade's /api/v1/health,
// the /health and /v1/health of vLLM/TGI-style servers), and OpenLLM's native generate API
// (POST /v1/generate, /v1/generate_stream, and /v1/embeddings with a list body).
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, HttpError } from '../dialect.js';
import { sendJson } from '../http.js';
import { countTokens, embed, sha256 } from '../deterministic.js';
import { generate } from '../text.js';

const ok = (c: Ctx) => sendJson(c.res, 200, { status: 'ok' });
const routes: Route[] = [
  {
    method: 'GET',
    path: /\/api\/v[01]\/health$/,
    public: true,
    handle: (c) => sendJson(c.res, 200, { status: 'ok', checkpoint_loaded: null, model_loaded: null, all_models_loaded: [] }),
  },
  { method: 'GET', path: /^(?:\/v1)?\/health(?:z|\/ready|\/live)?$/, public: true, handle: ok },
  { method: 'GET', path: /^\/ping$/, public: true, handle: ok },
  { method: 'POST', path: /\/v1\/generate$/, handle: (c) => openllmGenerate(c, false) },
  { method: 'POST', path: /\/v1\/generate_stream$/, handle: (c) => openllmGenerate(c, true) },
  { method: 'GET', path: /\/v1\/metadata$/, public: true, handle: (c) => sendJson(c.res, 200, { model_id: 'mock-llm', timeout: 3600, model_name: 'mock-llm', backend: 'vllm', configuration: '{}' }) },
  { method: 'POST', path: /\/v1\/embeddings$/, accepts: (c) => c.raw.toString('utf8').trimStart().startsWith('['), handle: openllmEmbeddings },
];

export const probes: Dialect = {
  name: 'probes',
  title: 'health/info probes (Lemonade, vLLM, TGI) and OpenLLM\'s native API',
  hosts: [],
  providers: ['openllm', 'lemonade'],
  keyRequired: false,
  key: bearer,
  routes,
  error: (kind: ErrorKind, message: string): VendorError => {
    // OpenLLM answers `{"error_code", "msg"}`; plugins of it read `msg`.
    const e = (status: number, msg: string): VendorError => ({ status, body: { error_code: status, msg, error: msg }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(401, message || 'Unauthorized');
      case 'rate-limit':
        return e(429, message || 'Too many requests');
      case 'server-error':
        return e(500, message || 'Internal Server Error');
      case 'model-not-found':
        return e(404, message || 'Model not found');
      default:
        return e(kind === 'not-found' ? 404 : 400, message);
    }
  },
};

const tokenIds = (text: string) => (text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? []).map((t) => sha256(t).readUInt16BE(0));

function openllmGenerate(c: Ctx, stream: boolean): void {
  const body = c.json();
  if (typeof body.prompt !== 'string') throw new HttpError(400, 'prompt is required');
  const config = (body.llm_config ?? {}) as Record<string, unknown>;
  const g = generate(body.prompt, typeof config.max_new_tokens === 'number' ? config.max_new_tokens : undefined);
  const promptIds = tokenIds(body.prompt);
  const finish = g.finish === 'length' ? 'length' : 'stop';
  const output = (text: string, last: boolean) => ({ index: 0, text, token_ids: tokenIds(text), cumulative_logprob: 0, logprobs: null, finish_reason: last ? finish : null });
  if (!stream) {
    return sendJson(c.res, 200, { prompt: body.prompt, finished: true, outputs: [output(g.text, true)], prompt_token_ids: promptIds, prompt_logprobs: null, request_id: 'mock' });
  }
  c.res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  g.pieces.forEach((p, i) => {
    const last = i === g.pieces.length - 1;
    c.res.write(`data: ${JSON.stringify({ prompt: body.prompt, finished: last, outputs: [output(p, last)], prompt_token_ids: promptIds, request_id: 'mock' })}\n\n`);
  });
  c.res.end('data: [DONE]\n\n');
}

function openllmEmbeddings(c: Ctx): void {
  let texts: unknown;
  try {
    texts = JSON.parse(c.raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'the body must be a JSON list of strings');
  }
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string')) throw new HttpError(400, 'the body must be a JSON list of strings');
  sendJson(c.res, 200, [{ embeddings: (texts as string[]).map((t) => embed(t, 384)), num_tokens: (texts as string[]).reduce((s, t) => s + countTokens(t), 0) }]);
}
