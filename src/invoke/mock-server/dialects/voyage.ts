// Voyage AI: POST /v1/embeddings (`input` a string or strings, `input_type`, `output_dimension`),
// /v1/contextualizedembeddings (`inputs`: lists of chunks) and /v1/rerank (results in `data`).
// Bearer key; errors are `{"detail": …}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, bodyModel, HttpError } from '../dialect.js';
import { optionalBool, optionalInt, requireString, sendJson } from '../http.js';
import { countTokens, embed } from '../deterministic.js';
import { rank, rerankTokens } from './rerank.js';

const routes: Route[] = [
  { method: 'POST', path: /\/v1\/embeddings$/, accepts: (c) => c.byHost || c.settings.hint === 'voyage', model: bodyModel(), handle: embeddings },
  { method: 'POST', path: /\/v1\/contextualizedembeddings$/, model: bodyModel(), handle: contextualized },
  { method: 'POST', path: /\/v1\/rerank$/, accepts: (c) => c.byHost || c.settings.hint === 'voyage', model: bodyModel(), handle: rerankRoute },
];

export const voyage: Dialect = {
  name: 'voyage',
  title: 'Voyage AI embeddings and rerank',
  hosts: ['api.voyageai.com'],
  providers: ['voyage'],
  keyRequired: true,
  key: bearer,
  missingKey: 'No API key provided. You can find your API key in the Voyage AI dashboard.',
  routes,
  error: (kind: ErrorKind, message: string, extra: { model?: string }): VendorError => {
    const e = (status: number, msg: string): VendorError => ({ status, body: { detail: msg }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(401, message || 'Provided API key is invalid.');
      case 'rate-limit':
        return e(429, message || 'You have exceeded the rate limit of 2000 RPM for this model. Please wait and try again.');
      case 'server-error':
        return e(500, message || 'An internal server error occurred. Please try again later.');
      case 'model-not-found':
        return e(400, message || `Model ${extra.model ?? 'unknown'} is not supported.`);
      default:
        return e(kind === 'not-found' ? 404 : 400, message);
    }
  },
};

function texts(input: unknown, key: string): string[] {
  if (typeof input === 'string' && input) return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((t) => typeof t === 'string')) return input as string[];
  throw new HttpError(400, `Value error, ${key} must be a non-empty string or list of strings.`);
}

function dims(c: Ctx): number {
  return optionalInt(c.json(), 'output_dimension', 1, 4096) ?? 1024;
}

function embeddings(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const list = texts(body.input, 'input');
  if (list.length > 1000) throw new HttpError(400, 'The batch size limit is 1000.');
  const d = dims(c);
  sendJson(c.res, 200, {
    object: 'list',
    data: list.map((t, index) => ({ object: 'embedding', embedding: embed(t, d), index })),
    model,
    usage: { total_tokens: list.reduce((s, t) => s + countTokens(t), 0) },
  });
}

function contextualized(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  if (!Array.isArray(body.inputs) || body.inputs.length === 0) throw new HttpError(400, 'Value error, inputs must be a non-empty list of lists of strings.');
  const d = dims(c);
  let tokens = 0;
  const data = (body.inputs as unknown[]).map((group, index) => {
    const chunks = texts(group, `inputs[${index}]`);
    tokens += chunks.reduce((s, t) => s + countTokens(t), 0);
    return { object: 'list', index, data: chunks.map((t, i) => ({ object: 'embedding', embedding: embed(t, d), index: i })) };
  });
  sendJson(c.res, 200, { object: 'list', data, model, usage: { total_tokens: tokens } });
}

function rerankRoute(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const query = requireString(body, 'query');
  const documents = texts(body.documents, 'documents');
  const topK = optionalInt(body, 'top_k', 1, 1000);
  const withDocs = optionalBool(body, 'return_documents') ?? false;
  sendJson(c.res, 200, {
    object: 'list',
    data: rank(query, documents)
      .slice(0, topK ?? documents.length)
      .map((r) => ({ relevance_score: r.score, index: r.index, ...(withDocs ? { document: r.text } : {}) })),
    model,
    usage: { total_tokens: rerankTokens(query, documents) },
  });
}
