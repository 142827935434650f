// Alibaba DashScope (Tongyi) native API: text/multimodal generation (SSE when asked with
// `X-DashScope-SSE: enable` or `Accept: text/event-stream`), text embeddings and text rerank.
// Its OpenAI-compatible mode (/compatible-mode/v1/…) is the openai dialect. Bearer key; errors
// are `{"code", "message", "request_id"}`.
import type { Ctx, Dialect, ErrorKind, Route, VendorError } from '../dialect.js';
import { bearer, header, HttpError } from '../dialect.js';
import { sendJson } from '../http.js';
import { countTokens, embed } from '../deterministic.js';
import { generate, partsText } from '../text.js';
import { rank, rerankTokens } from './rerank.js';

const REQUEST_ID = '00000000-0000-4000-8000-6d6f636b0000';
const model = (c: Ctx) => {
  try {
    const m = c.json().model;
    return typeof m === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
};
const routes: Route[] = [
  { method: 'POST', path: /\/api\/v1\/services\/aigc\/(?:text|multimodal)-generation\/generation$/, model, handle: generation },
  { method: 'POST', path: /\/api\/v1\/services\/embeddings\/text-embedding\/text-embedding$/, model, handle: embeddings },
  { method: 'POST', path: /\/api\/v1\/services\/rerank\/text-rerank\/text-rerank$/, model, handle: rerankRoute },
];

export const dashscope: Dialect = {
  name: 'dashscope',
  title: 'Alibaba DashScope (Tongyi) native API',
  hosts: ['dashscope.aliyuncs.com', 'dashscope-intl.aliyuncs.com'],
  providers: ['tongyi', 'dashscope'],
  keyRequired: true,
  key: bearer,
  missingKey: 'No API-key provided.',
  routes,
  error: (kind: ErrorKind, message: string): VendorError => {
    const e = (status: number, code: string, msg: string): VendorError => ({ status, body: { code, message: msg, request_id: REQUEST_ID }, reason: msg });
    switch (kind) {
      case 'auth':
        return e(401, 'InvalidApiKey', message || 'Invalid API-key provided.');
      case 'rate-limit':
        return e(429, 'Throttling.RateQuota', message || 'Requests rate limit exceeded, please try again later.');
      case 'server-error':
        return e(500, 'InternalError', message || 'An internal error has occured, please try again later or contact service support.');
      case 'model-not-found':
        return e(400, 'InvalidParameter', message || 'Model not exist.');
      default:
        return e(kind === 'not-found' ? 404 : 400, 'InvalidParameter', message);
    }
  },
};

function inputOf(c: Ctx): Record<string, unknown> {
  const body = c.json();
  if (typeof body.model !== 'string' || !body.model) throw new HttpError(400, 'Model not specified.');
  if (!body.input || typeof body.input !== 'object') throw new HttpError(400, 'input must not be null');
  return body.input as Record<string, unknown>;
}

function generation(c: Ctx): void {
  const input = inputOf(c);
  const params = (c.json().parameters ?? {}) as Record<string, unknown>;
  let prompt = typeof input.prompt === 'string' ? input.prompt : '';
  if (Array.isArray(input.messages)) for (const m of input.messages as Record<string, unknown>[]) if (m?.role === 'user') prompt = partsText(m.content);
  const g = generate(prompt, typeof params.max_tokens === 'number' ? params.max_tokens : undefined);
  const asMessage = params.result_format === 'message';
  const finish = g.finish === 'length' ? 'length' : 'stop';
  const output = (text: string, reason: string) =>
    asMessage ? { choices: [{ finish_reason: reason, message: { role: 'assistant', content: text } }] } : { text, finish_reason: reason };
  const usage = (out: number) => ({ input_tokens: g.promptTokens, output_tokens: out, total_tokens: g.promptTokens + out });
  const sse = header(c, 'x-dashscope-sse') === 'enable' || /text\/event-stream/.test(header(c, 'accept') ?? '');
  if (!sse) return sendJson(c.res, 200, { output: output(g.text, finish), usage: usage(g.completionTokens), request_id: REQUEST_ID });
  const incremental = params.incremental_output === true;
  c.res.writeHead(200, { 'Content-Type': 'text/event-stream;charset=UTF-8' });
  let sofar = '';
  g.pieces.forEach((p, i) => {
    sofar += p;
    const last = i === g.pieces.length - 1;
    const data = { output: output(incremental ? p : sofar, last ? finish : 'null'), usage: usage(i + 1), request_id: REQUEST_ID };
    c.res.write(`id:${i + 1}\nevent:result\n:HTTP_STATUS/200\ndata:${JSON.stringify(data)}\n\n`);
  });
  c.res.end();
}

function embeddings(c: Ctx): void {
  const input = inputOf(c);
  const texts = typeof input.texts === 'string' ? [input.texts] : input.texts;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) throw new HttpError(400, 'input.texts should be a non-empty list of strings');
  const params = (c.json().parameters ?? {}) as Record<string, unknown>;
  const dims = typeof params.dimension === 'number' ? params.dimension : 1024;
  const tokens = (texts as string[]).reduce((s, t) => s + countTokens(t), 0);
  sendJson(c.res, 200, { output: { embeddings: (texts as string[]).map((t, i) => ({ text_index: i, embedding: embed(t, dims) })) }, usage: { total_tokens: tokens }, request_id: REQUEST_ID });
}

function rerankRoute(c: Ctx): void {
  const input = inputOf(c);
  if (typeof input.query !== 'string') throw new HttpError(400, 'input.query is required');
  const docs = input.documents;
  if (!Array.isArray(docs) || docs.length === 0 || !docs.every((d) => typeof d === 'string')) throw new HttpError(400, 'input.documents should be a non-empty list of strings');
  const params = (c.json().parameters ?? {}) as Record<string, unknown>;
  const topN = typeof params.top_n === 'number' ? params.top_n : docs.length;
  const withDocs = params.return_documents === true;
  sendJson(c.res, 200, {
    output: { results: rank(input.query, docs as string[]).slice(0, topN).map((r) => ({ index: r.index, relevance_score: r.score, ...(withDocs ? { document: { text: r.text } } : {}) })) },
    usage: { total_tokens: rerankTokens(input.query, docs as string[]) },
    request_id: REQUEST_ID,
  });
}
