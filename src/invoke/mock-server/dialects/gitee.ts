// Gitee AI (ai.gitee.com, "Moark"): an OpenAI-compatible /v1 API (chat, embeddings, rerank and
// transcriptions fall through to those dialects) plus what is its own: the account probe GET
// /api/base/account/me, speech without a `voice` (the model's own), and multimodal rerank
// (`query`/`documents` as {"text"} objects; results a bare list with 1-based `index` and `score`).
import type { Ctx, Dialect, Route } from '../dialect.js';
import { bearer, bodyModel, HttpError } from '../dialect.js';
import { optionalInt, requireString, sendJson } from '../http.js';
import { openaiError } from './openai.js';
import { handleSpeech } from './openai-audio.js';
import { documentTexts, rank } from './rerank.js';

/** Paths OpenAI-compatible servers share are Gitee's only when meant so. */
const mine = (c: Ctx) => c.byHost || c.settings.hint === 'gitee';
const routes: Route[] = [
  { method: 'GET', path: /^\/api\/base\/account\/me$/, handle: (c) => sendJson(c.res, 200, { id: 1, login: 'mock', name: 'model-plugin mock', email: null }) },
  { method: 'POST', path: /^\/v1\/audio\/speech$/, accepts: mine, model: bodyModel(), handle: (c) => handleSpeech(c, 'default') },
  { method: 'POST', path: /^\/v1\/rerank\/multimodal$/, model: bodyModel(), handle: multimodalRerank },
];

export const gitee: Dialect = {
  name: 'gitee',
  title: 'Gitee AI (account probe, speech, multimodal rerank; the rest is OpenAI-compatible)',
  hosts: ['ai.gitee.com'],
  providers: ['gitee_ai'],
  keyRequired: true,
  key: bearer,
  routes,
  error: openaiError,
};

function textOf(value: unknown, key: string): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') return (value as { text: string }).text;
  throw new HttpError(400, `"${key}" must be {"text": string}`, key);
}

function multimodalRerank(c: Ctx): void {
  const body = c.json();
  requireString(body, 'model');
  const query = textOf(body.query, 'query');
  const documents = documentTexts(body.documents);
  const topN = optionalInt(body, 'top_n', 1, 100_000);
  const withDocs = body.return_documents === true;
  sendJson(
    c.res,
    200,
    rank(query, documents)
      .slice(0, topN ?? documents.length)
      .map((r) => ({ index: r.index + 1, score: r.score, ...(withDocs ? { document: { text: r.text } } : {}) })),
  );
}
