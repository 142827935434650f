// Jina AI: POST /v1/embeddings (inputs are strings or {"text"}/{"image"} objects; `task`,
// `dimensions`) and /v1/rerank. Bearer key; errors are `{"detail": …}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, bodyModel, HttpError, peekJson } from '../dialect.js';
import { optionalInt, requireString, sendJson } from '../http.js';
import { countTokens, embed } from '../deterministic.js';
import { documentTexts, rank, rerankTokens } from './rerank.js';

const objectInputs = (c: Ctx) => {
  const input = peekJson(c)?.input;
  return Array.isArray(input) && input.some((i) => i !== null && typeof i === 'object' && !Array.isArray(i));
};
const routes: Route[] = [
  // Direct calls: the Jina shape is told apart from OpenAI's by its object inputs (another
  // vendor's host with object inputs gets OpenAI's refusal).
  { method: 'POST', path: /\/embeddings$/, accepts: (c) => c.byHost || c.settings.hint === 'jina' || (c.host === null && objectInputs(c)), model: bodyModel(), handle: embeddings },
  { method: 'POST', path: /\/rerank$/, accepts: (c) => c.byHost || c.settings.hint === 'jina', model: bodyModel(), handle: rerankRoute },
];

export const jina: Dialect = {
  name: 'jina',
  title: 'Jina AI embeddings and rerank',
  hosts: ['api.jina.ai'],
  providers: ['jina'],
  keyRequired: true,
  key: bearer,
  missingKey: 'Unauthorized: no API key provided. Get your API key at https://jina.ai/?sui=apikey',
  routes,
  error: (kind: ErrorKind, message: string, extra: { model?: string }): VendorError => {
    const e = (status: number, msg: string): VendorError => ({ status, body: { detail: msg }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(401, message || 'Invalid API key. Please get a new one at https://jina.ai/?sui=apikey');
      case 'rate-limit':
        return e(429, message || 'Rate limit exceeded: too many requests per minute for this API key');
      case 'server-error':
        return e(500, message || 'Internal server error');
      case 'model-not-found':
        return e(422, message || `Model '${extra.model ?? 'unknown'}' is not supported`);
      default:
        return e(kind === 'not-found' ? 404 : 422, message);
    }
  },
};

function inputText(item: unknown, i: number): string {
  if (typeof item === 'string') return item;
  if (item && typeof item === 'object') {
    const o = item as Record<string, unknown>;
    if (typeof o.text === 'string') return o.text;
    if (typeof o.image === 'string') return `image:${o.image}`;
  }
  throw new HttpError(422, `input.${i}: expected a string, {"text": …} or {"image": …}`);
}

function embeddings(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  if (!Array.isArray(body.input) || body.input.length === 0) throw new HttpError(422, 'input: field required (a non-empty list)');
  const texts = body.input.map(inputText);
  const dims = optionalInt(body, 'dimensions', 32, 2048) ?? (model.includes('v3') ? 1024 : 768);
  const tokens = texts.reduce((s, t) => s + countTokens(t), 0);
  sendJson(c.res, 200, {
    model,
    object: 'list',
    usage: { total_tokens: tokens, prompt_tokens: tokens },
    data: texts.map((t, index) => ({ object: 'embedding', index, embedding: embed(t, dims) })),
  });
}

function rerankRoute(c: Ctx): void {
  const body = c.json();
  const model = requireString(body, 'model');
  const query = typeof body.query === 'string' ? body.query : body.query && typeof body.query === 'object' ? inputText(body.query, 0) : requireString(body, 'query');
  const documents = documentTexts(
    Array.isArray(body.documents) ? body.documents.map((d: unknown, i: number) => (typeof d === 'string' ? d : { text: inputText(d, i) })) : body.documents,
  );
  const topN = optionalInt(body, 'top_n', 1, 100_000);
  const returnDocuments = body.return_documents !== false;
  sendJson(c.res, 200, {
    model,
    usage: { total_tokens: rerankTokens(query, documents) },
    results: rank(query, documents)
      .slice(0, topN ?? documents.length)
      .map((r) => ({ index: r.index, ...(returnDocuments ? { document: { text: r.text } } : {}), relevance_score: r.score })),
  });
}
