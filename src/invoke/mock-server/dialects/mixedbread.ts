// Mixedbread: POST /v1/embeddings and /v1/reranking (`input` documents, results in `data` with
// `score`). Bearer key; errors are `{"detail": …}` or `{"message": …}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, bodyModel, HttpError } from '../dialect.js';
import { optionalBool, optionalInt, requireString, sendJson } from '../http.js';
import { countTokens, embed } from '../deterministic.js';
import { rank, rerankTokens } from './rerank.js';

/** Models are named as on Hugging Face (`mixedbread-ai/mxbai-embed-large-v1`) or bare. */
const model = (c: Ctx) => bodyModel()(c)?.replace(/^mixedbread-ai\//, '');
const routes: Route[] = [
  { method: 'POST', path: /\/v1\/embeddings$/, accepts: (c) => c.byHost || c.settings.hint === 'mixedbread', model, handle: embeddings },
  { method: 'POST', path: /\/v1\/reranking$/, model, handle: reranking },
];

export const mixedbread: Dialect = {
  name: 'mixedbread',
  title: 'Mixedbread embeddings and reranking',
  hosts: ['api.mixedbread.com', 'api.mixedbread.ai'],
  providers: ['mixedbread'],
  keyRequired: true,
  key: bearer,
  missingKey: 'Missing API key. Provide it in the Authorization header as a Bearer token.',
  routes,
  error: (kind: ErrorKind, message: string, extra: { model?: string }): VendorError => {
    const e = (status: number, msg: string): VendorError => ({ status, body: { detail: msg, message: msg }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(401, message || 'Invalid API key.');
      case 'rate-limit':
        return e(429, message || 'Rate limit exceeded. Please slow down your requests.');
      case 'server-error':
        return e(500, message || 'Internal server error.');
      case 'model-not-found':
        return e(404, message || `Model '${extra.model ?? 'unknown'}' not found.`);
      default:
        return e(kind === 'not-found' ? 404 : 422, message);
    }
  },
};

function strings(v: unknown, key: string): string[] {
  if (typeof v === 'string' && v) return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string')) return v as string[];
  throw new HttpError(422, `${key}: expected a non-empty string or list of strings`);
}

function embeddings(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const input = strings(body.input, 'input');
  const d = optionalInt(body, 'dimensions', 1, 4096) ?? 1024;
  const tokens = input.reduce((s, t) => s + countTokens(t), 0);
  sendJson(c.res, 200, {
    model,
    data: input.map((t, index) => ({ embedding: embed(t, d), index, object: 'embedding' })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
    object: 'list',
    normalized: true,
    encoding_format: 'float',
    dimensions: d,
  });
}

function reranking(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const query = requireString(body, 'query');
  const input = strings(body.input, 'input');
  const topK = optionalInt(body, 'top_k', 1, 1000) ?? input.length;
  const withInput = optionalBool(body, 'return_input') ?? false;
  sendJson(c.res, 200, {
    model,
    data: rank(query, input)
      .slice(0, topK)
      .map((r) => ({ index: r.index, score: r.score, object: 'rank_result', ...(withInput ? { input: r.text } : {}) })),
    usage: { prompt_tokens: rerankTokens(query, input), total_tokens: rerankTokens(query, input) },
    object: 'list',
    top_k: topK,
    return_input: withInput,
  });
}
